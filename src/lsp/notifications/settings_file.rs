//! The workspace's settings file changed (saved in the editor, or reported by
//! the client's file watcher): re-read it and re-check open documents. A broken
//! file is reported with its line, and the previous good settings stay.

use tower_lsp_server::ls_types::{
    DidChangeWatchedFilesParams, DidChangeWatchedFilesRegistrationOptions, DidSaveTextDocumentParams,
    FileSystemWatcher, GlobPattern, MessageType, Registration, Uri,
};

use super::did_change_configuration::apply_settings;
use crate::lsp::Server;

fn is_settings_file(uri: &Uri) -> bool {
    let s = uri.as_str();
    s.ends_with("/pyproject.toml") || s.ends_with("/pyguide.toml")
}

pub async fn did_save(server: &Server, params: DidSaveTextDocumentParams) {
    if is_settings_file(&params.text_document.uri) {
        reload(server).await;
    }
}

pub async fn did_change_watched_files(server: &Server, params: DidChangeWatchedFilesParams) {
    if params.changes.iter().any(|c| is_settings_file(&c.uri)) {
        reload(server).await;
    }
}

async fn reload(server: &Server) {
    let messages = match server.session.reload_file_settings() {
        Ok(()) => Vec::new(),
        Err(e) => {
            tracing::warn!("{e}");
            server.client.show_message(MessageType::ERROR, e).await;
            return;
        }
    };
    let raw = server.session.editor_settings();
    apply_settings(server, &raw, messages).await;
}

/// Asks the client to watch the settings files, when it can.
pub async fn register_watchers(server: &Server) {
    if !server.session.client().watch_files {
        return;
    }
    let options = DidChangeWatchedFilesRegistrationOptions {
        watchers: ["**/pyproject.toml", "**/pyguide.toml"]
            .iter()
            .map(|g| FileSystemWatcher {
                glob_pattern: GlobPattern::String(g.to_string()),
                kind: None,
            })
            .collect(),
    };
    let registration = Registration {
        id: "pyguide-settings-files".into(),
        method: "workspace/didChangeWatchedFiles".into(),
        register_options: serde_json::to_value(options).ok(),
    };
    if let Err(e) = server.client.register_capability(vec![registration]).await {
        tracing::warn!("could not register file watchers: {e}");
    }
}
