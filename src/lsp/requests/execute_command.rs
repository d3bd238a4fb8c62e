use std::sync::Arc;

use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

use crate::knowledge::render;
use crate::lsp::convert;
use crate::lsp::session::build_config;
use crate::lsp::Server;
use crate::settings::known;

/// `pyguide.explain`: arguments `["concept-or-rule-id"]`, or
/// `[{"id": ..}]`, or `[{"uri": .., "position": {..}}]` for the concept at a position.
/// Add `"show": false` to get the Markdown back without `window/showDocument`.
/// Returns `{"id", "title", "markdown", "path"}`.
pub const EXPLAIN: &str = "pyguide.explain";
/// `pyguide.markKnown`: arguments `["concept-id"]`. Adds it to the user's known concepts.
pub const MARK_KNOWN: &str = "pyguide.markKnown";

pub async fn execute_command(server: &Server, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
    match params.command.as_str() {
        EXPLAIN => explain(server, &params.arguments).await,
        MARK_KNOWN => mark_known(server, &params.arguments).await,
        other => Err(Error::invalid_params(format!("unknown command `{other}`"))),
    }
}

async fn explain(server: &Server, args: &[LSPAny]) -> Result<Option<LSPAny>> {
    let arg = args
        .first()
        .ok_or_else(|| Error::invalid_params("pyguide.explain needs an argument"))?;
    let config = server.session.config();
    let mut show = server.session.client().show_document;
    let id = match arg {
        serde_json::Value::String(id) => id.clone(),
        serde_json::Value::Object(map) => {
            if let Some(false) = map.get("show").and_then(|v| v.as_bool()) {
                show = false;
            }
            if let Some(id) = map.get("id").and_then(|v| v.as_str()) {
                id.to_string()
            } else {
                let uri: Uri = map
                    .get("uri")
                    .and_then(|v| serde_json::from_value(v.clone()).ok())
                    .ok_or_else(|| {
                        Error::invalid_params("pyguide.explain needs `id` or `uri` and `position`")
                    })?;
                let position: Position = map
                    .get("position")
                    .and_then(|v| serde_json::from_value(v.clone()).ok())
                    .ok_or_else(|| Error::invalid_params("pyguide.explain needs `position` with `uri`"))?;
                let snapshot = server
                    .session
                    .snapshot(&uri)
                    .ok_or_else(|| Error::invalid_params(format!("document not open: {}", uri.as_str())))?;
                let (offset, _) = convert::offset(&snapshot.doc, position, server.session.encoding());
                let findings = super::findings(&snapshot).await;
                let on_finding = findings
                    .iter()
                    .find(|f| f.range.touches(offset))
                    .map(|f| f.code.clone());
                match on_finding.or_else(|| {
                    crate::analysis::concepts_at(
                        &snapshot.doc,
                        &snapshot.imports_at(offset),
                        &snapshot.config.kb,
                        offset,
                    )
                    .first()
                    .map(|h| h.id.clone())
                }) {
                    Some(id) => id,
                    None => return Ok(Some(serde_json::Value::Null)),
                }
            }
        }
        _ => {
            return Err(Error::invalid_params(
                "pyguide.explain takes a string or an object",
            ))
        }
    };
    let entry = config
        .kb
        .concept(&id)
        .or_else(|| config.kb.rule(&id))
        .ok_or_else(|| Error::invalid_params(format!("no concept or rule `{id}`")))?;
    let markdown = render::full_markdown(&entry.card, &config.kb);
    let mut path = None;
    if show {
        match write_card(&entry.card.id, &markdown) {
            Ok(p) => {
                if let Some(uri) = Uri::from_file_path(&p) {
                    let shown = server
                        .client
                        .show_document(ShowDocumentParams {
                            uri,
                            external: Some(false),
                            take_focus: Some(true),
                            selection: None,
                        })
                        .await;
                    if let Err(e) = shown {
                        tracing::warn!("window/showDocument failed: {e}");
                    }
                }
                path = Some(p.display().to_string());
            }
            Err(e) => tracing::warn!("cannot write the rendered card: {e}"),
        }
    }
    Ok(Some(serde_json::json!({
        "id": entry.card.id,
        "title": entry.card.title,
        "markdown": markdown,
        "path": path,
    })))
}

/// Renders a card to `<temp>/pyguide-cards/<id>.md` for editors to open.
fn write_card(id: &str, markdown: &str) -> std::io::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join("pyguide-cards");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!("{id}.md"));
    std::fs::write(&path, markdown)?;
    Ok(path)
}

async fn mark_known(server: &Server, args: &[LSPAny]) -> Result<Option<LSPAny>> {
    let id = args
        .first()
        .and_then(|v| v.as_str())
        .ok_or_else(|| Error::invalid_params("pyguide.markKnown needs a concept id"))?
        .to_string();
    if server.session.config().kb.concept(&id).is_none() {
        return Err(Error::invalid_params(format!("no concept `{id}`")));
    }
    let file = known::path();
    if let Err(e) = known::add(&file, &id) {
        let msg = format!("pyguide: cannot save known concepts to {}: {e}", file.display());
        tracing::warn!("{msg}");
        server.client.show_message(MessageType::WARNING, msg).await;
    }
    let mut raw = server.session.editor_settings();
    let mut list = raw.known.take().unwrap_or_default();
    if !list.contains(&id) {
        list.push(id.clone());
    }
    raw.known = Some(list);
    let (config, _) = build_config(&server.session.effective(&raw));
    let config = Arc::new(config);
    server.session.set_editor_settings(raw);
    server.session.set_config(config.clone());
    let mut changed = Vec::new();
    for mut entry in server.session.documents.iter_mut() {
        let snapshot = Arc::new(entry.value().with_config(config.clone()));
        *entry.value_mut() = snapshot.clone();
        changed.push(snapshot);
    }
    crate::lsp::notifications::did_change_configuration::refresh_or_publish(server, changed).await;
    Ok(Some(
        serde_json::json!({ "known": id, "file": file.display().to_string() }),
    ))
}
