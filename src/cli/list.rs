//! `pyguide concepts`, `pyguide rules` and `pyguide knowledge check`.

use std::path::Path;
use std::process::ExitCode;

use serde_json::json;

use super::Format;
use crate::analysis::rules;
use crate::knowledge::Knowledge;

pub fn concepts(format: Format) -> ExitCode {
    let kb = Knowledge::builtin();
    match format {
        Format::Json => {
            let v: Vec<_> = kb
                .concepts()
                .map(|e| {
                    let c = &e.card;
                    json!({ "id": c.id, "title": c.title, "category": c.category, "level": c.level, "guides": c.guides })
                })
                .collect();
            println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        }
        _ => {
            for e in kb.concepts() {
                let c = &e.card;
                println!(
                    "{:<36} {:<20} {:<12} {}",
                    c.id,
                    c.category,
                    c.level.as_str(),
                    c.title
                );
            }
        }
    }
    ExitCode::SUCCESS
}

/// Rules that pyguide implements, with their cards' metadata.
pub fn rules(format: Format) -> ExitCode {
    let kb = Knowledge::builtin();
    let implemented: Vec<_> = kb
        .rules()
        .filter(|e| rules::all().iter().any(|r| r.name() == e.card.id))
        .collect();
    match format {
        Format::Json => {
            let v: Vec<_> = implemented
                .iter()
                .filter_map(|e| {
                    let r = e.card.rule.as_ref()?;
                    Some(json!({
                        "code": r.code, "name": e.card.id, "concept": r.concept,
                        "severity": r.severity.as_str(), "fix": r.fix, "equivalents": r.equivalents,
                        "default": r.default_enabled, "title": e.card.title,
                    }))
                })
                .collect();
            println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        }
        _ => {
            for e in implemented {
                if let Some(r) = &e.card.rule {
                    println!(
                        "{} {:<34} {:<8} {:<4} {}",
                        r.code,
                        e.card.id,
                        r.severity.as_str(),
                        if r.default_enabled { "on" } else { "off" },
                        e.card.title
                    );
                }
            }
        }
    }
    ExitCode::SUCCESS
}

pub fn knowledge_check(dir: &Path) -> ExitCode {
    let (n, errors) = Knowledge::check_dir(dir);
    for e in &errors {
        println!("{e}");
    }
    println!(
        "{n} card{} checked, {} problem{}",
        if n == 1 { "" } else { "s" },
        errors.len(),
        if errors.len() == 1 { "" } else { "s" }
    );
    if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
