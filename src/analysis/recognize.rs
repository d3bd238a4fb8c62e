//! Which concepts apply at a position. Card triggers (data) do most of the
//! work; the `logic` recognisers here cover what a trigger cannot say.
//!
//! The work is proportional to the depth of the tree at the cursor, never to
//! the size of the file or the number of cards: triggers are indexed (see
//! `knowledge::index`) and the merged query runs only over the bytes around the
//! cursor.

use crate::analysis::node::NodeExt;
use std::cmp::Reverse;

use std::ops::ControlFlow;

use tree_sitter::{Node, QueryCursor};

use super::imports::{node_text, Imports};
use super::rules::util::{class_of_method_with, definition_of, methods, opens_scope};
use super::walk::ancestors_of;
use crate::knowledge::{Entry, Knowledge};
use crate::text::{Document, TextRange};

/// A concept that applies at a position, with the code it covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConceptHit {
    pub id: String,
    pub range: TextRange,
    /// What matched: a qualified name, a node kind, a keyword...
    pub matched: String,
    /// The qualified name was guessed: its first name is bound nowhere in
    /// the file (code pasted without its imports).
    pub guessed: bool,
}

/// The concepts at `offset`, most specific first: the smallest covering range
/// first, then the longest qualified name.
pub fn concepts_at(doc: &Document, imports: &Imports, kb: &Knowledge, offset: usize) -> Vec<ConceptHit> {
    let text = doc.text();
    let root = doc.tree().root_node();
    let offset = offset.min(text.len());
    let Some(leaf) = root.descendant_for_byte_range(offset, offset) else {
        return Vec::new();
    };
    // A cursor just after a token (at its end) still means that token.
    let leaf = if leaf.start_byte() == offset
        && offset > 0
        && (leaf.kind_str() == "module" || leaf.is_named() && leaf.child_count() > 0)
    {
        root.descendant_for_byte_range(offset - 1, offset - 1)
            .unwrap_or(leaf)
    } else {
        leaf
    };
    let ancestors = ancestors_of(root, leaf);
    let index = kb.triggers();
    let guess = |name: &str| index.unique_names.get(name).cloned();
    let references = references_at(&ancestors, imports, text, &guess);

    // (hit, weight, breadth): a longer matched name weighs more; of two cards
    // matching the same thing, the one with the narrower trigger (fewer
    // names and kinds) is the more specific.
    let mut hits: Vec<(ConceptHit, usize, usize)> = Vec::new();
    let push = |hits: &mut Vec<(ConceptHit, usize, usize)>,
                entry: &Entry,
                range: TextRange,
                matched: String,
                weight: usize| {
        hits.push((
            ConceptHit {
                id: entry.card.id.clone(),
                range,
                matched,
                guessed: false,
            },
            weight,
            breadth(&entry.card.trigger),
        ))
    };
    // The keyword under the cursor.
    if !leaf.is_named() {
        for entry in index.by_keyword.get(&leaf.kind_id()).into_iter().flatten() {
            push(&mut hits, entry, range(leaf), leaf.kind_str().to_string(), 0);
        }
    }
    // Enclosing nodes, innermost first; each card once, at its innermost node.
    let mut seen_nodes = std::collections::HashSet::new();
    for node in &ancestors {
        for entry in index.by_node_kind.get(&node.kind_id()).into_iter().flatten() {
            if seen_nodes.insert(entry.card.id.as_str()) {
                push(&mut hits, entry, range(*node), node.kind_str().to_string(), 0);
            }
        }
    }
    // Qualified names: `functools.lru_cache` also matches cards for `functools`.
    for (q, r, guessed) in &references {
        let mut end = q.len();
        loop {
            let prefix = &q[..end];
            for entry in index.by_name.get(prefix).into_iter().flatten() {
                push(&mut hits, entry, *r, q.clone(), prefix.len());
                if let Some((hit, _, _)) = hits.last_mut() {
                    hit.guessed = *guessed;
                }
            }
            match prefix.rfind('.') {
                Some(dot) => end = dot,
                None => break,
            }
        }
    }
    // A definition's header: `def __init__(self):`.
    if let Some(def) = ancestors.iter().find(|n| n.kind_str() == "function_definition") {
        if in_header(*def, offset) {
            if let Some(name) = def.field("name") {
                let name_text = node_text(name, text);
                for entry in index.by_define.get(name_text).into_iter().flatten() {
                    push(
                        &mut hits,
                        entry,
                        range(name),
                        name_text.to_string(),
                        name_text.len(),
                    );
                }
            }
        }
    }
    // Every card's query at once, around the cursor.
    if let Some(query) = &index.query {
        let mut cursor = QueryCursor::new();
        cursor.set_byte_range(offset.saturating_sub(1)..(offset + 1).min(text.len()).max(offset));
        // A pathological (user) query must not stall a hover.
        cursor.set_match_limit(512);
        let mut best: std::collections::HashMap<String, TextRange> = std::collections::HashMap::new();
        // Patterns run from the top-level statement around the cursor (so they
        // may start at any enclosing node while the cost stays bounded by that
        // statement); patterns rooted at `(module ...)` run from the root, and
        // those about a definition's name only on that name (see the index).
        let scope = super::top_level_statement(doc, offset).unwrap_or(root);
        let mut runs = vec![(query, scope, &index.pattern_owner)];
        if scope.id() != root.id() {
            if let Some((mq, owners)) = &index.module_query {
                runs.push((mq, root, owners));
            }
        }
        let named_definition = up(&ancestors, leaf).filter(|p| {
            matches!(p.kind_str(), "class_definition" | "function_definition")
                && p.field("name") == Some(leaf)
        });
        for (q, run_root, owners) in runs {
            collect_matches(&mut cursor, q, run_root, owners, text, offset, &mut best);
        }
        if let (Some(def), Some((hq, owners))) = (named_definition, &index.header_query) {
            let mut cursor = QueryCursor::new();
            cursor.set_max_start_depth(Some(0));
            cursor.set_match_limit(512);
            collect_matches(&mut cursor, hq, def, owners, text, offset, &mut best);
        }
        for (id, r) in best {
            if let Some(entry) = kb.concept(&id) {
                push(&mut hits, entry, r, "query".to_string(), 1);
            }
        }
    }
    // A class defining a set of methods: on its header.
    if let Some(class) = ancestors.iter().find(|n| n.kind_str() == "class_definition") {
        if in_header(*class, offset) {
            let defined = class_methods(*class, text);
            for entry in &index.with_methods {
                let all = entry
                    .card
                    .trigger
                    .methods
                    .iter()
                    .all(|group| group.split('|').any(|m| defined.contains(&m)));
                if let (true, Some(name)) = (all, class.field("name")) {
                    push(&mut hits, entry, range(name), "methods".to_string(), 1);
                }
            }
        }
    }
    for entry in &index.with_logic {
        if let Some(logic) = &entry.card.trigger.logic {
            if let Some(r) = run_logic(logic, &ancestors, doc, imports, offset) {
                push(&mut hits, entry, r, logic.clone(), 1);
            }
        }
    }
    hits.sort_by_key(|(h, weight, breadth)| (h.range.len(), Reverse(*weight), *breadth, h.id.clone()));
    let mut seen = std::collections::HashSet::new();
    hits.into_iter()
        .filter(|(h, _, _)| seen.insert(h.id.clone()))
        .map(|(h, _, _)| h)
        .collect()
}

