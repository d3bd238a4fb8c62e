//! Parsing one knowledge card: TOML front matter between `+++` lines, then `##` sections.
//! The format is documented in `docs/knowledge-format.md`.

use std::fmt;

use serde::Deserialize;

/// A problem in a card, with the file and the one-based line it is on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for CardError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for CardError {}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CardKind {
    Concept,
    Rule,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Beginner,
    Intermediate,
    Advanced,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Beginner => "beginner",
            Level::Intermediate => "intermediate",
            Level::Advanced => "advanced",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "info" | "information" => Some(Severity::Info),
            "hint" => Some(Severity::Hint),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FixAvailability {
    Always,
    Sometimes,
    Never,
}

/// Where a concept applies, said as data. See `docs/knowledge-format.md`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trigger {
    #[serde(default)]
    pub nodes: Vec<String>,
    #[serde(default)]
    pub keywords: Vec<String>,
    #[serde(default)]
    pub names: Vec<String>,
    #[serde(default)]
    pub defines: Vec<String>,
    #[serde(default)]
    pub query: Option<String>,
    #[serde(default)]
    pub logic: Option<String>,
    /// A class whose body defines one method of each entry (`"a|b"`: `a` or `b`).
    #[serde(default)]
    pub methods: Vec<String>,
}

impl Trigger {
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
            && self.keywords.is_empty()
            && self.names.is_empty()
            && self.defines.is_empty()
            && self.query.is_none()
            && self.logic.is_none()
            && self.methods.is_empty()
    }
}

/// A first hover line specialised to the code at hand, said as data: when
/// `query` matches around the concept (a match overlapping the construct the
/// concept was recognised on), `text` is shown with `{capture}` replaced by
/// the captured source (`{capture:upper}` / `{capture:lower}` change its case).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lead {
    pub query: String,
    pub text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    kind: CardKind,
    id: String,
    title: String,
    category: String,
    level: Level,
    #[serde(default)]
    guides: Vec<String>,
    #[serde(default)]
    related: Vec<String>,
    #[serde(default)]
    docs: Vec<String>,
    #[serde(default)]
    trigger: Option<Trigger>,
    #[serde(default)]
    lead: Vec<Lead>,
    // rule cards
    code: Option<String>,
    concept: Option<String>,
    severity: Option<Severity>,
    default: Option<bool>,
    equivalents: Option<Vec<String>>,
    fix: Option<FixAvailability>,
    message: Option<String>,
}

/// What only rule cards carry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleMeta {
    pub code: String,
    pub concept: String,
    pub severity: Severity,
    pub default_enabled: bool,
    pub equivalents: Vec<String>,
    pub fix: FixAvailability,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    pub name: String,
    pub body: String,
    /// One-based line of the `##` heading.
    pub line: usize,
}

/// A parsed card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Card {
    pub kind: CardKind,
    pub id: String,
    pub title: String,
    pub category: String,
    pub level: Level,
    pub guides: Vec<String>,
    pub related: Vec<String>,
    pub docs: Vec<String>,
    pub trigger: Trigger,
    /// Specialised first lines, tried in order; the first that matches is shown.
    pub lead: Vec<Lead>,
    pub rule: Option<RuleMeta>,
    pub sections: Vec<Section>,
    /// Where the card came from (a path), for error messages.
    pub source: String,
    /// One-based line where the body (after the front matter) starts.
    pub body_line: usize,
    /// One-based line of each front-matter key, for error messages.
    pub key_lines: std::collections::BTreeMap<String, usize>,
}

pub const CONCEPT_SECTIONS: &[&str] = &["Summary", "Why it matters", "Example", "Pitfalls"];
pub const CONCEPT_OPTIONAL_SECTIONS: &[&str] = &["Beginner notes", "Going further"];
pub const RULE_SECTIONS: &[&str] = &[
    "What it flags",
    "Why it is a problem",
    "Example",
    "Use instead",
    "Fix safety",
    "References",
];

