//! PG408 lambda-assignment: `name = lambda ...: ...`.

use tree_sitter::Node;

use super::common;
use crate::analysis::rules::util;
use crate::analysis::walk::preorder;
use crate::analysis::{Applicability, Context, Edit, Fix, Hit};

pub struct LambdaAssignment;

impl super::Rule for LambdaAssignment {
    fn name(&self) -> &'static str {
        "lambda-assignment"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["assignment"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let (Some(left), Some(right)) = (
            node.child_by_field_name("left"),
            node.child_by_field_name("right"),
        ) else {
            return;
        };
        if left.kind() != "identifier" || right.kind() != "lambda" {
            return;
        }
        // Not `a = b = lambda: ...` or a walrus: a plain statement.
        let Some(statement) = node.parent().filter(|p| p.kind() == "expression_statement") else {
            return;
        };
        let name = ctx.text_of(left);
        let mut hit = Hit::new(ctx.range(node)).arg("name", name);
        if let Some(fix) = def_fix(node, statement, name, right, ctx) {
            hit = hit.with_fix(fix);
        }
        out.push(hit);
    }
}

/// `f = lambda x: expr` → `def f(x):` / `return expr`.
fn def_fix(assignment: Node, statement: Node, name: &str, lambda: Node, ctx: &Context) -> Option<Fix> {
    if assignment.child_by_field_name("type").is_some() || statement.named_child_count() != 1 {
        return None;
    }
    let text = ctx.text;
    if !common::alone_on_lines(statement, text) {
        return None;
    }
    let body = lambda.child_by_field_name("body")?;
    let mut has_yield = false;
    preorder(body, |n| {
        has_yield |= n.kind() == "yield";
        !has_yield
    });
    if has_yield || lambda.has_error() {
        return None;
    }
    let params = lambda
        .child_by_field_name("parameters")
        .map_or("", |p| ctx.text_of(p));
    let indent = &text[common::line_start(text, statement.start_byte())..statement.start_byte()];
    let unit = if indent.contains('\t') { "\t" } else { "    " };
    let nl = util::newline(text);
    let replacement = format!(
        "def {name}({params}):{nl}{indent}{unit}return {}",
        ctx.text_of(body)
    );
    Some(Fix::new(
        Applicability::Unsafe,
        format!("Rewrite `{name}` as a `def`"),
        vec![Edit::replace(ctx.range(statement), replacement)],
    ))
}
