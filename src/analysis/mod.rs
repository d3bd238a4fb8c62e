//! The pure analysis core: (text, tree, settings, knowledge) → findings and
//! concepts. Nothing here knows about LSP, tokio or the terminal.

pub mod finding;
pub mod hover;
pub mod imports;
pub mod node;
pub mod query;
pub mod recognize;
pub mod rules;
pub mod suppress;
pub mod walk;

use crate::analysis::node::NodeExt;
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use tree_sitter::Node;

pub use finding::{apply_edits, non_overlapping_fixes, Applicability, Edit, Finding, Fix};
pub use imports::Imports;
pub use recognize::{concepts_at, ConceptHit};

/// The imports and bindings visible at `offset`: the module's, plus those of
/// the outermost function around `offset` (a method's, not its whole class:
/// a class body's names are not visible inside its methods), else of the
/// top-level statement containing `offset`.
pub fn imports_at(doc: &Document, module: &Arc<Imports>, offset: usize) -> Imports {
    match binding_scope(doc, offset) {
        Some(s) => scope_imports(module, s, doc.text()),
        None => Imports::with_statement(module, doc.tree().root_node(), ""),
    }
}

/// The bindings of a scope found by [`binding_scope`]: all of a function's;
/// of another statement, only those outside its functions (the position is
/// outside all of them).
fn scope_imports(module: &Arc<Imports>, scope: Node, text: &str) -> Imports {
    if scope.kind_str() == "function_definition" {
        Imports::with_statement(module, scope, text)
    } else {
        Imports::outside_functions(module, scope, text)
    }
}

/// The node whose bindings [`imports_at`] collects.
fn binding_scope(doc: &Document, offset: usize) -> Option<Node<'_>> {
    let statement = top_level_statement(doc, offset)?;
    let leaf = statement.descendant_for_byte_range(offset, offset)?;
    let outermost = walk::ancestors_of(statement, leaf)
        .into_iter()
        .rev()
        .skip(1) // the statement itself
        .find(|n| n.kind_str() == "function_definition");
    Some(outermost.unwrap_or(statement))
}

/// The top-level statement around `offset` (touching it at either end).
fn top_level_statement(doc: &Document, offset: usize) -> Option<Node<'_>> {
    let root = doc.tree().root_node();
    root.first_child_for_byte(offset.saturating_sub(1))
        .filter(|n| n.start_byte() <= offset && offset <= n.end_byte())
}

/// [`imports_at`] remembered per scope (outermost function or top-level
/// statement), so repeated hovers in a large function do not walk it again.
#[derive(Debug)]
pub struct ImportsCache {
    module: Arc<Imports>,
    by_statement: std::sync::Mutex<HashMap<usize, Arc<Imports>>>,
}

impl ImportsCache {
    pub fn new(doc: &Document) -> Self {
        ImportsCache::with_module(Arc::new(Imports::module_level(doc.tree(), doc.text())))
    }

    /// Over a module table already built for the same text.
    pub fn with_module(module: Arc<Imports>) -> Self {
        ImportsCache {
            module,
            by_statement: std::sync::Mutex::new(HashMap::new()),
        }
    }

    pub fn module(&self) -> &Arc<Imports> {
        &self.module
    }

    pub fn at(&self, doc: &Document, offset: usize) -> Arc<Imports> {
        let Some(statement) = binding_scope(doc, offset) else {
            return Arc::new(Imports::with_statement(&self.module, doc.tree().root_node(), ""));
        };
        let key = statement.start_byte();
        if let Some(hit) = self.by_statement.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return hit;
        }
        let imports = Arc::new(scope_imports(&self.module, statement, doc.text()));
        if let Ok(mut m) = self.by_statement.lock() {
            m.insert(key, imports.clone());
        }
        imports
    }
}

use crate::knowledge::Knowledge;
use crate::settings::Settings;
use crate::text::{Document, TextRange};

/// What a rule sees: the source, its tree, the import table visible in the
/// statement being checked, and facts about the whole module.
pub struct Context<'a> {
    pub text: &'a str,
    pub doc: &'a Document,
    pub imports: &'a Imports,
    pub module: &'a ModuleFacts,
    /// The top-level statement being checked contains the text `async`: without
    /// it, nothing in the statement runs in a coroutine or defines one.
    pub statement_has_async: bool,
}

/// Module-wide facts rules may use beyond their own top-level statement. They
/// are part of the analysis cache key: when they change, everything is re-checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ModuleFacts {
    /// Names of `async def` functions defined at the top level.
    pub async_functions: std::collections::BTreeSet<String>,
    /// Names of (sync) functions defined at the top level.
    pub functions: std::collections::BTreeSet<String>,
    /// Names of classes defined at the top level.
    pub classes: std::collections::BTreeSet<String>,
    /// The module has an `if __name__ == "__main__":` block (a script / entry point).
    pub has_main_guard: bool,
}

