//! PG602 type-isinstance: `type(x) == T` instead of `isinstance(x, T)`.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use crate::analysis::rules::util::positional_arguments;
use crate::analysis::{Applicability, Context, Edit, Fix, Hit};
use crate::text::TextRange;

pub struct TypeIsinstance;

impl super::Rule for TypeIsinstance {
    fn name(&self) -> &'static str {
        "type-isinstance"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["comparison_operator"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let mut cursor = node.walk();
        let children: Vec<Node> = node
            .children(&mut cursor)
            .filter(|c| c.kind_str() != "comment")
            .collect();
        let chained = children.len() > 3;
        for (i, op) in children.iter().enumerate() {
            let negated = match op.kind_str() {
                "==" => false,
                "!=" => true,
                _ => continue,
            };
            let (Some(left), Some(right)) = (
                i.checked_sub(1).and_then(|j| children.get(j)),
                children.get(i + 1),
            ) else {
                continue;
            };
            let (call, other) = match (type_argument(*left, ctx), type_argument(*right, ctx)) {
                (Some(arg), None) => (arg, *right),
                (None, Some(arg)) => (arg, *left),
                (Some(arg), Some(_)) => (arg, *right),
                (None, None) => continue,
            };
            let range = TextRange::new(left.start_byte(), right.end_byte());
            let mut hit = Hit::new(range);
            // `isinstance(x, T)` only for a plain comparison with a class name.
            let class_like =
                matches!(other.kind_str(), "identifier" | "attribute") && type_argument(other, ctx).is_none();
            let isinstance_ok =
                ctx.imports.resolve_name("isinstance").as_deref() == Some("builtins.isinstance");
            if !chained && class_like && isinstance_ok {
                let replacement = format!(
                    "{}isinstance({}, {})",
                    if negated { "not " } else { "" },
                    ctx.text_of(call),
                    ctx.text_of(other)
                );
                hit = hit.with_fix(Fix::new(
                    Applicability::Unsafe,
                    format!("Replace with `{replacement}`"),
                    vec![Edit::replace(ctx.range(node), replacement)],
                ));
            }
            out.push(hit);
        }
    }
}

/// `x` in `type(x)` (the builtin, one positional argument).
fn type_argument<'t>(node: Node<'t>, ctx: &Context) -> Option<Node<'t>> {
    if node.kind_str() != "call" || ctx.qualified(node).as_deref() != Some("builtins.type") {
        return None;
    }
    let args = node.field("arguments")?;
    if args.kind_str() != "argument_list" {
        return None;
    }
    let positional = positional_arguments(node);
    let mut cursor = args.walk();
    let total = args
        .named_children(&mut cursor)
        .filter(|c| c.kind_str() != "comment")
        .count();
    match positional.as_slice() {
        [one] if total == 1 => Some(*one),
        _ => None,
    }
}
