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
    /// statements, so they run from the root; the rest run from the cursor's
    /// top-level statement only.
    pub module_rooted: Vec<bool>,
    /// The module-rooted patterns again, as a query of their own, with owners.
    pub module_query: Option<Query>,
    pub module_owner: Vec<Arc<Entry>>,
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
                Ok(query) => {
                    index.pattern_owner = (0..query.pattern_count())
                        .filter_map(|i| {
                            let at = query.start_byte_for_pattern(i);
                            spans
                                .iter()
                                .find(|(s, e, _)| *s <= at && at < *e)
                                .map(|(_, _, entry)| entry.clone())
                        })
                        .collect();
                    index.module_rooted = (0..query.pattern_count())
                        .map(|i| {
                            let start = query.start_byte_for_pattern(i);
                            source.get(start..).is_some_and(|p| {
                                p.trim_start_matches(['(', ' ', '\n', '\t']).starts_with("module")
                            })
                        })
                        .collect();
                    // The module-rooted patterns as a query of their own.
                    let mut module_source = String::new();
                    let mut module_spans: Vec<(usize, usize, Arc<Entry>)> = Vec::new();
                    for i in 0..query.pattern_count() {
                        if !index.module_rooted[i] {
                            continue;
                        }
                        let (start, end) = (query.start_byte_for_pattern(i), query.end_byte_for_pattern(i));
                        if let (Some(text), Some(owner)) =
                            (source.get(start..end), index.pattern_owner.get(i))
                        {
                            let at = module_source.len();
                            module_source.push_str(text);
                            module_source.push('\n');
                            module_spans.push((at, module_source.len(), owner.clone()));
                        }
                    }
                    if !module_source.is_empty() {
                        if let Ok(mq) = Query::new(&crate::text::language(), &module_source) {
                            index.module_owner = (0..mq.pattern_count())
                                .filter_map(|i| {
                                    let at = mq.start_byte_for_pattern(i);
                                    module_spans
                                        .iter()
                                        .find(|(s, e, _)| *s <= at && at < *e)
                                        .map(|(_, _, entry)| entry.clone())
                                })
                                .collect();
                            if index.module_owner.len() == mq.pattern_count() {
                                index.module_query = Some(mq);
                            }
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