/// Runs a card query from `root`, keeping per card the smallest range (its
/// `@concept` capture, else the whole match) that touches `offset`.
fn collect_matches(
    cursor: &mut QueryCursor,
    query: &tree_sitter::Query,
    root: Node,
    owners: &[std::sync::Arc<Entry>],
    text: &str,
    offset: usize,
    best: &mut std::collections::HashMap<String, TextRange>,
) {
    let capture = query.capture_index_for_name("concept");
    super::query::for_each_match(cursor, query, root, text, super::query::BUDGET, |m| {
        let r = match capture.filter(|ci| m.captures.iter().any(|c| c.index == *ci)) {
            Some(ci) => m
                .captures
                .iter()
                .filter(|c| c.index == ci)
                .map(|c| range(c.node))
                .next(),
            None => {
                let start = m.captures.iter().map(|c| c.node.start_byte()).min();
                let end = m.captures.iter().map(|c| c.node.end_byte()).max();
                start.zip(end).map(|(s, e)| TextRange::new(s, e))
            }
        };
        if let (Some(r), Some(owner)) = (r.filter(|r| r.touches(offset)), owners.get(m.pattern_index)) {
            let slot = best.entry(owner.card.id.clone()).or_insert(r);
            if r.len() < slot.len() {
                *slot = r;
            }
        }
        ControlFlow::Continue(())
    });
}

