//! Server state: open documents as immutable snapshots, and the configuration.
//!
//! Invariant: a document's entry is replaced synchronously inside the
//! notification handler, before any `.await`, so notifications apply in the
//! order the client sent them. Readers clone the `Arc<Snapshot>` and drop the
//! map guard at once; no guard is ever held across an `.await`.

use std::sync::{Arc, OnceLock, RwLock};

use dashmap::DashMap;
use tower_lsp_server::ls_types::Uri;

use crate::analysis::{self, AnalysisCache, Finding, ImportsCache};
use crate::knowledge::Knowledge;
use crate::settings::file::SettingsFile;
use crate::settings::{RawSettings, Settings};
use crate::text::{Document, Encoding};

/// Everything the analysis of a document depends on besides its text.
#[derive(Debug)]
pub struct Config {
    pub settings: Settings,
    pub kb: Arc<Knowledge>,
}

/// One version of one open document, with results computed at most once.
#[derive(Debug)]
pub struct Snapshot {
    pub uri: Uri,
    pub version: i32,
    pub doc: Document,
    pub config: Arc<Config>,
    imports: OnceLock<ImportsCache>,
    findings: OnceLock<(Arc<Vec<Finding>>, Arc<AnalysisCache>)>,
    /// The previous version's analysis, reused for unchanged statements.
    previous: Option<Arc<AnalysisCache>>,
}

impl Snapshot {
    pub fn new(uri: Uri, version: i32, doc: Document, config: Arc<Config>) -> Self {
        Snapshot {
            uri,
            version,
            doc,
            config,
            imports: OnceLock::new(),
            findings: OnceLock::new(),
            previous: None,
        }
    }

    /// The next version of this document: its analysis starts from this one's.
    pub fn successor(&self, version: i32, doc: Document, config: Arc<Config>) -> Snapshot {
        let mut next = Snapshot::new(self.uri.clone(), version, doc, config);
        next.previous = self
            .findings
            .get()
            .map(|(_, cache)| cache.clone())
            .or_else(|| self.previous.clone());
        next
    }

    /// The module-level import table (imports inside a statement are added by
    /// [`analysis::imports_at`]).
    pub fn imports(&self) -> &ImportsCache {
        self.imports.get_or_init(|| match self.findings.get() {
            // The check built the same table for this text.
            Some((_, cache)) => ImportsCache::with_module(cache.module_imports().clone()),
            None => ImportsCache::new(&self.doc),
        })
    }

    /// The imports and bindings visible at `offset` (computed once per top-level statement).
    pub fn imports_at(&self, offset: usize) -> Arc<analysis::Imports> {
        self.imports().at(&self.doc, offset)
    }

    pub fn findings(&self) -> Arc<Vec<Finding>> {
        self.findings
            .get_or_init(|| {
                let path = self.uri.to_file_path().map(|p| p.display().to_string());
                let (findings, cache) = analysis::check_incremental(
                    &self.doc,
                    &self.config.settings,
                    &self.config.kb,
                    path.as_deref(),
                    self.previous.as_deref(),
                );
                (Arc::new(findings), Arc::new(cache))
            })
            .0
            .clone()
    }

    /// Whether the findings were computed already.
    pub fn has_findings(&self) -> bool {
        self.findings.get().is_some()
    }

    /// The same document under another configuration.
    pub fn with_config(&self, config: Arc<Config>) -> Snapshot {
        self.successor(self.version, self.doc.clone(), config)
    }
}

/// What the client told us in `initialize`.
#[derive(Clone, Debug, Default)]
pub struct ClientInfo {
    pub encoding: Option<Encoding>,
    pub pull_diagnostics: bool,
    pub configuration_request: bool,
    pub document_changes: bool,
    pub show_document: bool,
    /// The client accepts `workspace/diagnostic/refresh` (pull mode).
    pub diagnostic_refresh: bool,
    /// Offer "Explain ..." code actions (the client can show their result).
    pub explain_actions: bool,
    /// The client can watch files for us (dynamic `didChangeWatchedFiles`).
    pub watch_files: bool,
}

#[derive(Debug)]
pub struct Session {
    pub documents: DashMap<Uri, Arc<Snapshot>>,
    config: RwLock<Arc<Config>>,
    editor_settings: RwLock<RawSettings>,
    /// The last good settings file of the workspace (`pyguide.toml` or `[tool.pyguide]`).
    file_settings: RwLock<Option<SettingsFile>>,
    /// The workspace root, where the settings file is looked for.
    pub root: OnceLock<std::path::PathBuf>,
    client: OnceLock<ClientInfo>,
    /// Open documents the user was told are too large to analyse (told once each).
    pub oversize_notified: dashmap::DashSet<Uri>,
}

