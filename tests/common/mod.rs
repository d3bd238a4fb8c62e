//! A small LSP client for tests: Content-Length framing over any async
//! reader/writer (an in-memory duplex pipe or a child process's stdio). It
//! answers the server's own requests (`workspace/configuration`,
//! `window/showDocument`) and keeps notifications for the test to inspect.

#![allow(dead_code)]

use std::collections::VecDeque;
use std::time::Duration;

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;

pub const TIMEOUT: Duration = Duration::from_secs(20);

pub struct Client {
    writer: Box<dyn AsyncWrite + Unpin + Send>,
    incoming: mpsc::UnboundedReceiver<Value>,
    /// Messages read but not yet claimed by a wait.
    backlog: VecDeque<Value>,
    next_id: i64,
    /// What `workspace/configuration` answers, shared with the reader task.
    pub settings: std::sync::Arc<std::sync::Mutex<Value>>,
}

/// Reads one framed message; `None` at end of stream.
pub async fn read_message<R: AsyncRead + Unpin>(reader: &mut BufReader<R>) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).await.ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            length = v.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).await.ok()?;
    serde_json::from_slice(&body).ok()
}

pub fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{}", body.len(), body).into_bytes()
}

impl Client {
    pub fn new<R, W>(reader: R, writer: W) -> Client
    where
        R: AsyncRead + Unpin + Send + 'static,
        W: AsyncWrite + Unpin + Send + 'static,
    {
        let (tx, rx) = mpsc::unbounded_channel();
        let settings = std::sync::Arc::new(std::sync::Mutex::new(Value::Null));
        // Replies to server requests go through a second channel to the writer.
        let (reply_tx, mut reply_rx) = mpsc::unbounded_channel::<Value>();
        let settings_for_reader = settings.clone();
        tokio::spawn(async move {
            let mut reader = BufReader::new(reader);
            while let Some(msg) = read_message(&mut reader).await {
                if let (Some(id), Some(method)) = (msg.get("id"), msg.get("method").and_then(|m| m.as_str()))
                {
                    let result = match method {
                        "workspace/configuration" => {
                            let s = settings_for_reader
                                .lock()
                                .map(|s| s.clone())
                                .unwrap_or(Value::Null);
                            json!([s])
                        }
                        "window/showDocument" => json!({ "success": true }),
                        _ => Value::Null,
                    };
                    let _ = reply_tx.send(json!({"jsonrpc": "2.0", "id": id, "result": result}));
                }
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        let (w_tx, mut w_rx) = mpsc::unbounded_channel::<Vec<u8>>();
        let mut writer = writer;
        tokio::spawn(async move {
            loop {
                let bytes = tokio::select! {
                    Some(b) = w_rx.recv() => b,
                    Some(reply) = reply_rx.recv() => frame(&reply.to_string()),
                    else => break,
                };
                if writer.write_all(&bytes).await.is_err() || writer.flush().await.is_err() {
                    break;
                }
            }
        });
        Client {
            writer: Box::new(ChannelWriter(w_tx)),
            incoming: rx,
            backlog: VecDeque::new(),
            next_id: 1,
            settings,
        }
    }

    /// Sends raw bytes (for malformed-input tests).
    pub async fn send_raw(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).await.expect("server input closed");
    }

    pub async fn send(&mut self, msg: Value) {
        let bytes = frame(&msg.to_string());
        self.send_raw(&bytes).await;
    }

    pub async fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}))
            .await;
    }

    /// Sends a request and returns its id without waiting.
    pub async fn start_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))
            .await;
        id
    }

    /// Sends a request and waits for its response (the whole response object).
    pub async fn request_full(&mut self, method: &str, params: Value) -> Value {
        let id = self.start_request(method, params).await;
        self.wait_for(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
            .await
    }

    /// Sends a request and returns its `result`, failing the test on an error.
    pub async fn request(&mut self, method: &str, params: Value) -> Value {
        let resp = self.request_full(method, params).await;
        assert!(resp.get("error").is_none(), "{method} failed: {resp}");
        resp.get("result").cloned().unwrap_or(Value::Null)
    }

    /// Waits for the first message matching `pred`, keeping the others.
    pub async fn wait_for(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&pred) {
            return self.backlog.remove(i).expect("index found");
        }
        let deadline = tokio::time::Instant::now() + TIMEOUT;
        loop {
            let msg = tokio::time::timeout_at(deadline, self.incoming.recv())
                .await
                .expect("timed out waiting for a message from the server")
                .expect("server closed its output");
            if pred(&msg) {
                return msg;
            }
            self.backlog.push_back(msg);
        }
    }

    /// Waits for `publishDiagnostics` for `uri` at `version`.
    pub async fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let msg = self
            .wait_for(|m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"] == uri
                    && m["params"]["version"] == json!(version)
            })
            .await;
        msg["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Initializes; `null` options mean "defaults without the PG8 style hints",
    /// which would otherwise flag every function of the tests' small sources.
    pub async fn initialize(&mut self, capabilities: Value, options: Value) -> Value {
        let options = if options.is_null() {
            json!({"ignore": ["PG8"]})
        } else {
            options
        };
        let result = self
            .request(
                "initialize",
                json!({"processId": null, "rootUri": null, "capabilities": capabilities, "initializationOptions": options}),
            )
            .await;
        self.notify("initialized", json!({})).await;
        result
    }

    pub async fn open(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "python", "version": version, "text": text}}),
        )
        .await;
    }

    pub async fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        )
        .await;
    }

    pub async fn hover(&mut self, uri: &str, line: u32, character: u32) -> Value {
        self.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        )
        .await
    }

    /// Everything read so far that no wait claimed.
    pub fn drain_backlog(&mut self) -> Vec<Value> {
        while let Ok(m) = self.incoming.try_recv() {
            self.backlog.push_back(m);
        }
        self.backlog.drain(..).collect()
    }
}

struct ChannelWriter(mpsc::UnboundedSender<Vec<u8>>);

impl AsyncWrite for ChannelWriter {
    fn poll_write(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        std::task::Poll::Ready(
            self.0
                .send(buf.to_vec())
                .map(|_| buf.len())
                .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "closed")),
        )
    }
    fn poll_flush(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::task::Poll::Ready(Ok(()))
    }
    fn poll_shutdown(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::task::Poll::Ready(Ok(()))
    }
}

/// Starts pyguide's real server on an in-memory duplex pipe and connects a client.
pub fn start_duplex() -> Client {
    let (client_side, server_side) = tokio::io::duplex(1 << 20);
    let (server_read, server_write) = tokio::io::split(server_side);
    tokio::spawn(pyguide::lsp::transport::serve(server_read, server_write));
    let (client_read, client_write) = tokio::io::split(client_side);
    Client::new(client_read, client_write)
}

/// Applies LSP text edits (UTF-16 positions) to `text`, last first.
pub fn apply_lsp_edits(text: &str, edits: &[Value]) -> String {
    let offset = |pos: &Value| -> usize {
        let line = pos["line"].as_u64().unwrap() as usize;
        let character = pos["character"].as_u64().unwrap() as usize;
        let mut off = 0;
        for (i, l) in text.split_inclusive('\n').enumerate() {
            if i == line {
                let mut units = 0;
                for (b, ch) in l.char_indices() {
                    if units >= character {
                        return off + b;
                    }
                    units += ch.len_utf16();
                }
                return off + l.trim_end_matches('\n').len();
            }
            off += l.len();
        }
        text.len()
    };
    let mut ranges: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    ranges.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
    let mut out = text.to_string();
    for (s, e, t) in ranges {
        out.replace_range(s..e, &t);
    }
    out
}