fn breadth(t: &crate::knowledge::Trigger) -> usize {
    t.names.len() + t.nodes.len() + t.keywords.len() + t.defines.len() + usize::from(t.query.is_some())
}

/// Qualified names of the references around the cursor: (name, range, guessed).
fn references_at(
    ancestors: &[Node],
    imports: &Imports,
    text: &str,
    guess: &dyn Fn(&str) -> Option<String>,
) -> Vec<(String, TextRange, bool)> {
    let mut out = Vec::new();
    for (i, node) in ancestors.iter().enumerate() {
        match node.kind_str() {
            "identifier" | "attribute" => {
                // Only the outermost attribute chain the cursor is on the left part of:
                // hovering `lru_cache` in `ft.lru_cache` means `ft.lru_cache`,
                // hovering `ft` means `ft` (functools).
                if node.kind_str() == "identifier" {
                    if let Some(parent) = ancestors.get(i + 1) {
                        if parent.kind_str() == "attribute" && parent.field("attribute") == Some(*node) {
                            continue; // the attribute node itself is handled next
                        }
                    }
                }
                let resolved = if binds_or_names(*node, ancestors.get(i + 1).copied()) {
                    imports.resolve(*node, text).map(|q| (q, false))
                } else {
                    imports.resolve_guessing(*node, text, guess)
                };
                if let Some((q, guessed)) = resolved {
                    out.push((q, range(*node), guessed));
                }
            }
            "dotted_name" => {
                // inside an import statement
                let Some(stmt) = ancestors[i + 1..]
                    .iter()
                    .find(|a| matches!(a.kind_str(), "import_statement" | "import_from_statement"))
                else {
                    continue;
                };
                let name = node_text(*node, text).to_string();
                let q = if stmt.kind_str() == "import_from_statement"
                    && stmt.field("module_name") != Some(*node)
                {
                    match stmt.field("module_name") {
                        Some(m) if m.kind_str() != "relative_import" => {
                            format!("{}.{name}", node_text(m, text))
                        }
                        _ => continue,
                    }
                } else {
                    name
                };
                out.push((q, range(*node), false));
            }
            _ => {}
        }
    }
    out
}

/// An identifier that names rather than refers: a keyword argument's or a
/// parameter's name, a definition's name, an import alias, a pattern's
/// keyword. Such a name is never guessed to be an import.
fn binds_or_names(node: Node, parent: Option<Node>) -> bool {
    let Some(parent) = parent else { return false };
    let field_is = |field: &str| parent.field(field) == Some(node);
    match parent.kind_str() {
        "keyword_argument"
        | "function_definition"
        | "class_definition"
        | "default_parameter"
        | "typed_default_parameter" => field_is("name"),
        "aliased_import" => field_is("alias"),
        "parameters"
        | "lambda_parameters"
        | "typed_parameter"
        | "global_statement"
        | "nonlocal_statement"
        | "keyword_pattern"
        | "as_pattern_target"
        | "list_splat_pattern"
        | "dictionary_splat_pattern"
        | "dotted_name" => true,
        _ => false,
    }
}

fn range(node: Node) -> TextRange {
    TextRange::new(node.start_byte(), node.end_byte())
}

/// Whether `offset` is on a definition's header (`def name(...) -> T:`,
/// `class Name(Base):`), not its body.
fn in_header(def: Node, offset: usize) -> bool {
    let body_start = def.field("body").map_or(def.end_byte(), |b| b.start_byte());
    offset >= def.start_byte() && offset < body_start
}

