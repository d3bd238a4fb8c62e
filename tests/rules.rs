//! Rule fixtures: `tests/fixtures/rules/<rule-name>/`
//! - `bad.py`: every line a finding of the rule must start on ends with
//!   `# expect: PGnnn` (repeat the code for several findings on one line);
//!   no other line may get one;
//! - `good.py`: code the rule must stay quiet about (near misses);
//! - `fixed.py` (required when the rule has fixes): `bad.py` after applying
//!   every fix of the rule, safe and unsafe, until none is left. It must parse.

use std::collections::BTreeMap;
use std::path::Path;

use pyguide::analysis::{apply_edits, check, non_overlapping_fixes, rules, Applicability, Finding};
use pyguide::knowledge::{FixAvailability, Knowledge};
use pyguide::settings::{RawSettings, Settings};
use pyguide::text::Document;

fn settings_for(name: &str, kb: &Knowledge) -> Settings {
    let raw = RawSettings {
        select: Some(vec![name.to_string()]),
        ..RawSettings::default()
    };
    let (settings, warnings) = Settings::resolve(&raw, kb);
    assert!(warnings.is_empty(), "{name}: {warnings:?}");
    settings
}

fn expected_lines(source: &str, code: &str) -> BTreeMap<usize, usize> {
    let mut out = BTreeMap::new();
    for (i, line) in source.lines().enumerate() {
        if let Some(at) = line.find("# expect:") {
            let n = line[at + 9..].split_whitespace().filter(|c| *c == code).count();
            if n > 0 {
                out.insert(i + 1, n);
            }
        }
    }
    out
}

fn finding_lines(doc: &Document, findings: &[Finding]) -> BTreeMap<usize, usize> {
    let mut out = BTreeMap::new();
    for f in findings {
        *out.entry(doc.lines().line_of(f.range.start) + 1).or_insert(0) += 1;
    }
    out
}

fn fix_all(source: &str, settings: &Settings, kb: &Knowledge) -> String {
    let mut doc = Document::new(source);
    for _ in 0..10 {
        let findings = check(&doc, settings, kb, None);
        let edits = non_overlapping_fixes(&findings, Applicability::Unsafe);
        if edits.is_empty() {
            break;
        }
        doc = Document::new(apply_edits(doc.text(), &edits).0);
    }
    doc.text().to_string()
}

#[test]
fn every_rule_matches_its_fixtures() {
    let kb = Knowledge::builtin();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules");
    let mut problems = Vec::new();
    let mut checked = 0;
    for rule in rules::all() {
        let name = rule.name();
        let Some(entry) = kb.rule(name) else {
            problems.push(format!("{name}: implemented but has no rule card"));
            continue;
        };
        let meta = entry.card.rule.as_ref().unwrap();
        let dir = root.join(name);
        let read = |f: &str| std::fs::read_to_string(dir.join(f)).ok();
        let (Some(bad), Some(good)) = (read("bad.py"), read("good.py")) else {
            problems.push(format!(
                "{name}: needs tests/fixtures/rules/{name}/bad.py and good.py"
            ));
            continue;
        };
        let settings = settings_for(name, &kb);
        let doc = Document::new(bad.clone());
        let findings = check(&doc, &settings, &kb, None);
        let want = expected_lines(&bad, &meta.code);
        if want.is_empty() {
            problems.push(format!(
                "{name}: bad.py marks no line with `# expect: {}`",
                meta.code
            ));
        }
        let got = finding_lines(&doc, &findings);
        if want != got {
            problems.push(format!(
                "{name}: bad.py expected findings on lines {want:?}, got {got:?}"
            ));
        }
        for f in &findings {
            if f.message.contains('{') && f.message.contains('}') && f.message.contains("{name}") {
                problems.push(format!("{name}: unfilled placeholder in `{}`", f.message));
            }
        }
        let gdoc = Document::new(good.clone());
        let quiet = check(&gdoc, &settings, &kb, None);
        if !quiet.is_empty() {
            problems.push(format!(
                "{name}: good.py has findings on lines {:?}",
                finding_lines(&gdoc, &quiet)
            ));
        }
        let has_fix = findings.iter().any(|f| f.fix.is_some());
        if meta.fix == FixAvailability::Never && has_fix {
            problems.push(format!(
                "{name}: the card says fix = never but the rule offers fixes"
            ));
        }
        if meta.fix == FixAvailability::Always && findings.iter().any(|f| f.fix.is_none()) {
            problems.push(format!(
                "{name}: the card says fix = always but some findings have none"
            ));
        }
        match read("fixed.py") {
            Some(expected) => {
                let fixed = fix_all(&bad, &settings, &kb);
                if fixed != expected {
                    problems.push(format!(
                        "{name}: fixing bad.py gives\n{fixed}\n--- but fixed.py is\n{expected}"
                    ));
                }
                if Document::new(fixed).tree().root_node().has_error() {
                    problems.push(format!("{name}: the fixed code does not parse"));
                }
            }
            None if has_fix => problems.push(format!("{name}: offers fixes, so needs fixed.py")),
            None => {}
        }
        checked += 1;
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(checked >= 3);
}
