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
pub mod stdio;
pub mod transport;

pub use server::Server;

use tower_lsp_server::{ClientSocket, LspService};

/// Builds the service (for stdio, or for in-process tests).
pub fn service() -> (LspService<Server>, ClientSocket) {
    LspService::build(Server::new)
        .custom_method(
            requests::document_state::METHOD,
            requests::document_state::Handler::document_state,
        )
        .custom_method(
            requests::concepts_at::METHOD,
            requests::concepts_at::Handler::concepts_at,
        )
        .finish()
}

/// Serves LSP over stdin/stdout until the client says `exit` or closes stdin.
pub async fn run_stdio() {
    transport::serve(stdio::stdin(), stdio::stdout()).await;
}
