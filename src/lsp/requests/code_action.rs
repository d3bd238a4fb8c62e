use std::collections::HashMap;

use tower_lsp_server::ls_types::*;

use crate::analysis::{non_overlapping_fixes, suppress, Applicability, Edit};
use crate::lsp::convert;
use crate::lsp::requests::execute_command::{EXPLAIN, MARK_KNOWN};
use crate::lsp::session::Snapshot;
use crate::lsp::Server;

pub const FIX_ALL_KIND: &str = "source.fixAll.pyguide";

pub fn code_action(server: &Server, params: CodeActionParams) -> Option<CodeActionResponse> {
    let uri = params.text_document.uri;
    let snapshot = server.session.snapshot(&uri)?;
    let enc = server.session.encoding();
    let doc = &snapshot.doc;
    let (range, _) = convert::text_range(doc, params.range, enc);
    let only = params.context.only.clone();
    let wants = |kind: &str| match &only {
        None => true,
        Some(list) => list.iter().any(|o| {
            let o = o.as_str();
            o.is_empty() || kind == o || kind.starts_with(&format!("{o}."))
        }),
    };
    let client = server.session.client();
    let document_changes = client.document_changes;
    let explain = client.explain_actions;
    let findings = snapshot.findings();
    let mut actions: Vec<CodeActionOrCommand> = Vec::new();
    let mut explained: Vec<String> = Vec::new();

    for f in findings
        .iter()
        .filter(|f| f.range.intersects(range) || f.range.touches(range.start))
    {
        let diagnostic = convert::diagnostic(doc, f, enc);
        if wants(CodeActionKind::QUICKFIX.as_str()) {
            if let Some(fix) = f
                .fix
                .as_ref()
                .filter(|x| x.applicability != Applicability::DisplayOnly)
            {
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("{} ({})", fix.message, f.code),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic.clone()]),
                    edit: Some(workspace_edit(&snapshot, &fix.edits, enc, document_changes)),
                    is_preferred: Some(fix.applicability == Applicability::Safe),
                    ..Default::default()
                }));
            }
            if let Some(edit) = suppress::disable_edit(doc, f.range.start, &f.code) {
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("Disable {} for this line", f.code),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic.clone()]),
                    edit: Some(workspace_edit(&snapshot, &[edit], enc, document_changes)),
                    ..Default::default()
                }));
            }
            if explain && !explained.contains(&f.code) {
                explained.push(f.code.clone());
                actions.push(explain_action(
                    &format!("Explain {} ({})", f.name, f.code),
                    &f.code,
                ));
            }
        }
    }

    if wants(FIX_ALL_KIND) && (only.is_some() || !findings.is_empty()) {
        let edits = non_overlapping_fixes(&findings, Applicability::Safe);
        if !edits.is_empty() {
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: "pyguide: fix all safe problems".into(),
                kind: Some(CodeActionKind::new(FIX_ALL_KIND)),
                edit: Some(workspace_edit(&snapshot, &edits, enc, document_changes)),
                ..Default::default()
            }));
        }
    }

    // Concept actions at the cursor: only when the client asked for everything.
    if only.is_none() {
        let concepts = crate::analysis::concepts_at(
            doc,
            &snapshot.imports_at(range.start),
            &snapshot.config.kb,
            range.start,
        );
        if let Some(hit) = concepts.first() {
            if let Some(entry) = snapshot.config.kb.concept(&hit.id) {
                let title = &entry.card.title;
                if explain {
                    actions.push(explain_action(&format!("Explain {title}"), &hit.id));
                }
                if !snapshot.config.settings.known.contains(&hit.id) {
                    actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title: format!("Mark {title} as known"),
                        kind: Some(CodeActionKind::EMPTY),
                        command: Some(Command {
                            title: format!("Mark {title} as known"),
                            command: MARK_KNOWN.into(),
                            arguments: Some(vec![serde_json::json!(hit.id)]),
                        }),
                        ..Default::default()
                    }));
                }
            }
        }
    }
    Some(actions)
}

fn explain_action(title: &str, id: &str) -> CodeActionOrCommand {
    CodeActionOrCommand::CodeAction(CodeAction {
        title: title.to_string(),
        kind: Some(CodeActionKind::EMPTY),
        command: Some(Command {
            title: title.to_string(),
            command: EXPLAIN.into(),
            arguments: Some(vec![serde_json::json!(id)]),
        }),
        ..Default::default()
    })
}

/// A versioned edit when the client supports `documentChanges`, else plain `changes`.
pub fn workspace_edit(
    snapshot: &Snapshot,
    edits: &[Edit],
    enc: crate::text::Encoding,
    document_changes: bool,
) -> WorkspaceEdit {
    let text_edits: Vec<TextEdit> = edits
        .iter()
        .map(|e| convert::text_edit(&snapshot.doc, e, enc))
        .collect();
    if document_changes {
        WorkspaceEdit {
            document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: snapshot.uri.clone(),
                    version: Some(snapshot.version),
                },
                edits: text_edits.into_iter().map(OneOf::Left).collect(),
            }])),
            ..Default::default()
        }
    } else {
        WorkspaceEdit {
            changes: Some(HashMap::from([(snapshot.uri.clone(), text_edits)])),
            ..Default::default()
        }
    }
}
