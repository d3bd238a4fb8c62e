//! `pyguide check`: lint files and directories, optionally applying fixes.

use std::collections::HashMap;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use clap::Args;
use rayon::prelude::*;

use super::output::{self, FileReport};
use super::Format;
use crate::analysis::{self, apply_edits, non_overlapping_fixes, Applicability};
use crate::knowledge::Knowledge;
use crate::settings::{file, RawSettings, Settings};
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
    /// Print how often each rule fired instead of the findings.
    #[arg(long)]
    pub statistics: bool,
    /// Progress on stderr: shown by default when stderr is a terminal and
    /// there are many files; `always` or `never` to decide.
    #[arg(long, value_enum, default_value_t = Progress::Auto)]
    pub progress: Progress,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Progress {
    Auto,
    Always,
    Never,
}

/// A one-line progress bar on stderr, redrawn by a background thread.
struct ProgressBar {
    done: Arc<std::sync::atomic::AtomicUsize>,
    stop: Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl ProgressBar {
    fn start(total: usize) -> ProgressBar {
        use std::sync::atomic::Ordering;
        let done = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (d, s) = (done.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            let draw = |n: usize| {
                const WIDTH: usize = 30;
                let filled = (n * WIDTH).checked_div(total).unwrap_or(WIDTH).min(WIDTH);
                eprint!(
                    "\r[{}{}] {n}/{total} files",
                    "=".repeat(filled),
                    " ".repeat(WIDTH - filled)
                );
            };
            while !s.load(Ordering::Relaxed) {
                draw(d.load(Ordering::Relaxed));
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            draw(d.load(Ordering::Relaxed));
            // Clear the line so the report starts on a clean one.
            eprint!("\r{}\r", " ".repeat(60 + 2 * total.to_string().len()));
        });
        ProgressBar {
            done,
            stop,
            thread: Some(thread),
        }
    }

    fn tick(&self) {
        self.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    fn finish(mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Settings and knowledge for the files under one settings file.
struct Resolved {
    settings: Settings,
    kb: Arc<Knowledge>,
}

/// Resolves (once per settings file) what applies to a file: the nearest
/// `pyguide.toml` / `[tool.pyguide]`, overridden by the command-line flags.
struct Resolver {
    cli: RawSettings,
    discovery: file::Discovery,
    by_config: Mutex<HashMap<Option<PathBuf>, Arc<Resolved>>>,
}

impl Resolver {
    fn for_file(&self, path: &Path) -> Result<Arc<Resolved>, String> {
        let found = self.discovery.for_file(path).map_err(|e| e.to_string())?;
        let key = found.as_ref().map(|f| f.path.clone());
        if let Some(r) = self.by_config.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return Ok(r);
        }
        // Flags override the file; `--ignore` and `--extend-select` add to its lists.
        let raw = match &found {
            Some(f) => {
                let mut raw = f.settings.overlay(&self.cli);
                let join = |a: &Option<Vec<String>>, b: &Option<Vec<String>>| match (a, b) {
                    (Some(a), Some(b)) => Some(a.iter().chain(b).cloned().collect()),
                    (a, b) => b.clone().or_else(|| a.clone()),
                };
                raw.ignore = join(&f.settings.ignore, &self.cli.ignore);
                raw.extend_select = join(&f.settings.extend_select, &self.cli.extend_select);
                raw
            }
            None => self.cli.clone(),
        };
        let base = Knowledge::builtin();
        let kb = match raw.knowledge.as_deref() {
            Some(dirs) if !dirs.is_empty() => {
                let (kb, errors) = base.with_user_dirs(dirs);
                for e in errors {
                    eprintln!("pyguide: warning: knowledge: {e}");
                }
                Arc::new(kb)
            }
            _ => base,
        };
        let (settings, warnings) = Settings::resolve(&raw, &kb);
        for w in warnings {
            match &key {
                Some(p) => eprintln!("pyguide: warning: {}: {w}", p.display()),
                None => eprintln!("pyguide: warning: {w}"),
            }
        }
        let resolved = Arc::new(Resolved { settings, kb });
        if let Ok(mut m) = self.by_config.lock() {
            m.insert(key, resolved.clone());
        }
        Ok(resolved)
    }
}

pub fn run(args: CheckArgs) -> ExitCode {
    let resolver = Resolver {
        cli: RawSettings {
            select: args.select.clone(),
            extend_select: args.extend_select.clone(),
            ignore: args.ignore.clone(),
            ..RawSettings::default()
        },
        discovery: file::Discovery::default(),
        by_config: Mutex::new(HashMap::new()),
    };
    let kb = Knowledge::builtin();
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
        let resolved = match resolver.for_file(Path::new(name)) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("pyguide: error: {e}");
                return ExitCode::from(2);
            }
        };
        let checked = check_source(
            name,
            source,
            &resolved.settings,
            &resolved.kb,
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
        let show_progress = match args.progress {
            Progress::Always => true,
            Progress::Never => false,
            Progress::Auto => files.len() >= 50 && std::io::stderr().is_terminal(),
        };
        let progress = show_progress.then(|| ProgressBar::start(files.len()));
        let results: Vec<Result<Checked, String>> = files
            .par_iter()
            .map(|path| {
                let _tick = progress.as_ref().map(TickOnDrop);
                let name = path.display().to_string();
                let resolved = resolver.for_file(path)?;
                let bytes = std::fs::read(path).map_err(|e| format!("{name}: {e}"))?;
                let source = match String::from_utf8(bytes) {
                    Ok(s) => s,
                    Err(e) if !(args.fix || args.diff) => {
                        // A file in another encoding (PEP 263): check it as best we
                        // can, but never write it back.
                        eprintln!("pyguide: warning: {name}: not UTF-8; checked with replacement characters");
                        String::from_utf8_lossy(e.as_bytes()).into_owned()
                    }
                    Err(_) => return Err(format!("{name}: not UTF-8; not fixing it")),
                };
                Ok(check_source(
                    &name,
                    source,
                    &resolved.settings,
                    &resolved.kb,
                    (args.fix || args.diff).then_some(min),
                ))
            })
            .collect();
        if let Some(p) = progress {
            p.finish();
        }
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
            _ if args.statistics => output::statistics(&reports, args.output_format == Format::Json),
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

/// Counts a file as done however its check ends.
struct TickOnDrop<'a>(&'a ProgressBar);

impl Drop for TickOnDrop<'_> {
    fn drop(&mut self) {
        self.0.tick();
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
    if let Some(reason) = doc.oversized() {
        eprintln!("pyguide: {name}: {reason}; not checked");
    }
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
