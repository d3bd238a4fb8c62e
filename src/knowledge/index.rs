//! Triggers indexed for lookup at a position: by node kind, keyword, qualified
//! name and defined name, and every card's query merged into one query whose
//! patterns map back to cards. A hover then costs the depth of the tree at the
//! cursor plus one query run over the cursor's statement, whatever the number
//! of cards.

use std::collections::HashMap;
use std::sync::Arc;

use tree_sitter::Query;

use super::store::Entry;

#[derive(Debug, Default)]
pub struct TriggerIndex {
    pub by_node_kind: HashMap<u16, Vec<Arc<Entry>>>,
    pub by_keyword: HashMap<u16, Vec<Arc<Entry>>>,
    pub by_name: HashMap<String, Vec<Arc<Entry>>>,
    pub by_define: HashMap<String, Vec<Arc<Entry>>>,
    pub with_logic: Vec<Arc<Entry>>,
    pub with_methods: Vec<Arc<Entry>>,
    /// All cards' queries as one; `pattern_owner[i]` is the card of pattern `i`.
    pub query: Option<Query>,
    pub pattern_owner: Vec<Arc<Entry>>,
    /// Patterns rooted at `(module ...)`: they relate several top-level
    /// statements, so they run from the root, as a query of their own with
    /// owners (disabled in `query`, which runs from the cursor's top-level
    /// statement only).
    pub module_query: Option<(Query, Vec<Arc<Entry>>)>,
    /// Patterns rooted at a `class`/`def` whose `@concept` is the definition's
    /// name: they can only apply with the cursor on that name, so they run
    /// only then, from that definition (disabled in `query`). A class-rooted
    /// pattern otherwise walks the whole class body on every hover inside it.
    pub header_query: Option<(Query, Vec<Arc<Entry>>)>,
    /// For code pasted without its imports: a bare name that no trigger name
    /// shares with another module (`ABC` → `abc.ABC`, `json` → `json`).
    pub unique_names: HashMap<String, String>,
}

impl TriggerIndex {
    pub fn build<'a>(entries: impl Iterator<Item = &'a Arc<Entry>>) -> TriggerIndex {
        let mut index = TriggerIndex::default();
        let mut source = String::new();
        let mut spans: Vec<(usize, usize, Arc<Entry>)> = Vec::new();
        for entry in entries {
            let t = &entry.trigger;
            for k in &t.node_kinds {
                index.by_node_kind.entry(*k).or_default().push(entry.clone());
            }
            for k in &t.keyword_kinds {
                index.by_keyword.entry(*k).or_default().push(entry.clone());
            }
            for n in &entry.card.trigger.names {
                index.by_name.entry(n.clone()).or_default().push(entry.clone());
            }
            for d in &entry.card.trigger.defines {
                index.by_define.entry(d.clone()).or_default().push(entry.clone());
            }
            if entry.card.trigger.logic.is_some() {
                index.with_logic.push(entry.clone());
            }
            if !entry.card.trigger.methods.is_empty() {
                index.with_methods.push(entry.clone());
            }
            if let Some(q) = &entry.card.trigger.query {
                let start = source.len();
                source.push_str(q);
                source.push('\n');
                spans.push((start, source.len(), entry.clone()));
            }
        }
        index.unique_names = unique_names(index.by_name.keys());
        if !source.is_empty() {
            let merged = Query::new(&crate::text::language(), &source).or_else(|_| {
                // Some card's query does not compile: leave those out and retry.
                spans.retain(|(_, _, entry)| entry.trigger.query().is_some());
                source.clear();
                for (start, end, entry) in spans.iter_mut() {
                    let q = entry.card.trigger.query.as_deref().unwrap_or("");
                    *start = source.len();
                    source.push_str(q);
                    source.push('\n');
                    *end = source.len();
                }
                Query::new(&crate::text::language(), &source)
            });
            match merged {
                Ok(mut query) => {
                    index.pattern_owner = (0..query.pattern_count())
                        .filter_map(|i| {
                            let at = query.start_byte_for_pattern(i);
                            spans
                                .iter()
                                .find(|(s, e, _)| *s <= at && at < *e)
                                .map(|(_, _, entry)| entry.clone())
                        })
                        .collect();
                    let pattern_source = |q: &Query, i: usize| {
                        source
                            .get(q.start_byte_for_pattern(i)..q.end_byte_for_pattern(i))
                            .unwrap_or("")
                    };
                    let shapes: Vec<PatternShape> = (0..query.pattern_count())
                        .map(|i| PatternShape::of(pattern_source(&query, i)))
                        .collect();
                    let split = |shape: PatternShape| {
                        let patterns: Vec<(&str, Arc<Entry>)> = (0..query.pattern_count())
                            .filter(|&i| shapes[i] == shape)
                            .filter_map(|i| {
                                Some((pattern_source(&query, i), index.pattern_owner.get(i)?.clone()))
                            })
                            .collect();
                        sub_query(&patterns)
                    };
                    index.module_query = split(PatternShape::ModuleRooted);
                    index.header_query = split(PatternShape::DefinitionName);
                    for (i, shape) in shapes.iter().enumerate() {
                        if *shape != PatternShape::Local {
                            query.disable_pattern(i);
                        }
                    }
                    if index.pattern_owner.len() == query.pattern_count() {
                        index.query = Some(query);
                    } else {
                        tracing::error!("internal: could not map merged query patterns to cards");
                    }
                }
                Err(e) => tracing::error!("the merged trigger query does not compile: {}", e.message),
            }
        }
        index
    }
}

