//! Conversions between pyguide's types and LSP types. Positions are converted
//! here and nowhere else, with the encoding negotiated in `initialize`.

use tower_lsp_server::ls_types::{self as lsp, NumberOrString};

use crate::analysis::{Edit, Finding};
use crate::knowledge::Severity;
use crate::text::{Document, Encoding, LineCol, TextRange};

pub fn offset(doc: &Document, pos: lsp::Position, enc: Encoding) -> (usize, bool) {
    doc.lines().to_offset(
        doc.text(),
        LineCol {
            line: pos.line,
            col: pos.character,
        },
        enc,
    )
}

/// An LSP range as a byte range; reversed ranges are put in order. The flag
/// says whether anything had to be clamped.
pub fn text_range(doc: &Document, range: lsp::Range, enc: Encoding) -> (TextRange, bool) {
    let (a, ca) = offset(doc, range.start, enc);
    let (b, cb) = offset(doc, range.end, enc);
    (TextRange::new(a.min(b), a.max(b)), ca || cb || a > b)
}

pub fn position(doc: &Document, offset: usize, enc: Encoding) -> lsp::Position {
    let lc = doc.lines().to_line_col(doc.text(), offset, enc);
    lsp::Position::new(lc.line, lc.col)
}

pub fn range(doc: &Document, r: TextRange, enc: Encoding) -> lsp::Range {
    lsp::Range::new(position(doc, r.start, enc), position(doc, r.end, enc))
}

pub fn severity(s: Severity) -> lsp::DiagnosticSeverity {
    match s {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
        Severity::Hint => lsp::DiagnosticSeverity::HINT,
    }
}

pub fn diagnostic(doc: &Document, f: &Finding, enc: Encoding) -> lsp::Diagnostic {
    lsp::Diagnostic {
        range: range(doc, f.range, enc),
        severity: Some(severity(f.severity)),
        code: Some(NumberOrString::String(f.code.clone())),
        code_description: None,
        source: Some("pyguide".to_string()),
        message: f.message.clone(),
        related_information: None,
        tags: None,
        data: Some(serde_json::json!({ "name": f.name, "concept": f.concept })),
    }
}

pub fn text_edit(doc: &Document, e: &Edit, enc: Encoding) -> lsp::TextEdit {
    lsp::TextEdit {
        range: range(doc, e.range, enc),
        new_text: e.content.clone(),
    }
}

pub fn encoding_kind(enc: Encoding) -> lsp::PositionEncodingKind {
    match enc {
        Encoding::Utf8 => lsp::PositionEncodingKind::UTF8,
        Encoding::Utf16 => lsp::PositionEncodingKind::UTF16,
        Encoding::Utf32 => lsp::PositionEncodingKind::UTF32,
    }
}

/// Prefer UTF-8 when the client offers it, else UTF-16 (which every client supports).
pub fn negotiate_encoding(offered: Option<&[lsp::PositionEncodingKind]>) -> Encoding {
    match offered {
        Some(list) if list.contains(&lsp::PositionEncodingKind::UTF8) => Encoding::Utf8,
        _ => Encoding::Utf16,
    }
}
