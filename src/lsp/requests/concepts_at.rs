//! `pyguide/conceptsAt`: every concept at a position, most specific first, as
//! the hover sees them. Params `{"textDocument": {"uri"}, "position"}`; result
//! `[{"id", "title", "range"}]`. Used by editor integrations and tests.

use serde::Deserialize;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{Position, TextDocumentIdentifier};

use crate::lsp::{convert, Server};

pub const METHOD: &str = "pyguide/conceptsAt";

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Params {
    pub text_document: TextDocumentIdentifier,
    pub position: Position,
}

pub trait Handler {
    fn concepts_at(
        &self,
        params: Params,
    ) -> impl std::future::Future<Output = Result<Vec<serde_json::Value>>> + Send;
}

impl Handler for Server {
    async fn concepts_at(&self, params: Params) -> Result<Vec<serde_json::Value>> {
        let Some(snapshot) = self.session.snapshot(&params.text_document.uri) else {
            return Ok(Vec::new());
        };
        let enc = self.session.encoding();
        let (offset, _) = convert::offset(&snapshot.doc, params.position, enc);
        let kb = &snapshot.config.kb;
        let hits = crate::analysis::concepts_at(&snapshot.doc, &snapshot.imports_at(offset), kb, offset);
        Ok(hits
            .into_iter()
            .map(|h| {
                serde_json::json!({
                    "id": h.id,
                    "title": kb.concept(&h.id).map(|e| e.card.title.clone()),
                    "range": convert::range(&snapshot.doc, h.range, enc),
                })
            })
            .collect())
    }
}
