//! Server state: open documents as immutable snapshots, and the configuration.
//!
//! Invariant: a document's entry is replaced synchronously inside the
//! notification handler, before any `.await`, so notifications apply in the
//! order the client sent them. Readers clone the `Arc<Snapshot>` and drop the
//! map guard at once; no guard is ever held across an `.await`.

use std::sync::{Arc, OnceLock, RwLock};

use dashmap::DashMap;
use tower_lsp_server::ls_types::Uri;

use crate::analysis::{self, Finding, Imports};
use crate::knowledge::Knowledge;
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
    imports: OnceLock<Imports>,
    findings: OnceLock<Arc<Vec<Finding>>>,
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
        }
    }

    pub fn imports(&self) -> &Imports {
        self.imports
            .get_or_init(|| Imports::from_tree(self.doc.tree(), self.doc.text()))
    }

    pub fn findings(&self) -> Arc<Vec<Finding>> {
        self.findings
            .get_or_init(|| {
                let path = self.uri.to_file_path().map(|p| p.display().to_string());
                Arc::new(analysis::check(
                    &self.doc,
                    &self.config.settings,
                    &self.config.kb,
                    path.as_deref(),
                ))
            })
            .clone()
    }

    /// The same document under another configuration.
    pub fn with_config(&self, config: Arc<Config>) -> Snapshot {
        Snapshot::new(self.uri.clone(), self.version, self.doc.clone(), config)
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
}

#[derive(Debug)]
pub struct Session {
    pub documents: DashMap<Uri, Arc<Snapshot>>,
    config: RwLock<Arc<Config>>,
    editor_settings: RwLock<RawSettings>,
    client: OnceLock<ClientInfo>,
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
            client: OnceLock::new(),
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
