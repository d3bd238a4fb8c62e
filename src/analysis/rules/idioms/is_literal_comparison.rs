//! PG613 is-literal-comparison: `x is 1`, `x is not "a"`: identity with a literal.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common::string_prefix;
use crate::analysis::{Applicability, Context, Edit, Fix, Hit};
use crate::text::TextRange;

pub struct IsLiteralComparison;

impl super::Rule for IsLiteralComparison {
    fn name(&self) -> &'static str {
        "is-literal-comparison"
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
        for (i, op) in children.iter().enumerate() {
            let (written, replacement) = match op.kind_str() {
                "is" => ("is", "=="),
                "is not" => ("is not", "!="),
                _ => continue,
            };
            let (Some(left), Some(right)) = (
                i.checked_sub(1).and_then(|j| children.get(j)),
                children.get(i + 1),
            ) else {
                continue;
            };
            if !is_literal(*left, ctx) && !is_literal(*right, ctx) {
                continue;
            }
            let fix = Fix::new(
                Applicability::Safe,
                format!("Replace `{written}` with `{replacement}`"),
                vec![Edit::replace(ctx.range(*op), replacement)],
            );
            out.push(
                Hit::new(TextRange::new(left.start_byte(), right.end_byte()))
                    .arg("op", written)
                    .arg("replacement", replacement)
                    .with_fix(fix),
            );
        }
    }
}

/// A literal Python warns about after `is`: str, bytes and number literals,
/// signed numbers, and tuples of those (not `None`, `True`, `False`, `...`,
/// f-strings or list/dict displays).
fn is_literal(node: Node, ctx: &Context) -> bool {
    match node.kind_str() {
        "integer" | "float" => true,
        "string" => string_prefix(node, ctx).is_some_and(|p| !p.contains('f')),
        "concatenated_string" => {
            let mut cursor = node.walk();
            let all = node
                .named_children(&mut cursor)
                .filter(|c| c.kind_str() != "comment")
                .all(|c| is_literal(c, ctx));
            all
        }
        "unary_operator" => node
            .field("argument")
            .is_some_and(|a| matches!(a.kind_str(), "integer" | "float")),
        "parenthesized_expression" => node.named_child(0).is_some_and(|c| is_literal(c, ctx)),
        "tuple" => {
            let mut cursor = node.walk();
            let all = node
                .named_children(&mut cursor)
                .filter(|c| c.kind_str() != "comment")
                .all(|c| {
                    is_literal(c, ctx) || matches!(c.kind_str(), "none" | "true" | "false" | "ellipsis")
                });
            all
        }
        _ => false,
    }
}
