use std::sync::Arc;

use tower_lsp_server::ls_types::{ConfigurationItem, DidChangeConfigurationParams, MessageType};

use super::publish::publish;
use crate::lsp::session::build_config;
use crate::lsp::Server;
use crate::settings::RawSettings;

/// Settings changed: pull them once (or read them from the notification), rebuild
/// the configuration, and re-check every open document under it.
pub async fn did_change_configuration(server: &Server, params: DidChangeConfigurationParams) {
    let mut value = params.settings;
    if server.session.client().configuration_request {
        let items = vec![ConfigurationItem {
            scope_uri: None,
            section: Some("pyguide".into()),
        }];
        match server.client.configuration(items).await {
            // A client with nothing under `pyguide` answers null: keep what the
            // notification carried (Helix sends its `config` there).
            Ok(mut values) if !values.is_empty() && !values[0].is_null() => value = values.remove(0),
            Ok(_) => {}
            Err(e) => tracing::warn!("workspace/configuration failed: {e}"),
        }
    }
    if value.is_null() {
        tracing::info!("didChangeConfiguration without pyguide settings; keeping the current ones");
        return;
    }
    let raw = match RawSettings::from_json(&value) {
        Ok(raw) => raw,
        Err(e) => {
            tracing::warn!("{e}; keeping the previous settings");
            server.client.show_message(MessageType::WARNING, e).await;
            return;
        }
    };
    server.session.set_editor_settings(raw.clone());
    apply_settings(server, &raw, Vec::new()).await;
}

/// Rebuilds the configuration from editor settings (combined with the
/// settings file) and re-checks every open document under it.
pub async fn apply_settings(server: &Server, raw: &RawSettings, mut messages: Vec<String>) {
    let (config, more) = build_config(&server.session.effective(raw));
    messages.extend(more);
    let config = Arc::new(config);
    server.session.set_config(config.clone());
    // Re-snapshot every open document under the new configuration, synchronously.
    let mut changed = Vec::new();
    for mut entry in server.session.documents.iter_mut() {
        let snapshot = Arc::new(entry.value().with_config(config.clone()));
        *entry.value_mut() = snapshot.clone();
        changed.push(snapshot);
    }
    for m in messages {
        tracing::warn!("{m}");
        server.client.show_message(MessageType::WARNING, m).await;
    }
    refresh_or_publish(server, changed).await;
}

/// After a configuration change: pushes new diagnostics, or asks a pulling
/// client to pull again.
pub async fn refresh_or_publish(server: &Server, changed: Vec<Arc<crate::lsp::session::Snapshot>>) {
    let client = server.session.client();
    if client.pull_diagnostics {
        if client.diagnostic_refresh {
            if let Err(e) = server.client.workspace_diagnostic_refresh().await {
                tracing::warn!("workspace/diagnostic/refresh failed: {e}");
            }
        }
        return;
    }
    for snapshot in changed {
        publish(server, snapshot).await;
    }
}
