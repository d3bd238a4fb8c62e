//! The wire: Content-Length framing between the client and tower-lsp.
//!
//! tower-lsp's decoder ends the whole session on the first frame it cannot
//! decode (tokio-util's `FramedRead` stops after an error), so one malformed
//! message would kill the server. This layer reads every frame first and
//! passes on only well-formed JSON-RPC messages; anything else is logged and
//! answered with a JSON-RPC error (`-32700` parse error, `-32600` invalid
//! request), and the session goes on. Server output is copied frame by frame,
//! so these error replies never interleave with tower-lsp's own messages.

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;

/// Frames larger than this are skipped and answered with an error.
pub const MAX_FRAME: usize = 256 * 1024 * 1024;

/// One step of reading the client's stream.
#[derive(Debug, PartialEq)]
pub enum Frame {
    /// A body, as bytes (not yet checked to be JSON).
    Body(Vec<u8>),
    /// A header block that could not be used; the text says why.
    BadHeader(String),
    /// End of input.
    Eof,
}

/// Reads the next frame. Header problems are reported, and reading resumes at
/// the next header block.
pub async fn read_frame<R: AsyncRead + Unpin>(reader: &mut BufReader<R>) -> Frame {
    let mut length: Option<Result<usize, String>> = None;
    let mut saw_any = false;
    loop {
        let mut line = Vec::new();
        match reader.read_until(b'\n', &mut line).await {
            Ok(0) => return Frame::Eof,
            Ok(_) => {}
            Err(e) => return Frame::BadHeader(format!("cannot read input: {e}")),
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if !saw_any {
                continue; // stray blank line between frames
            }
            break;
        }
        saw_any = true;
        if let Some((name, value)) = text.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = Some(
                    value
                        .trim()
                        .parse::<usize>()
                        .map_err(|e| format!("bad Content-Length `{}`: {e}", value.trim())),
                );
            }
        } else if length.is_none() {
            return Frame::BadHeader(format!("not a header line: `{}`", truncate(text, 80)));
        }
    }
    let length = match length {
        Some(Ok(n)) => n,
        Some(Err(e)) => return Frame::BadHeader(e),
        None => return Frame::BadHeader("missing Content-Length header".into()),
    };
    if length > MAX_FRAME {
        // Skip the body in chunks without holding it.
        let mut left = length;
        let mut buf = vec![0; 64 * 1024];
        while left > 0 {
            let n = left.min(buf.len());
            if reader.read_exact(&mut buf[..n]).await.is_err() {
                return Frame::Eof;
            }
            left -= n;
        }
        return Frame::BadHeader(format!("message of {length} bytes is larger than {MAX_FRAME}"));
    }
    let mut body = vec![0; length];
    if reader.read_exact(&mut body).await.is_err() {
        return Frame::Eof;
    }
    Frame::Body(body)
}

/// Checks that a body is a JSON-RPC 2.0 message tower-lsp can decode.
/// `Err` carries the error response to send back.
pub fn check_message(body: &[u8]) -> Result<(), Value> {
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => return Err(error_response(Value::Null, -32700, &format!("Parse error: {e}"))),
    };
    let id = value.get("id").cloned().unwrap_or(Value::Null);
    let Some(obj) = value.as_object() else {
        return Err(error_response(
            Value::Null,
            -32600,
            "Invalid Request: not a JSON object",
        ));
    };
    if obj.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return Err(error_response(
            id,
            -32600,
            "Invalid Request: `jsonrpc` must be \"2.0\"",
        ));
    }
    let id_ok = matches!(
        obj.get("id"),
        None | Some(Value::Number(_)) | Some(Value::String(_))
    );
    if !id_ok {
        return Err(error_response(Value::Null, -32600, "Invalid Request: bad `id`"));
    }
    match obj.get("method") {
        Some(Value::String(_)) => {
            // tower-lsp rejects non-structured params at decode time.
            match obj.get("params") {
                None | Some(Value::Object(_)) | Some(Value::Array(_)) | Some(Value::Null) => Ok(()),
                Some(_) => Err(error_response(
                    id,
                    -32600,
                    "Invalid Request: `params` must be an object or array",
                )),
            }
        }
        Some(_) => Err(error_response(
            id,
            -32600,
            "Invalid Request: `method` must be a string",
        )),
        None => {
            // A response to one of our requests.
            let has_result = obj.contains_key("result") || obj.contains_key("error");
            if has_result && obj.contains_key("id") {
                Ok(())
            } else {
                Err(error_response(
                    id,
                    -32600,
                    "Invalid Request: neither a request nor a response",
                ))
            }
        }
    }
}

fn error_response(id: Value, code: i64, message: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
}

fn truncate(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// Serves LSP on `input`/`output` until the client says `exit` or closes input.
pub async fn serve<I, O>(input: I, output: O)
where
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite + Unpin + Send + 'static,
{
    let (service, socket) = super::service();
    let (to_server, server_in) = tokio::io::duplex(1 << 16);
    let (server_out, from_server) = tokio::io::duplex(1 << 16);
    let (errors_tx, mut errors_rx) = mpsc::unbounded_channel::<Vec<u8>>();

    // Client → filter → tower-lsp.
    let filter = tokio::spawn(async move {
        let mut reader = BufReader::new(input);
        let mut to_server = to_server;
        loop {
            match read_frame(&mut reader).await {
                Frame::Eof => break,
                Frame::BadHeader(why) => {
                    tracing::error!("malformed message header: {why}");
                    let reply = error_response(Value::Null, -32700, &format!("Parse error: {why}"));
                    let _ = errors_tx.send(frame(reply.to_string().as_bytes()));
                }
                Frame::Body(body) => match check_message(&body) {
                    Ok(()) => {
                        if to_server.write_all(&frame(&body)).await.is_err() {
                            break;
                        }
                    }
                    Err(reply) => {
                        tracing::error!(
                            "malformed message ({}): {}",
                            reply["error"]["message"].as_str().unwrap_or(""),
                            String::from_utf8_lossy(&body[..body.len().min(200)])
                        );
                        let _ = errors_tx.send(frame(reply.to_string().as_bytes()));
                    }
                },
            }
        }
        let _ = to_server.shutdown().await;
    });

    // tower-lsp + filter errors → client, one whole frame at a time.
    let writer = tokio::spawn(async move {
        let mut output = output;
        let mut server_reader = BufReader::new(from_server);
        loop {
            let bytes = tokio::select! {
                f = read_frame(&mut server_reader) => match f {
                    Frame::Body(body) => frame(&body),
                    Frame::BadHeader(why) => {
                        tracing::error!("internal: bad frame from the server: {why}");
                        continue;
                    }
                    Frame::Eof => break,
                },
                Some(bytes) = errors_rx.recv() => bytes,
            };
            if output.write_all(&bytes).await.is_err() || output.flush().await.is_err() {
                break;
            }
        }
        let _ = output.flush().await;
    });

    // tower-lsp reads what the filter passed on and writes into `server_out`.
    tower_lsp_server::Server::new(server_in, server_out, socket)
        .serve(service)
        .await;
    filter.abort();
    let _ = writer.await;
}
