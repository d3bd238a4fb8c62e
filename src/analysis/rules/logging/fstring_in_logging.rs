//! PG704 fstring-in-logging: `log.info(f"...")`, `"..." % x` or `.format()` as
//! a log message.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common::log_call;
use crate::analysis::rules::style::common as shared;
use crate::analysis::rules::util;
use crate::analysis::{Applicability, Context, Edit, Fix, Hit};

pub struct FstringInLogging;

impl super::Rule for FstringInLogging {
    fn name(&self) -> &'static str {
        "fstring-in-logging"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["call"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let Some(call) = log_call(node, ctx) else {
            return;
        };
        // loguru and structlog format differently (or not at all).
        if call.other_library {
            return;
        }
        let positional = util::positional_arguments(node);
        let index = usize::from(call.method == "log");
        let Some(message) = positional.get(index).copied() else {
            return;
        };
        let message = unparenthesize(message);
        if !eagerly_formatted(message, ctx) {
            return;
        }
        let mut hit = Hit::new(ctx.range(message));
        // Existing %-arguments would have to be interleaved: leave those alone.
        if positional.len() == index + 1 {
            if let Some((template, args)) = simple_fstring(message, ctx) {
                let replacement = std::iter::once(template)
                    .chain(args)
                    .collect::<Vec<_>>()
                    .join(", ");
                hit = hit.with_fix(Fix::new(
                    Applicability::Unsafe,
                    "Pass the values as logging arguments",
                    vec![Edit::replace(ctx.range(message), replacement)],
                ));
            }
        }
        out.push(hit);
    }
}

fn unparenthesize(mut node: Node) -> Node {
    while node.kind_str() == "parenthesized_expression" {
        match shared::children(node).as_slice() {
            [inner] => node = *inner,
            _ => break,
        }
    }
    node
}

fn is_string(node: Node) -> bool {
    matches!(node.kind_str(), "string" | "concatenated_string")
}

fn has_interpolation(node: Node) -> bool {
    match node.kind_str() {
        "string" => shared::children(node)
            .iter()
            .any(|c| c.kind_str() == "interpolation"),
        "concatenated_string" => shared::children(node).iter().any(|c| has_interpolation(*c)),
        _ => false,
    }
}

/// An f-string with fields, `"..." % value` or `"...".format(...)`.
fn eagerly_formatted(node: Node, ctx: &Context) -> bool {
    match node.kind_str() {
        "string" | "concatenated_string" => has_interpolation(node),
        "binary_operator" => {
            node.field("operator").is_some_and(|o| o.kind_str() == "%")
                && node.field("left").is_some_and(|l| is_string(unparenthesize(l)))
        }
        "call" => shared::method_call(node, ctx)
            .is_some_and(|(object, method)| method == "format" && is_string(unparenthesize(object))),
        _ => false,
    }
}

/// `f"x={x} y={obj.y}"` → (`"x=%s y=%s"`, [`x`, `obj.y`]) when every field is a
/// plain name or attribute without conversion, format spec or `=`.
fn simple_fstring(node: Node, ctx: &Context) -> Option<(String, Vec<String>)> {
    if node.kind_str() != "string" {
        return None;
    }
    let mut template = String::new();
    let mut args = Vec::new();
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        match child.kind_str() {
            "string_start" => {
                let start = ctx.text_of(child);
                if !start.contains(['f', 'F']) {
                    return None;
                }
                template.push_str(&start.replace(['f', 'F'], ""));
            }
            "string_content" => {
                let content = ctx.text_of(child);
                template.push_str(&content.replace('%', "%%").replace("{{", "{").replace("}}", "}"));
            }
            "interpolation" => {
                let mut c = child.walk();
                let mut expression = None;
                for part in child.children(&mut c) {
                    match part.kind_str() {
                        "{" | "}" => {}
                        _ if child.field("expression").is_some_and(|e| e.id() == part.id()) => {
                            expression = Some(part)
                        }
                        _ => return None,
                    }
                }
                let expression = expression?;
                if !dotted_name(expression) {
                    return None;
                }
                template.push_str("%s");
                args.push(ctx.text_of(expression).to_string());
            }
            "string_end" => template.push_str(ctx.text_of(child)),
            _ => return None,
        }
    }
    (!args.is_empty()).then_some((template, args))
}

/// `name` or `a.b.c`.
fn dotted_name(node: Node) -> bool {
    match node.kind_str() {
        "identifier" => true,
        "attribute" => node.field("object").is_some_and(dotted_name),
        _ => false,
    }
}
