//! Output formats of `pyguide check`: text with code frames, JSON (ruff's
//! shape), SARIF 2.1.0, and unified diffs for `--diff`.

use serde_json::{json, Value};

use crate::analysis::Finding;
use crate::knowledge::{render, Knowledge, Severity};
use crate::text::{Document, SourceLocation};

pub struct FileReport {
    pub filename: String,
    pub doc: Document,
    pub findings: Vec<Finding>,
    pub fixes_applied: usize,
}

impl FileReport {
    pub fn new(filename: String, doc: Document, findings: Vec<Finding>, fixes_applied: usize) -> Self {
        FileReport {
            filename,
            doc,
            findings,
            fixes_applied,
        }
    }

    fn loc(&self, offset: usize) -> SourceLocation {
        SourceLocation::of(self.doc.lines(), self.doc.text(), offset)
    }
}

struct Paint(bool);

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn bold(&self, s: &str) -> String {
        self.wrap("1", s)
    }
    fn red(&self, s: &str) -> String {
        self.wrap("1;31", s)
    }
    fn cyan(&self, s: &str) -> String {
        self.wrap("36", s)
    }
    fn blue(&self, s: &str) -> String {
        self.wrap("1;34", s)
    }
    fn sev(&self, sev: Severity, s: &str) -> String {
        match sev {
            Severity::Error => self.red(s),
            Severity::Warning => self.wrap("1;33", s),
            _ => self.wrap("1;32", s),
        }
    }
}

