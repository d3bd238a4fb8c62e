//! Concept fixtures: `tests/fixtures/concepts/<concept-id>.py`.
//!
//! Under a line of code, a comment line whose `^` points at a column of that
//! line says what must (or, with `!`, must not) be recognised there:
//!
//! ```python
//! @functools.lru_cache(maxsize=None)
//! #          ^ functools-lru-cache decorator
//! values = [1, 2]
//! #        ^ !list-comprehension
//! ```
//!
//! Every concept card with a trigger needs a fixture with at least one positive
//! and one negative caret for its own id. Each fixture runs through the core
//! (`concepts_at`) and through the LSP (`pyguide/conceptsAt`).

mod common;

use std::path::Path;

use pyguide::analysis::{concepts_at, imports_at, Imports};
use pyguide::knowledge::Knowledge;
use pyguide::text::Document;
use serde_json::json;

struct Caret {
    line: usize,
    /// Column in characters.
    column: usize,
    want: Vec<String>,
    not: Vec<String>,
    fixture_line: usize,
}

fn carets(source: &str) -> Vec<Caret> {
    let lines: Vec<&str> = source.lines().collect();
    let mut out = Vec::new();
    let mut target = None;
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let is_caret = trimmed.starts_with('#') && trimmed[1..].trim_start().starts_with('^');
        if !is_caret {
            target = Some(i);
            continue;
        }
        let Some(t) = target else { continue };
        let column = line.chars().position(|c| c == '^').unwrap_or(0);
        let after: String = line.chars().skip(column + 1).collect();
        let mut caret = Caret {
            line: t,
            column,
            want: Vec::new(),
            not: Vec::new(),
            fixture_line: i + 1,
        };
        for word in after.split_whitespace() {
            match word.strip_prefix('!') {
                Some(id) => caret.not.push(id.to_string()),
                None => caret.want.push(word.to_string()),
            }
        }
        out.push(caret);
    }
    out
}

fn fixtures() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/concepts");
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .filter(|e| e.path().extension().is_some_and(|x| x == "py"))
                .map(|e| {
                    (
                        e.path().file_stem().unwrap().to_string_lossy().into_owned(),
                        std::fs::read_to_string(e.path()).unwrap(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn offset_of(doc: &Document, line: usize, column: usize) -> usize {
    let start = doc.lines().line_start(line).unwrap();
    let text = &doc.text()[start..];
    start + text.char_indices().nth(column).map_or(text.len(), |(i, _)| i)
}

#[test]
fn fixtures_through_the_core() {
    let kb = Knowledge::builtin();
    let mut problems = Vec::new();
    for (name, source) in fixtures() {
        let doc = Document::new(source.clone());
        let module = std::sync::Arc::new(Imports::module_level(doc.tree(), doc.text()));
        for c in carets(&source) {
            let offset = offset_of(&doc, c.line, c.column);
            let ids: Vec<String> = concepts_at(&doc, &imports_at(&doc, &module, offset), &kb, offset)
                .into_iter()
                .map(|h| h.id)
                .collect();
            for w in &c.want {
                if kb.concept(w).is_none() {
                    problems.push(format!("{name}.py:{}: `{w}` names no concept", c.fixture_line));
                } else if !ids.contains(w) {
                    problems.push(format!(
                        "{name}.py:{}: expected `{w}`, found {ids:?}",
                        c.fixture_line
                    ));
                }
            }
            for n in &c.not {
                if ids.contains(n) {
                    problems.push(format!(
                        "{name}.py:{}: `{n}` must not be recognised here, found {ids:?}",
                        c.fixture_line
                    ));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_triggered_concept_has_positive_and_negative_fixtures() {
    let kb = Knowledge::builtin();
    let mut positive = std::collections::HashSet::new();
    let mut negative = std::collections::HashSet::new();
    for (_, source) in fixtures() {
        for c in carets(&source) {
            positive.extend(c.want);
            negative.extend(c.not);
        }
    }
    let missing: Vec<String> = kb
        .concepts()
        .filter(|e| !e.card.trigger.is_empty())
        .filter(|e| !positive.contains(&e.card.id) || !negative.contains(&e.card.id))
        .map(|e| {
            format!(
                "{}{}{}",
                e.card.id,
                if positive.contains(&e.card.id) {
                    ""
                } else {
                    " (no positive)"
                },
                if negative.contains(&e.card.id) {
                    ""
                } else {
                    " (no negative)"
                }
            )
        })
        .collect();
    assert!(
        missing.is_empty(),
        "{} concepts lack fixtures:\n{}",
        missing.len(),
        missing.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fixtures_through_the_lsp() {
    let mut client = common::start_duplex();
    client.initialize(json!({}), serde_json::Value::Null).await;
    let mut problems = Vec::new();
    for (name, source) in fixtures() {
        let uri = format!("file:///fixtures/{name}.py");
        client.open(&uri, 1, &source).await;
        let lines: Vec<&str> = source.lines().collect();
        for c in carets(&source) {
            // UTF-16 column of the caret's character column.
            let character: usize = lines[c.line].chars().take(c.column).map(char::len_utf16).sum();
            let result = client
                .request(
                    "pyguide/conceptsAt",
                    json!({"textDocument": {"uri": uri}, "position": {"line": c.line, "character": character}}),
                )
                .await;
            let ids: Vec<String> = result
                .as_array()
                .unwrap()
                .iter()
                .map(|h| h["id"].as_str().unwrap().to_string())
                .collect();
            for w in &c.want {
                if !ids.contains(w) {
                    problems.push(format!(
                        "{name}.py:{} (LSP): expected `{w}`, found {ids:?}",
                        c.fixture_line
                    ));
                }
            }
            for n in &c.not {
                if ids.contains(n) {
                    problems.push(format!(
                        "{name}.py:{} (LSP): `{n}` must not be here",
                        c.fixture_line
                    ));
                }
            }
        }
        client
            .notify("textDocument/didClose", json!({"textDocument": {"uri": uri}}))
            .await;
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
