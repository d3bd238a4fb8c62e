use std::sync::Arc;

use tower_lsp_server::ls_types::DidOpenTextDocumentParams;

use super::publish::publish;
use crate::lsp::session::Snapshot;
use crate::lsp::Server;
use crate::text::Document;

pub async fn did_open(server: &Server, params: DidOpenTextDocumentParams) {
    let item = params.text_document;
    // Mutation first, before any await.
    let snapshot = Arc::new(Snapshot::new(
        item.uri.clone(),
        item.version,
        Document::new(item.text),
        server.session.config(),
    ));
    server.session.documents.insert(item.uri, snapshot.clone());
    publish(server, snapshot).await;
}