/// rustc/ruff-style text: location, code, message, a code frame and the one-line why.
pub fn text(reports: &[FileReport], kb: &Knowledge, color: bool, fixing: bool) -> String {
    let p = Paint(color);
    let mut out = String::new();
    let mut total = 0;
    let mut fixable = 0;
    let mut fixed = 0;
    for r in reports {
        fixed += r.fixes_applied;
        for f in &r.findings {
            total += 1;
            let start = r.loc(f.range.start);
            let end = r.loc(f.range.end);
            let mark = match &f.fix {
                Some(fix) if fix.applicability == crate::analysis::Applicability::Safe => {
                    fixable += 1;
                    " [*]"
                }
                Some(fix) if fix.applicability == crate::analysis::Applicability::Unsafe => " [-]",
                _ => "",
            };
            out.push_str(&format!(
                "{}:{}:{}: {}{} {}\n",
                p.bold(&r.filename),
                start.row,
                start.column,
                p.sev(f.severity, &f.code),
                mark,
                f.message
            ));
            // code frame
            let text = r.doc.text();
            if let Some(line) = r.doc.lines().line_range(text, start.row - 1) {
                let gutter = start.row.to_string().len();
                let src = &text[line.start..line.end];
                let caret_start = src[..(f.range.start - line.start).min(src.len())].chars().count();
                let caret_len = if end.row == start.row {
                    (end.column - start.column).max(1)
                } else {
                    src.chars().count().saturating_sub(caret_start).max(1)
                };
                let pad = " ".repeat(gutter);
                out.push_str(&format!("{pad} {}\n", p.blue("|")));
                out.push_str(&format!(
                    "{} {} {}\n",
                    p.blue(&start.row.to_string()),
                    p.blue("|"),
                    src
                ));
                out.push_str(&format!(
                    "{pad} {} {}{} {}\n",
                    p.blue("|"),
                    " ".repeat(caret_start),
                    p.sev(f.severity, &"^".repeat(caret_len)),
                    p.sev(f.severity, &f.code)
                ));
                out.push_str(&format!("{pad} {}\n", p.blue("|")));
                if let Some(why) = kb
                    .rule(&f.code)
                    .and_then(|e| e.card.section("Why it is a problem").map(str::to_string))
                {
                    out.push_str(&format!(
                        "{pad} {} {}\n",
                        p.cyan("= why:"),
                        render::first_sentence(&why).replace('\n', " ")
                    ));
                }
                if let Some(fix) = &f.fix {
                    out.push_str(&format!(
                        "{pad} {} {} ({})\n",
                        p.cyan("= help:"),
                        fix.message,
                        fix.applicability.as_str()
                    ));
                }
                out.push_str(&format!(
                    "{pad} {} `pyguide explain {}`\n\n",
                    p.cyan("= learn more:"),
                    f.code
                ));
            }
        }
    }
    if total == 0 {
        if fixed > 0 {
            out.push_str(&format!(
                "Fixed {fixed} problem{}; no problems left.\n",
                plural(fixed)
            ));
        } else {
            out.push_str("All checks passed.\n");
        }
    } else {
        out.push_str(&format!("Found {total} problem{}", plural(total)));
        if fixed > 0 {
            out.push_str(&format!(" after fixing {fixed}"));
        }
        out.push('.');
        if fixable > 0 && !fixing {
            out.push_str(&format!(" {fixable} fixable with `pyguide check --fix`."));
        }
        out.push('\n');
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The JSON shape: ruff's, with pyguide's `name`, `concept`, `severity` and `equivalents`.
pub fn json(reports: &[FileReport]) -> String {
    let kb = Knowledge::builtin();
    let mut items = Vec::new();
    for r in reports {
        for f in &r.findings {
            let equivalents = kb
                .rule(&f.code)
                .and_then(|e| e.card.rule.as_ref().map(|m| m.equivalents.clone()))
                .unwrap_or_default();
            let fix = f.fix.as_ref().map(|fix| {
                json!({
                    "applicability": fix.applicability.as_str(),
                    "message": fix.message,
                    "edits": fix.edits.iter().map(|e| json!({
                        "content": e.content,
                        "location": r.loc(e.range.start),
                        "end_location": r.loc(e.range.end),
                    })).collect::<Vec<_>>(),
                })
            });
            items.push(json!({
                "code": f.code,
                "name": f.name,
                "concept": f.concept,
                "severity": f.severity.as_str(),
                "message": f.message,
                "filename": r.filename,
                "location": r.loc(f.range.start),
                "end_location": r.loc(f.range.end),
                "fix": fix,
                "equivalents": equivalents,
            }));
        }
    }
    let mut s = serde_json::to_string_pretty(&Value::Array(items)).unwrap_or_else(|_| "[]".into());
    s.push('\n');
    s
}

/// SARIF 2.1.0, as GitHub code scanning accepts it.
pub fn sarif(reports: &[FileReport], kb: &Knowledge) -> String {
    let rules: Vec<Value> = kb
        .rules()
        .filter_map(|e| {
            let m = e.card.rule.as_ref()?;
            Some(json!({
                "id": m.code,
                "name": e.card.id,
                "shortDescription": { "text": e.card.title },
                "fullDescription": { "text": m.message },
                "help": {
                    "text": e.card.section("Why it is a problem").unwrap_or(""),
                    "markdown": render::full_markdown(&e.card, kb),
                },
                "helpUri": e.card.docs.first(),
                "defaultConfiguration": { "level": sarif_level(m.severity), "enabled": m.default_enabled },
                "properties": { "tags": [e.card.category.clone()], "equivalents": m.equivalents },
            }))
        })
        .collect();
    let results: Vec<Value> = reports
        .iter()
        .flat_map(|r| {
            r.findings.iter().map(move |f| {
                let s = r.loc(f.range.start);
                let e = r.loc(f.range.end);
                json!({
                    "ruleId": f.code,
                    "level": sarif_level(f.severity),
                    "message": { "text": f.message },
                    "locations": [{
                        "physicalLocation": {
                            "artifactLocation": { "uri": r.filename.replace('\\', "/").trim_start_matches("./") },
                            "region": {
                                "startLine": s.row, "startColumn": s.column,
                                "endLine": e.row, "endColumn": e.column,
                            }
                        }
                    }],
                })
            })
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "pyguide",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://docs.python.org/3/",
                "rules": rules,
            }},
            "results": results,
        }],
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

pub fn unified_diff(name: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}

/// `--statistics`: how often each rule fired, most frequent first (like
/// `ruff check --statistics`). `[*]` marks rules with a fix for some finding.
pub fn statistics(reports: &[FileReport], json_output: bool) -> String {
    let mut by_code: std::collections::BTreeMap<&str, (usize, &str, bool)> =
        std::collections::BTreeMap::new();
    for f in reports.iter().flat_map(|r| &r.findings) {
        let entry = by_code
            .entry(f.code.as_str())
            .or_insert((0, f.name.as_str(), false));
        entry.0 += 1;
        entry.2 |= f.fix.is_some();
    }
    let mut rows: Vec<(&str, usize, &str, bool)> = by_code
        .into_iter()
        .map(|(code, (n, name, fixable))| (code, n, name, fixable))
        .collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    if json_output {
        let items: Vec<serde_json::Value> = rows
            .iter()
            .map(|(code, count, name, fixable)| {
                serde_json::json!({"code": code, "name": name, "count": count, "fixable": fixable})
            })
            .collect();
        return serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".into()) + "\n";
    }
    let width = rows.iter().map(|r| r.1.to_string().len()).max().unwrap_or(1);
    let mut out = String::new();
    for (code, count, name, fixable) in &rows {
        out.push_str(&format!(
            "{count:>width$}\t{code}\t{} {name}\n",
            if *fixable { "[*]" } else { "[ ]" }
        ));
    }
    let total: usize = rows.iter().map(|r| r.1).sum();
    out.push_str(&format!(
        "Found {total} problem{}.\n",
        if total == 1 { "" } else { "s" }
    ));
    out
}
