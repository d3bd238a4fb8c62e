//! Every built-in card: valid, complete, within the hover budget, with code
//! that parses (and runs, where marked), covering every topic of the inventory.

use std::collections::HashSet;
use std::path::Path;
use std::process::Command;

use pyguide::knowledge::{render, Card, CardKind, Knowledge};
use pyguide::settings::{Audience, Settings};
use pyguide::text::Document;

fn inventory() -> Vec<(String, String, bool)> {
    include_str!("data/inventory.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let mut parts = l.split('\t');
            let id = parts.next().unwrap().to_string();
            let kind = parts.next().unwrap().to_string();
            let visible = parts.next().unwrap() == "yes";
            (id, kind, visible)
        })
        .collect()
}

fn card_files() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                let rel = path.strip_prefix(&root).unwrap().display().to_string();
                out.push((rel, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_builtin_card_loads_without_errors() {
    let (kb, mut errors) = Knowledge::load_builtin();
    errors.extend(kb.compile_all_queries());
    let listed: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert!(
        listed.is_empty(),
        "{} problems:\n{}",
        listed.len(),
        listed.join("\n")
    );
    assert!(kb.concepts().count() >= 398, "{}", kb.concepts().count());
    assert!(kb.rules().count() >= 77);
}

#[test]
fn every_inventory_topic_has_its_cards_and_nothing_else() {
    let (kb, _) = Knowledge::load_builtin();
    let inv = inventory();
    let ids: HashSet<&str> = inv.iter().map(|(id, _, _)| id.as_str()).collect();
    let mut missing = Vec::new();
    for (id, kind, _) in &inv {
        if (kind == "hover" || kind == "both") && kb.concept(id).is_none() {
            missing.push(format!("concept card {id}"));
        }
        if (kind == "diagnostic" || kind == "both") && kb.rule(id).is_none() {
            missing.push(format!("rule card {id}"));
        }
    }
    assert!(missing.is_empty(), "missing: {missing:?}");
    // Concepts are exactly the inventory's topics; rules may go beyond it (pitfalls
    // no guide row names, such as an `except` made unreachable by an earlier one).
    for e in kb.concepts() {
        assert!(
            ids.contains(e.card.id.as_str()),
            "{} is not an inventory id",
            e.card.source
        );
    }
    // code-visible concepts carry a trigger; invisible ones do not.
    for (id, kind, visible) in &inv {
        if kind == "diagnostic" {
            continue;
        }
        let card = &kb.concept(id).unwrap().card;
        if !*visible {
            assert!(
                card.trigger.is_empty(),
                "{id} is not visible in code but has a trigger"
            );
        }
    }
}

#[test]
fn rule_cards_have_unique_codes_and_teach_a_concept() {
    let (kb, _) = Knowledge::load_builtin();
    let mut codes = HashSet::new();
    for e in kb.rules() {
        let r = e.card.rule.as_ref().unwrap();
        assert!(codes.insert(r.code.clone()), "duplicate code {}", r.code);
        assert!(
            kb.concept(&r.concept).is_some(),
            "{}: concept {} has no card",
            e.card.id,
            r.concept
        );
        assert!(
            r.message.ends_with('.'),
            "{}: the message is one sentence ending with a period",
            e.card.id
        );
        assert!(
            !r.message.to_lowercase().starts_with("do not"),
            "{}: say the consequence",
            e.card.id
        );
    }
}

#[test]
fn default_hovers_stay_within_budget() {
    let kb = Knowledge::builtin();
    let settings = Settings::defaults(&kb);
    let mut over = Vec::new();
    for e in kb.concepts() {
        let card = &e.card;
        if card.trigger.is_empty() {
            continue;
        }
        let body: usize = ["Summary", "Why it matters", "Example", "Pitfalls"]
            .iter()
            .filter_map(|s| card.section(s))
            .map(str::len)
            .sum();
        if body > 1500 {
            over.push(format!("{} ({body})", card.id));
        }
        let hover = render::concept_hover(card, &kb, settings.level, None, false);
        assert!(hover.starts_with(&format!("### {}", card.title)));
        let expert = render::concept_hover(card, &kb, Audience::Expert, None, false);
        assert!(expert.len() < hover.len(), "{}: expert hover is shorter", card.id);
        let known = render::concept_hover(card, &kb, settings.level, None, true);
        assert!(
            known.lines().count() <= 4,
            "{}: a known concept shrinks to its gist",
            card.id
        );
    }
    assert!(over.is_empty(), "over the hover budget: {over:?}");
}

#[test]
fn every_python_block_parses() {
    let mut bad = Vec::new();
    for (path, text) in card_files() {
        for (line, _, code) in Card::python_blocks(&text) {
            let doc = Document::new(code.clone());
            if doc.tree().root_node().has_error() {
                bad.push(format!("knowledge/{path}:{line}"));
            }
        }
    }
    assert!(bad.is_empty(), "python blocks with syntax errors: {bad:?}");
}

#[test]
fn runnable_blocks_run_under_python3() {
    let python = std::env::var("PYGUIDE_PYTHON").unwrap_or_else(|_| "python3".into());
    let version = Command::new(&python).arg("--version").output();
    assert!(
        version.as_ref().is_ok_and(|o| o.status.success()),
        "python3 is needed to run the cards' examples (set PYGUIDE_PYTHON to another interpreter)"
    );
    let dir = tempfile::tempdir().unwrap();
    let blocks: Vec<(String, usize, String)> = card_files()
        .into_iter()
        .flat_map(|(path, text)| {
            Card::python_blocks(&text)
                .into_iter()
                .filter(|(_, run, _)| *run)
                .map(move |(line, _, code)| (path.clone(), line, code))
        })
        .collect();
    assert!(blocks.len() > 150, "only {} runnable blocks", blocks.len());
    let failures = std::sync::Mutex::new(Vec::new());
    let chunks: Vec<_> = blocks.chunks(blocks.len().div_ceil(4)).collect();
    std::thread::scope(|s| {
        for chunk in chunks {
            let dir = dir.path();
            let failures = &failures;
            let python = &python;
            s.spawn(move || {
                for (path, line, code) in chunk {
                    let file = dir.join(format!("{}_{line}.py", path.replace('/', "_")));
                    std::fs::write(&file, code).unwrap();
                    let out = Command::new(python)
                        .arg(&file)
                        .current_dir(dir)
                        .env("PYTHONDONTWRITEBYTECODE", "1")
                        .output()
                        .unwrap();
                    if !out.status.success() {
                        let err = String::from_utf8_lossy(&out.stderr);
                        let tail: String = err.lines().rev().take(3).collect::<Vec<_>>().join(" | ");
                        failures
                            .lock()
                            .unwrap()
                            .push(format!("knowledge/{path}:{line}: {tail}"));
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} blocks failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn user_cards_override_and_bad_ones_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("decorator.md"),
        "+++\nkind = \"concept\"\nid = \"decorator\"\ntitle = \"Our decorators\"\ncategory = \"house\"\nlevel = \"beginner\"\n+++\n\n## Summary\nHouse style.\n\n## Why it matters\nW.\n\n## Example\n```python\n@x\ndef f(): pass\n```\n\n## Pitfalls\n- P.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("broken.md"),
        "+++\nkind = \"concept\"\nid = \"broken\"\ntitle = \"B\"\ncategory = \"house\"\nlevel = \"beginner\"\n[trigger]\nquery = \"(no_such_node) @concept\"\n+++\n\n## Summary\nS.\n\n## Why it matters\nW.\n\n## Example\n```python\nx = 1\n```\n\n## Pitfalls\n- P.\n",
    )
    .unwrap();
    let base = Knowledge::builtin();
    let (kb, errors) = base.with_user_dirs(&[dir.path().to_path_buf()]);
    assert_eq!(kb.concept("decorator").unwrap().card.title, "Our decorators");
    assert!(kb.concept("broken").is_none());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].file.ends_with("broken.md") && errors[0].line == 8,
        "{}",
        errors[0]
    );
    assert!(kb.concept("closure").is_some(), "the rest keeps working");
    let _ = CardKind::Concept;
}

/// Every built-in query runs around the cursor on each hover; one that pairs
/// unanchored siblings (two methods of a class) does quadratic work on large
/// classes. tree-sitter caps in-progress matches (the match limit) and says
/// when a run exceeded it: no card's query may, on a 300-method class or a
/// 300-statement function, at any of several cursor positions.
#[test]
fn no_query_explodes_on_large_classes_and_blocks() {
    use tree_sitter::{QueryCursor, StreamingIterator};
    let mut source = String::from("import threading\n\n\nclass Big(Base):\n    x = 1\n\n");
    for i in 0..300 {
        source.push_str(&format!(
            "    def method_{i}(self, value):\n        if value:\n            self.items.append(value)\n        return self.helper_{i}(value)\n\n"
        ));
    }
    source.push_str("\ndef long_function(data):\n");
    for i in 0..300 {
        source.push_str(&format!("    total_{i} = compute(data, {i})\n"));
    }
    source.push_str("    return data\n");
    let doc = Document::new(source.clone());
    let root = doc.tree().root_node();
    let probes: Vec<usize> = [
        "class Big",
        "def method_0",
        "method_150",
        "helper_299",
        "total_0",
        "total_150",
        "return data",
    ]
    .iter()
    .map(|p| source.find(p).expect("probe") + 2)
    .collect();
    let kb = Knowledge::builtin();
    let mut exploded = Vec::new();
    for entry in kb.concepts() {
        let Some(query) = entry.trigger.query() else {
            continue;
        };
        for &offset in &probes {
            let scope = root.first_child_for_byte(offset).expect("a top-level statement");
            let mut cursor = QueryCursor::new();
            cursor.set_match_limit(64);
            cursor.set_byte_range(offset..offset + 1);
            let mut matches = cursor.matches(query, scope, source.as_bytes());
            while matches.next().is_some() {}
            if cursor.did_exceed_match_limit() {
                exploded.push(format!("{} (at byte {offset})", entry.card.id));
                break;
            }
        }
    }
    assert!(
        exploded.is_empty(),
        "queries exceeding the match limit: {exploded:?}"
    );
}