impl Card {
    pub fn section(&self, name: &str) -> Option<&str> {
        self.sections
            .iter()
            .find(|s| s.name == name)
            .map(|s| s.body.as_str())
    }

    /// The first sentence or two of the summary (concepts) or the message (rules).
    pub fn gist(&self) -> &str {
        self.section("Summary")
            .or(self.rule.as_ref().map(|r| r.message.as_str()))
            .unwrap_or("")
    }

    /// Parses a card; `source` names it in errors.
    pub fn parse(source: &str, text: &str) -> Result<Card, CardError> {
        let err = |line: usize, message: String| CardError {
            file: source.to_string(),
            line,
            message,
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut lines = text.split('\n');
        if lines.next().map(str::trim_end) != Some("+++") {
            return Err(err(
                1,
                "a card must start with a `+++` line (TOML front matter)".into(),
            ));
        }
        let mut front = String::new();
        let mut closing = None;
        let mut key_lines = std::collections::BTreeMap::new();
        let mut leads = 0;
        for (i, line) in lines.by_ref().enumerate() {
            if line.trim_end() == "+++" {
                closing = Some(i + 2);
                break;
            }
            if line.trim() == "[[lead]]" {
                key_lines.insert(format!("lead#{leads}"), i + 2);
                leads += 1;
            }
            if let Some((key, _)) = line.split_once('=') {
                let key = key.trim();
                if !key.is_empty()
                    && key
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                {
                    key_lines.entry(key.to_string()).or_insert(i + 2);
                }
            }
            front.push_str(line);
            front.push('\n');
        }
        let Some(closing) = closing else {
            return Err(err(1, "the front matter has no closing `+++` line".into()));
        };
        let fm: FrontMatter = toml::from_str(&front).map_err(|e| {
            let line = e
                .span()
                .map(|s| front[..s.start.min(front.len())].matches('\n').count() + 2)
                .unwrap_or(2);
            err(line, format!("front matter: {}", e.message()))
        })?;

        let body_line = closing + 1;
        let mut sections: Vec<Section> = Vec::new();
        let mut in_fence = false;
        for (i, line) in lines.enumerate() {
            if line.trim_start().starts_with("```") {
                in_fence = !in_fence;
            }
            if !in_fence {
                if let Some(name) = line.strip_prefix("## ") {
                    sections.push(Section {
                        name: name.trim().to_string(),
                        body: String::new(),
                        line: body_line + i,
                    });
                    continue;
                }
            }
            if let Some(section) = sections.last_mut() {
                section.body.push_str(line.trim_end_matches('\r'));
                section.body.push('\n');
            }
        }
        for s in &mut sections {
            s.body = s.body.trim().to_string();
        }

        let (required, optional) = match fm.kind {
            CardKind::Concept => (CONCEPT_SECTIONS, CONCEPT_OPTIONAL_SECTIONS),
            CardKind::Rule => (RULE_SECTIONS, &[][..]),
        };
        let names: Vec<&str> = sections.iter().map(|s| s.name.as_str()).collect();
        let mut expected: Vec<&str> = required.to_vec();
        for opt in optional {
            if names.contains(opt) {
                expected.push(opt);
            }
        }
        if names != expected {
            let line = sections.first().map(|s| s.line).unwrap_or(body_line);
            return Err(err(
                line,
                format!(
                    "sections must be {} in this order{}; found {}",
                    required.join(", "),
                    if optional.is_empty() {
                        String::new()
                    } else {
                        format!(", then optionally {}", optional.join(", "))
                    },
                    if names.is_empty() {
                        "none".to_string()
                    } else {
                        names.join(", ")
                    }
                ),
            ));
        }
        if let Some(empty) = sections.iter().find(|s| s.body.is_empty()) {
            return Err(err(empty.line, format!("section `{}` is empty", empty.name)));
        }
        if fm.id.is_empty()
            || !fm
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return Err(err(2, format!("id `{}` must be lowercase-kebab-case", fm.id)));
        }

        let rule = match fm.kind {
            CardKind::Concept => None,
            CardKind::Rule => {
                let missing = |key: &str| err(2, format!("a rule card needs `{key}`"));
                let code = fm.code.ok_or_else(|| missing("code"))?;
                let pg_code = code.len() == 5
                    && code.starts_with("PG")
                    && code[2..].chars().all(|c| c.is_ascii_digit());
                if !pg_code && !is_user_code(&code) {
                    return Err(err(2, format!("rule code `{code}` must look like PG123")));
                }
                Some(RuleMeta {
                    code,
                    concept: fm.concept.ok_or_else(|| missing("concept"))?,
                    severity: fm.severity.ok_or_else(|| missing("severity"))?,
                    default_enabled: fm.default.unwrap_or(true),
                    equivalents: fm.equivalents.unwrap_or_default(),
                    fix: fm.fix.ok_or_else(|| missing("fix"))?,
                    message: fm.message.ok_or_else(|| missing("message"))?,
                })
            }
        };
        Ok(Card {
            kind: fm.kind,
            id: fm.id,
            title: fm.title,
            category: fm.category,
            level: fm.level,
            guides: fm.guides,
            related: fm.related,
            docs: fm.docs,
            trigger: fm.trigger.unwrap_or_default(),
            lead: fm.lead,
            rule,
            sections,
            source: source.to_string(),
            body_line,
            key_lines,
        })
    }