impl Default for Session {
    fn default() -> Self {
        let kb = Knowledge::builtin();
        Session {
            documents: DashMap::new(),
            config: RwLock::new(Arc::new(Config {
                settings: Settings::defaults(&kb),
                kb,
            })),
            editor_settings: RwLock::new(RawSettings::default()),
            file_settings: RwLock::new(None),
            root: OnceLock::new(),
            client: OnceLock::new(),
            oversize_notified: dashmap::DashSet::new(),
        }
    }
}

impl Session {
    pub fn config(&self) -> Arc<Config> {
        match self.config.read() {
            Ok(c) => c.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    pub fn set_config(&self, config: Arc<Config>) {
        match self.config.write() {
            Ok(mut c) => *c = config,
            Err(poisoned) => *poisoned.into_inner() = config,
        }
    }

    pub fn editor_settings(&self) -> RawSettings {
        match self.editor_settings.read() {
            Ok(s) => s.clone(),
            Err(p) => p.into_inner().clone(),
        }
    }

    pub fn set_editor_settings(&self, raw: RawSettings) {
        match self.editor_settings.write() {
            Ok(mut s) => *s = raw,
            Err(p) => *p.into_inner() = raw,
        }
    }

    pub fn set_file_settings(&self, file: Option<SettingsFile>) {
        match self.file_settings.write() {
            Ok(mut s) => *s = file,
            Err(p) => *p.into_inner() = file,
        }
    }

    /// Editor settings combined with the settings file, as
    /// `configurationPreference` says (editor settings win by default).
    pub fn effective(&self, editor: &RawSettings) -> RawSettings {
        let file = match self.file_settings.read() {
            Ok(f) => f.clone(),
            Err(p) => p.into_inner().clone(),
        };
        let Some(file) = file else { return editor.clone() };
        match editor.configuration_preference.as_deref() {
            Some("editorOnly") => editor.clone(),
            Some("filesystemFirst") => editor.overlay(&file.settings),
            _ => file.settings.overlay(editor),
        }
    }

    /// Re-reads the workspace's settings file. On an error the previous good
    /// file stays in force and the error (with file and line) is returned.
    pub fn reload_file_settings(&self) -> Result<(), String> {
        let Some(root) = self.root.get() else {
            return Ok(());
        };
        match crate::settings::file::find(root) {
            Ok(file) => {
                self.set_file_settings(file);
                Ok(())
            }
            Err(e) => Err(format!("pyguide: {e}; keeping the previous settings")),
        }
    }

    pub fn client(&self) -> ClientInfo {
        self.client.get().cloned().unwrap_or_default()
    }

    pub fn set_client(&self, info: ClientInfo) {
        let _ = self.client.set(info);
    }

    pub fn encoding(&self) -> Encoding {
        self.client().encoding.unwrap_or(Encoding::Utf16)
    }

    pub fn snapshot(&self, uri: &Uri) -> Option<Arc<Snapshot>> {
        self.documents.get(uri).map(|e| e.value().clone())
    }

    /// Whether `version` is still the current version of `uri`.
    pub fn is_current(&self, uri: &Uri, version: i32) -> bool {
        self.documents.get(uri).is_some_and(|e| e.version == version)
    }
}

/// Builds a configuration from settings: extra knowledge directories are
/// loaded and the rules resolved. Problems come back as messages for the user;
/// whatever is valid still applies.
pub fn build_config(raw: &RawSettings) -> (Config, Vec<String>) {
    let mut messages = Vec::new();
    let builtin = Knowledge::builtin();
    let kb = match raw.knowledge.as_deref() {
        Some(dirs) if !dirs.is_empty() => {
            let (kb, errors) = builtin.with_user_dirs(dirs);
            for e in &errors {
                messages.push(format!("pyguide knowledge: {e}"));
            }
            Arc::new(kb)
        }
        _ => builtin,
    };
    let mut raw = raw.clone();
    match crate::settings::known::load(&crate::settings::known::path()) {
        Ok(list) => {
            let mut known = raw.known.take().unwrap_or_default();
            for id in list {
                if !known.contains(&id) {
                    known.push(id);
                }
            }
            raw.known = Some(known);
        }
        Err(e) => messages.push(format!("pyguide known concepts: {e}")),
    }
    let (settings, warnings) = Settings::resolve(&raw, &kb);
    messages.extend(warnings.into_iter().map(|w| format!("pyguide settings: {w}")));
    (Config { settings, kb }, messages)
}