impl ModuleFacts {
    pub fn of(doc: &Document) -> ModuleFacts {
        let text = doc.text();
        let root = doc.tree().root_node();
        let mut facts = ModuleFacts::default();
        let mut cursor = root.walk();
        for child in root.named_children(&mut cursor) {
            let def = rules::util::definition_of(child);
            let name = || {
                def.field("name")
                    .and_then(|n| text.get(n.byte_range()))
                    .map(str::to_string)
            };
            match def.kind_str() {
                "function_definition" => {
                    if let Some(n) = name() {
                        if rules::util::is_async_def(def) {
                            facts.async_functions.insert(n);
                        } else {
                            facts.functions.insert(n);
                        }
                    }
                }
                "class_definition" => {
                    if let Some(n) = name() {
                        facts.classes.insert(n);
                    }
                }
                "if_statement" => {
                    if let Some(cond) = def.field("condition") {
                        let c: String = text
                            .get(cond.byte_range())
                            .unwrap_or("")
                            .chars()
                            .filter(|c| !c.is_whitespace())
                            .collect();
                        if c == "__name__=='__main__'"
                            || c == "__name__==\"__main__\""
                            || c == "'__main__'==__name__"
                            || c == "\"__main__\"==__name__"
                        {
                            facts.has_main_guard = true;
                        }
                    }
                }
                _ => {}
            }
        }
        facts
    }

    fn fingerprint(&self) -> u64 {
        let mut h = DefaultHasher::new();
        self.async_functions.hash(&mut h);
        self.functions.hash(&mut h);
        self.classes.hash(&mut h);
        self.has_main_guard.hash(&mut h);
        h.finish()
    }
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
    /// Index of the rule that reported it (set by the engine).
    rule: usize,
    /// Which edits of the fix lie outside the statement (kept absolute).
    absolute_edits: Vec<bool>,
}

impl Hit {
    pub fn new(range: TextRange) -> Self {
        Hit {
            range,
            args: Vec::new(),
            fix: None,
            rule: 0,
            absolute_edits: Vec::new(),
        }
    }

    /// Makes offsets inside `[base, end]` relative to `base`. Fix edits outside
    /// the statement (an import added at the top of the file) stay absolute: they
    /// lie in the module header, whose content is part of the cache key.
    fn relative_to(mut self, base: usize, end: usize) -> Hit {
        self.range = TextRange::new(
            self.range.start - base.min(self.range.start),
            self.range.end - base.min(self.range.end),
        );
        if let Some(fix) = &mut self.fix {
            self.absolute_edits = fix
                .edits
                .iter_mut()
                .map(|e| {
                    if e.range.start >= base && e.range.end <= end {
                        e.range = TextRange::new(e.range.start - base, e.range.end - base);
                        false
                    } else {
                        true
                    }
                })
                .collect();
        }
        self
    }

