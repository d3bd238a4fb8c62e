//! `pyguide check`: lint files and directories, optionally applying fixes.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use rayon::prelude::*;

use super::output::{self, FileReport};
use super::Format;
use crate::analysis::{self, apply_edits, non_overlapping_fixes, Applicability};
use crate::knowledge::Knowledge;
use crate::settings::{RawSettings, Settings};
use crate::text::Document;

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files or directories to check (directories: every *.py and *.pyi, respecting .gitignore).
    pub paths: Vec<PathBuf>,
    /// Read the source from stdin and report it under this file name.
    #[arg(long)]
    pub stdin_filename: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub output_format: Format,
    /// Apply safe fixes and write the files.
    #[arg(long)]
    pub fix: bool,
    /// With --fix or --diff, also apply unsafe fixes.
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the fixes as a unified diff instead of writing them.
    #[arg(long)]
    pub diff: bool,
    /// Rules to run instead of the defaults (codes, code prefixes like PG1, names, or ALL).
    #[arg(long, value_delimiter = ',')]
    pub select: Option<Vec<String>>,
    /// Rules to run in addition to the selected ones.
    #[arg(long, value_delimiter = ',')]
    pub extend_select: Option<Vec<String>>,
    /// Rules not to run.
    #[arg(long, value_delimiter = ',')]
    pub ignore: Option<Vec<String>>,
}

pub fn run(args: CheckArgs) -> ExitCode {
    let kb = Knowledge::builtin();
    let raw = RawSettings {
        select: args.select.clone(),
        extend_select: args.extend_select.clone(),
        ignore: args.ignore.clone(),
        ..RawSettings::default()
    };
    let (settings, warnings) = Settings::resolve(&raw, &kb);
    for w in warnings {
        eprintln!("pyguide: warning: {w}");
    }
    let min = if args.unsafe_fixes {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    let mut reports: Vec<FileReport> = Vec::new();
    let mut errors = 0;

    if let Some(name) = &args.stdin_filename {
        let mut source = String::new();
        if let Err(e) = std::io::stdin().read_to_string(&mut source) {
            eprintln!("pyguide: cannot read stdin: {e}");
            return ExitCode::from(2);
        }
        let checked = check_source(
            name,
            source,
            &settings,
            &kb,
            (args.fix || args.diff).then_some(min),
        );
        if args.diff {
            let fixed = checked.fixed.as_deref().unwrap_or(&checked.original);
            print!("{}", output::unified_diff(name, &checked.original, fixed));
        } else if args.fix {
            // With --fix on stdin, the fixed source goes to stdout (like ruff).
            print!("{}", checked.fixed.as_deref().unwrap_or(&checked.original));
            return ExitCode::SUCCESS;
        }
        reports.push(checked.report);
    } else {
        if args.paths.is_empty() {
            eprintln!("pyguide: no paths given (use `pyguide check .` or --stdin-filename)");
            return ExitCode::from(2);
        }
        let (files, walk_errors) = collect_files(&args.paths);
        for e in &walk_errors {
            eprintln!("pyguide: error: {e}");
        }
        errors += walk_errors.len();
        let results: Vec<Result<Checked, String>> = files
            .par_iter()
            .map(|path| {
                let name = path.display().to_string();
                let bytes = std::fs::read(path).map_err(|e| format!("{name}: {e}"))?;
                let source = String::from_utf8(bytes).map_err(|_| format!("{name}: not UTF-8"))?;
                Ok(check_source(
                    &name,
                    source,
                    &settings,
                    &kb,
                    (args.fix || args.diff).then_some(min),
                ))
            })
            .collect();
        for r in results {
            match r {
                Ok(checked) => {
                    let report = checked.report;
                    if let Some(fixed) = checked.fixed.filter(|f| *f != checked.original) {
                        if args.diff {
                            print!(
                                "{}",
                                output::unified_diff(&report.filename, &checked.original, &fixed)
                            );
                        } else if args.fix {
                            if let Err(e) = std::fs::write(&report.filename, &fixed) {
                                eprintln!("pyguide: error: cannot write {}: {e}", report.filename);
                                errors += 1;
                            }
                        }
                    }
                    reports.push(report);
                }
                Err(e) => {
                    eprintln!("pyguide: error: {e}");
                    errors += 1;
                }
            }
        }
    }
    reports.sort_by(|a, b| a.filename.cmp(&b.filename));
    let total: usize = reports.iter().map(|r| r.findings.len()).sum();
    if !args.diff {
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        let color = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none();
        let rendered = match args.output_format {
            Format::Text => output::text(&reports, &kb, color, args.fix),
            Format::Json => output::json(&reports),
            Format::Sarif => output::sarif(&reports, &kb),
        };
        let _ = out.write_all(rendered.as_bytes());
    }
    if errors > 0 {
        ExitCode::from(2)
    } else if total > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The result of checking one source.
pub struct Checked {
    /// The findings (those that remain after fixing, when fixing).
    pub report: FileReport,
    pub original: String,
    /// The fixed source, when fixes were asked for.
    pub fixed: Option<String>,
}

/// Checks one source; with `fix`, also applies fixes of at least that
/// applicability (repeated until nothing changes, at most 8 rounds) and reports
/// the findings that remain.
pub fn check_source(
    name: &str,
    source: String,
    settings: &Settings,
    kb: &Knowledge,
    fix: Option<Applicability>,
) -> Checked {
    let doc = Document::new(source.clone());
    let findings = analysis::check(&doc, settings, kb, Some(name));
    let Some(min) = fix else {
        return Checked {
            report: FileReport::new(name.to_string(), doc, findings, 0),
            original: source,
            fixed: None,
        };
    };
    let mut current = doc;
    let mut findings = findings;
    let mut fixes_applied = 0;
    for _ in 0..8 {
        let edits = non_overlapping_fixes(&findings, min);
        if edits.is_empty() {
            break;
        }
        let (text, _) = apply_edits(current.text(), &edits);
        let next = Document::new(text);
        if next.tree().root_node().has_error() && !current.tree().root_node().has_error() {
            tracing::error!("a fix for {name} produced code that does not parse; not applied");
            break;
        }
        fixes_applied += edits.len();
        findings = analysis::check(&next, settings, kb, Some(name));
        current = next;
    }
    let fixed = current.text().to_string();
    Checked {
        report: FileReport::new(name.to_string(), current, findings, fixes_applied),
        original: source,
        fixed: Some(fixed),
    }
}

/// Every Python file under `paths`, in a stable order; explicit files are
/// always included, directories are walked respecting .gitignore.
pub fn collect_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<String>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.is_file() {
            files.push(path.clone());
            continue;
        }
        if !path.exists() {
            errors.push(format!("{}: no such file or directory", path.display()));
            continue;
        }
        for entry in ignore::WalkBuilder::new(path)
            .hidden(true)
            .git_ignore(true)
            .require_git(false)
            .build()
        {
            match entry {
                Ok(e) => {
                    let p = e.path();
                    if p.is_file() && is_python(p) {
                        files.push(e.into_path());
                    }
                }
                Err(e) => errors.push(e.to_string()),
            }
        }
    }
    files.sort();
    files.dedup();
    (files, errors)
}

fn is_python(p: &Path) -> bool {
    matches!(p.extension().and_then(|e| e.to_str()), Some("py" | "pyi"))
}