/// The `logic` recognisers (see `LOGIC_RECOGNISERS` in the knowledge store).
fn run_logic(
    logic: &str,
    ancestors: &[Node],
    doc: &Document,
    imports: &Imports,
    offset: usize,
) -> Option<TextRange> {
    let text = doc.text();
    let def = ancestors
        .iter()
        .find(|n| n.kind_str() == "function_definition")
        .copied();
    let class = ancestors
        .iter()
        .find(|n| n.kind_str() == "class_definition")
        .copied();
    let header_name = |def: Node| -> Option<TextRange> {
        in_header(def, offset)
            .then(|| def.field("name").map(range))
            .flatten()
    };
    match logic {
        "generator-function" | "async-generator-function" => {
            let def = def?;
            let name = header_name(def)?;
            let is_async = def.child(0).is_some_and(|c| c.kind_str() == "async");
            (is_async == (logic == "async-generator-function") && yields(def, text)).then_some(name)
        }
        "recursive-function" => {
            let def = def?;
            let header = header_name(def)?;
            let name = node_text(def.field("name")?, text);
            let body = def.field("body")?;
            calls_name(body, name, text).then_some(header)
        }
        "decorator-factory" => {
            // def outer(args): def decorator(func): def wrapper(...): ...; return wrapper; return decorator
            let def = def?;
            let header = header_name(def)?;
            let inner = returned_inner_def(def, text)?;
            returned_inner_def(inner, text).map(|_| header)
        }
        "closure" => {
            // an inner def (returned or not) that reads a name bound in its enclosing def
            let inner = def?;
            let header = header_name(inner)?;
            let outer = enclosing_def(ancestors, inner)?;
            let outer_names = bound_names(outer, text);
            let body = inner.field("body")?;
            let uses = identifiers(body, text);
            let mut own = bound_names(inner, text);
            // `nonlocal count` makes `count += 1` rebind the enclosing variable.
            for declared in nonlocal_names(body, text) {
                own.remove(&declared);
            }
            uses.iter()
                .any(|u| outer_names.contains(u) && !own.contains(u))
                .then_some(header)
        }
        "context-manager-class" => class_defining(class?, &["__enter__", "__exit__"], text, offset),
        "iterator-class" => class_defining(class?, &["__iter__", "__next__"], text, offset),
        "descriptor-class" => {
            let class = class?;
            let defines_access = |c: Node| {
                class_methods(c, text)
                    .iter()
                    .any(|m| matches!(*m, "__get__" | "__set__" | "__delete__"))
            };
            if in_header(class, offset) {
                return defines_access(class)
                    .then(|| class.field("name").map(range))
                    .flatten();
            }
            // `price = Positive()` in a class body, `Positive` a descriptor class of this module.
            let leaf = ancestors.first().filter(|l| l.kind_str() == "identifier")?;
            let assign = up(ancestors, *leaf).filter(|p| p.kind_str() == "assignment")?;
            if assign.field("left") != Some(*leaf)
                || up(ancestors, assign)
                    .and_then(|p| up(ancestors, p))
                    .and_then(|b| up(ancestors, b))
                    != Some(class)
            {
                return None;
            }
            let call = assign.field("right").filter(|r| r.kind_str() == "call")?;
            let callee = call.field("function").filter(|f| f.kind_str() == "identifier")?;
            let descriptor = module_class(doc, imports, node_text(callee, text))?;
            defines_access(descriptor).then(|| range(*leaf))
        }
        "method-override" => {
            // `def area(self)` in `class Circle(Shape)`, where `Shape` (a class
            // of this module) defines `area` too.
            let def = def?;
            let header = header_name(def)?;
            let class = class.filter(|c| class_of_method_in(ancestors, def) == Some(*c))?;
            let name = node_text(def.field("name")?, text);
            if name.starts_with("__") {
                return None;
            }
            let bases = class.field("superclasses")?;
            bases
                .named_children(&mut bases.walk())
                .filter(|b| b.kind_str() == "identifier")
                .filter_map(|b| module_class(doc, imports, node_text(b, text)))
                .any(|base| base.id() != class.id() && class_methods(base, text).contains(&name))
                .then_some(header)
        }
        "module-attribute-patch" => {
            // `json.dumps = fake` at module level, `json` imported.
            let target = ancestors.iter().find(|n| {
                n.kind_str() == "attribute"
                    && up(ancestors, **n)
                        .is_some_and(|p| p.kind_str() == "assignment" && p.field("left") == Some(**n))
            })?;
            let assign = up(ancestors, *target)?;
            let at_module_level = up(ancestors, assign)
                .filter(|s| s.kind_str() == "expression_statement")
                .and_then(|s| up(ancestors, s))
                .is_some_and(|m| m.kind_str() == "module");
            let attr = node_text(target.field("attribute")?, text);
            if !at_module_level || attr.starts_with("__") {
                return None;
            }
            let object = target.field("object")?;
            let base = match object.kind_str() {
                "identifier" => object,
                "attribute" => object.field("object").filter(|o| o.kind_str() == "identifier")?,
                _ => return None,
            };
            let q = imports.resolve(base, text)?;
            (!q.starts_with("builtins.")).then(|| range(*target))
        }
        "method-definition" => {
            // On the name of a `def` directly in a class body.
            let def = def?;
            class_of_method_in(ancestors, def)?;
            let name = def.field("name")?;
            range(name).touches(offset).then(|| range(name))
        }
        "method-self-parameter" => {
            // `self`, the first parameter of a method.
            let leaf = ancestors
                .first()
                .filter(|l| l.kind_str() == "identifier" && node_text(**l, text) == "self")?;
            let params = up(ancestors, *leaf).filter(|p| p.kind_str() == "parameters")?;
            if params.named_child(0) != Some(*leaf) {
                return None;
            }
            class_of_method_in(ancestors, up(ancestors, params)?)?;
            Some(range(*leaf))
        }
        "class-attribute" => {
            // `rate = 0.02` directly in a class body.
            let leaf = ancestors.first().filter(|l| l.kind_str() == "identifier")?;
            let assign = up(ancestors, *leaf).filter(|p| p.kind_str() == "assignment")?;
            if assign.field("left") != Some(*leaf) {
                return None;
            }
            let block = up(ancestors, assign)
                .filter(|s| s.kind_str() == "expression_statement")
                .and_then(|s| up(ancestors, s))
                .filter(|b| b.kind_str() == "block")?;
            up(ancestors, block)
                .is_some_and(|c| c.kind_str() == "class_definition")
                .then(|| range(*leaf))
        }
        "class-based-decorator" => {
            // `__init__(self, func)` stores the function, `__call__` runs it.
            let class = class?;
            if !in_header(class, offset) {
                return None;
            }
            let mut takes_function = false;
            let mut callable = false;
            for def in methods(class) {
                match def.field("name").map(|n| node_text(n, text)) {
                    Some("__call__") => callable = true,
                    Some("__init__") => {
                        let params = def.field("parameters");
                        let names: Vec<&str> = params
                            .iter()
                            .flat_map(|p| p.named_children(&mut p.walk()).collect::<Vec<_>>())
                            .map(|p| node_text(p, text))
                            .collect();
                        takes_function = names.len() == 2
                            && FUNCTION_PARAMETERS
                                .iter()
                                .any(|f| names[1] == *f || names[1].starts_with(&format!("{f}:")));
                    }
                    _ => {}
                }
            }
            (takes_function && callable)
                .then(|| class.field("name").map(range))
                .flatten()
        }
        "first-binding" => {
            let leaf = ancestors.first()?;
            if leaf.kind_str() != "identifier" {
                return None;
            }
            let assign = up(ancestors, *leaf).filter(|p| p.kind_str() == "assignment")?;
            if assign.field("left") != Some(*leaf) {
                return None;
            }
            let name = node_text(*leaf, text);
            // first assignment of this name in its scope
            let scope = ancestors
                .iter()
                .find(|n| matches!(n.kind_str(), "function_definition" | "module"))
                .copied()?;
            let first = if scope.kind_str() == "module" {
                imports.first_module_assignment(name)?
            } else {
                first_assignment(scope, name, text)?
            };
            (first == leaf.start_byte()).then(|| range(*leaf))
        }
        _ => None,
    }
}