    fn absolute_from(&self, base: usize) -> Hit {
        let mut hit = self.clone();
        hit.range = TextRange::new(hit.range.start + base, hit.range.end + base);
        if let Some(fix) = &mut hit.fix {
            for (e, absolute) in fix.edits.iter_mut().zip(&self.absolute_edits) {
                if !absolute {
                    e.range = TextRange::new(e.range.start + base, e.range.end + base);
                }
            }
        }
        hit
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
    check_incremental(doc, settings, kb, path, None).0
}

/// What one analysis remembers for the next: the hits of every top-level
/// statement, keyed by the statement's text and its neighbours' text.
#[derive(Debug, Default)]
pub struct AnalysisCache {
    /// Fingerprint of everything besides the statement that rules depend on:
    /// module-level imports and bindings, enabled rules, the path.
    key: u64,
    units: HashMap<u64, Arc<Vec<Hit>>>,
    /// The module's import table this analysis built (hovers on the same
    /// version reuse it).
    module_imports: Arc<Imports>,
}

impl AnalysisCache {
    pub fn module_imports(&self) -> &Arc<Imports> {
        &self.module_imports
    }
}

/// Like [`check`], reusing the results of `previous` for every top-level
/// statement whose text (and neighbours' text) did not change. The result is
/// always equal to a full [`check`] (property-tested in `tests/rules_incremental.rs`).
///
/// The unit of reuse is a top-level statement together with its previous and
/// next sibling: a rule may look at its own top-level statement and its
/// immediate neighbours; anything wider must be part of the module facts.
pub fn check_incremental(
    doc: &Document,
    settings: &Settings,
    kb: &Knowledge,
    path: Option<&str>,
    previous: Option<&AnalysisCache>,
) -> (Vec<Finding>, AnalysisCache) {
    let text = doc.text();
    let module_imports = Arc::new(Imports::module_level(doc.tree(), text));
    let facts = ModuleFacts::of(doc);
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
    let key = {
        let mut h = DefaultHasher::new();
        module_imports.fingerprint().hash(&mut h);
        facts.fingerprint().hash(&mut h);
        for (r, card, _) in &enabled {
            r.name().hash(&mut h);
            card.rule.as_ref().map(|m| &m.code).hash(&mut h);
        }
        (kb as *const Knowledge as usize).hash(&mut h);
        h.finish()
    };
    let mut cache = AnalysisCache {
        key,
        units: HashMap::new(),
        module_imports: module_imports.clone(),
    };
    if enabled.is_empty() {
        return (Vec::new(), cache);
    }
    let reuse = previous.filter(|p| p.key == key);
    let dispatch = rules::Dispatch::new(enabled.iter().map(|(r, _, _)| *r));

    let root = doc.tree().root_node();
    let statements: Vec<Node> = root
        .children(&mut root.walk())
        .filter(|n| n.kind_str() != "comment")
        .collect();
    let hashes: Vec<u64> = statements
        .iter()
        .map(|n| {
            let mut h = DefaultHasher::new();
            n.kind_id().hash(&mut h);
            text.get(n.byte_range()).unwrap_or("").hash(&mut h);
            h.finish()
        })
        .collect();
    // Error recovery can give the same text a different shape from one parse to
    // the next, so results are reused only where the statement and its
    // neighbours parsed cleanly.
    let clean: Vec<bool> = statements.iter().map(|n| !n.has_error()).collect();
    // Per rule, the hits of every statement, with ranges relative to the statement start.
    let mut per_rule: Vec<Vec<Hit>> = vec![Vec::new(); enabled.len()];
    for (i, stmt) in statements.iter().enumerate() {
        let unit = {
            let mut h = DefaultHasher::new();
            i.checked_sub(1).map(|j| hashes[j]).hash(&mut h);
            hashes[i].hash(&mut h);
            hashes.get(i + 1).hash(&mut h);
            h.finish()
        };
        let base = stmt.start_byte();
        let reusable =
            clean[i] && i.checked_sub(1).is_none_or(|j| clean[j]) && clean.get(i + 1).is_none_or(|c| *c);
        let hits = match reuse.filter(|_| reusable).and_then(|r| r.units.get(&unit)) {
            Some(hits) => hits.clone(),
            None => {
                let imports = Imports::with_statement(&module_imports, *stmt, text);
                let ctx = Context {
                    text,
                    doc,
                    imports: &imports,
                    module: &facts,
                    statement_has_async: text.get(stmt.byte_range()).is_some_and(|t| t.contains("async")),
                };
                let mut found: Vec<Hit> = Vec::new();
                let mut scratch: Vec<Hit> = Vec::new();
                walk::preorder(*stmt, |node| {
                    for &ri in dispatch.rules_for(node.kind_id()) {
                        enabled[ri].0.check(node, &ctx, &mut scratch);
                        for mut hit in scratch.drain(..) {
                            hit.rule = ri;
                            found.push(hit.relative_to(base, stmt.end_byte()));
                        }
                    }
                    true
                });
                Arc::new(found)
            }
        };
        for hit in hits.iter() {
            per_rule[hit.rule].push(hit.absolute_from(base));
        }
        // Hits whose fixes edit outside their statement (an import added at the
        // top) are not reused: their absolute offsets could go stale.
        if reusable && !hits.iter().any(|h| h.absolute_edits.iter().any(|a| *a)) {
            cache.units.insert(unit, hits);
        }
    }

    let mut findings = Vec::new();
    for ((_, card, severity), hits) in enabled.iter().zip(per_rule) {
        let Some(meta) = &card.rule else { continue };
        for hit in hits {
            if suppress::suppressed(doc, hit.range.start, &meta.code, &meta.equivalents) {
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
    (findings, cache)
}

/// Fills `{key}` placeholders; unknown ones stay as written.
fn fill(template: &str, args: &[(&'static str, String)]) -> String {
    let mut out = template.to_string();
    for (k, v) in args {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

/// Helpers shared by the unit tests of the analysis.
#[cfg(test)]
pub(crate) mod test_support {
    /// Every Python file under `tests/fixtures`, after `extra`: a corpus for
    /// comparing a fast path with the walk it replaces.
    pub fn fixture_sources(extra: &str) -> Vec<String> {
        let mut sources = vec![extra.to_string()];
        let mut dirs = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "py") {
                    sources.push(std::fs::read_to_string(&path).unwrap());
                }
            }
        }
        assert!(sources.len() > 100, "fixtures found: {}", sources.len());
        sources
    }
}
