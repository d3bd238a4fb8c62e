//! The `LanguageServer` implementation: each method hands over to its endpoint file.

use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use super::session::Session;
use super::{notifications, requests};

/// The commands `workspace/executeCommand` accepts.
pub const COMMANDS: &[&str] = &[
    requests::execute_command::EXPLAIN,
    requests::execute_command::MARK_KNOWN,
];

#[derive(Clone)]
pub struct Server {
    pub client: Client,
    pub session: Arc<Session>,
}

impl Server {
    pub fn new(client: Client) -> Self {
        Server {
            client,
            session: Arc::new(Session::default()),
        }
    }
}

impl LanguageServer for Server {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        Ok(requests::initialize::initialize(self, params).await)
    }

    async fn initialized(&self, _: InitializedParams) {
        tracing::info!("client initialized");
        notifications::settings_file::register_watchers(self).await;
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        notifications::settings_file::did_save(self, params).await
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        notifications::settings_file::did_change_watched_files(self, params).await
    }

    async fn shutdown(&self) -> Result<()> {
        tracing::info!("shutdown requested");
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        notifications::did_open::did_open(self, params).await
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        notifications::did_change::did_change(self, params).await
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        notifications::did_close::did_close(self, params).await
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        notifications::did_change_configuration::did_change_configuration(self, params).await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let uri = params.text_document_position_params.text_document.uri.clone();
        Ok(requests::answer(self, &uri, params, requests::hover::hover).await)
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri.clone();
        Ok(requests::answer(self, &uri, params, requests::code_action::code_action).await)
    }

    async fn diagnostic(&self, params: DocumentDiagnosticParams) -> Result<DocumentDiagnosticReportResult> {
        requests::diagnostic::diagnostic(self, params).await
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        requests::execute_command::execute_command(self, params).await
    }
}
