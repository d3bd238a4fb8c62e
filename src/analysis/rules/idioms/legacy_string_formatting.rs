//! PG603 legacy-string-formatting: `"%s" % x` and `"{}".format(x)` on a literal.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common::{is_str_literal, string_prefix};
use crate::analysis::rules::logging::common::is_log_call;
use crate::analysis::{Applicability, Context, Edit, Fix, Hit};

pub struct LegacyStringFormatting;

impl super::Rule for LegacyStringFormatting {
    fn name(&self) -> &'static str {
        "legacy-string-formatting"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["binary_operator", "call"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        match node.kind_str() {
            "binary_operator" => {
                let is_percent = node.field("operator").is_some_and(|o| o.kind_str() == "%");
                let Some(left) = node.field("left") else {
                    return;
                };
                if !is_percent || !is_str_literal(left, ctx, false) || in_logging_call(node, ctx) {
                    return;
                }
                out.push(Hit::new(ctx.range(node)));
            }
            "call" => {
                let Some(function) = node.field("function") else {
                    return;
                };
                if function.kind_str() != "attribute"
                    || function
                        .field("attribute")
                        .is_none_or(|a| ctx.text_of(a) != "format")
                {
                    return;
                }
                let Some(template) = function.field("object") else {
                    return;
                };
                if !is_str_literal(template, ctx, false) || in_logging_call(node, ctx) {
                    return;
                }
                let mut hit = Hit::new(ctx.range(node));
                if let Some(fix) = fstring_fix(node, template, ctx) {
                    hit = hit.with_fix(fix);
                }
                out.push(hit);
            }
            _ => {}
        }
    }
}

/// `log.info("..." % x)`: the advice there is to pass arguments, not an
/// f-string. Only calls on a logger count (`logging.error`, `logger.info`,
/// `self.log.warning`, a name bound from `logging.getLogger(...)`), not any
/// `.warn` / `.error` method (`warnings.warn`, `parser.error`).
fn in_logging_call(node: Node, ctx: &Context) -> bool {
    let Some(args) = node.parent() else { return false };
    if args.kind_str() != "argument_list" {
        return false;
    }
    args.parent().is_some_and(|call| is_log_call(call, ctx))
}

/// `"a {} b {!r:>5}".format(x, y)` → `f"a {x} b {y!r:>5}"` when every field
/// is an automatically numbered `{}` and every argument is a simple expression.
fn fstring_fix(call: Node, template: Node, ctx: &Context) -> Option<Fix> {
    if template.kind_str() != "string" {
        return None;
    }
    let prefix = string_prefix(template, ctx)?;
    if prefix.contains('u') {
        return None;
    }
    let start = template.child(0)?;
    let end = template.child(u32::try_from(template.child_count().checked_sub(1)?).ok()?)?;
    let quote = ctx
        .text_of(start)
        .trim_start_matches(|c: char| c.is_ascii_alphabetic());
    let quote_char = quote.chars().next()?;
    let content = ctx.text.get(start.end_byte()..end.start_byte())?;
    if content.contains("\\N") {
        return None;
    }
    let args_node = call.field("arguments")?;
    let mut cursor = args_node.walk();
    let args: Vec<Node> = args_node.named_children(&mut cursor).collect();
    let mut values = Vec::new();
    for a in &args {
        let code = ctx.text_of(*a);
        let simple = matches!(
            a.kind_str(),
            "identifier"
                | "attribute"
                | "subscript"
                | "call"
                | "integer"
                | "float"
                | "true"
                | "false"
                | "none"
        );
        if !simple || code.contains(['\\', '\n', '\r', '{', '}', '#', quote_char]) {
            return None;
        }
        values.push(code);
    }
    let mut result = String::new();
    let mut used = 0;
    let mut chars = content.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        match c {
            '{' if chars.peek().map(|p| p.1) == Some('{') => {
                chars.next();
                result.push_str("{{");
            }
            '}' if chars.peek().map(|p| p.1) == Some('}') => {
                chars.next();
                result.push_str("}}");
            }
            '{' => {
                let mut field = String::new();
                let mut closed = false;
                for (_, f) in chars.by_ref() {
                    if f == '}' {
                        closed = true;
                        break;
                    }
                    if f == '{' {
                        return None;
                    }
                    field.push(f);
                }
                // Only `{}`, `{!r}`, `{:spec}`, `{!r:spec}`: no numbers or names.
                if !closed || !(field.is_empty() || field.starts_with('!') || field.starts_with(':')) {
                    return None;
                }
                if let Some(conv) = field.strip_prefix('!') {
                    let mut it = conv.chars();
                    if !matches!(it.next(), Some('r' | 's' | 'a')) {
                        return None;
                    }
                    let rest = it.as_str();
                    if !(rest.is_empty() || rest.starts_with(':')) {
                        return None;
                    }
                }
                let value = values.get(used)?;
                used += 1;
                result.push('{');
                result.push_str(value);
                result.push_str(&field);
                result.push('}');
            }
            '}' => return None,
            _ => result.push(c),
        }
    }
    if used != values.len() {
        return None;
    }
    let replacement = format!("{prefix}f{quote}{result}{quote}");
    Some(Fix::new(
        Applicability::Unsafe,
        "Convert to an f-string",
        vec![Edit::replace(ctx.range(call), replacement)],
    ))
}
