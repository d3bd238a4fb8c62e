//! The server over an in-memory duplex pipe: a user's session, message by message.

mod common;

use common::{apply_lsp_edits, frame, start_duplex, Client};
use serde_json::{json, Value};

const URI: &str = "file:///work/example.py";

const SOURCE: &str = "import functools\n\n@functools.lru_cache(maxsize=None)\ndef fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\n\n\ndef port(text):\n    try:\n        return int(text)\n    except:\n        return 8080\n";

fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

async fn ready(caps: Value) -> Client {
    let mut c = start_duplex();
    c.initialize(caps, Value::Null).await;
    c
}

async fn state(c: &mut Client, uri: &str) -> Value {
    c.request("pyguide/documentState", json!({"uri": uri})).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn initialize_negotiates_utf8_and_advertises_features() {
    let mut c = start_duplex();
    let result = c
        .initialize(
            json!({"general": {"positionEncodings": ["utf-16", "utf-8"]}}),
            Value::Null,
        )
        .await;
    let caps = &result["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-8");
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");
    assert_eq!(caps["hoverProvider"], true);
    assert!(caps["codeActionProvider"]["codeActionKinds"]
        .as_array()
        .unwrap()
        .contains(&json!("source.fixAll.pyguide")));
    assert!(caps.get("diagnosticProvider").is_none() || caps["diagnosticProvider"].is_null());
    assert_eq!(result["serverInfo"]["name"], "pyguide");

    let mut c = start_duplex();
    let result = c.initialize(json!({}), Value::Null).await;
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_edit_hover_fix_close() {
    let mut c = ready(json!({"window": {"showDocument": {"support": true}}})).await;
    c.open(URI, 1, SOURCE).await;
    let diags = c.diagnostics(URI, 1).await;
    assert_eq!(codes(&diags), vec!["PG101"]);
    assert_eq!(diags[0]["range"]["start"], json!({"line": 10, "character": 4}));
    assert_eq!(diags[0]["source"], "pyguide");

    // Edit: `except:` -> `except ValueError:` (insert at line 10, col 10).
    c.change(
        URI,
        2,
        json!([{"range": {"start": {"line": 10, "character": 10}, "end": {"line": 10, "character": 10}}, "text": " ValueError"}]),
    )
    .await;
    assert!(c.diagnostics(URI, 2).await.is_empty());

    // Hover on `lru_cache`: the most specific concept first, range on the reference.
    let hover = c.hover(URI, 2, 13).await;
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(md.starts_with("### functools.lru_cache"), "{md}");
    assert!(
        md.contains("Decorators"),
        "the decorator is listed as also here: {md}"
    );
    assert_eq!(hover["range"]["start"], json!({"line": 2, "character": 1}));

    // Hover on the `try` keyword.
    let hover = c.hover(URI, 8, 5).await;
    assert!(
        hover["contents"]["value"].as_str().unwrap().contains("try"),
        "{hover}"
    );

    // Back to a bare except, then apply its quick fix.
    c.change(
        URI,
        3,
        json!([{"range": {"start": {"line": 10, "character": 10}, "end": {"line": 10, "character": 21}}, "text": ""}]),
    )
    .await;
    let diags = c.diagnostics(URI, 3).await;
    assert_eq!(codes(&diags), vec!["PG101"]);
    let actions = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": URI}, "range": diags[0]["range"], "context": {"diagnostics": diags}}),
        )
        .await;
    let titles: Vec<&str> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.iter().any(|t| t.starts_with("Disable PG101")),
        "{titles:?}"
    );
    assert!(titles.iter().any(|t| t.starts_with("Explain")), "{titles:?}");
    let fix = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "quickfix" && a["title"].as_str().unwrap().contains("Exception"))
        .expect("a quick fix");
    assert_eq!(fix["isPreferred"], false, "an unsafe fix is not preferred");
    let edits = fix["edit"]["changes"][URI].as_array().unwrap();
    let text = state(&mut c, URI).await["text"].as_str().unwrap().to_string();
    let fixed = apply_lsp_edits(&text, edits);
    assert!(fixed.contains("    except Exception:\n"), "{fixed}");

    c.notify("textDocument/didClose", json!({"textDocument": {"uri": URI}}))
        .await;
    let cleared = c
        .wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == URI
                && m["params"]["version"].is_null()
        })
        .await;
    assert!(cleared["params"]["diagnostics"].as_array().unwrap().is_empty());
    assert!(state(&mut c, URI).await.is_null());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn versioned_document_changes_and_disable_comment() {
    let caps = json!({"workspace": {"workspaceEdit": {"documentChanges": true}}});
    let mut c = ready(caps).await;
    c.open(URI, 7, "try:\n    pass\nexcept:\n    x = 0\n").await;
    let diags = c.diagnostics(URI, 7).await;
    let actions = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": URI}, "range": diags[0]["range"], "context": {"diagnostics": diags, "only": ["quickfix"]}}),
        )
        .await;
    let disable = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Disable PG101 for this line")
        .unwrap();
    let change = &disable["edit"]["documentChanges"][0];
    assert_eq!(change["textDocument"]["version"], 7);
    let fixed = apply_lsp_edits(
        "try:\n    pass\nexcept:\n    x = 0\n",
        change["edits"].as_array().unwrap(),
    );
    assert_eq!(
        fixed,
        "try:\n    pass\nexcept:  # pyguide: ignore[PG101]\n    x = 0\n"
    );
    // Nothing but quick fixes when only quickfix is asked for.
    assert!(actions.as_array().unwrap().iter().all(|a| a["kind"] == "quickfix"
        || a.get("command").is_some() && a["kind"].is_null()
        || a["kind"] == ""));
    assert!(actions
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["kind"] != "source.fixAll.pyguide"));

    // After applying it, the finding is gone; hovering the code in the comment shows the rule.
    c.change(URI, 8, json!([{"text": fixed}])).await;
    assert!(c.diagnostics(URI, 8).await.is_empty());
    let hover = c.hover(URI, 2, 30).await;
    assert!(
        hover["contents"]["value"].as_str().unwrap().contains("PG101"),
        "{hover}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fix_all_applies_only_safe_fixes() {
    let mut c = ready(json!({})).await;
    c.open(URI, 1, "x = 1\n").await;
    c.diagnostics(URI, 1).await;
    let actions = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": URI}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                   "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
        )
        .await;
    // None of this file's findings has a safe fix, so fix-all offers nothing.
    assert_eq!(actions, json!([]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_edits_in_a_row_apply_in_order() {
    for round in 0..3 {
        let mut c = ready(json!({"general": {"positionEncodings": ["utf-16"]}})).await;
        let uri = format!("file:///work/order{round}.py");
        c.open(&uri, 0, "# ünïcödé 😀\nx = ''\n").await;
        let mut expected = String::from("# ünïcödé 😀\nx = ''\n");
        for v in 1..=200 {
            // Insert a character inside the quotes of line 1: `x = '...'`.
            let ch = ["a", "é", "😀", "b"][v % 4];
            let col = 5; // after the opening quote
            c.change(
                &uri,
                v as i64,
                json!([{"range": {"start": {"line": 1, "character": col}, "end": {"line": 1, "character": col}}, "text": ch}]),
            )
            .await;
            let at = expected.find("x = '").unwrap() + 5;
            expected.insert_str(at, ch);
        }
        let s = state(&mut c, &uri).await;
        assert_eq!(s["version"], 200);
        assert_eq!(s["text"], expected);
        assert_eq!(s["treeMatchesFreshParse"], true);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn utf8_positions_when_negotiated() {
    let mut c = ready(json!({"general": {"positionEncodings": ["utf-8"]}})).await;
    c.open(URI, 1, "s = '😀'\ntry:\n    pass\nexcept:\n    x = 0\n")
        .await;
    let d = c.diagnostics(URI, 1).await;
    assert_eq!(d[0]["range"]["start"], json!({"line": 3, "character": 0}));
    // Replace the emoji (4 bytes in UTF-8) with `ab`.
    c.change(
        URI,
        2,
        json!([{"range": {"start": {"line": 0, "character": 5}, "end": {"line": 0, "character": 9}}, "text": "ab"}]),
    )
    .await;
    c.diagnostics(URI, 2).await;
    assert_eq!(
        state(&mut c, URI).await["text"],
        "s = 'ab'\ntry:\n    pass\nexcept:\n    x = 0\n"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pull_diagnostics_when_the_client_supports_them() {
    let mut c = start_duplex();
    let result = c
        .initialize(
            json!({"textDocument": {"diagnostic": {"dynamicRegistration": false}}}),
            Value::Null,
        )
        .await;
    assert_eq!(
        result["capabilities"]["diagnosticProvider"]["identifier"],
        "pyguide"
    );
    c.open(URI, 1, "try:\n    pass\nexcept:\n    x = 0\n").await;
    let report = c
        .request("textDocument/diagnostic", json!({"textDocument": {"uri": URI}}))
        .await;
    assert_eq!(report["kind"], "full");
    assert_eq!(codes(report["items"].as_array().unwrap()), vec!["PG101"]);
    // No push in pull mode.
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert!(c
        .drain_backlog()
        .iter()
        .all(|m| m["method"] != "textDocument/publishDiagnostics"));

    // A settings change asks a pulling client (that supports it) to pull again.
    let mut c = start_duplex();
    c.initialize(
        json!({"textDocument": {"diagnostic": {}}, "workspace": {"diagnostics": {"refreshSupport": true}}}),
        Value::Null,
    )
    .await;
    c.open(URI, 1, "x = 1\n").await;
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"ignore": ["PG1"]}}),
    )
    .await;
    c.wait_for(|m| m["method"] == "workspace/diagnostic/refresh")
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn configuration_from_init_options_and_changes() {
    let mut c = start_duplex();
    c.initialize(json!({}), json!({"ignore": ["PG101", "PG8"]})).await;
    c.open(URI, 1, "try:\n    pass\nexcept:\n    x = 0\nx = y == None\n")
        .await;
    assert_eq!(codes(&c.diagnostics(URI, 1).await), vec!["PG601"]);
    // Settings pushed in the notification (client without workspace/configuration).
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"pyguide": {"ignore": ["PG601"]}}}),
    )
    .await;
    assert_eq!(codes(&c.diagnostics(URI, 1).await), vec!["PG101"]);
    // A bad value is reported and the previous settings stay.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"pyguide": {"level": 42}}}),
    )
    .await;
    let msg = c.wait_for(|m| m["method"] == "window/showMessage").await;
    assert!(
        msg["params"]["message"].as_str().unwrap().contains("level"),
        "{msg}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn configuration_is_pulled_when_the_client_can_answer() {
    let mut c = start_duplex();
    c.initialize(json!({"workspace": {"configuration": true}}), Value::Null)
        .await;
    *c.settings.lock().unwrap() = json!({"ignore": ["PG1", "PG8"]});
    c.open(URI, 1, "try:\n    pass\nexcept:\n    x = 0\n").await;
    assert_eq!(codes(&c.diagnostics(URI, 1).await), vec!["PG101"]);
    c.notify("workspace/didChangeConfiguration", json!({"settings": null}))
        .await;
    c.wait_for(|m| m["method"] == "workspace/configuration").await;
    assert!(c.diagnostics(URI, 1).await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn explain_command_returns_markdown() {
    let mut c = ready(json!({})).await;
    let r = c
        .request(
            "workspace/executeCommand",
            json!({"command": "pyguide.explain", "arguments": ["decorator"]}),
        )
        .await;
    assert_eq!(r["id"], "decorator");
    assert!(r["markdown"].as_str().unwrap().starts_with("# Decorators"));
    c.open(URI, 1, SOURCE).await;
    let r = c
        .request(
            "workspace/executeCommand",
            json!({"command": "pyguide.explain", "arguments": [{"uri": URI, "position": {"line": 10, "character": 5}, "show": false}]}),
        )
        .await;
    assert_eq!(r["id"], "bare-except");
    let err = c
        .request_full(
            "workspace/executeCommand",
            json!({"command": "pyguide.explain", "arguments": ["no-such-thing"]}),
        )
        .await;
    assert_eq!(err["error"]["code"], -32602);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_input_is_survived() {
    let mut c = ready(json!({})).await;
    // Malformed JSON in a well-formed frame.
    c.send_raw(&frame("{\"jsonrpc\": \"2.0\", \"id\": 99, \"method\": "))
        .await;
    // An unknown request gets MethodNotFound; an unknown notification is ignored.
    let resp = c.request_full("pyguide/noSuchMethod", json!({})).await;
    assert_eq!(resp["error"]["code"], -32601);
    c.notify("pyguide/noSuchNotification", json!({})).await;
    // Edits and hovers on a document that is not open.
    c.change("file:///nowhere.py", 3, json!([{"text": "x"}])).await;
    assert!(c.hover("file:///nowhere.py", 0, 0).await.is_null());
    // An out-of-range edit is clamped.
    c.open(URI, 1, "x = 1\n").await;
    c.diagnostics(URI, 1).await;
    c.change(
        URI,
        2,
        json!([{"range": {"start": {"line": 40, "character": 0}, "end": {"line": 99, "character": 7}}, "text": "y = 2\n"}]),
    )
    .await;
    c.diagnostics(URI, 2).await;
    assert_eq!(state(&mut c, URI).await["text"], "x = 1\ny = 2\n");
    // A reversed range and a position inside a surrogate pair.
    c.change(URI, 3, json!([{"text": "s = '😀'\n"}])).await;
    c.diagnostics(URI, 3).await;
    c.change(
        URI,
        4,
        json!([{"range": {"start": {"line": 0, "character": 6}, "end": {"line": 0, "character": 5}}, "text": "x"}]),
    )
    .await;
    c.diagnostics(URI, 4).await;
    let s = state(&mut c, URI).await;
    assert_eq!(s["treeMatchesFreshParse"], true);
    assert!(s["text"].as_str().unwrap().starts_with("s = 'x"), "{s}");
    // NUL bytes and a 5 MB single line.
    let big = format!("x = '{}'\0\n", "a".repeat(5 * 1024 * 1024));
    c.open("file:///work/big.py", 1, &big).await;
    c.diagnostics("file:///work/big.py", 1).await;
    let hover = c.hover("file:///work/big.py", 0, 1_000_000).await;
    let _ = hover;
    // Still serving.
    c.open("file:///work/after.py", 1, "try:\n    pass\nexcept:\n    x = 0\n")
        .await;
    assert_eq!(
        codes(&c.diagnostics("file:///work/after.py", 1).await),
        vec!["PG101"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_then_exit() {
    let mut c = ready(json!({})).await;
    assert!(c.request("shutdown", Value::Null).await.is_null());
    // After shutdown, requests are refused with InvalidRequest.
    let resp = c
        .request_full(
            "textDocument/hover",
            json!({"textDocument": {"uri": URI}, "position": {"line": 0, "character": 0}}),
        )
        .await;
    assert_eq!(resp["error"]["code"], -32600);
    c.notify("exit", Value::Null).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workspace_settings_file_and_reload() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::write(
        root.join("pyproject.toml"),
        "[tool.pyguide]\nignore = [\"PG101\", \"PG8\"]\n",
    )
    .unwrap();
    let root_uri = format!("file://{}", root.display());
    let file_uri = format!("{root_uri}/a.py");
    let mut c = start_duplex();
    c.request(
        "initialize",
        json!({"processId": null, "rootUri": root_uri, "capabilities": {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}}),
    )
    .await;
    c.notify("initialized", json!({})).await;
    c.wait_for(|m| m["method"] == "client/registerCapability").await;
    c.open(
        &file_uri,
        1,
        "try:\n    pass\nexcept:\n    x = 0\nx = y == None\n",
    )
    .await;
    assert_eq!(codes(&c.diagnostics(&file_uri, 1).await), vec!["PG601"]);
    // The file changes: PG601 ignored instead.
    std::fs::write(
        root.join("pyproject.toml"),
        "[tool.pyguide]\nignore = [\"PG601\", \"PG8\"]\n",
    )
    .unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": format!("{root_uri}/pyproject.toml"), "type": 2}]}),
    )
    .await;
    assert_eq!(codes(&c.diagnostics(&file_uri, 1).await), vec!["PG101"]);
    // A broken file: an error with file and line, and the previous settings stay.
    std::fs::write(
        root.join("pyproject.toml"),
        "[tool.pyguide]\nignore = [\"PG601\", \"PG8\"\n",
    )
    .unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": format!("{root_uri}/pyproject.toml"), "type": 2}]}),
    )
    .await;
    let msg = c.wait_for(|m| m["method"] == "window/showMessage").await;
    assert!(
        msg["params"]["message"]
            .as_str()
            .unwrap()
            .contains("pyproject.toml:"),
        "{msg}"
    );
    c.change(
        &file_uri,
        2,
        json!([{"text": "try:\n    pass\nexcept:\n    x = 0\nx = y == None\n"}]),
    )
    .await;
    assert_eq!(codes(&c.diagnostics(&file_uri, 2).await), vec!["PG101"]);
    // Editor settings win over the file by default.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"pyguide": {"ignore": ["PG1"]}}}),
    )
    .await;
    assert_eq!(codes(&c.diagnostics(&file_uri, 2).await), vec!["PG601"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_document_is_synced_not_analysed_and_reported_once() {
    let mut c = ready(json!({})).await;
    let uri = "file:///work/huge.py";
    // Over the 5 MB limit: a bare `except:` that would otherwise be flagged.
    let filler = "x = 1\n".repeat(900_000);
    let text = format!("try:\n    pass\nexcept:\n    pass\n{filler}");
    c.open(uri, 1, &text).await;
    let shown = c.wait_for(|m| m["method"] == "window/showMessage").await;
    let message = shown["params"]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("huge.py") && message.contains("not analysed"),
        "{message}"
    );
    assert!(c.diagnostics(uri, 1).await.is_empty());
    assert!(c.hover(uri, 2, 2).await.is_null());
    // Still edited in sync; no second message.
    c.change(uri, 2, json!([{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "# big\n"}]))
        .await;
    assert!(c.diagnostics(uri, 2).await.is_empty());
    // Cut below the limit: analysed again, the bare except is found.
    c.change(uri, 3, json!([{"range": {"start": {"line": 5, "character": 0}, "end": {"line": 900_005, "character": 0}}, "text": ""}]))
        .await;
    let diags = c.diagnostics(uri, 3).await;
    assert!(codes(&diags).contains(&"PG101".to_string()), "{diags:?}");
    let state = state(&mut c, uri).await;
    assert_eq!(state["text"], "# big\ntry:\n    pass\nexcept:\n    pass\n");
    let later: Vec<Value> = c
        .drain_backlog()
        .into_iter()
        .filter(|m| m["method"] == "window/showMessage")
        .collect();
    assert!(later.is_empty(), "the size message is shown once: {later:?}");
}
