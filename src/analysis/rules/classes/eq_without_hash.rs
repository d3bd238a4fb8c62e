//! PG501 eq-without-hash: a class defines `__eq__` but not `__hash__`.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common::{base_name, bases, body_assignments, class_keyword, is_dataclass, method};
use crate::analysis::{Context, Hit};

pub struct EqWithoutHash;

impl super::Rule for EqWithoutHash {
    fn name(&self) -> &'static str {
        "eq-without-hash"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["class_definition"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let Some(class_name) = node.field("name") else {
            return;
        };
        let Some(eq) = method(node, "__eq__", ctx) else {
            return;
        };
        if method(node, "__hash__", ctx).is_some() || is_dataclass(node, ctx) {
            return;
        }
        let assigns_hash = body_assignments(node).into_iter().any(|a| {
            let mut names = Vec::new();
            if let Some(left) = a.field("left") {
                collect(left, &mut names);
            }
            names.into_iter().any(|n| ctx.text_of(n) == "__hash__")
        });
        if assigns_hash {
            return;
        }
        // Protocols only declare the method for others to implement; model
        // libraries and custom metaclasses may generate `__hash__` themselves.
        let generated = class_keyword(node, "metaclass", ctx).is_some()
            || bases(node).into_iter().any(|b| {
                base_name(b, ctx).is_some_and(|q| {
                    matches!(q.as_str(), "typing.Protocol" | "typing_extensions.Protocol")
                        || ["pydantic.", "sqlmodel.", "msgspec.", "attr.", "attrs."]
                            .iter()
                            .any(|p| q.starts_with(p))
                })
            });
        if generated {
            return;
        }
        let Some(eq_name) = eq.field("name") else {
            return;
        };
        out.push(Hit::new(ctx.range(eq_name)).arg("name", ctx.text_of(class_name)));
    }
}

fn collect<'t>(target: Node<'t>, out: &mut Vec<Node<'t>>) {
    match target.kind_str() {
        "identifier" => out.push(target),
        "pattern_list" | "tuple_pattern" | "list_pattern" => {
            let mut cursor = target.walk();
            for c in target.named_children(&mut cursor) {
                collect(c, out);
            }
        }
        _ => {}
    }
}
