//! End to end: the real binary over stdio, as an editor runs it.

mod common;

use std::process::Stdio;

use common::Client;
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whole_session_over_stdio() {
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_pyguide"))
        .args(["server", "--stdio"])
        .env("PYGUIDE_LOG", "pyguide=debug")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("the pyguide binary starts");
    let stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let mut c = Client::new(stdout, stdin);

    let init = c.initialize(json!({}), Value::Null).await;
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    let uri = "file:///tmp/pyguide-e2e.py";
    c.open(uri, 1, "def f(items=[]):\n    return items\n").await;
    let d = c.diagnostics(uri, 1).await;
    assert_eq!(d.len(), 1);
    assert_eq!(d[0]["code"], "PG401");
    c.change(uri, 2, json!([{"range": {"start": {"line": 0, "character": 12}, "end": {"line": 0, "character": 14}}, "text": "None"}]))
        .await;
    assert!(c.diagnostics(uri, 2).await.is_empty());
    let hover = c.hover(uri, 0, 1).await;
    assert!(
        hover["contents"]["value"].as_str().unwrap().contains("def"),
        "{hover}"
    );
    assert!(c.request("shutdown", Value::Null).await.is_null());
    c.notify("exit", Value::Null).await;
    let status = tokio::time::timeout(common::TIMEOUT, child.wait())
        .await
        .expect("exits")
        .unwrap();
    assert!(status.success(), "exit status {status}");
    // Logs went to stderr, not into the protocol stream.
    let mut logs = String::new();
    tokio::io::AsyncReadExt::read_to_string(&mut stderr, &mut logs)
        .await
        .unwrap();
    assert!(logs.contains("initialize"), "{logs}");
}
