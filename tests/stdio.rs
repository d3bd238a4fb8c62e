//! End to end: the real binary over stdio, as an editor runs it.

mod common;

use std::process::Stdio;

use common::Client;
use serde_json::{json, Value};

/// The server binary with piped stdin and stdout, debug logs on stderr, and
/// a client on the pipes.
fn start(stderr: Stdio) -> (tokio::process::Child, Client) {
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_pyguide"))
        .args(["server", "--stdio"])
        .env("PYGUIDE_LOG", "pyguide=debug")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(stderr)
        .kill_on_drop(true)
        .spawn()
        .expect("the pyguide binary starts");
    let stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    (child, Client::new(stdout, stdin))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whole_session_over_stdio() {
    let (mut child, mut c) = start(Stdio::piped());
    let mut stderr = child.stderr.take().unwrap();

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

/// A hover and a code action sent right after opening a large document, before
/// its check is done, wait for the check off the runtime thread and answer
/// with what it found.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_before_the_first_check_is_done() {
    let (_child, mut c) = start(Stdio::null());
    c.initialize(json!({}), Value::Null).await;
    let uri = "file:///tmp/pyguide-early.py";
    c.open(uri, 1, &"def f(items=[]):\n    return items\n".repeat(3000))
        .await;
    let hover = c.hover(uri, 0, 13).await;
    let markdown = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(markdown.contains("PG401"), "{hover}");
    let actions = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri},
                   "range": {"start": {"line": 0, "character": 12}, "end": {"line": 0, "character": 14}},
                   "context": {"diagnostics": []}}),
        )
        .await;
    let titles: Vec<&str> = actions
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["title"].as_str())
        .collect();
    assert!(titles.iter().any(|t| t.contains("PG401")), "{titles:?}");
    let n = c.diagnostics(uri, 1).await.len();
    assert!(n >= 3000, "{n} diagnostics");
}

/// Blocking helpers for the tests below, which must control exactly when the
/// client reads.
mod blocking {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::process::{Child, ChildStdout, Command, Stdio};
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    use serde_json::Value;

    pub fn spawn() -> (
        Arc<Mutex<Child>>,
        std::process::ChildStdin,
        BufReader<ChildStdout>,
    ) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_pyguide"))
            .args(["server", "--stdio"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the pyguide binary starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        (Arc::new(Mutex::new(child)), stdin, stdout)
    }

    /// Kills the server after `secs` unless `done` was set: a hang fails the
    /// test (with a broken pipe or an early end of output) instead of
    /// blocking the suite.
    pub fn watchdog(child: Arc<Mutex<Child>>, secs: u64) -> Arc<std::sync::atomic::AtomicBool> {
        let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = done.clone();
        std::thread::spawn(move || {
            for _ in 0..secs * 10 {
                if flag.load(std::sync::atomic::Ordering::SeqCst) {
                    return;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            let _ = child.lock().unwrap().kill();
        });
        done
    }

    pub fn send(stdin: &mut impl Write, msg: &Value) {
        let body = msg.to_string();
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("the server reads its input");
        stdin.flush().unwrap();
    }

    /// Reads a message's header; returns the length of its body.
    pub fn read_header(stdout: &mut BufReader<ChildStdout>) -> Option<usize> {
        let mut length = None;
        loop {
            let mut line = String::new();
            if stdout.read_line(&mut line).ok()? == 0 {
                return None;
            }
            let line = line.trim_end();
            if line.is_empty() {
                return length;
            }
            if let Some(v) = line.strip_prefix("Content-Length:") {
                length = v.trim().parse::<usize>().ok();
            }
        }
    }

    pub fn read(stdout: &mut BufReader<ChildStdout>) -> Option<Value> {
        let mut body = vec![0; read_header(stdout)?];
        stdout.read_exact(&mut body).ok()?;
        serde_json::from_slice(&body).ok()
    }
}

/// The client writes megabytes without reading while the server has large
/// diagnostics to write: the server must keep reading its input while its
/// output waits, or both sides block on full pipes for ever.
#[test]
fn no_deadlock_when_the_client_writes_without_reading() {
    let (child, mut stdin, mut stdout) = blocking::spawn();
    let done = blocking::watchdog(child.clone(), 60);
    let uri = "file:///tmp/pyguide-flood.py";
    let text = "def f(items=[]):\n    return items\n".repeat(1500);
    blocking::send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}),
    );
    // A client sends nothing else until initialize is answered.
    assert_eq!(
        blocking::read(&mut stdout).expect("an initialize response")["id"],
        1
    );
    blocking::send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
    );
    blocking::send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "python", "version": 1, "text": text}}}),
    );
    // Read only the header of the diagnostics (over 512 KB of JSON, far more
    // than a pipe holds): the server is now blocked writing the body.
    let length = loop {
        let length = blocking::read_header(&mut stdout).expect("diagnostics for the opened document");
        if length > 1 << 19 {
            break length;
        }
        let mut small = vec![0; length];
        std::io::Read::read_exact(&mut stdout, &mut small).unwrap();
    };
    // Meanwhile the client writes 20 full-text changes of ~50 KB each.
    let last = 21;
    for version in 2..=last {
        let changed = format!("# version {version}\n{text}");
        blocking::send(
            &mut stdin,
            &json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"text": changed}]}}),
        );
    }
    let mut body = vec![0; length];
    std::io::Read::read_exact(&mut stdout, &mut body).unwrap();
    let first: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(first["method"], "textDocument/publishDiagnostics");
    assert_eq!(first["params"]["version"], 1);
    // The diagnostics of the last version arrive.
    let mut seen_last = false;
    while let Some(msg) = blocking::read(&mut stdout) {
        if msg["method"] == "textDocument/publishDiagnostics" && msg["params"]["version"] == last {
            let n = msg["params"]["diagnostics"].as_array().map_or(0, Vec::len);
            assert!(n >= 1500, "{n} diagnostics");
            seen_last = true;
            break;
        }
    }
    assert!(seen_last, "the server stopped before publishing version {last}");
    blocking::send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}),
    );
    blocking::send(&mut stdin, &json!({"jsonrpc": "2.0", "method": "exit"}));
    let status = child.lock().unwrap().wait().unwrap();
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    assert!(status.success(), "exit status {status}");
}

/// An editor that dies closes the server's input without `exit`: the server
/// ends on its own.
#[test]
fn the_server_ends_when_its_input_closes() {
    let (child, mut stdin, mut stdout) = blocking::spawn();
    let done = blocking::watchdog(child.clone(), 30);
    blocking::send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}),
    );
    let reply = blocking::read(&mut stdout).expect("an initialize response");
    assert_eq!(reply["id"], 1);
    drop(stdin);
    // Output ends, then the process.
    while blocking::read(&mut stdout).is_some() {}
    let status = child.lock().unwrap().wait().unwrap();
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    assert!(status.success(), "exit status {status} (killed by the watchdog?)");
}
