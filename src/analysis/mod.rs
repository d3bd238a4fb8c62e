//! The pure analysis core: (text, tree, settings, knowledge) → findings and
//! concepts. Nothing here knows about LSP, tokio or the terminal.

pub mod finding;
pub mod hover;
pub mod imports;
pub mod recognize;
pub mod rules;
pub mod suppress;

use tree_sitter::Node;

pub use finding::{apply_edits, non_overlapping_fixes, Applicability, Edit, Finding, Fix};
pub use imports::Imports;
pub use recognize::{concepts_at, ConceptHit};

use crate::knowledge::Knowledge;
use crate::settings::Settings;
use crate::text::{Document, TextRange};

/// What a rule sees: the source, its tree and the module's import table.
pub struct Context<'a> {
    pub text: &'a str,
    pub doc: &'a Document,
    pub imports: &'a Imports,
}

impl<'a> Context<'a> {
    pub fn text_of(&self, node: Node) -> &'a str {
        imports::node_text(node, self.text)
    }
    /// The qualified name of a call's function, a decorator, an attribute or a name.
    pub fn qualified(&self, node: Node) -> Option<String> {
        self.imports.resolve(node, self.text)
    }
    pub fn range(&self, node: Node) -> TextRange {
        TextRange::new(node.start_byte(), node.end_byte())
    }
}

/// A rule's report before the knowledge base gives it a code and a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub range: TextRange,
    /// Values for the `{placeholders}` of the rule card's message.
    pub args: Vec<(&'static str, String)>,
    pub fix: Option<Fix>,
}

impl Hit {
    pub fn new(range: TextRange) -> Self {
        Hit {
            range,
            args: Vec::new(),
            fix: None,
        }
    }
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }
    pub fn arg(mut self, key: &'static str, value: impl Into<String>) -> Self {
        self.args.push((key, value.into()));
        self
    }
}

/// Runs every enabled rule over `doc` and returns its findings, sorted by
/// position, with suppressed ones (`# noqa`, `# pyguide: ignore[...]`,
/// `per-file-ignores`) removed. `path` is used only for `per-file-ignores`.
pub fn check(doc: &Document, settings: &Settings, kb: &Knowledge, path: Option<&str>) -> Vec<Finding> {
    let imports = Imports::from_tree(doc.tree(), doc.text());
    let ctx = Context {
        text: doc.text(),
        doc,
        imports: &imports,
    };
    let enabled: Vec<(
        &'static dyn rules::Rule,
        &crate::knowledge::Card,
        crate::knowledge::Severity,
    )> = rules::all()
        .iter()
        .filter_map(|r| {
            let entry = kb.rule(r.name())?;
            let code = &entry.card.rule.as_ref()?.code;
            if let Some(path) = path {
                if settings.ignored_for_path(path, code) {
                    return None;
                }
            }
            let sev = *settings.rules.get(code)?;
            Some((*r, &entry.card, sev))
        })
        .collect();
    if enabled.is_empty() {
        return Vec::new();
    }
    let dispatch = rules::Dispatch::new(enabled.iter().map(|(r, _, _)| *r));
    let mut hits: Vec<Vec<Hit>> = vec![Vec::new(); enabled.len()];
    let root = doc.tree().root_node();
    let mut cursor = root.walk();
    // Iterative pre-order walk: deep trees cannot overflow the stack.
    'walk: loop {
        let node = cursor.node();
        for &i in dispatch.rules_for(node.kind_id(), &enabled) {
            enabled[i].0.check(node, &ctx, &mut hits[i]);
        }
        if cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                continue 'walk;
            }
            if !cursor.goto_parent() {
                break 'walk;
            }
        }
    }
    let suppressions = suppress::Suppressions::parse(doc);
    let mut findings = Vec::new();
    for ((_, card, severity), hits) in enabled.iter().zip(hits) {
        let Some(meta) = &card.rule else { continue };
        for hit in hits {
            if suppressions.is_suppressed(doc, hit.range.start, &meta.code, &meta.equivalents) {
                continue;
            }
            findings.push(Finding {
                code: meta.code.clone(),
                name: card.id.clone(),
                concept: meta.concept.clone(),
                severity: *severity,
                message: fill(&meta.message, &hit.args),
                range: hit.range,
                fix: hit.fix,
            });
        }
    }
    findings
        .sort_by(|a, b| (a.range.start, a.range.end, &a.code).cmp(&(b.range.start, b.range.end, &b.code)));
    findings
}

/// Fills `{key}` placeholders; unknown ones stay as written.
fn fill(template: &str, args: &[(&'static str, String)]) -> String {
    let mut out = template.to_string();
    for (k, v) in args {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}
