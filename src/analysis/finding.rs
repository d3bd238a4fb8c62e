//! What the analysis produces: findings (diagnostics) with optional fixes.

use crate::knowledge::Severity;
use crate::text::TextRange;

/// How safe a fix is to apply without review (ruff's convention).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Only shown: it needs a human decision (e.g. which algorithm to pin).
    DisplayOnly,
    /// May change behaviour; applied on request (`--unsafe-fixes`, the quick fix).
    Unsafe,
    /// Keeps the program's meaning; applied by `--fix` and "fix all".
    Safe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
            Applicability::DisplayOnly => "display-only",
        }
    }
}

/// Replace `range` of the text with `content`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Edit {
    pub range: TextRange,
    pub content: String,
}

impl Edit {
    pub fn replace(range: TextRange, content: impl Into<String>) -> Self {
        Edit {
            range,
            content: content.into(),
        }
    }
    pub fn insert(at: usize, content: impl Into<String>) -> Self {
        Edit::replace(TextRange::new(at, at), content)
    }
    pub fn delete(range: TextRange) -> Self {
        Edit::replace(range, "")
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Fix {
    pub applicability: Applicability,
    /// A short imperative title: "Replace with `except Exception:`".
    pub message: String,
    /// Non-overlapping edits, sorted by position.
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn new(applicability: Applicability, message: impl Into<String>, mut edits: Vec<Edit>) -> Self {
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        Fix {
            applicability,
            message: message.into(),
            edits,
        }
    }

    /// The span every edit lies in.
    pub fn span(&self) -> Option<TextRange> {
        let start = self.edits.iter().map(|e| e.range.start).min()?;
        let end = self.edits.iter().map(|e| e.range.end).max()?;
        Some(TextRange::new(start, end))
    }
}

/// One diagnostic.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Finding {
    /// The rule's stable code, e.g. `PG101`.
    pub code: String,
    /// The rule's name, e.g. `bare-except`.
    pub name: String,
    /// The concept card the rule teaches.
    pub concept: String,
    pub severity: Severity,
    pub message: String,
    pub range: TextRange,
    pub fix: Option<Fix>,
}

/// Applies edits to `text`. Edits must not overlap; overlapping ones after the
/// first are skipped and counted in the second value.
pub fn apply_edits(text: &str, edits: &[Edit]) -> (String, usize) {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    let mut skipped = 0;
    for e in sorted {
        if e.range.start < pos || e.range.end > text.len() || e.range.start > e.range.end {
            skipped += 1;
            continue;
        }
        out.push_str(&text[pos..e.range.start]);
        out.push_str(&e.content);
        pos = e.range.end;
    }
    out.push_str(&text[pos..]);
    (out, skipped)
}

/// Picks the fixes of `findings` at or above `min` that do not overlap each
/// other (earlier findings first) and returns their combined edits. An edit
/// identical to one already chosen (two fixes adding the same import) is shared.
pub fn non_overlapping_fixes(findings: &[Finding], min: Applicability) -> Vec<Edit> {
    let mut edits: Vec<Edit> = Vec::new();
    for f in findings {
        let Some(fix) = &f.fix else { continue };
        if fix.applicability < min {
            continue;
        }
        let fresh: Vec<&Edit> = fix.edits.iter().filter(|e| !edits.contains(e)).collect();
        let clash = fresh
            .iter()
            .any(|n| edits.iter().any(|e| overlaps(e.range, n.range)));
        if !clash {
            edits.extend(fresh.into_iter().cloned());
        }
    }
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    edits
}

fn overlaps(a: TextRange, b: TextRange) -> bool {
    if a.is_empty() && b.is_empty() {
        return a.start == b.start;
    }
    if a.is_empty() {
        return b.start < a.start && a.start < b.end;
    }
    if b.is_empty() {
        return a.start < b.start && b.start < a.end;
    }
    a.start < b.end && b.start < a.end
}
