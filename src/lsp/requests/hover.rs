use tower_lsp_server::ls_types::*;

use crate::lsp::convert;
use crate::lsp::Server;

pub fn hover(server: &Server, params: HoverParams) -> Option<Hover> {
    let pos = params.text_document_position_params;
    let snapshot = server.session.snapshot(&pos.text_document.uri)?;
    let enc = server.session.encoding();
    let doc = &snapshot.doc;
    let (offset, clamped) = convert::offset(doc, pos.position, enc);
    if clamped {
        tracing::debug!("hover position {:?} clamped", pos.position);
    }
    let config = &snapshot.config;
    // Findings first: their check builds the module table the imports reuse.
    let findings = snapshot.findings();
    let answer = crate::analysis::hover::hover_at(
        doc,
        &snapshot.imports_at(offset),
        &findings,
        &config.kb,
        &config.settings,
        offset,
    )?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: answer.markdown,
        }),
        range: Some(convert::range(doc, answer.range, enc)),
    })
}
