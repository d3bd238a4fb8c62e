use std::sync::Arc;

use tower_lsp_server::ls_types::DidChangeTextDocumentParams;

use super::publish::publish;
use crate::lsp::convert;
use crate::lsp::session::Snapshot;
use crate::lsp::Server;
use crate::text::Change;

pub async fn did_change(server: &Server, params: DidChangeTextDocumentParams) {
    let Some(snapshot) = apply(server, params) else {
        return;
    };
    publish(server, snapshot).await;
}

/// Applies the changes to the stored document and returns the new snapshot.
/// Synchronous on purpose: it runs before the handler's first `.await`, so
/// edits are applied in the order the client sent them.
pub fn apply(server: &Server, params: DidChangeTextDocumentParams) -> Option<Arc<Snapshot>> {
    let uri = params.text_document.uri;
    let version = params.text_document.version;
    let enc = server.session.encoding();
    let mut entry = match server.session.documents.get_mut(&uri) {
        Some(e) => e,
        None => {
            tracing::warn!("didChange for a document that is not open: {}", uri.as_str());
            return None;
        }
    };
    let current = entry.value().clone();
    if version <= current.version {
        tracing::warn!(
            "didChange for {} has version {version}, not newer than {}; applying it anyway",
            uri.as_str(),
            current.version
        );
    }
    let mut doc = current.doc.clone();
    for (i, change) in params.content_changes.into_iter().enumerate() {
        // Each range refers to the text left by the previous change.
        let range = change.range.map(|r| {
            let (range, clamped) = convert::text_range(&doc, r, enc);
            if clamped {
                tracing::warn!(
                    "didChange for {} (version {version}), change {i}: range {:?} is outside the document or inside a character; clamped",
                    uri.as_str(),
                    r
                );
            }
            range
        });
        doc.apply(&[Change {
            range,
            text: change.text,
        }]);
    }
    let snapshot = Arc::new(current.successor(version, doc, current.config.clone()));
    *entry.value_mut() = snapshot.clone();
    drop(entry);
    Some(snapshot)
}
