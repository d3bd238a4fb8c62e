//! How much of a guide's own code pyguide recognises.
//!
//! ```sh
//! cargo run --release --example seed_coverage -- GUIDE.txt SEED-TOPICS.tsv [GUIDE-ID]
//! ```
//!
//! For every ```python block of the guide (a Markdown file with numbered `##`
//! sections and `###` subsections), the block's section concepts are the
//! inventory's hover topics whose `sections` cite that section (and, when the
//! citation names one, that subsection). A block counts as recognised when
//! pyguide recognises at least one of them at some token of the block. Prints
//! the fraction and the blocks that were missed. Not part of the test suite:
//! the guides are not in this repository.

use std::collections::BTreeSet;

use pyguide::analysis::{concepts_at, imports_at, walk, Imports};
use pyguide::knowledge::Knowledge;
use pyguide::text::Document;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: seed_coverage GUIDE.txt SEED-TOPICS.tsv [GUIDE-ID, default 001]");
        std::process::exit(2);
    }
    let guide = std::fs::read_to_string(&args[1]).unwrap_or_else(|e| fail(&format!("{}: {e}", args[1])));
    let tsv = std::fs::read_to_string(&args[2]).unwrap_or_else(|e| fail(&format!("{}: {e}", args[2])));
    let gid = args.get(3).map(String::as_str).unwrap_or("001");

    // (id, citations) of hover topics
    let topics: Vec<(String, Vec<String>)> = tsv
        .lines()
        .skip(1)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            (cols.len() >= 7 && cols[6] != "diagnostic").then(|| {
                (
                    cols[0].to_string(),
                    cols[3].split(';').map(|c| c.trim().to_string()).collect(),
                )
            })
        })
        .collect();

    let kb = Knowledge::builtin();
    let (mut section, mut sub) = (String::new(), String::new());
    let mut blocks = Vec::new();
    let mut in_block = false;
    let mut code = String::new();
    for line in guide.lines() {
        if in_block {
            if line.trim_start().starts_with("```") {
                blocks.push((section.clone(), sub.clone(), std::mem::take(&mut code)));
                in_block = false;
            } else {
                code.push_str(line);
                code.push('\n');
            }
            continue;
        }
        if let Some(h) = line.strip_prefix("## ") {
            section = h.split('.').next().unwrap_or("").trim().to_string();
            sub.clear();
        } else if let Some(h) = line.strip_prefix("### ") {
            sub = h.trim().to_string();
        } else if line.trim_start().starts_with("```python") {
            in_block = true;
        }
    }

    let mut hit = 0;
    let mut misses = Vec::new();
    for (section, sub, code) in &blocks {
        let prefix = format!("{gid} §{section} ");
        let wanted: BTreeSet<&str> = topics
            .iter()
            .filter(|(_, cites)| {
                cites.iter().any(|c| {
                    c.starts_with(&prefix)
                        && match c.split_once(" > ") {
                            Some((_, s)) => {
                                let s = s.split(" (").next().unwrap_or(s).to_lowercase();
                                sub.to_lowercase().starts_with(&s) || s.starts_with(&sub.to_lowercase())
                            }
                            None => true,
                        }
                })
            })
            .map(|(id, _)| id.as_str())
            .collect();
        let doc = Document::new(code.clone());
        let module = std::sync::Arc::new(Imports::module_level(doc.tree(), doc.text()));
        let mut found = BTreeSet::new();
        walk::preorder(doc.tree().root_node(), |n| {
            if n.child_count() == 0 {
                let at = n.start_byte();
                for h in concepts_at(&doc, &imports_at(&doc, &module, at), &kb, at) {
                    found.insert(h.id);
                }
            }
            true
        });
        if wanted.iter().any(|w| found.contains(*w)) {
            hit += 1;
        } else {
            let found = if std::env::var_os("SEED_COVERAGE_VERBOSE").is_some() {
                format!("; found {found:?}")
            } else {
                String::new()
            };
            misses.push(format!("§{section} > {sub}: wanted one of {wanted:?}{found}"));
        }
    }
    println!(
        "{hit}/{} python blocks of guide {gid} have a concept of their section recognised ({:.1}%)",
        blocks.len(),
        100.0 * hit as f64 / blocks.len().max(1) as f64
    );
    for m in misses {
        println!("  missed: {m}");
    }
}

fn fail(msg: &str) -> ! {
    eprintln!("seed_coverage: {msg}");
    std::process::exit(2)
}
