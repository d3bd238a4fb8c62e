//! Ordering under load: 1,000 interleaved edits across several documents with
//! hovers in flight; every document ends exactly as the client has it.

mod common;

use serde_json::json;

/// Applies an LSP insertion at a UTF-16 position, as the client would.
fn insert_utf16(text: &mut String, line: usize, character: usize, what: &str) {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i == line {
            let mut units = 0;
            let mut at = l.len();
            for (b, ch) in l.char_indices() {
                if units >= character {
                    at = b;
                    break;
                }
                units += ch.len_utf16();
            }
            offset += at;
            break;
        }
        offset += l.len();
    }
    text.insert_str(offset, what);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn interleaved_edits_with_concurrent_hovers() {
    for round in 0..2 {
        let mut c = common::start_duplex();
        c.initialize(json!({}), serde_json::Value::Null).await;
        let docs = 4;
        let mut texts: Vec<String> = (0..docs)
            .map(|i| format!("# doc {i} ünï 😀\r\nvalue = ''\nother = 1\n"))
            .collect();
        let uris: Vec<String> = (0..docs)
            .map(|i| format!("file:///load/{round}/d{i}.py"))
            .collect();
        for i in 0..docs {
            c.open(&uris[i], 0, &texts[i]).await;
        }
        let pieces = ["a", "é", "😀", "\n", "x = 1\n", "中", "'"];
        let mut versions = vec![0i64; docs];
        let mut hover_ids = Vec::new();
        for k in 0..1000usize {
            let d = (k * 7 + k / 3) % docs;
            versions[d] += 1;
            let piece = pieces[k % pieces.len()];
            // Insert just inside the quotes of `value = ''` on line 1 (UTF-16 column 9).
            let (line, character) = (1usize, 9usize);
            insert_utf16(&mut texts[d], line, character, piece);
            c.change(
                &uris[d],
                versions[d],
                json!([{"range": {"start": {"line": line, "character": character}, "end": {"line": line, "character": character}}, "text": piece}]),
            )
            .await;
            if k % 10 == 0 {
                let id = c
                    .start_request(
                        "textDocument/hover",
                        json!({"textDocument": {"uri": uris[(d + 1) % docs]}, "position": {"line": 0, "character": 2}}),
                    )
                    .await;
                hover_ids.push(id);
            }
        }
        for id in hover_ids {
            c.wait_for(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
                .await;
        }
        for d in 0..docs {
            let state = c.request("pyguide/documentState", json!({"uri": uris[d]})).await;
            assert_eq!(state["version"], versions[d], "round {round} doc {d}");
            assert_eq!(state["text"].as_str().unwrap(), texts[d], "round {round} doc {d}");
        }
    }
}
