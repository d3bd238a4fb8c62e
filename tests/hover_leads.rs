//! Hover first lines specialised to the code at hand: the cards' `[[lead]]`
//! templates, aliases, and imports guessed for code pasted without them.

mod common;

use pyguide::analysis::{hover::hover_at, imports_at, Imports};
use pyguide::knowledge::Knowledge;
use pyguide::settings::{RawSettings, Settings};
use pyguide::text::Document;
use serde_json::{json, Value};

/// The hover at the `^` of the line below the `marker` line (the `^` line is
/// removed before parsing), and the first concept's id.
fn hover(source: &str) -> (String, String) {
    let mut text = String::new();
    let mut caret = None;
    for line in source.lines() {
        let t = line.trim();
        if t.starts_with('#') && t[1..].trim() == "^" {
            let col = line.find('^').unwrap();
            let prev_start = text[..text.len() - 1].rfind('\n').map_or(0, |i| i + 1);
            caret = Some(prev_start + col);
            continue;
        }
        text.push_str(line);
        text.push('\n');
    }
    let offset = caret.expect("a `#^` caret line");
    let kb = Knowledge::builtin();
    let settings = Settings::resolve(&RawSettings::default(), &kb).0;
    let doc = Document::new(text);
    let module = std::sync::Arc::new(Imports::module_level(doc.tree(), doc.text()));
    let imports = imports_at(&doc, &module, offset);
    let answer = hover_at(&doc, &imports, &[], &kb, &settings, offset).expect("a hover");
    let first = answer.concepts.first().map(|c| c.id.clone()).unwrap_or_default();
    (answer.markdown, first)
}

/// The paragraph after the heading: the lead line(s).
fn lead(md: &str) -> &str {
    md.split("\n\n").nth(1).unwrap_or("")
}

#[test]
fn fastapi_route_says_method_and_path() {
    let (md, id) = hover(
        "from fastapi import FastAPI\napp = FastAPI()\n\n@app.post(\"/items\")\n#^\ndef create():\n    pass\n",
    );
    assert_eq!(id, "fastapi-route");
    assert_eq!(
        lead(&md),
        "`@app.post(\"/items\")` registers the function below as the handler for POST requests to `\"/items\"`."
    );
}

#[test]
fn lru_cache_lead_follows_maxsize() {
    let (md, _) =
        hover("import functools as ft\n\n@ft.lru_cache(maxsize=None)\n#   ^\ndef f(n):\n    return n\n");
    assert!(md.contains("`ft.lru_cache` is `functools.lru_cache`."), "{md}");
    assert!(md.contains("`maxsize=None`: the cache never evicts"), "{md}");

    let (md, _) =
        hover("from functools import lru_cache\n\n@lru_cache(maxsize=32)\n#^\ndef f(n):\n    return n\n");
    assert!(
        md.contains("`maxsize=32`: keeps the 32 most recently used results"),
        "{md}"
    );

    let (md, _) = hover("from functools import lru_cache\n\n@lru_cache\n#^\ndef f(n):\n    return n\n");
    assert!(md.contains("default `maxsize=128`"), "{md}");
}

#[test]
fn nested_with_describes_the_statement_under_the_cursor() {
    let src = "with open(\"a.txt\", \"w\") as out:\n    with open(\"b.txt\") as src:\n#   ^\n        out.write(src.read())\n";
    let (md, id) = hover(src);
    assert_eq!(id, "with-statement");
    assert!(
        lead(&md).starts_with("`with open(\"b.txt\") as src:` closes `src` when the block exits"),
        "{md}"
    );
    let (md, _) = hover("import threading\nlock = threading.Lock()\nwith lock:\n#^\n    pass\n");
    assert!(lead(&md).starts_with("`lock` is entered here"), "{md}");
}

#[test]
fn open_mode_lead() {
    let (md, id) = hover("f = open(\"log.txt\", \"a\")\n#   ^\n");
    assert_eq!(id, "file-open-modes");
    assert!(lead(&md).starts_with("Mode `\"a\"` appends"), "{md}");
    let (md, _) = hover("f = open(\"log.txt\")\n#   ^\n");
    assert!(lead(&md).starts_with("No mode given"), "{md}");
}

#[test]
fn no_lead_when_nothing_specific_applies() {
    // A dataclass without options: the alias line is the only lead.
    let (md, id) = hover("from dataclasses import dataclass\n\n@dataclass\n#^\nclass P:\n    x: int\n");
    assert_eq!(id, "dataclass");
    assert_eq!(lead(&md), "`dataclass` is `dataclasses.dataclass`.", "{md}");
}

#[test]
fn unimported_names_are_guessed_and_said_so() {
    let (md, id) = hover("class Shape(ABC):\n#           ^\n    pass\n");
    assert_eq!(id, "abc-abstract-base-class");
    assert!(
        md.contains(
            "`ABC` is not imported or defined in this file; it reads as `abc.ABC` (`from abc import ABC`)."
        ),
        "{md}"
    );
    let (md, id) = hover("data = json.dumps({})\n#       ^\n");
    assert!(id.starts_with("json"), "{id}");
    assert!(md.contains("(`import json`)"), "{md}");
}

#[test]
fn bound_names_are_never_guessed() {
    // Defined locally: no guess (ABC here is the user's own class).
    let (md, id) = hover("class ABC:\n    pass\n\nclass Shape(ABC):\n#           ^\n    pass\n");
    assert_ne!(id, "abc-abstract-base-class", "{md}");
    // A keyword argument's name is not a reference.
    let (md, _) = hover("def f(**kw):\n    pass\n\nf(timeout=1)\n# ^\n");
    assert!(!md.contains("is not imported"), "{md}");
    // A star import might bind it: no guess either.
    let (md, id) = hover("from shapes import *\n\nclass Shape(ABC):\n#           ^\n    pass\n");
    assert!(!md.contains("is not imported"), "{md}");
    assert_ne!(id, "abc-abstract-base-class");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lead_line_reaches_the_editor() {
    let mut c = common::start_duplex();
    c.initialize(json!({}), Value::Null).await;
    let uri = "file:///work/routes.py";
    c.open(uri, 1, "from fastapi import FastAPI\napp = FastAPI()\n\n@app.get(\"/health\")\ndef health():\n    return {}\n")
        .await;
    let hover = c.hover(uri, 3, 2).await;
    let md = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(
        md.contains("registers the function below as the handler for GET requests to `\"/health\"`"),
        "{md}"
    );
}

#[test]
fn a_broken_lead_in_a_user_card_is_reported_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("mine.md"),
        "+++\nkind = \"concept\"\nid = \"my-card\"\ntitle = \"Mine\"\ncategory = \"house\"\nlevel = \"beginner\"\n\n[trigger]\nnames = [\"mylib.thing\"]\n\n[[lead]]\nquery = '''(call) @lead'''\ntext = \"calls {func}\"\n+++\n\n## Summary\nS.\n\n## Why it matters\nW.\n\n## Example\n```python\nx = 1\n```\n\n## Pitfalls\n- P.\n",
    )
    .unwrap();
    let (_, errors) = Knowledge::check_dir(dir.path());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].line, 11, "{errors:?}");
    assert!(errors[0].message.contains("@func"), "{errors:?}");
}
