//! PG606 append-loop-to-comprehension: `xs = []` then `for x in it: xs.append(f(x))`.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common::{contains_kind, expression_of, mentions, only_statement, trailing_comments};
use crate::analysis::{Applicability, Context, Edit, Fix, Hit};
use crate::text::TextRange;

pub struct AppendLoopToComprehension;

impl super::Rule for AppendLoopToComprehension {
    fn name(&self) -> &'static str {
        "append-loop-to-comprehension"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["for_statement"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        if node.child(0).is_some_and(|c| c.kind_str() == "async") || node.field("alternative").is_some() {
            return;
        }
        let (Some(target), Some(iterable), Some(body)) =
            (node.field("left"), node.field("right"), node.field("body"))
        else {
            return;
        };
        let Some(statement) = only_statement(body) else {
            return;
        };
        // Either `xs.append(e)` or `if cond: xs.append(e)` (no elif/else).
        let (condition, append_statement) = if statement.kind_str() == "if_statement" {
            if statement.field("alternative").is_some() {
                return;
            }
            let (Some(cond), Some(consequence)) =
                (statement.field("condition"), statement.field("consequence"))
            else {
                return;
            };
            let Some(inner) = only_statement(consequence) else {
                return;
            };
            (Some(cond), inner)
        } else {
            (None, statement)
        };
        let Some((list_name, element)) = append_call(append_statement, ctx) else {
            return;
        };
        // The list must be created empty by the statement just before the loop.
        let Some(init) = node.prev_named_sibling().and_then(expression_of) else {
            return;
        };
        if init.kind_str() != "assignment" {
            return;
        }
        let (Some(left), Some(empty)) = (init.field("left"), init.field("right")) else {
            return;
        };
        if left.kind_str() != "identifier"
            || ctx.text_of(left) != list_name
            || empty.kind_str() != "list"
            || empty.named_child_count() != 0
        {
            return;
        }
        // The loop may only append: no other read of the list.
        if mentions(element, list_name, ctx)
            || condition.is_some_and(|c| mentions(c, list_name, ctx))
            || mentions(target, list_name, ctx)
            || mentions(iterable, list_name, ctx)
            || contains_kind(element, &["yield"])
            || condition.is_some_and(|c| contains_kind(c, &["yield"]))
        {
            return;
        }
        let header = TextRange::new(node.start_byte(), iterable.end_byte());
        let mut hit = Hit::new(header);
        if let Some(fix) = comprehension_fix(node, init, empty, target, iterable, condition, element, ctx) {
            hit = hit.with_fix(fix);
        }
        out.push(hit);
    }
}

/// `name.append(expr)` as a statement: the list's name and the appended expression.
fn append_call<'t, 'a>(statement: Node<'t>, ctx: &Context<'a>) -> Option<(&'a str, Node<'t>)> {
    let call = expression_of(statement)?;
    if call.kind_str() != "call" {
        return None;
    }
    let function = call.field("function")?;
    if function.kind_str() != "attribute" {
        return None;
    }
    let object = function.field("object")?;
    let method = function.field("attribute")?;
    if object.kind_str() != "identifier" || ctx.text_of(method) != "append" {
        return None;
    }
    let args = call.field("arguments")?;
    if args.kind_str() != "argument_list" || args.named_child_count() != 1 {
        return None;
    }
    let element = args.named_child(0)?;
    if matches!(
        element.kind_str(),
        "keyword_argument" | "list_splat" | "dictionary_splat" | "comment" | "parenthesized_list_splat"
    ) {
        return None;
    }
    Some((ctx.text_of(object), element))
}

#[allow(clippy::too_many_arguments)]
fn comprehension_fix(
    lp: Node,
    init: Node,
    empty: Node,
    target: Node,
    iterable: Node,
    condition: Option<Node>,
    element: Node,
    ctx: &Context,
) -> Option<Fix> {
    // In a class body a comprehension cannot see the class's names.
    let mut up = lp.parent();
    while let Some(p) = up {
        match p.kind_str() {
            "class_definition" => return None,
            "function_definition" | "lambda" => break,
            _ => up = p.parent(),
        }
    }
    // Up to the end of the `append` call: a comment after it stays where it
    // is; end-of-line comments before it follow the comprehension.
    let end = element.parent()?.parent()?.end_byte();
    let comments = trailing_comments(lp, lp.start_byte(), end, ctx)?;
    let between = ctx.text.get(init.end_byte()..lp.start_byte())?;
    if between.contains('#') {
        return None;
    }
    let wrap = |n: Node, kinds: &[&str]| {
        if kinds.contains(&n.kind_str()) {
            format!("({})", ctx.text_of(n))
        } else {
            ctx.text_of(n).to_string()
        }
    };
    let element_code = wrap(element, &["lambda", "named_expression"]);
    let iterable_code = wrap(
        iterable,
        &[
            "expression_list",
            "conditional_expression",
            "lambda",
            "named_expression",
        ],
    );
    let mut comprehension = format!("[{element_code} for {} in {iterable_code}", ctx.text_of(target));
    if let Some(cond) = condition {
        let code = wrap(cond, &["conditional_expression", "lambda", "named_expression"]);
        comprehension.push_str(&format!(" if {code}"));
    }
    comprehension.push(']');
    comprehension.push_str(&comments);
    Some(Fix::new(
        Applicability::Unsafe,
        "Replace the loop with a list comprehension",
        vec![Edit::replace(
            TextRange::new(empty.start_byte(), end),
            comprehension,
        )],
    ))
}
