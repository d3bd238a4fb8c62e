//! What a hover at a position says: the rule behind a diagnostic or a
//! suppression comment first, then the most specific concept, explained for the
//! user's level. Shared by the LSP hover and `pyguide explain --at`.

use super::imports::Imports;
use super::recognize::{concepts_at, ConceptHit};
use super::suppress::parse_comment;
use super::Finding;
use crate::knowledge::render;
use crate::knowledge::Knowledge;
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
        if leaf.kind() == "comment" {
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
            let source = text.get(first.range.start..first.range.end).unwrap_or("");
            let lead = lead_line(first, source);
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

/// A first line about the code at hand: what an aliased name resolves to.
fn lead_line(hit: &ConceptHit, source: &str) -> Option<String> {
    let source = source.trim();
    if hit.matched.contains('.')
        && !hit.matched.starts_with("builtins.")
        && source != hit.matched
        && !source.contains('\n')
        && source.len() < 80
    {
        Some(format!("`{source}` is `{}`.", hit.matched))
    } else {
        None
    }
}