    /// The ```python blocks of the card: (one-based line, runnable?, code).
    pub fn python_blocks(text: &str) -> Vec<(usize, bool, String)> {
        let mut out = Vec::new();
        let mut current: Option<(usize, bool, String)> = None;
        for (i, line) in text.lines().enumerate() {
            let trimmed = line.trim();
            match &mut current {
                None => {
                    if let Some(info) = trimmed.strip_prefix("```python") {
                        current = Some((i + 1, info.split_whitespace().any(|w| w == "run"), String::new()));
                    }
                }
                Some((_, _, code)) => {
                    if trimmed == "```" {
                        if let Some(done) = current.take() {
                            out.push(done);
                        }
                    } else {
                        code.push_str(line);
                        code.push('\n');
                    }
                }
            }
        }
        out
    }
}

/// Teams may give their own rules codes of their own prefix (two to four capitals and digits).
fn is_user_code(code: &str) -> bool {
    let letters = code.chars().take_while(|c| c.is_ascii_uppercase()).count();
    (2..=4).contains(&letters)
        && code.len() > letters
        && code[letters..].chars().all(|c| c.is_ascii_digit())
        && !code.starts_with("PG")
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "+++\nkind = \"concept\"\nid = \"x\"\ntitle = \"X\"\ncategory = \"core\"\nlevel = \"beginner\"\nguides = []\n+++\n\n## Summary\nS.\n\n## Why it matters\nW.\n\n## Example\n```python\n## not a heading\nx = 1\n```\n\n## Pitfalls\n- P.\n";

    #[test]
    fn parses_sections_and_ignores_hashes_in_code() {
        let card = Card::parse("x.md", GOOD).expect("valid card");
        assert_eq!(card.sections.len(), 4);
        assert!(card.section("Example").unwrap().contains("## not a heading"));
        assert_eq!(card.body_line, 9);
    }

    #[test]
    fn bad_toml_reports_its_line() {
        let text = GOOD.replace("level = \"beginner\"", "level = beginner");
        let e = Card::parse("x.md", &text).unwrap_err();
        assert_eq!(e.line, 6, "{e}");
    }

    #[test]
    fn missing_section_is_an_error() {
        let text = GOOD.replace("## Pitfalls\n- P.\n", "");
        let e = Card::parse("x.md", &text).unwrap_err();
        assert!(e.message.contains("sections must be"), "{e}");
    }
}
