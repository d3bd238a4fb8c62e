//! The user's "I know this" list, kept across sessions in a user-level file:
//! `$PYGUIDE_KNOWN_FILE`, else `$XDG_CONFIG_HOME/pyguide/known.toml`, else
//! `~/.config/pyguide/known.toml`. Its one key: `known = ["decorator", ...]`.

use std::path::{Path, PathBuf};

#[derive(Debug, Default, serde::Deserialize, serde::Serialize)]
struct KnownFile {
    #[serde(default)]
    known: Vec<String>,
}

pub fn path() -> PathBuf {
    if let Some(p) = std::env::var_os("PYGUIDE_KNOWN_FILE") {
        return PathBuf::from(p);
    }
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))
        .unwrap_or_else(std::env::temp_dir);
    base.join("pyguide").join("known.toml")
}

/// The concepts in the file; a missing file is an empty list, a broken one is an error.
pub fn load(file: &Path) -> Result<Vec<String>, String> {
    match std::fs::read_to_string(file) {
        Ok(text) => toml::from_str::<KnownFile>(&text)
            .map(|k| k.known)
            .map_err(|e| format!("{}: {}", file.display(), e.message())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(format!("{}: {e}", file.display())),
    }
}

pub fn add(file: &Path, id: &str) -> Result<(), String> {
    let mut known = load(file)?;
    if !known.iter().any(|k| k == id) {
        known.push(id.to_string());
    }
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    }
    let text = toml::to_string(&KnownFile { known }).map_err(|e| e.to_string())?;
    std::fs::write(file, text).map_err(|e| e.to_string())
}