/// The function `inner` is nested in (not through a class), from `ancestors`.
fn enclosing_def<'t>(ancestors: &[Node<'t>], inner: Node<'t>) -> Option<Node<'t>> {
    let i = ancestors.iter().position(|a| a.id() == inner.id())?;
    for x in &ancestors[i + 1..] {
        match x.kind_str() {
            "function_definition" => return Some(*x),
            "class_definition" => return None,
            _ => {}
        }
    }
    None
}

/// The parent of `node`, from `ancestors` when it is one of them.
fn up<'t>(ancestors: &[Node<'t>], node: Node<'t>) -> Option<Node<'t>> {
    match ancestors.iter().position(|a| a.id() == node.id()) {
        Some(i) => ancestors.get(i + 1).copied(),
        None => node.parent(),
    }
}

/// [`class_of_method`](super::rules::util::class_of_method) for a definition on the `ancestors` path.
fn class_of_method_in<'t>(ancestors: &[Node<'t>], def: Node<'t>) -> Option<Node<'t>> {
    class_of_method_with(def, |n| up(ancestors, n))
}

/// Whether a function's own body yields (not counting nested functions, lambdas or classes).
/// Looks only where the body's text says `yield`, not at every node.
pub(crate) fn yields(def: Node, text: &str) -> bool {
    let Some(body) = def.field("body") else {
        return false;
    };
    tokens_spelled(body, "yield", text).any(|keyword| {
        keyword.kind_str() == "yield" && !ancestors_of(body, keyword).into_iter().any(opens_scope)
    })
}