/// Where a pattern of the merged query can match, which decides when it runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PatternShape {
    /// Anywhere around the cursor, within its top-level statement.
    Local,
    /// `(module ...)`: relates top-level statements.
    ModuleRooted,
    /// `(class_definition name: (identifier) @concept ...)` or the same for
    /// `function_definition`: only on the definition's name.
    DefinitionName,
}

impl PatternShape {
    /// Classifies one pattern from its source text. Anything unusual is `Local`,
    /// which is always correct, only slower.
    pub(crate) fn of(pattern: &str) -> PatternShape {
        let tokens = tokens(pattern);
        // `((class_definition ...) (#eq? ...))`: a grouped pattern with predicates.
        let mut at = 0;
        let mut depth = 0;
        while tokens.get(at) == Some(&"(") && tokens.get(at + 1) == Some(&"(") {
            at += 1;
            depth += 1;
        }
        if tokens.get(at) != Some(&"(") {
            return PatternShape::Local;
        }
        let root = tokens.get(at + 1).copied().unwrap_or("");
        if root == "module" {
            return PatternShape::ModuleRooted;
        }
        if !matches!(root, "class_definition" | "function_definition") {
            return PatternShape::Local;
        }
        // `name: (identifier) @concept` directly inside the root node.
        let inside = depth + 1;
        let mut level = depth;
        for (i, t) in tokens.iter().enumerate().skip(at) {
            match *t {
                "(" | "[" => level += 1,
                ")" | "]" => level -= 1,
                "name:"
                    if level == inside
                        && tokens.get(i + 1..i + 5) == Some(&["(", "identifier", ")", "@concept"][..]) =>
                {
                    return PatternShape::DefinitionName;
                }
                _ => {}
            }
        }
        PatternShape::Local
    }
}

/// The tokens of a query pattern: brackets, and runs of other characters;
/// strings are one token and comments are dropped.
fn tokens(pattern: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let bytes = pattern.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'(' | b')' | b'[' | b']' => {
                out.push(&pattern[i..i + 1]);
                i += 1;
            }
            b';' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i = (i + 1).min(bytes.len());
                out.push(&pattern[start..i]);
            }
            c if c.is_ascii_whitespace() => i += 1,
            _ => {
                let start = i;
                while i < bytes.len()
                    && !bytes[i].is_ascii_whitespace()
                    && !matches!(bytes[i], b'(' | b')' | b'[' | b']' | b'"' | b';')
                {
                    i += 1;
                }
                out.push(&pattern[start..i]);
            }
        }
    }
    out
}

