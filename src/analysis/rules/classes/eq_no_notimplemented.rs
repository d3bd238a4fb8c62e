//! PG502 eq-no-notimplemented: `__eq__` reads `other.x` without checking `other`'s type.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common::{class_of_method, second_parameter};
use crate::analysis::walk::preorder;
use crate::analysis::{Context, Hit};

pub struct EqNoNotimplemented;

/// Attributes every object has: reading them is itself a type check.
const UNIVERSAL: &[&str] = &["__class__", "__eq__", "__ne__", "__hash__", "__repr__", "__str__"];

impl super::Rule for EqNoNotimplemented {
    fn name(&self) -> &'static str {
        "eq-no-notimplemented"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["function_definition"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        if node.field("name").is_none_or(|n| ctx.text_of(n) != "__eq__") || class_of_method(node).is_none() {
            return;
        }
        let (Some(other), Some(body)) = (second_parameter(node, ctx), node.field("body")) else {
            return;
        };
        let mut first_read = None;
        let mut guarded = false;
        preorder(body, |n| {
            if guarded {
                return false;
            }
            match n.kind_str() {
                // Another scope: its `other` may be a different name.
                "function_definition" | "lambda" | "class_definition" => return false,
                "identifier" if ctx.text_of(n) == "NotImplemented" => guarded = true,
                // `match other: case Point(...)` checks the type.
                "match_statement" => guarded = true,
                "try_statement" => guarded |= catches_attribute_error(n, ctx),
                "call" => guarded |= is_type_check(n, other, ctx),
                "attribute" => {
                    let object = n.field("object");
                    let attr = n.field("attribute").map(|a| ctx.text_of(a));
                    if object.is_some_and(|o| o.kind_str() == "identifier" && ctx.text_of(o) == other) {
                        if attr.is_some_and(|a| UNIVERSAL.contains(&a)) {
                            guarded = true;
                        } else if first_read.is_none() {
                            first_read = Some(n);
                        }
                    }
                }
                _ => {}
            }
            true
        });
        if guarded {
            return;
        }
        if let Some(read) = first_read {
            out.push(Hit::new(ctx.range(read)).arg("name", other));
        }
    }
}

/// `isinstance(other, ...)`, `type(other)`, `hasattr(other, ...)`,
/// `getattr(other, ...)`, `issubclass(type(other), ...)`.
fn is_type_check(call: Node, other: &str, ctx: &Context) -> bool {
    let Some(q) = ctx.qualified(call) else {
        return false;
    };
    if !matches!(
        q.as_str(),
        "builtins.isinstance"
            | "builtins.type"
            | "builtins.hasattr"
            | "builtins.getattr"
            | "builtins.issubclass"
    ) {
        return false;
    }
    let Some(args) = call.field("arguments") else {
        return false;
    };
    let mut found = false;
    preorder(args, |n| {
        found |= n.kind_str() == "identifier" && ctx.text_of(n) == other;
        true
    });
    found
}

/// A `try` whose handlers catch `AttributeError` (or everything).
fn catches_attribute_error(try_statement: Node, ctx: &Context) -> bool {
    let mut cursor = try_statement.walk();
    let found = try_statement.named_children(&mut cursor).any(|c| {
        if c.kind_str() != "except_clause" {
            return false;
        }
        let mut inner = c.walk();
        let types: Vec<Node> = c
            .named_children(&mut inner)
            .filter(|x| x.kind_str() != "block" && x.kind_str() != "comment")
            .collect();
        if types.is_empty() {
            return true;
        }
        let text = types
            .iter()
            .map(|t| ctx.text_of(*t))
            .collect::<Vec<_>>()
            .join(" ");
        ["AttributeError", "Exception", "BaseException"]
            .iter()
            .any(|e| text.contains(e))
    });
    found
}
