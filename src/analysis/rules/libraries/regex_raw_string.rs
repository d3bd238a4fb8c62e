//! PG901 regex-raw-string: a regex pattern written as a normal string literal
//! with backslash escapes.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common;
use crate::analysis::rules::style::common as shared;
use crate::analysis::rules::util;
use crate::analysis::{Applicability, Context, Edit, Fix, Hit};

pub struct RegexRawString;

/// The `re` functions that take a pattern first.
const PATTERN_FUNCTIONS: &[&str] = &[
    "compile",
    "search",
    "match",
    "fullmatch",
    "findall",
    "finditer",
    "sub",
    "subn",
    "split",
];

impl super::Rule for RegexRawString {
    fn name(&self) -> &'static str {
        "regex-raw-string"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["call"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let Some(function) = common::re_function(node, ctx) else {
            return;
        };
        if !PATTERN_FUNCTIONS.contains(&function) {
            return;
        }
        let positional = util::positional_arguments(node);
        let mut literals = Vec::new();
        if let Some(p) =
            util::keyword_argument(node, "pattern", ctx.text).or_else(|| positional.first().copied())
        {
            literals.push(p);
        }
        if matches!(function, "sub" | "subn") {
            if let Some(r) =
                util::keyword_argument(node, "repl", ctx.text).or_else(|| positional.get(1).copied())
            {
                literals.push(r);
            }
        }
        for literal in literals {
            let parts = match literal.kind_str() {
                "string" => vec![literal],
                "concatenated_string" => shared::children(literal),
                _ => continue,
            };
            for part in parts {
                check_string(part, ctx, out);
            }
        }
    }
}

fn check_string(string: Node, ctx: &Context, out: &mut Vec<Hit>) {
    if string.kind_str() != "string" {
        return;
    }
    let Some(start) = string.child(0).filter(|s| s.kind_str() == "string_start") else {
        return;
    };
    let start_text = ctx.text_of(start);
    let prefix = start_text.trim_end_matches(['"', '\'']);
    if prefix.contains(['r', 'R']) {
        return;
    }
    let bytes = prefix.contains(['b', 'B']);
    let mut kinds = Escapes::default();
    let mut cursor = string.walk();
    for child in string.children(&mut cursor) {
        if child.kind_str() == "string_content" {
            kinds.scan(ctx.text_of(child), bytes);
        }
    }
    if !kinds.flagged() {
        return;
    }
    let mut hit = Hit::new(ctx.range(string));
    if !kinds.recognised {
        // Every escape is one Python keeps as written: `r` leaves the value alone.
        // `u"..."` cannot take `r`, but means the same without `u`.
        let new_prefix = format!("r{}", prefix.replace(['u', 'U'], ""));
        hit = hit.with_fix(Fix::new(
            Applicability::Safe,
            "Make it a raw string",
            vec![Edit::replace(
                crate::text::TextRange::new(start.start_byte(), start.start_byte() + prefix.len()),
                new_prefix,
            )],
        ));
    }
    out.push(hit);
}

/// What kinds of backslash escapes a literal holds.
#[derive(Default)]
struct Escapes {
    /// An escape Python does not recognise (`\d`): kept as backslash + letter.
    unrecognised: bool,
    /// An escape Python turns into something the regex did not mean (`\b`, `\1`).
    changed: bool,
    /// Any escape Python recognises (including harmless ones like `\n`, `\\`).
    recognised: bool,
}

impl Escapes {
    fn scan(&mut self, content: &str, bytes: bool) {
        let mut chars = content.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                continue;
            }
            let Some(next) = chars.next() else {
                // A trailing backslash: the literal is broken; do not touch it.
                self.recognised = true;
                return;
            };
            match next {
                '\n' | '\r' | '\\' | '\'' | '"' | 'a' | 'f' | 'n' | 'r' | 't' | 'v' | 'x' | '0' => {
                    self.recognised = true
                }
                'b' | '1'..='7' => {
                    self.recognised = true;
                    self.changed = true;
                }
                'N' | 'u' | 'U' if !bytes => self.recognised = true,
                _ => self.unrecognised = true,
            }
        }
    }

    fn flagged(&self) -> bool {
        self.unrecognised || self.changed
    }
}

#[cfg(test)]
mod tests {
    use super::Escapes;

    fn scan(s: &str) -> (bool, bool) {
        let mut e = Escapes::default();
        e.scan(s, false);
        (e.flagged(), e.recognised)
    }

    #[test]
    fn escapes() {
        assert_eq!(scan(r"\d+\.\d\d"), (true, false));
        assert_eq!(scan(r"\bcat\b"), (true, true));
        assert_eq!(scan(r"\d\n"), (true, true));
        assert_eq!(scan(r"a\nb\\c\t"), (false, true));
        assert_eq!(scan("abc"), (false, false));
        assert_eq!(scan(r"\1"), (true, true));
        assert_eq!(scan(r"\g<1>"), (true, false));
    }
}
