use std::sync::Arc;

use tower_lsp_server::ls_types::*;

use crate::lsp::convert;
use crate::lsp::server::COMMANDS;
use crate::lsp::session::{build_config, ClientInfo};
use crate::lsp::Server;
use crate::settings::RawSettings;

pub async fn initialize(server: &Server, params: InitializeParams) -> InitializeResult {
    let caps = &params.capabilities;
    let encoding = convert::negotiate_encoding(
        caps.general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref()),
    );
    let text_doc = caps.text_document.as_ref();
    let info = ClientInfo {
        encoding: Some(encoding),
        pull_diagnostics: text_doc.is_some_and(|t| t.diagnostic.is_some()),
        configuration_request: caps
            .workspace
            .as_ref()
            .and_then(|w| w.configuration)
            .unwrap_or(false),
        document_changes: caps
            .workspace
            .as_ref()
            .and_then(|w| w.workspace_edit.as_ref())
            .and_then(|e| e.document_changes)
            .unwrap_or(false),
        show_document: caps
            .window
            .as_ref()
            .and_then(|w| w.show_document.as_ref())
            .is_some_and(|s| s.support),
        diagnostic_refresh: caps
            .workspace
            .as_ref()
            .and_then(|w| w.diagnostics.as_ref())
            .and_then(|d| d.refresh_support)
            .unwrap_or(false),
        explain_actions: false,
        watch_files: caps
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false),
    };
    tracing::info!(
        "initialize: client {:?}, position encoding {:?}, pull diagnostics {}",
        params.client_info.as_ref().map(|c| c.name.as_str()),
        encoding,
        info.pull_diagnostics
    );
    let pull = info.pull_diagnostics;
    let mut info = info;
    // "Explain" code actions need a client that can show the card: one with
    // window/showDocument, or an integration that renders `pyguide.explain`
    // itself and says so with `"explainActions": true`.
    let asked = params
        .initialization_options
        .as_ref()
        .map(|o| o.get("pyguide").unwrap_or(o))
        .and_then(|o| o.get("explainActions"))
        .and_then(|v| v.as_bool());
    info.explain_actions = asked.unwrap_or(info.show_document);
    server.session.set_client(info);

    #[allow(deprecated)]
    let root = params
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .map(|f| f.uri.clone())
        .or_else(|| params.root_uri.clone())
        .and_then(|u| u.to_file_path().map(|p| p.into_owned()));
    if let Some(root) = root {
        let _ = server.session.root.set(root);
        if let Err(e) = server.session.reload_file_settings() {
            tracing::warn!("{e}");
            server.client.show_message(MessageType::ERROR, e).await;
        }
    }
    let options = params
        .initialization_options
        .clone()
        .unwrap_or(serde_json::Value::Null);
    {
        match RawSettings::from_json(&options) {
            Ok(raw) => {
                let (config, messages) = build_config(&server.session.effective(&raw));
                server.session.set_editor_settings(raw);
                server.session.set_config(Arc::new(config));
                for m in messages {
                    tracing::warn!("{m}");
                    server.client.show_message(MessageType::WARNING, m).await;
                }
            }
            Err(e) => {
                tracing::warn!("{e}");
                server.client.show_message(MessageType::WARNING, e).await;
            }
        }
    }

    // Compile the cards' queries off the request path, so the first hover is quick.
    let kb = server.session.config().kb.clone();
    std::thread::spawn(move || kb.warm());

    let capabilities = ServerCapabilities {
        position_encoding: Some(convert::encoding_kind(encoding)),
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::INCREMENTAL),
            save: Some(TextDocumentSyncSaveOptions::Supported(true)),
            ..Default::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::SOURCE_FIX_ALL,
                CodeActionKind::new(crate::lsp::requests::code_action::FIX_ALL_KIND),
            ]),
            resolve_provider: Some(false),
            work_done_progress_options: Default::default(),
        })),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: COMMANDS.iter().map(|c| c.to_string()).collect(),
            work_done_progress_options: Default::default(),
        }),
        diagnostic_provider: pull.then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some("pyguide".into()),
                inter_file_dependencies: false,
                workspace_diagnostics: false,
                work_done_progress_options: Default::default(),
            })
        }),
        ..Default::default()
    };
    InitializeResult {
        capabilities,
        server_info: Some(ServerInfo {
            name: "pyguide".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
        offset_encoding: None,
    }
}
