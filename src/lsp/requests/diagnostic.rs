use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

use crate::lsp::convert;
use crate::lsp::Server;

/// Pull diagnostics (`textDocument/diagnostic`), for clients that ask for them.
pub async fn diagnostic(
    server: &Server,
    params: DocumentDiagnosticParams,
) -> Result<DocumentDiagnosticReportResult> {
    let uri = params.text_document.uri;
    let Some(snapshot) = server.session.snapshot(&uri) else {
        return Err(Error::invalid_params(format!(
            "document not open: {}",
            uri.as_str()
        )));
    };
    let enc = server.session.encoding();
    let work = snapshot.clone();
    let items = tokio::task::spawn_blocking(move || {
        work.findings()
            .iter()
            .map(|f| convert::diagnostic(&work.doc, f, enc))
            .collect::<Vec<_>>()
    })
    .await
    .map_err(|e| Error {
        code: tower_lsp_server::jsonrpc::ErrorCode::InternalError,
        message: e.to_string().into(),
        data: None,
    })?;
    Ok(DocumentDiagnosticReportResult::Report(
        DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport {
                result_id: Some(snapshot.version.to_string()),
                items,
            },
        }),
    ))
}