/// Whether `body` calls `name(...)` directly. Looks only where the text says `name`.
fn calls_name(body: Node, name: &str, text: &str) -> bool {
    tokens_spelled(body, name, text).any(|id| {
        id.kind_str() == "identifier"
            && ancestors_of(body, id)
                .get(1)
                .is_some_and(|p| p.kind_str() == "call" && p.field("function") == Some(id))
    })
}

/// The smallest nodes under `node` whose text is exactly `word` (a name or
/// keyword), one per place the text spells it as a whole word (inside a
/// longer name or a string there is none). Occurrences inside longer words
/// are skipped before the tree is asked, so a one-letter name costs no more
/// than its uses.
fn tokens_spelled<'t>(node: Node<'t>, word: &'t str, text: &'t str) -> impl Iterator<Item = Node<'t>> + 't {
    let start = node.start_byte();
    let hay = text.get(node.byte_range()).unwrap_or("");
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let whole = move |i: usize| {
        !hay[..i].chars().next_back().is_some_and(is_word)
            && !hay[i + word.len()..].chars().next().is_some_and(is_word)
    };
    hay.match_indices(word)
        .filter(move |(i, _)| whole(*i))
        .filter_map(move |(i, _)| {
            let (s, e) = (start + i, start + i + word.len());
            node.descendant_for_byte_range(s, e)
                .filter(|n| n.start_byte() == s && n.end_byte() == e)
        })
}

/// The inner `def` whose name the function's body returns.
fn returned_inner_def<'t>(def: Node<'t>, text: &str) -> Option<Node<'t>> {
    let body = def.field("body")?;
    let mut inner_defs = Vec::new();
    let mut returned = Vec::new();
    for stmt in body.named_children(&mut body.walk()).map(definition_of) {
        match stmt.kind_str() {
            "function_definition" => inner_defs.push(stmt),
            "return_statement" => {
                if let Some(v) = stmt.named_child(0) {
                    if v.kind_str() == "identifier" {
                        returned.push(node_text(v, text).to_string());
                    }
                }
            }
            _ => {}
        }
    }
    inner_defs.into_iter().find(|d| {
        d.field("name")
            .is_some_and(|n| returned.iter().any(|r| r == node_text(n, text)))
    })
}

