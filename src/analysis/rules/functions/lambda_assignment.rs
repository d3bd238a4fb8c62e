//! PG408 lambda-assignment: `name = lambda ...: ...` (also `name = (lambda ...: ...)`).

use crate::analysis::node::NodeExt;
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
        let (Some(left), Some(right)) = (node.field("left"), node.field("right")) else {
            return;
        };
        let Some(lambda) = unparenthesized(right).filter(|l| l.kind_str() == "lambda") else {
            return;
        };
        if left.kind_str() != "identifier" {
            return;
        }
        // Not `a = b = lambda: ...` or a walrus: a plain statement.
        let Some(statement) = node.parent().filter(|p| p.kind_str() == "expression_statement") else {
            return;
        };
        let name = ctx.text_of(left);
        let mut hit = Hit::new(ctx.range(node)).arg("name", name);
        if let Some(fix) = def_fix(node, statement, name, right, lambda, ctx) {
            hit = hit.with_fix(fix);
        }
        out.push(hit);
    }
}

/// The expression inside any parentheses around `node` (`((lambda: 1))` → the lambda).
fn unparenthesized(node: Node) -> Option<Node> {
    let mut n = node;
    while n.kind_str() == "parenthesized_expression" {
        let mut cursor = n.walk();
        let inner: Vec<Node> = n
            .named_children(&mut cursor)
            .filter(|c| c.kind_str() != "comment")
            .collect();
        let [only] = inner.as_slice() else { return None };
        n = *only;
    }
    Some(n)
}

/// `f = lambda x: expr` → `def f(x):` / `return expr`. `right` is the
/// assignment's value: the lambda itself or the parentheses around it.
fn def_fix(
    assignment: Node,
    statement: Node,
    name: &str,
    right: Node,
    lambda: Node,
    ctx: &Context,
) -> Option<Fix> {
    if assignment.field("type").is_some() || statement.named_child_count() != 1 {
        return None;
    }
    let text = ctx.text;
    if !common::alone_on_lines(statement, text) {
        return None;
    }
    let body = lambda.field("body")?;
    let mut has_yield = false;
    preorder(body, |n| {
        has_yield |= n.kind_str() == "yield";
        !has_yield
    });
    if has_yield || lambda.has_error() {
        return None;
    }
    let parenthesized = right.id() != lambda.id();
    if parenthesized {
        // A comment in the parentheses but outside the body would be lost.
        let mut stray_comment = false;
        preorder(right, |n| {
            if n.kind_str() == "comment"
                && !(body.start_byte() <= n.start_byte() && n.end_byte() <= body.end_byte())
            {
                stray_comment = true;
            }
            !stray_comment
        });
        if stray_comment {
            return None;
        }
    }
    let params = lambda.field("parameters").map_or("", |p| ctx.text_of(p));
    let indent = &text[common::line_start(text, statement.start_byte())..statement.start_byte()];
    let unit = if indent.contains('\t') { "\t" } else { "    " };
    let nl = util::newline(text);
    let body_text = ctx.text_of(body);
    // Inside the parentheses the body may span lines; after `return` it needs its own.
    let body_text = if parenthesized && body_text.contains(['\n', '\r']) {
        format!("({body_text})")
    } else {
        body_text.to_string()
    };
    let replacement = format!("def {name}({params}):{nl}{indent}{unit}return {body_text}");
    Some(Fix::new(
        Applicability::Unsafe,
        format!("Rewrite `{name}` as a `def`"),
        vec![Edit::replace(ctx.range(statement), replacement)],
    ))
}
