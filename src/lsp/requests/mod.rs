//! Requests: each reads a snapshot and answers; none mutates documents.

pub mod code_action;
pub mod concepts_at;
pub mod diagnostic;
pub mod document_state;
pub mod execute_command;
pub mod hover;
pub mod initialize;

use std::sync::Arc;

use tower_lsp_server::ls_types::Uri;

use crate::analysis::Finding;
use crate::lsp::session::Snapshot;
use crate::lsp::Server;

/// Answers inline when the document's findings are computed (a hover or a
/// code action then takes well under a millisecond); otherwise on the
/// blocking pool, so that waiting for the check does not hold the runtime
/// thread, which reads and answers every other message.
pub async fn answer<P, T>(server: &Server, uri: &Uri, params: P, f: fn(&Server, P) -> Option<T>) -> Option<T>
where
    P: Send + 'static,
    T: Send + 'static,
{
    let ready = server.session.snapshot(uri).is_none_or(|s| s.has_findings());
    if ready {
        return f(server, params);
    }
    let server = server.clone();
    match tokio::task::spawn_blocking(move || f(&server, params)).await {
        Ok(answer) => answer,
        Err(e) => {
            tracing::error!("request failed: {e}");
            None
        }
    }
}

/// A snapshot's findings; when they are not computed yet, computed (or
/// waited for) on the blocking pool, not on the runtime thread.
pub async fn findings(snapshot: &Arc<Snapshot>) -> Arc<Vec<Finding>> {
    if snapshot.has_findings() {
        return snapshot.findings();
    }
    let work = snapshot.clone();
    match tokio::task::spawn_blocking(move || work.findings()).await {
        Ok(findings) => findings,
        Err(e) => {
            tracing::error!("check failed: {e}");
            Arc::new(Vec::new())
        }
    }
}
