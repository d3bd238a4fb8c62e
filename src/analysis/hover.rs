//! What a hover at a position says: the rule behind a diagnostic or a
//! suppression comment first, then the most specific concept, explained for the
//! user's level. Shared by the LSP hover and `pyguide explain --at`.

use crate::analysis::node::NodeExt;
use std::ops::ControlFlow;

use tree_sitter::QueryCursor;

use super::imports::Imports;
use super::query;
use super::recognize::{concepts_at, ConceptHit};
use super::suppress::parse_comment;
use super::Finding;
use crate::knowledge::{lead, render, Entry, Knowledge};
use crate::settings::Settings;
use crate::text::{Document, TextRange};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HoverAnswer {
    pub markdown: String,
    pub range: TextRange,
    /// Every concept at the position, most specific first.
    pub concepts: Vec<ConceptHit>,
}

pub fn hover_at(
    doc: &Document,
    imports: &Imports,
    findings: &[Finding],
    kb: &Knowledge,
    settings: &Settings,
    offset: usize,
) -> Option<HoverAnswer> {
    let text = doc.text();
    let mut parts: Vec<String> = Vec::new();
    let mut range: Option<TextRange> = None;

    // Over a suppression comment: the card of the rule it names.
    if let Some(leaf) = doc.tree().root_node().descendant_for_byte_range(offset, offset) {
        if leaf.kind_str() == "comment" {
            let comment_range = TextRange::new(leaf.start_byte(), leaf.end_byte());
            if let Some(s) = parse_comment(text, comment_range) {
                let chosen = s
                    .code_ranges
                    .iter()
                    .position(|r| r.touches(offset))
                    .map(|i| (s.codes[i].clone(), s.code_ranges[i]))
                    .or_else(|| s.codes.first().cloned().zip(s.code_ranges.first().copied()));
                if let Some((code, code_range)) = chosen {
                    let entry = kb.rule(&code).or_else(|| {
                        kb.rules().find(|e| {
                            e.card
                                .rule
                                .as_ref()
                                .is_some_and(|r| r.equivalents.contains(&code))
                        })
                    });
                    if let Some(entry) = entry {
                        return Some(HoverAnswer {
                            markdown: render::rule_hover(&entry.card, settings.level),
                            range: code_range,
                            concepts: Vec::new(),
                        });
                    }
                }
            }
        }
    }

    // Over a diagnostic: the rule's rationale first.
    for f in findings.iter().filter(|f| f.range.touches(offset)) {
        if let Some(entry) = kb.rule(&f.code) {
            parts.push(render::rule_hover(&entry.card, settings.level));
            range.get_or_insert(f.range);
        }
    }

    let concepts = concepts_at(doc, imports, kb, offset);
    if let Some(first) = concepts.first() {
        if let Some(entry) = kb.concept(&first.id) {
            let lead = lead_lines(doc, entry, first);
            let known = settings.known.iter().any(|k| k == &first.id);
            let mut md = render::concept_hover(&entry.card, kb, settings.level, lead.as_deref(), known);
            let others: Vec<String> = concepts[1..]
                .iter()
                .take(4)
                .filter_map(|c| {
                    kb.concept(&c.id)
                        .map(|e| format!("{} (`{}`)", e.card.title, c.id))
                })
                .collect();
            if !others.is_empty() {
                md.push_str(&format!("\n*Also here:* {}\n", others.join(", ")));
            }
            parts.push(md);
            range = Some(range.map_or(first.range, |r| r));
        }
    }
    if parts.is_empty() {
        return None;
    }
    Some(HoverAnswer {
        markdown: parts.join("\n---\n\n"),
        range: range.unwrap_or(TextRange::new(offset, offset)),
        concepts,
    })
}

