//! The service called directly, without any transport: requests go in through
//! `tower::Service`, and a task drains what the server sends to the client.

use futures::StreamExt;
use serde_json::json;
use tower::{Service, ServiceExt};
use tower_lsp_server::jsonrpc::Request;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_and_notifications_in_process() {
    let (mut service, socket) = pyguide::lsp::service();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        let mut socket = socket;
        while let Some(msg) = socket.next().await {
            let _ = tx.send(serde_json::to_value(&msg).unwrap());
        }
    });
    let init = Request::build("initialize")
        .id(1)
        .params(json!({"capabilities": {}}))
        .finish();
    let resp = service.ready_and_call(init).await.unwrap().unwrap();
    assert!(resp.is_ok());
    service
        .ready_and_call(Request::build("initialized").params(json!({})).finish())
        .await
        .unwrap();
    let open = Request::build("textDocument/didOpen")
        .params(json!({"textDocument": {"uri": "file:///a.py", "languageId": "python", "version": 1, "text": "x = y == None\n"}}))
        .finish();
    service.ready_and_call(open).await.unwrap();
    let published = tokio::time::timeout(std::time::Duration::from_secs(10), async {
        loop {
            let m = rx.recv().await.unwrap();
            if m["method"] == "textDocument/publishDiagnostics" {
                return m;
            }
        }
    })
    .await
    .unwrap();
    assert_eq!(published["params"]["diagnostics"][0]["code"], "PG601");
    let hover = Request::build("textDocument/hover")
        .id(2)
        .params(json!({"textDocument": {"uri": "file:///a.py"}, "position": {"line": 0, "character": 9}}))
        .finish();
    let resp = service.ready_and_call(hover).await.unwrap().unwrap();
    let v = serde_json::to_value(&resp).unwrap();
    assert!(
        v["result"]["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("PG601"),
        "{v}"
    );
}

trait ReadyCall {
    fn ready_and_call(
        &mut self,
        req: Request,
    ) -> std::pin::Pin<
        Box<
            dyn std::future::Future<
                    Output = Result<
                        Option<tower_lsp_server::jsonrpc::Response>,
                        tower_lsp_server::ExitedError,
                    >,
                > + Send
                + '_,
        >,
    >;
}

impl ReadyCall for tower_lsp_server::LspService<pyguide::lsp::Server> {
    fn ready_and_call(
        &mut self,
        req: Request,
    ) -> std::pin::Pin<
        Box<
            dyn std::future::Future<
                    Output = Result<
                        Option<tower_lsp_server::jsonrpc::Response>,
                        tower_lsp_server::ExitedError,
                    >,
                > + Send
                + '_,
        >,
    > {
        Box::pin(async move { self.ready().await?.call(req).await })
    }
}
