use tower_lsp_server::ls_types::DidCloseTextDocumentParams;

use crate::lsp::Server;

pub async fn did_close(server: &Server, params: DidCloseTextDocumentParams) {
    let uri = params.text_document.uri;
    server.session.oversize_notified.remove(&uri);
    if server.session.documents.remove(&uri).is_none() {
        tracing::warn!("didClose for a document that is not open: {}", uri.as_str());
    }
    if !server.session.client().pull_diagnostics {
        server.client.publish_diagnostics(uri, Vec::new(), None).await;
    }
}
