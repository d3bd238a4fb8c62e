//! Helpers private to the library rules.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use crate::analysis::Context;

/// `re.search(...)` (however imported) → `search`.
pub fn re_function(call: Node, ctx: &Context) -> Option<&'static str> {
    if call.kind_str() != "call" {
        return None;
    }
    let q = ctx.qualified(call)?;
    let name = q.strip_prefix("re.")?;
    RE_FUNCTIONS.iter().copied().find(|f| *f == name)
}

const RE_FUNCTIONS: &[&str] = &[
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

/// A string literal without `{}` fields (plain, raw, concatenated).
pub fn literal_string(node: Node) -> bool {
    match node.kind_str() {
        "string" => {
            let mut cursor = node.walk();
            let interpolated = node
                .named_children(&mut cursor)
                .any(|c| c.kind_str() == "interpolation");
            !interpolated
        }
        "concatenated_string" => {
            let mut cursor = node.walk();
            let all = node
                .named_children(&mut cursor)
                .all(|c| c.kind_str() == "comment" || literal_string(c));
            all
        }
        _ => false,
    }
}

/// The value of a plain or raw string literal (or a concatenation of them),
/// with escapes of non-raw parts left as written (callers only look at
/// characters that escapes cannot produce).
pub fn string_value(node: Node, ctx: &Context) -> Option<String> {
    match node.kind_str() {
        "string" => {
            let start = node.child(0)?;
            let prefix = ctx.text_of(start).to_ascii_lowercase();
            if prefix.contains('f') || prefix.contains('b') {
                return None;
            }
            let raw = prefix.contains('r');
            let mut cursor = node.walk();
            let mut out = String::new();
            for c in node.named_children(&mut cursor) {
                match c.kind_str() {
                    "string_start" | "string_end" => {}
                    "string_content" => {
                        let t = ctx.text_of(c);
                        // In a non-raw literal a backslash may stand for another character.
                        if !raw && t.contains('\\') {
                            return None;
                        }
                        out.push_str(t);
                    }
                    _ => return None,
                }
            }
            Some(out)
        }
        "concatenated_string" => {
            let mut cursor = node.walk();
            let parts: Vec<Node> = node
                .named_children(&mut cursor)
                .filter(|c| c.kind_str() != "comment")
                .collect();
            let mut out = String::new();
            for p in parts {
                out.push_str(&string_value(p, ctx)?);
            }
            Some(out)
        }
        _ => None,
    }
}
