//! Settings files: `pyguide.toml` (keys at the top level) or `[tool.pyguide]`
//! in `pyproject.toml`. The nearest one above a file applies; in one directory
//! `pyguide.toml` wins over `pyproject.toml`, and a `pyproject.toml` without a
//! `[tool.pyguide]` table is skipped.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::RawSettings;

/// A problem in a settings file, with its one-based line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileError {
    pub path: PathBuf,
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.path.display(), self.line, self.message)
    }
}

/// Settings read from one file, with relative `knowledge` paths made absolute.
#[derive(Clone, Debug, PartialEq)]
pub struct SettingsFile {
    pub path: PathBuf,
    pub settings: RawSettings,
}

/// Parses a settings file's text. `Ok(None)`: a pyproject.toml without `[tool.pyguide]`.
pub fn parse(path: &Path, text: &str) -> Result<Option<SettingsFile>, FileError> {
    let is_pyproject = path.file_name().is_some_and(|n| n == "pyproject.toml");
    let error = |span: Option<std::ops::Range<usize>>, message: String| FileError {
        path: path.to_path_buf(),
        line: span.map_or(1, |s| text[..s.start.min(text.len())].matches('\n').count() + 1),
        message,
    };
    let table: toml::Table = toml::from_str(text).map_err(|e| error(e.span(), e.message().to_string()))?;
    let section = if is_pyproject {
        match table.get("tool").and_then(|t| t.get("pyguide")) {
            Some(v) => v.clone(),
            None => return Ok(None),
        }
    } else {
        toml::Value::Table(table)
    };
    // Re-parse the section so errors point into the file: find its text span.
    let mut settings: RawSettings = section.clone().try_into().map_err(|e: toml::de::Error| {
        // `try_into` loses spans; locate the offending key by name where possible.
        let msg = e.message().to_string();
        let key = section.as_table().and_then(|t| {
            t.keys()
                .find(|k| msg.contains(k.as_str()) || key_is_bad(t, k))
                .cloned()
        });
        let line = key
            .and_then(|k| {
                text.lines().position(|l| {
                    l.trim_start().starts_with(&format!("{k} "))
                        || l.trim_start().starts_with(&format!("{k}="))
                })
            })
            .map(|i| i + 1)
            .unwrap_or(1);
        FileError {
            path: path.to_path_buf(),
            line,
            message: format!("[tool.pyguide]: {msg}"),
        }
    })?;
    if let Some(dirs) = settings.knowledge.as_mut() {
        let base = path.parent().unwrap_or(Path::new("."));
        for d in dirs.iter_mut() {
            if d.is_relative() {
                *d = base.join(&*d);
            }
        }
    }
    Ok(Some(SettingsFile {
        path: path.to_path_buf(),
        settings,
    }))
}

/// Whether deserialising `{key: value}` alone fails (to find the bad key).
fn key_is_bad(table: &toml::Table, key: &str) -> bool {
    let mut one = toml::Table::new();
    if let Some(v) = table.get(key) {
        one.insert(key.to_string(), v.clone());
    }
    toml::Value::Table(one).try_into::<RawSettings>().is_err()
}

/// Finds and reads the settings file that applies to files in `dir`, caching
/// the answer per directory.
#[derive(Debug, Default)]
pub struct Discovery {
    cache: Mutex<HashMap<PathBuf, Result<Option<SettingsFile>, FileError>>>,
}

impl Discovery {
    pub fn for_file(&self, file: &Path) -> Result<Option<SettingsFile>, FileError> {
        let dir = match file.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        self.for_dir(&dir)
    }

    pub fn for_dir(&self, dir: &Path) -> Result<Option<SettingsFile>, FileError> {
        let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
        if let Ok(cache) = self.cache.lock() {
            if let Some(hit) = cache.get(&dir) {
                return hit.clone();
            }
        }
        let found = find(&dir);
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(dir, found.clone());
        }
        found
    }
}

/// The nearest settings file at or above `dir`.
pub fn find(dir: &Path) -> Result<Option<SettingsFile>, FileError> {
    for ancestor in dir.ancestors() {
        for name in ["pyguide.toml", "pyproject.toml"] {
            let path = ancestor.join(name);
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            if let Some(file) = parse(&path, &text)? {
                return Ok(Some(file));
            }
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pyproject_section_and_errors_with_lines() {
        let p = Path::new("/x/pyproject.toml");
        let ok = parse(p, "[project]\nname = \"a\"\n\n[tool.pyguide]\nlevel = \"expert\"\nignore = [\"PG8\"]\nknowledge = [\"cards\"]\n")
            .unwrap()
            .unwrap();
        assert_eq!(ok.settings.ignore, Some(vec!["PG8".to_string()]));
        assert_eq!(ok.settings.knowledge, Some(vec![PathBuf::from("/x/cards")]));
        assert!(parse(p, "[project]\nname = \"a\"\n").unwrap().is_none());
        let bad = parse(p, "[tool.pyguide]\nlevel = \"expert\"\nignore = \"PG8\"\n").unwrap_err();
        assert_eq!(bad.line, 3, "{bad}");
        let syntax = parse(p, "[tool.pyguide]\nlevel = \n").unwrap_err();
        assert_eq!(syntax.line, 2, "{syntax}");
    }
}
