//! User settings: the audience level, which rules run and how loud they are,
//! extra knowledge directories and concepts the user already knows.
//!
//! The same keys come from `[tool.pyguide]` in `pyproject.toml` (or a
//! `pyguide.toml`), from the editor's `initializationOptions` and from
//! `workspace/didChangeConfiguration`. Keys may be written kebab-case (files) or
//! camelCase (editor settings).

pub mod file;
pub mod known;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;

use crate::knowledge::{Knowledge, Severity};

/// Who the explanations are written for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    /// Every section, including the gentle walk-through.
    Beginner,
    /// The gist, why it matters, an example and the pitfalls.
    #[default]
    Intermediate,
    /// The gist and the pitfalls only.
    Expert,
}

/// Settings as written by the user; every key optional.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
pub struct RawSettings {
    pub level: Option<Audience>,
    pub select: Option<Vec<String>>,
    pub ignore: Option<Vec<String>>,
    #[serde(alias = "extendSelect")]
    pub extend_select: Option<Vec<String>>,
    pub severity: Option<BTreeMap<String, String>>,
    #[serde(alias = "perFileIgnores")]
    pub per_file_ignores: Option<BTreeMap<String, Vec<String>>>,
    pub knowledge: Option<Vec<PathBuf>>,
    pub known: Option<Vec<String>>,
    /// Editor integrations that render `pyguide.explain` themselves set this
    /// to get "Explain ..." code actions without `window/showDocument`.
    #[serde(alias = "explainActions")]
    pub explain_actions: Option<bool>,
    /// Server only: `editorFirst` (default: editor settings override the
    /// settings file), `filesystemFirst` (the file overrides the editor) or
    /// `editorOnly` (ignore settings files).
    #[serde(alias = "configurationPreference")]
    pub configuration_preference: Option<String>,
}

impl RawSettings {
    /// `self` with every key `other` sets taken from `other`.
    pub fn overlay(&self, other: &RawSettings) -> RawSettings {
        RawSettings {
            level: other.level.or(self.level),
            select: other.select.clone().or_else(|| self.select.clone()),
            ignore: other.ignore.clone().or_else(|| self.ignore.clone()),
            extend_select: other.extend_select.clone().or_else(|| self.extend_select.clone()),
            severity: other.severity.clone().or_else(|| self.severity.clone()),
            per_file_ignores: other
                .per_file_ignores
                .clone()
                .or_else(|| self.per_file_ignores.clone()),
            knowledge: other.knowledge.clone().or_else(|| self.knowledge.clone()),
            known: other.known.clone().or_else(|| self.known.clone()),
            explain_actions: other.explain_actions.or(self.explain_actions),
            configuration_preference: other
                .configuration_preference
                .clone()
                .or_else(|| self.configuration_preference.clone()),
        }
    }

    /// Reads settings from an editor's JSON. A `pyguide` key is unwrapped, so both
    /// `{"level": ..}` and `{"pyguide": {"level": ..}}` work. Unknown keys are ignored.
    pub fn from_json(value: &serde_json::Value) -> Result<RawSettings, String> {
        let value = value.get("pyguide").unwrap_or(value);
        if value.is_null() {
            return Ok(RawSettings::default());
        }
        serde_json::from_value(value.clone()).map_err(|e| {
            // Name the offending keys: serde's message alone does not.
            let bad: Vec<String> = value
                .as_object()
                .map(|o| {
                    o.iter()
                        .filter_map(|(k, v)| {
                            let one = serde_json::json!({ k.clone(): v.clone() });
                            serde_json::from_value::<RawSettings>(one)
                                .err()
                                .map(|e| format!("`{k}`: {e}"))
                        })
                        .collect()
                })
                .unwrap_or_default();
            if bad.is_empty() {
                format!("invalid pyguide settings: {e}")
            } else {
                format!("invalid pyguide settings: {}", bad.join("; "))
            }
        })
    }
}

/// Settings resolved against the knowledge base: the rules that run, with their severities.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub level: Audience,
    /// Enabled rule codes with the severity to report them at.
    pub rules: BTreeMap<String, Severity>,
    pub per_file_ignores: Vec<(String, Vec<String>)>,
    pub knowledge_dirs: Vec<PathBuf>,
    pub known: Vec<String>,
}

