//! `pyguide/documentState`: the server's view of an open document, for editor
//! integrations' "is pyguide in sync?" checks and for tests.
//! Params `{"uri"}`; result `{"version", "text", "treeMatchesFreshParse"}` or null.

use serde::Deserialize;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::Uri;

use crate::lsp::Server;
use crate::text::Document;

pub const METHOD: &str = "pyguide/documentState";

#[derive(Debug, Deserialize)]
pub struct Params {
    pub uri: Uri,
}

pub trait Handler {
    fn document_state(
        &self,
        params: Params,
    ) -> impl std::future::Future<Output = Result<Option<serde_json::Value>>> + Send;
}

impl Handler for Server {
    async fn document_state(&self, params: Params) -> Result<Option<serde_json::Value>> {
        let Some(snapshot) = self.session.snapshot(&params.uri) else {
            return Ok(None);
        };
        let fresh = Document::new(snapshot.doc.text());
        let same = fresh.tree().root_node().to_sexp() == snapshot.doc.tree().root_node().to_sexp();
        Ok(Some(serde_json::json!({
            "version": snapshot.version,
            "text": snapshot.doc.text(),
            "treeMatchesFreshParse": same,
        })))
    }
}
