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
            Ok(mut values) if !values.is_empty() => value = values.remove(0),
            Ok(_) => {}
            Err(e) => tracing::warn!("workspace/configuration failed: {e}"),
        }
    }
    let raw = match RawSettings::from_json(&value) {
        Ok(raw) => raw,
        Err(e) => {
            tracing::warn!("{e}; keeping the previous settings");
            server.client.show_message(MessageType::WARNING, e).await;
            return;
        }
    };
    let (config, messages) = build_config(&raw);
    let config = Arc::new(config);
    server.session.set_editor_settings(raw);
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
    for snapshot in changed {
        publish(server, snapshot).await;
    }
}