/// Patterns (with their owners) compiled as a query of their own.
fn sub_query(patterns: &[(&str, Arc<Entry>)]) -> Option<(Query, Vec<Arc<Entry>>)> {
    if patterns.is_empty() {
        return None;
    }
    let mut source = String::new();
    for (text, _) in patterns {
        source.push_str(text);
        source.push('\n');
    }
    match Query::new(&crate::text::language(), &source) {
        // One pattern in, one pattern out: owners keep their indices.
        Ok(q) if q.pattern_count() == patterns.len() => {
            Some((q, patterns.iter().map(|(_, e)| e.clone()).collect()))
        }
        Ok(_) => {
            tracing::error!("internal: a split trigger query changed its pattern count");
            None
        }
        Err(e) => {
            tracing::error!("internal: a split trigger query does not compile: {}", e.message);
            None
        }
    }
}

/// Each last component (and each top-level module) of the trigger names,
/// mapped to its qualified name when exactly one qualified name has it.
fn unique_names<'a>(names: impl Iterator<Item = &'a String>) -> HashMap<String, String> {
    let mut seen: HashMap<String, Option<String>> = HashMap::new();
    let mut note = |short: &str, qualified: &str| {
        seen.entry(short.to_string())
            .and_modify(|q| {
                if q.as_deref() != Some(qualified) {
                    *q = None;
                }
            })
            .or_insert_with(|| Some(qualified.to_string()));
    };
    for name in names {
        if name.starts_with("builtins.") {
            continue;
        }
        let top = name.split('.').next().unwrap_or(name);
        note(top, top);
        if let Some((_, last)) = name.rsplit_once('.') {
            note(last, name);
        }
    }
    seen.into_iter()
        .filter_map(|(short, q)| Some((short, q?)))
        .filter(|(short, _)| short.len() > 2 && !crate::analysis::imports::is_builtin(short))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pattern_shapes() {
        use PatternShape::*;
        let cases = [
            ("(class_definition name: (identifier) @concept body: (block))", DefinitionName),
            (
                "((function_definition\n  name: (identifier) @concept\n  body: (block (return_statement))) (#eq? @concept \"f\"))",
                DefinitionName,
            ),
            // `@concept` on a deeper name, on the whole class, or none: anywhere in it.
            ("(class_definition body: (block (function_definition name: (identifier) @concept)))", Local),
            ("(class_definition name: (identifier) @_n) @concept", Local),
            ("(class_definition name: (identifier) @_n)", Local),
            // A string or comment that looks like the shape does not count.
            ("(call function: (identifier) @f (#eq? @f \"name: (identifier) @concept\")) @concept", Local),
            ("(function_definition ; name: (identifier) @concept\n body: (block) @concept)", Local),
            ("[(class_definition name: (identifier) @concept) (call)]", Local),
            ("(module (import_statement) @concept)", ModuleRooted),
            ("(with_statement) @concept", Local),
        ];
        for (pattern, shape) in cases {
            assert_eq!(PatternShape::of(pattern), shape, "{pattern}");
        }
    }

    #[test]
    fn unique_names_drop_ambiguous_ones() {
        let names: Vec<String> = [
            "abc.ABC",
            "json.dumps",
            "pickle.dumps",
            "time.sleep",
            "asyncio.sleep",
            "asyncio.run",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let u = unique_names(names.iter());
        assert_eq!(u.get("ABC").map(String::as_str), Some("abc.ABC"));
        assert_eq!(u.get("json").map(String::as_str), Some("json"));
        assert_eq!(u.get("run").map(String::as_str), Some("asyncio.run"));
        assert!(!u.contains_key("dumps"));
        assert!(!u.contains_key("sleep"));
    }
}
