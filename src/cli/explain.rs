//! `pyguide explain` and `pyguide tour`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use serde_json::json;

use super::{Format, LevelArg};
use crate::analysis::{self, hover::hover_at, Imports};
use crate::knowledge::{render, Knowledge};
use crate::settings::{known, Audience, RawSettings, Settings};
use crate::text::{Document, SourceLocation};

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// A concept id (`decorator`), rule code (`PG101`) or rule name (`bare-except`).
    pub id: Option<String>,
    /// Explain what is at FILE:ROW:COL (1-based row and column, columns in characters).
    #[arg(long, value_name = "FILE:ROW:COL", conflicts_with = "id")]
    pub at: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub output_format: Format,
    /// The audience level the hover is written for.
    #[arg(long, value_enum)]
    pub level: Option<LevelArg>,
}

pub fn run(args: ExplainArgs) -> ExitCode {
    let kb = Knowledge::builtin();
    if let Some(at) = &args.at {
        return explain_at(at, &args, &kb);
    }
    let Some(id) = &args.id else {
        eprintln!("pyguide: explain needs a concept or rule id, or --at FILE:ROW:COL");
        return ExitCode::from(2);
    };
    let Some(entry) = kb.concept(id).or_else(|| kb.rule(id)) else {
        eprintln!("pyguide: no concept or rule `{id}` (see `pyguide concepts` and `pyguide rules`)");
        return ExitCode::from(2);
    };
    let card = &entry.card;
    match args.output_format {
        Format::Json => {
            let sections: serde_json::Map<String, serde_json::Value> = card
                .sections
                .iter()
                .map(|s| (s.name.clone(), json!(s.body)))
                .collect();
            let v = json!({
                "id": card.id,
                "kind": card.kind,
                "title": card.title,
                "category": card.category,
                "level": card.level,
                "guides": card.guides,
                "related": card.related,
                "docs": card.docs,
                "rule": card.rule.as_ref().map(|r| json!({
                    "code": r.code, "concept": r.concept, "severity": r.severity.as_str(),
                    "default": r.default_enabled, "fix": r.fix, "equivalents": r.equivalents, "message": r.message,
                })),
                "sections": sections,
                "markdown": render::full_markdown(card, &kb),
            });
            println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        }
        _ => print!("{}", render::full_markdown(card, &kb)),
    }
    ExitCode::SUCCESS
}

fn settings_for(level: Option<LevelArg>, kb: &Knowledge) -> Settings {
    let raw = RawSettings {
        level: level.map(Audience::from),
        known: known::load(&known::path()).ok(),
        ..RawSettings::default()
    };
    Settings::resolve(&raw, kb).0
}

fn explain_at(at: &str, args: &ExplainArgs, kb: &Knowledge) -> ExitCode {
    let mut parts = at.rsplitn(3, ':');
    let (col, row, file) = (parts.next(), parts.next(), parts.next());
    let (Some(file), Some(Ok(row)), Some(Ok(col))) =
        (file, row.map(str::parse::<usize>), col.map(str::parse::<usize>))
    else {
        eprintln!("pyguide: --at wants FILE:ROW:COL, got `{at}`");
        return ExitCode::from(2);
    };
    let source = match std::fs::read_to_string(PathBuf::from(file)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("pyguide: cannot read {file}: {e}");
            return ExitCode::from(2);
        }
    };
    let settings = settings_for(args.level, kb);
    let doc = Document::new(source);
    let offset = SourceLocation { row, column: col }.to_offset(doc.lines(), doc.text());
    let imports = analysis::imports_at(
        &doc,
        &std::sync::Arc::new(Imports::module_level(doc.tree(), doc.text())),
        offset,
    );
    let findings = analysis::check(&doc, &settings, kb, Some(file));
    let answer = hover_at(&doc, &imports, &findings, kb, &settings, offset);
    match args.output_format {
        Format::Json => {
            let concepts: Vec<_> = answer
                .as_ref()
                .map(|a| a.concepts.clone())
                .unwrap_or_default()
                .iter()
                .map(|c| {
                    json!({
                        "id": c.id,
                        "title": kb.concept(&c.id).map(|e| e.card.title.clone()),
                        "range": {
                            "start": SourceLocation::of(doc.lines(), doc.text(), c.range.start),
                            "end": SourceLocation::of(doc.lines(), doc.text(), c.range.end),
                        },
                    })
                })
                .collect();
            let v = json!({ "concepts": concepts, "hover": answer.as_ref().map(|a| a.markdown.clone()) });
            println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        }
        _ => match &answer {
            Some(a) => print!("{}", a.markdown),
            None => println!("Nothing to explain at {file}:{row}:{col}."),
        },
    }
    ExitCode::SUCCESS
}

const TOUR: &str = include_str!("../../examples/tour.py");

/// Checks the bundled tour file and explains the lines marked `# tour: explain`.
pub fn tour() -> ExitCode {
    let kb = Knowledge::builtin();
    let settings = settings_for(None, &kb);
    println!("pyguide tour: checking examples/tour.py (bundled in the binary)\n");
    let checked = super::check::check_source("examples/tour.py", TOUR.to_string(), &settings, &kb, None);
    let report = checked.report;
    print!(
        "{}",
        super::output::text(std::slice::from_ref(&report), &kb, false, false)
    );
    let doc = &report.doc;
    let module_imports = std::sync::Arc::new(Imports::module_level(doc.tree(), doc.text()));
    for (i, line) in TOUR.lines().enumerate() {
        let Some(marker) = line.find("# tour: explain") else {
            continue;
        };
        let code = &line[..marker];
        let indent = code.len() - code.trim_start().len();
        let start = doc.lines().line_start(i).unwrap_or(0) + indent;
        // hover on the first token of the line, like a user pointing at it
        println!(
            "\n── hover at examples/tour.py:{}:{} `{}` ──\n",
            i + 1,
            indent + 1,
            code.trim()
        );
        let imports = analysis::imports_at(doc, &module_imports, start);
        match hover_at(doc, &imports, &report.findings, &kb, &settings, start) {
            Some(a) => println!("{}", a.markdown.trim_end()),
            None => println!("(nothing recognised)"),
        }
    }
    ExitCode::SUCCESS
}