/// The first lines about the code at hand: a guessed import, what an aliased
/// name resolves to, and the card's own `[[lead]]` that matches here.
fn lead_lines(doc: &Document, entry: &Entry, hit: &ConceptHit) -> Option<String> {
    let text = doc.text();
    let source = text.get(hit.range.start..hit.range.end).unwrap_or("").trim();
    let one_line = !source.contains('\n') && source.len() < 80;
    let mut lines = Vec::new();
    if hit.guessed && one_line {
        lines.push(guessed_import_line(source, &hit.matched));
    } else if hit.matched.contains('.')
        && !hit.matched.starts_with("builtins.")
        && source != hit.matched
        && one_line
    {
        lines.push(format!("`{source}` is `{}`.", hit.matched));
    }
    lines.extend(card_lead(doc, entry, hit.range));
    (!lines.is_empty()).then(|| lines.join("\n\n"))
}

/// "`ABC` is not imported …": the name's first part is bound nowhere in the file.
fn guessed_import_line(source: &str, qualified: &str) -> String {
    let first = source.split('.').next().unwrap_or(source).trim();
    // `json.dumps` → `json`; `ABC` → `abc.ABC`: drop the parts written after
    // the first name from the qualified name.
    let rest = source.split('.').count() - 1;
    let mut base = qualified;
    for _ in 0..rest {
        base = base.rsplit_once('.').map_or(base, |(b, _)| b);
    }
    let import = match base.rsplit_once('.') {
        Some((module, name)) if name == first => format!("from {module} import {name}"),
        _ if base == first => format!("import {first}"),
        _ => format!("import {base} as {first}"),
    };
    format!("`{first}` is not imported or defined in this file; it reads as `{qualified}` (`{import}`).")
}

/// The first of the card's `[[lead]]` templates whose query matches over
/// `range`. A query's optional `@lead` capture must contain the range; of
/// several such matches the innermost wins (nested `with` statements).
fn card_lead(doc: &Document, entry: &Entry, range: TextRange) -> Option<String> {
    let text = doc.text();
    let root = doc.tree().root_node();
    let scope = root
        .first_child_for_byte(range.start)
        .filter(|n| n.start_byte() <= range.start && range.end <= n.end_byte())
        .unwrap_or(root);
    for (lead, query) in entry.card.lead.iter().zip(entry.trigger.leads()) {
        let Some(query) = query else { continue };
        let anchor = query.capture_index_for_name("lead");
        let mut cursor = QueryCursor::new();
        // An anchored match contains the whole range, so it starts at a node
        // over the range's first byte: no need to try the nodes inside it
        // (all the `with` statements nested in a long `with` block).
        let end = if anchor.is_some() {
            range.start + 1
        } else {
            range.end.max(range.start + 1)
        };
        cursor.set_byte_range(range.start..end);
        cursor.set_match_limit(64);
        let mut best: Option<(usize, String)> = None;
        query::for_each_match(&mut cursor, query, scope, text, query::BUDGET, |m| {
            let size = match anchor {
                Some(a) => match m.captures.iter().find(|c| c.index == a) {
                    Some(c) if c.node.start_byte() <= range.start && range.end <= c.node.end_byte() => {
                        c.node.byte_range().len()
                    }
                    _ => return ControlFlow::Continue(()),
                },
                None => 0,
            };
            if best.as_ref().is_some_and(|(b, _)| *b <= size) {
                return ControlFlow::Continue(());
            }
            let filled = lead::fill(&lead.text, |name| {
                let index = query.capture_index_for_name(name)?;
                let node = m.captures.iter().find(|c| c.index == index)?.node;
                text.get(node.byte_range()).map(str::to_string)
            });
            if let Some(f) = filled {
                best = Some((size, f));
            }
            if anchor.is_none() && best.is_some() {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        });
        if let Some((_, filled)) = best {
            return Some(filled);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::guessed_import_line;

    #[test]
    fn guessed_imports_are_spelled_out() {
        assert!(guessed_import_line("ABC", "abc.ABC").contains("`from abc import ABC`"));
        assert!(guessed_import_line("json.dumps", "json.dumps").contains("`import json`"));
        assert!(guessed_import_line("json", "json").contains("`import json`"));
        assert!(guessed_import_line("path.join", "os.path.join").contains("`from os import path`"));
    }
}
