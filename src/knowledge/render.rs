//! Turning cards into hover Markdown and terminal text.

use super::card::{Card, CardKind};
use super::store::Knowledge;
use crate::settings::Audience;

/// Which sections a hover shows at each audience level.
fn hover_sections(level: Audience) -> &'static [&'static str] {
    match level {
        Audience::Beginner => &[
            "Summary",
            "Why it matters",
            "Example",
            "Pitfalls",
            "Beginner notes",
        ],
        Audience::Intermediate => &["Summary", "Why it matters", "Example", "Pitfalls"],
        Audience::Expert => &["Summary", "Pitfalls"],
    }
}

/// The hover text for a concept card.
///
/// `lead` is a first line specialised to the code at hand; `known` shrinks the
/// hover to the title and the gist's first sentence.
pub fn concept_hover(
    card: &Card,
    kb: &Knowledge,
    level: Audience,
    lead: Option<&str>,
    known: bool,
) -> String {
    let mut out = format!("### {}\n\n", card.title);
    if let Some(lead) = lead {
        out.push_str(lead);
        out.push_str("\n\n");
    }
    if known {
        out.push_str(first_sentence(card.gist()));
        out.push('\n');
        return out;
    }
    for name in hover_sections(level) {
        let Some(body) = card.section(name) else { continue };
        match *name {
            "Summary" => out.push_str(body),
            "Example" => {
                out.push_str("**Example**\n\n");
                out.push_str(&display_code(body));
            }
            other => {
                out.push_str(&format!("**{other}**\n\n"));
                out.push_str(body);
            }
        }
        out.push_str("\n\n");
    }
    out.push_str(&footer(card, kb));
    out
}

/// The hover text for a rule (over its diagnostic or a suppression comment).
pub fn rule_hover(card: &Card, level: Audience) -> String {
    let Some(rule) = &card.rule else {
        return String::new();
    };
    let mut out = format!(
        "### {} `{}` {}\n\n{}\n\n",
        rule.code, card.id, card.title, rule.message
    );
    let sections: &[&str] = match level {
        Audience::Expert => &["Use instead"],
        _ => &["Why it is a problem", "Use instead"],
    };
    for name in sections {
        if let Some(body) = card.section(name) {
            out.push_str(&format!("**{name}**\n\n{body}\n\n"));
        }
    }
    if let Some(first) = card.guides.first() {
        out.push_str(&format!("*Guide:* {first}\n"));
    }
    out
}

fn footer(card: &Card, kb: &Knowledge) -> String {
    let mut out = String::new();
    if !card.guides.is_empty() {
        let shown: Vec<&str> = card.guides.iter().take(2).map(String::as_str).collect();
        out.push_str(&format!("*Guide:* {}", shown.join("; ")));
        if card.guides.len() > 2 {
            out.push_str(&format!(" (+{} more)", card.guides.len() - 2));
        }
        out.push('\n');
    }
    let related: Vec<String> = card
        .related
        .iter()
        .take(4)
        .map(|id| match kb.concept(id) {
            Some(e) => format!("{} (`{id}`)", e.card.title),
            None => format!("`{id}`"),
        })
        .collect();
    if !related.is_empty() {
        out.push_str(&format!("\n*Related:* {}\n", related.join(", ")));
    }
    if let Some(doc) = card.docs.first() {
        out.push_str(&format!("\n[Documentation]({doc})\n"));
    }
    out
}

/// Drops pyguide's own fence attributes (` ```python run `) for display.
pub fn display_code(body: &str) -> String {
    body.lines()
        .map(|l| {
            if l.trim_start().starts_with("```python") {
                "```python"
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first sentence of a paragraph (up to the first `. ` or the end).
pub fn first_sentence(s: &str) -> &str {
    let s = s.trim();
    match s.find(". ") {
        Some(i) => &s[..=i],
        None => s,
    }
}

/// A whole card as Markdown: `pyguide explain`, the "Explain" command.
pub fn full_markdown(card: &Card, kb: &Knowledge) -> String {
    let mut out = match (&card.kind, &card.rule) {
        (CardKind::Rule, Some(rule)) => format!(
            "# {} `{}`: {}\n\ndefault severity *{}* · {} by default · automatic fix: {}{}\n\n> {}\n\n",
            rule.code,
            card.id,
            card.title,
            rule.severity.as_str(),
            if rule.default_enabled { "on" } else { "off" },
            match rule.fix {
                super::FixAvailability::Always => "available (see Fix safety)",
                super::FixAvailability::Sometimes => "for some cases (see Fix safety)",
                super::FixAvailability::Never => "none",
            },
            if rule.equivalents.is_empty() {
                String::new()
            } else {
                format!(" · same as {}", rule.equivalents.join(", "))
            },
            rule.message
        ),
        _ => format!(
            "# {}\n\n*{}* · {} · `{}`\n\n",
            card.title,
            card.category,
            card.level.as_str(),
            card.id
        ),
    };
    for s in &card.sections {
        out.push_str(&format!("## {}\n\n{}\n\n", s.name, display_code(&s.body)));
    }
    if !card.guides.is_empty() {
        out.push_str("## Guides\n\n");
        for g in &card.guides {
            out.push_str(&format!("- {g}\n"));
        }
        out.push('\n');
    }
    if !card.related.is_empty() {
        out.push_str("## Related\n\n");
        for id in &card.related {
            let title = kb
                .concept(id)
                .map(|e| e.card.title.clone())
                .or_else(|| kb.rule(id).map(|e| e.card.title.clone()))
                .unwrap_or_default();
            out.push_str(&format!("- `{id}` {title}\n"));
        }
        out.push('\n');
    }
    if !card.docs.is_empty() {
        out.push_str("## Links\n\n");
        for d in &card.docs {
            out.push_str(&format!("- <{d}>\n"));
        }
    }
    out.trim_end().to_string() + "\n"
}
