//! Random input, the fuzzing way, with proptest (cargo-fuzz needs a nightly
//! toolchain this project does not assume):
//! 1. random bytes and random edit scripts through the document and analysis
//!    pipeline (parse, edit, incremental check, hover at random offsets);
//! 2. random LSP message sequences into the real server, which must still
//!    answer afterwards.
//!
//! `PYGUIDE_SOAK_CASES` sets the case count (default 300; CI runs the default,
//! long runs set e.g. 100000).

mod common;

use proptest::prelude::*;
use pyguide::analysis::{self, check, check_incremental, hover::hover_at, Imports};
use pyguide::knowledge::Knowledge;
use pyguide::settings::{RawSettings, Settings};
use pyguide::text::{Change, Document, TextRange};
use serde_json::json;

fn cases() -> u32 {
    std::env::var("PYGUIDE_SOAK_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300)
}

const PIECES: &[&str] = &[
    "def ",
    "async ",
    "await ",
    "class ",
    "(",
    ")",
    ":",
    "\n",
    "    ",
    "\t",
    "'",
    "\"\"\"",
    "é",
    "😀",
    "\r\n",
    "\r",
    "#",
    "lambda",
    "yield",
    "with ",
    "except",
    "try:",
    "import ",
    "from ",
    " as ",
    "@",
    "[",
    "]",
    "{",
    "}",
    ",",
    "=",
    "==",
    "None",
    "open(",
    "time.sleep(",
    "x",
    "self",
    "\0",
    "\\",
    "f'",
    "{x}",
    "print ",
    "match ",
    "case ",
    "type ",
    "*",
];

fn source() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..400).prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        prop::collection::vec(prop::sample::select(PIECES), 0..120).prop_map(|v| v.concat()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]
    #[test]
    fn random_sources_and_edits_through_the_pipeline(
        text in source(),
        edits in prop::collection::vec((0.0..=1.0f64, 0.0..=0.5f64, prop::sample::select(PIECES)), 0..10),
        probes in prop::collection::vec(0.0..=1.0f64, 1..8),
    ) {
        let kb = Knowledge::builtin();
        let raw = RawSettings { select: Some(vec!["ALL".into()]), ..RawSettings::default() };
        let settings = Settings::resolve(&raw, &kb).0;
        let mut doc = Document::new(text);
        let (_, mut cache) = check_incremental(&doc, &settings, &kb, None, None);
        for (start, len, piece) in edits {
            let n = doc.text().len();
            // Raw (possibly out-of-range, mid-character) offsets: the document clamps.
            let s = (start * (n + 3) as f64) as usize;
            let e = s + (len * n as f64) as usize;
            doc.apply(&[Change { range: Some(TextRange::new(s, e)), text: piece.to_string() }]);
            let (findings, next) = check_incremental(&doc, &settings, &kb, None, Some(&cache));
            prop_assert_eq!(&findings, &check(&doc, &settings, &kb, None));
            cache = next;
            // Every fix applies to text that still parses as well as before.
            for f in &findings {
                if let Some(fix) = &f.fix {
                    let (fixed, _) = analysis::apply_edits(doc.text(), &fix.edits);
                    let _ = Document::new(fixed);
                }
            }
        }
        let module = std::sync::Arc::new(Imports::module_level(doc.tree(), doc.text()));
        let findings = check(&doc, &settings, &kb, None);
        for p in probes {
            let off = (p * doc.text().len() as f64) as usize;
            let imports = analysis::imports_at(&doc, &module, off);
            let _ = hover_at(&doc, &imports, &findings, &kb, &settings, off);
        }
    }
}

/// A random LSP message: known methods with odd params, garbage, edits with
/// random ranges, requests for unopened documents. Their ids (from 1,000,000)
/// never collide with the test client's own request ids.
fn message(rng: &mut u64, uri: &str, version: &mut i64) -> Vec<u8> {
    let mut next = || {
        *rng ^= *rng << 13;
        *rng ^= *rng >> 7;
        *rng ^= *rng << 17;
        *rng
    };
    let line = (next() % 8) as u32;
    let ch = (next() % 40) as u32;
    let pos = json!({"line": line, "character": ch});
    let pos2 = json!({"line": (next() % 10) as u32, "character": (next() % 60) as u32});
    let body = match next() % 12 {
        0 => json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": "def f(x=[]):\n    try:\n        pass\n    except:\n        pass\n"}}}).to_string(),
        1..=3 => {
            *version += 1;
            let text = PIECES[(next() % PIECES.len() as u64) as usize];
            json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": uri, "version": *version}, "contentChanges": [{"range": {"start": pos, "end": pos2}, "text": text}]}}).to_string()
        }
        4 => json!({"jsonrpc": "2.0", "id": 1_000_000 + next() % 1000, "method": "textDocument/hover", "params": {"textDocument": {"uri": uri}, "position": pos}}).to_string(),
        5 => json!({"jsonrpc": "2.0", "id": 1_000_000 + next() % 1000, "method": "textDocument/codeAction", "params": {"textDocument": {"uri": uri}, "range": {"start": pos, "end": pos2}, "context": {"diagnostics": []}}}).to_string(),
        6 => json!({"jsonrpc": "2.0", "id": 1_000_000 + next() % 1000, "method": "textDocument/hover", "params": {"textDocument": {"uri": "file:///nowhere.py"}, "position": pos}}).to_string(),
        7 => json!({"jsonrpc": "2.0", "id": 1_000_000 + next() % 1000, "method": "textDocument/hover", "params": {"bogus": true}}).to_string(),
        8 => "{\"jsonrpc\": \"2.0\", \"method\": ".to_string(),
        9 => json!({"jsonrpc": "2.0", "method": "textDocument/didClose", "params": {"textDocument": {"uri": uri}}}).to_string(),
        10 => json!({"jsonrpc": "2.0", "id": 1_000_000 + next() % 1000, "method": "workspace/executeCommand", "params": {"command": "pyguide.explain", "arguments": [{"uri": uri, "position": pos, "show": false}]}}).to_string(),
        _ => {
            let levels = [json!("beginner"), json!("expert"), json!(3)];
            let level = levels[(next() % 3) as usize].clone();
            json!({"jsonrpc": "2.0", "method": "workspace/didChangeConfiguration", "params": {"settings": {"pyguide": {"level": level}}}}).to_string()
        }
    };
    common::frame(&body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_message_sequences_into_the_server() {
    let sequences = (cases() / 30).max(5);
    for seq in 0..sequences {
        let mut c = common::start_duplex();
        c.initialize(json!({}), serde_json::Value::Null).await;
        let uri = format!("file:///soak/{seq}.py");
        let mut rng: u64 = 0x9E37_79B9_7F4A_7C15 ^ (seq as u64 + 1).wrapping_mul(0x2545_F491_4F6C_DD1D);
        let mut version = 1;
        for _ in 0..60 {
            let bytes = message(&mut rng, &uri, &mut version);
            c.send_raw(&bytes).await;
        }
        // Still serving, and in sync with what it was sent.
        c.open("file:///soak/final.py", 1, "try:\n    pass\nexcept:\n    x = 0\n")
            .await;
        let d = c.diagnostics("file:///soak/final.py", 1).await;
        assert_eq!(d.len(), 1, "sequence {seq}");
        let state = c
            .request("pyguide/documentState", json!({"uri": "file:///soak/final.py"}))
            .await;
        assert_eq!(state["treeMatchesFreshParse"], true, "sequence {seq}: {state}");
    }
}
