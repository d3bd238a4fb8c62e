//! Real code: every `.py` file of the CPython standard library on this machine
//! through the whole analysis (every rule selected), and a hover at every token
//! of a sample of them. Zero panics, no file over its time budget.
//!
//! `PYGUIDE_CORPUS=DIR` checks another tree; `PYGUIDE_CORPUS_EVERY=N` checks
//! every Nth file (default 40; 1 for all); `PYGUIDE_CORPUS_HOVER_EVERY=N`
//! hovers at every token of every Nth checked file (default 10; 0 for none).

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use pyguide::analysis::{self, hover::hover_at, ImportsCache};
use pyguide::knowledge::Knowledge;
use pyguide::settings::{RawSettings, Settings};
use pyguide::text::Document;

fn corpus_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("PYGUIDE_CORPUS") {
        return PathBuf::from(dir);
    }
    let out = std::process::Command::new("python3")
        .args(["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"])
        .output()
        .expect("python3 is needed to find the standard library (or set PYGUIDE_CORPUS)");
    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
}

fn python_files(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() && !p.is_symlink() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "py") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn the_standard_library_is_analysed_without_panics() {
    let dir = corpus_dir();
    let every: usize = std::env::var("PYGUIDE_CORPUS_EVERY")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40)
        .max(1);
    let files: Vec<PathBuf> = python_files(&dir).into_iter().step_by(every).collect();
    assert!(
        files.len() * every > 500,
        "only {} files under {}",
        files.len(),
        dir.display()
    );
    let kb = Knowledge::builtin();
    let raw = RawSettings {
        select: Some(vec!["ALL".into()]),
        ..RawSettings::default()
    };
    let settings = Settings::resolve(&raw, &kb).0;
    let hover_every: usize = std::env::var("PYGUIDE_CORPUS_HOVER_EVERY")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);
    let budget = Duration::from_secs(10);
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let start = Instant::now();
    let results = std::sync::Mutex::new((
        Vec::<String>::new(),
        BTreeMap::<String, usize>::new(),
        0usize,
        0usize,
    ));
    std::thread::scope(|s| {
        for t in 0..threads {
            let files = &files;
            let results = &results;
            let kb = &kb;
            let settings = &settings;
            s.spawn(move || {
                for (i, path) in files.iter().enumerate().skip(t).step_by(threads) {
                    let Ok(bytes) = std::fs::read(path) else { continue };
                    let text = String::from_utf8_lossy(&bytes).into_owned();
                    let t0 = Instant::now();
                    let outcome = catch_unwind(AssertUnwindSafe(|| {
                        let doc = Document::new(text);
                        let findings = analysis::check(&doc, settings, kb, path.to_str());
                        let mut hovers = 0;
                        if hover_every > 0 && i % hover_every == 0 {
                            let imports_cache = ImportsCache::new(&doc);
                            let mut offsets = Vec::new();
                            pyguide::analysis::walk::preorder(doc.tree().root_node(), |n| {
                                if n.child_count() == 0 {
                                    offsets.push(n.start_byte());
                                }
                                true
                            });
                            for off in offsets {
                                let imports = imports_cache.at(&doc, off);
                                let _ = hover_at(&doc, &imports, &findings, kb, settings, off);
                                hovers += 1;
                            }
                        }
                        (findings, hovers)
                    }));
                    let elapsed = t0.elapsed();
                    let mut r = results.lock().unwrap();
                    match outcome {
                        Ok((findings, hovers)) => {
                            for f in findings {
                                *r.1.entry(f.code).or_insert(0) += 1;
                            }
                            r.3 += hovers;
                        }
                        Err(_) => r.0.push(format!("panic: {}", path.display())),
                    }
                    if elapsed > budget {
                        r.0.push(format!("over budget ({elapsed:?}): {}", path.display()));
                    }
                    r.2 += 1;
                }
            });
        }
    });
    let (problems, per_code, checked, hovers) = results.into_inner().unwrap();
    assert!(
        hover_every == 0 || hovers > 1_000,
        "only {hovers} hovers were made"
    );
    println!(
        "corpus: {checked} files under {} in {:.1}s ({threads} threads), {hovers} hovers",
        dir.display(),
        start.elapsed().as_secs_f64()
    );
    for (code, n) in &per_code {
        println!("  {code}: {n}");
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
