//! The LSP adapter: a thin translation layer over the analysis core.
//!
//! One file per endpoint: `requests/` answers requests from snapshots,
//! `notifications/` mutates document state in order. `convert` is the only
//! place that knows about LSP positions.

pub mod convert;
pub mod notifications;
pub mod requests;
pub mod server;
pub mod session;

pub use server::Server;

use tower_lsp_server::{ClientSocket, LspService};

/// Builds the service (for stdio, or for in-process tests).
pub fn service() -> (LspService<Server>, ClientSocket) {
    LspService::new(Server::new)
}

/// Serves LSP over stdin/stdout until the client says `exit`.
pub async fn run_stdio() {
    let (service, socket) = service();
    let stdin = tokio::io::stdin();
    let stdout = tokio::io::stdout();
    tower_lsp_server::Server::new(stdin, stdout, socket)
        .serve(service)
        .await;
}
