//! PG601 none-comparison: `x == None` / `x != None`.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use crate::analysis::{Applicability, Context, Edit, Fix, Hit};
use crate::text::TextRange;

pub struct NoneComparison;

impl super::Rule for NoneComparison {
    fn name(&self) -> &'static str {
        "none-comparison"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["comparison_operator"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        if is_query_expression(node, ctx) {
            return;
        }
        // A chain `a == b == c` has operands and operators interleaved.
        let mut cursor = node.walk();
        let children: Vec<Node> = node.children(&mut cursor).collect();
        for (i, op) in children.iter().enumerate() {
            let replacement = match op.kind_str() {
                "==" => "is",
                "!=" => "is not",
                _ => continue,
            };
            let (Some(left), Some(right)) = (
                i.checked_sub(1).and_then(|j| children.get(j)),
                children.get(i + 1),
            ) else {
                continue;
            };
            if left.kind_str() != "none" && right.kind_str() != "none" {
                continue;
            }
            let range = TextRange::new(left.start_byte(), right.end_byte());
            let fix = Fix::new(
                Applicability::Unsafe,
                format!("Replace `{}` with `{replacement}`", op.kind_str()),
                vec![Edit::replace(ctx.range(*op), replacement)],
            );
            out.push(
                Hit::new(range)
                    .arg("op", op.kind_str())
                    .arg("replacement", replacement)
                    .with_fix(fix),
            );
        }
    }
}

/// SQLAlchemy and similar builders overload `==` on columns on purpose:
/// `query.filter(User.deleted_at == None)` builds `IS NULL`; rewriting it to
/// `is None` would break the query.
fn is_query_expression(node: Node, ctx: &Context) -> bool {
    let mut n = node.parent();
    while let Some(p) = n {
        match p.kind_str() {
            "argument_list" => {
                let Some(call) = p.parent() else { return false };
                let Some(function) = call.field("function") else {
                    return false;
                };
                if function.kind_str() != "attribute" {
                    return false;
                }
                let method = function.field("attribute").map(|a| ctx.text_of(a));
                return matches!(
                    method,
                    Some(
                        "filter"
                            | "filter_by"
                            | "where"
                            | "having"
                            | "join"
                            | "outerjoin"
                            | "exclude"
                            | "and_"
                            | "or_"
                    )
                );
            }
            "boolean_operator" | "not_operator" | "parenthesized_expression" => n = p.parent(),
            _ => return false,
        }
    }
    false
}