impl Settings {
    /// Resolves `raw` against the rules of `kb`. Unknown selectors and severities
    /// are reported as warnings; the rest still applies.
    pub fn resolve(raw: &RawSettings, kb: &Knowledge) -> (Settings, Vec<String>) {
        let mut warnings = Vec::new();
        let mut enabled: BTreeMap<String, Severity> = BTreeMap::new();
        let all: Vec<_> = kb.rules().collect();
        let matches = |sel: &str, warnings: &mut Vec<String>| -> Vec<String> {
            let hits: Vec<String> = all
                .iter()
                .filter_map(|e| {
                    let r = e.card.rule.as_ref()?;
                    let sel_upper = sel.to_ascii_uppercase();
                    (sel_upper == "ALL" || r.code.starts_with(&sel_upper) || e.card.id == sel)
                        .then(|| r.code.clone())
                })
                .collect();
            if hits.is_empty() {
                warnings.push(format!("`{sel}` selects no pyguide rule"));
            }
            hits
        };
        match &raw.select {
            Some(sel) => {
                for s in sel {
                    for code in matches(s, &mut warnings) {
                        enabled.insert(code, Severity::Hint);
                    }
                }
            }
            None => {
                for e in &all {
                    if let Some(r) = &e.card.rule {
                        if r.default_enabled {
                            enabled.insert(r.code.clone(), r.severity);
                        }
                    }
                }
            }
        }
        for s in raw.extend_select.iter().flatten() {
            for code in matches(s, &mut warnings) {
                enabled.insert(code, Severity::Hint);
            }
        }
        for s in raw.ignore.iter().flatten() {
            for code in matches(s, &mut warnings) {
                enabled.remove(&code);
            }
        }
        // Default severities come from the rule cards.
        for (code, sev) in enabled.iter_mut() {
            if let Some(r) = kb.rule(code).and_then(|e| e.card.rule.as_ref()) {
                *sev = r.severity;
            }
        }
        for (sel, value) in raw.severity.iter().flatten() {
            let Some(sev) = Severity::parse(value) else {
                warnings.push(format!(
                    "severity `{value}` for `{sel}` is not one of error, warning, info, hint"
                ));
                continue;
            };
            for code in matches(sel, &mut warnings) {
                if let Some(s) = enabled.get_mut(&code) {
                    *s = sev;
                }
            }
        }
        let settings = Settings {
            level: raw.level.unwrap_or_default(),
            rules: enabled,
            per_file_ignores: raw
                .per_file_ignores
                .iter()
                .flatten()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            knowledge_dirs: raw.knowledge.clone().unwrap_or_default(),
            known: raw.known.clone().unwrap_or_default(),
        };
        (settings, warnings)
    }

    /// The default settings for `kb`.
    pub fn defaults(kb: &Knowledge) -> Settings {
        Settings::resolve(&RawSettings::default(), kb).0
    }

    /// Whether `code` is ignored for the file at `path` by `per-file-ignores`
    /// (patterns are globs matched against the path's trailing components).
    pub fn ignored_for_path(&self, path: &str, code: &str) -> bool {
        self.per_file_ignores.iter().any(|(pattern, codes)| {
            glob_match_path(pattern, path) && codes.iter().any(|c| code.starts_with(c.as_str()) || c == "ALL")
        })
    }
}

/// Matches a glob (`*`, `?`, `**`) against a path or any suffix of it made of whole components.
pub fn glob_match_path(pattern: &str, path: &str) -> bool {
    let path = path.replace('\\', "/");
    let parts: Vec<&str> = path.split('/').collect();
    (0..parts.len()).any(|i| glob_match(pattern, &parts[i..].join("/")))
}

fn glob_match(pattern: &str, text: &str) -> bool {
    fn go(p: &[u8], t: &[u8]) -> bool {
        match p.first() {
            None => t.is_empty(),
            Some(b'*') if p.get(1) == Some(&b'*') => {
                let rest = if p.get(2) == Some(&b'/') { &p[3..] } else { &p[2..] };
                (0..=t.len()).any(|i| go(rest, &t[i..]))
            }
            Some(b'*') => (0..=t.len())
                .take_while(|&i| i == 0 || t[i - 1] != b'/')
                .any(|i| go(&p[1..], &t[i..])),
            Some(b'?') => !t.is_empty() && t[0] != b'/' && go(&p[1..], &t[1..]),
            Some(&c) => t.first() == Some(&c) && go(&p[1..], &t[1..]),
        }
    }
    go(pattern.as_bytes(), text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_match_path("tests/*.py", "/repo/tests/test_a.py"));
        assert!(glob_match_path(
            "**/migrations/*.py",
            "/repo/app/migrations/0001.py"
        ));
        assert!(glob_match_path("test_*.py", "/repo/x/test_a.py"));
        assert!(!glob_match_path("tests/*.py", "/repo/tests/sub/test_a.py"));
    }

    #[test]
    fn camel_and_kebab_keys() {
        let json = serde_json::json!({"pyguide": {"extendSelect": ["PG2"], "level": "expert"}});
        let raw = RawSettings::from_json(&json).unwrap();
        assert_eq!(raw.extend_select, Some(vec!["PG2".to_string()]));
        assert_eq!(raw.level, Some(Audience::Expert));
        let t: RawSettings = toml::from_str("extend-select = [\"PG3\"]").unwrap();
        assert_eq!(t.extend_select, Some(vec!["PG3".to_string()]));
    }
}
