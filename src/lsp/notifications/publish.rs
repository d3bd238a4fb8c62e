use std::sync::Arc;

use crate::lsp::convert;
use crate::lsp::session::Snapshot;
use crate::lsp::Server;

/// Computes a snapshot's findings off the async workers and pushes them, unless
/// the client pulls diagnostics or a newer version arrived in the meantime.
pub async fn publish(server: &Server, snapshot: Arc<Snapshot>) {
    if let Some(reason) = snapshot.doc.oversized() {
        if server.session.oversize_notified.insert(snapshot.uri.clone()) {
            let name = snapshot
                .uri
                .as_str()
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_string();
            let message = format!(
                "pyguide: {name}: {reason}, so it is kept in sync but not analysed (no hovers, diagnostics or fixes)."
            );
            tracing::warn!("{} ({})", message, snapshot.uri.as_str());
            server
                .client
                .show_message(tower_lsp_server::ls_types::MessageType::WARNING, message)
                .await;
        }
    }
    if server.session.client().pull_diagnostics {
        return;
    }
    let enc = server.session.encoding();
    let work = snapshot.clone();
    let diagnostics = match tokio::task::spawn_blocking(move || {
        let findings = work.findings();
        findings
            .iter()
            .map(|f| convert::diagnostic(&work.doc, f, enc))
            .collect::<Vec<_>>()
    })
    .await
    {
        Ok(d) => d,
        Err(e) => {
            tracing::error!("analysis of {} failed: {e}", snapshot.uri.as_str());
            return;
        }
    };
    if !server.session.is_current(&snapshot.uri, snapshot.version) {
        return; // superseded; the newer version publishes its own
    }
    server
        .client
        .publish_diagnostics(snapshot.uri.clone(), diagnostics, Some(snapshot.version))
        .await;
}