fn bound_names(def: Node, text: &str) -> std::collections::HashSet<String> {
    let mut out = std::collections::HashSet::new();
    if let Some(params) = def.field("parameters") {
        for id in identifiers(params, text) {
            out.insert(id);
        }
    }
    if let Some(body) = def.field("body") {
        collect_assigned(body, text, &mut out);
    }
    out
}

fn nonlocal_names(body: Node, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    super::walk::preorder(body, |n| {
        if n.kind_str() == "nonlocal_statement" {
            for c in n.named_children(&mut n.walk()) {
                if c.kind_str() == "identifier" {
                    out.push(node_text(c, text).to_string());
                }
            }
        }
        !opens_scope(n) || n.id() == body.id()
    });
    out
}

fn collect_assigned(node: Node, text: &str, out: &mut std::collections::HashSet<String>) {
    for child in node.named_children(&mut node.walk()) {
        match child.kind_str() {
            "function_definition" | "class_definition" => {
                if let Some(n) = child.field("name") {
                    out.insert(node_text(n, text).to_string());
                }
            }
            "assignment" | "augmented_assignment" => {
                if let Some(l) = child.field("left") {
                    if l.kind_str() == "identifier" {
                        out.insert(node_text(l, text).to_string());
                    }
                }
                collect_assigned(child, text, out);
            }
            "lambda" => {}
            _ => collect_assigned(child, text, out),
        }
    }
}

fn identifiers(node: Node, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if n.kind_str() == "identifier" {
            out.push(node_text(n, text).to_string());
        }
        for c in n.named_children(&mut n.walk()) {
            stack.push(c);
        }
    }
    out
}

/// Parameter names that say "the decorated function".
const FUNCTION_PARAMETERS: &[&str] = &[
    "func", "function", "fn", "f", "fun", "wrapped", "callback", "method", "view",
];

/// The names of the methods a class body defines.
pub(crate) fn class_methods<'t>(class: Node, text: &'t str) -> Vec<&'t str> {
    methods(class)
        .into_iter()
        .filter_map(|def| def.field("name"))
        .map(|n| node_text(n, text))
        .collect()
}

/// The module-level class named `name` (the last one, as Python would see
/// it at the end of the module), found through the module table.
fn module_class<'t>(doc: &'t Document, imports: &Imports, name: &str) -> Option<Node<'t>> {
    let start = imports.module_class_start(name)?;
    let root = doc.tree().root_node();
    let leaf = root.descendant_for_byte_range(start, start)?;
    ancestors_of(root, leaf)
        .into_iter()
        .find(|n| n.kind_str() == "class_definition" && n.start_byte() == start)
}

fn class_defining(class: Node, required: &[&str], text: &str, offset: usize) -> Option<TextRange> {
    if !in_header(class, offset) {
        return None;
    }
    let defined = class_methods(class, text);
    required
        .iter()
        .all(|m| defined.contains(m))
        .then(|| class.field("name").map(range))
        .flatten()
}

/// Where `name` is first assigned in a function's own body.
fn first_assignment(def: Node, name: &str, text: &str) -> Option<usize> {
    let body = def.field("body")?;
    tokens_spelled(body, name, text).find_map(|id| {
        if id.kind_str() != "identifier" {
            return None;
        }
        let path = ancestors_of(body, id);
        let assigned = path
            .get(1)
            .is_some_and(|p| p.kind_str() == "assignment" && p.field("left") == Some(id));
        let nested = path.into_iter().any(opens_scope);
        (assigned && !nested).then(|| id.start_byte())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sample and every Python fixture of the test suite.
    fn corpus() -> Vec<String> {
        let sample = r#"
def gen(a):
    "yield in a string"
    # yield in a comment
    yielded = 1
    def inner():
        yield 1
    lam = lambda: (yield)
    class K:
        def m(self):
            yield 2
    return gen(a) + self.gen(a) + "gen(a)"

def f(x):
    fx = f"{x}" + "f(x)"
    return f(x - 1) if x else fx

def real(n):
    total = 0
    def nested():
        total = 5
    total = total + 1
    if n:
        return real(n - 1)
    return (yield from range(n))
"#;
        crate::analysis::test_support::fixture_sources(sample)
    }

    fn all_nodes(doc: &Document) -> Vec<Node<'_>> {
        let mut out = Vec::new();
        crate::analysis::walk::preorder(doc.tree().root_node(), |n| {
            out.push(n);
            true
        });
        out
    }

    #[test]
    fn ancestors_from_the_top_are_the_parent_chain() {
        for src in corpus() {
            let doc = Document::new(src.as_str());
            let root = doc.tree().root_node();
            for node in all_nodes(&doc) {
                let mut chain = Vec::new();
                let mut n = Some(node);
                while let Some(x) = n {
                    chain.push(x);
                    n = x.parent();
                }
                assert_eq!(ancestors_of(root, node), chain, "{}", node.to_sexp());
            }
        }
    }

    /// The walks the text-guided searches replaced, as references.
    fn yields_by_walk(def: Node) -> bool {
        fn go(node: Node) -> bool {
            node.named_children(&mut node.walk())
                .any(|child| match child.kind_str() {
                    "yield" => true,
                    "function_definition" | "lambda" | "class_definition" => false,
                    _ => go(child),
                })
        }
        def.field("body").is_some_and(go)
    }

    fn calls_name_by_walk(node: Node, name: &str, text: &str) -> bool {
        let direct = node.kind_str() == "call"
            && node
                .field("function")
                .is_some_and(|f| f.kind_str() == "identifier" && node_text(f, text) == name);
        direct
            || node
                .named_children(&mut node.walk())
                .any(|c| calls_name_by_walk(c, name, text))
    }

    fn first_assignment_by_walk(def: Node, name: &str, text: &str) -> Option<usize> {
        let mut best: Option<usize> = None;
        let mut stack = vec![def.field("body")?];
        while let Some(n) = stack.pop() {
            if n.kind_str() == "assignment" {
                if let Some(l) = n.field("left") {
                    if l.kind_str() == "identifier" && node_text(l, text) == name {
                        best = Some(best.map_or(l.start_byte(), |b| b.min(l.start_byte())));
                    }
                }
            }
            for c in n.named_children(&mut n.walk()) {
                if !matches!(
                    c.kind_str(),
                    "function_definition" | "class_definition" | "lambda"
                ) {
                    stack.push(c);
                }
            }
        }
        best
    }

    #[test]
    fn text_guided_searches_agree_with_walking_the_function() {
        let (mut generators, mut recursive, mut assigned) = (0, 0, 0);
        for src in corpus() {
            let doc = Document::new(src.as_str());
            let text = doc.text();
            let defs: Vec<Node> = all_nodes(&doc)
                .into_iter()
                .filter(|n| n.kind_str() == "function_definition")
                .collect();
            for def in defs {
                let walked = yields_by_walk(def);
                assert_eq!(yields(def, text), walked, "{}", node_text(def, text));
                generators += usize::from(walked);
                let (Some(name), Some(body)) = (def.field("name"), def.field("body")) else {
                    continue;
                };
                let name = node_text(name, text);
                let walked = calls_name_by_walk(body, name, text);
                assert_eq!(calls_name(body, name, text), walked, "{}", node_text(def, text));
                recursive += usize::from(walked);
                let mut names = Vec::new();
                crate::analysis::walk::preorder(body, |n| {
                    if n.kind_str() == "identifier" {
                        names.push(node_text(n, text));
                    }
                    true
                });
                for name in names {
                    let walked = first_assignment_by_walk(def, name, text);
                    assert_eq!(
                        first_assignment(def, name, text),
                        walked,
                        "{name} in {}",
                        node_text(def, text)
                    );
                    assigned += usize::from(walked.is_some());
                }
            }
        }
        // The corpus has cases of each, so the comparisons above mean something.
        assert!(
            generators > 10 && recursive > 3 && assigned > 100,
            "{generators} {recursive} {assigned}"
        );
    }
}
