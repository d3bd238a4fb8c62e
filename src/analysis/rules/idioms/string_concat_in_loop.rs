//! PG604 string-concat-in-loop: `s += piece` inside a loop.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common::{
    contains_kind, expression_of, in_loop, is_str_literal, mentions, only_statement, scope_roots,
    string_prefix, trailing_comments, walk_scope,
};
use crate::analysis::{Applicability, Context, Edit, Fix, Hit};
use crate::text::TextRange;

pub struct StringConcatInLoop;

impl super::Rule for StringConcatInLoop {
    fn name(&self) -> &'static str {
        "string-concat-in-loop"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["augmented_assignment"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        if node.field("operator").is_none_or(|o| o.kind_str() != "+=") {
            return;
        }
        let (Some(target), Some(value)) = (node.field("left"), node.field("right")) else {
            return;
        };
        if target.kind_str() != "identifier" || !in_loop(node, false) {
            return;
        }
        let Some(lp) = innermost_loop(node) else { return };
        let name = ctx.text_of(target);
        let is_string = match last_binding(node, name, ctx) {
            Some(binding) => {
                // Reset inside the same loop: the text does not grow across passes.
                if binding.start_byte() > lp.start_byte() {
                    return;
                }
                binding_is_str(binding, ctx)
            }
            None => stringish(value, ctx),
        };
        if !is_string {
            return;
        }
        let mut hit = Hit::new(ctx.range(node));
        if let Some(fix) = join_fix(node, lp, name, value, ctx) {
            hit = hit.with_fix(fix);
        }
        out.push(hit);
    }
}

/// The innermost `for`/`while` whose body holds `node`.
fn innermost_loop(node: Node) -> Option<Node> {
    let mut child = node;
    let mut n = node.parent();
    while let Some(p) = n {
        match p.kind_str() {
            "for_statement" | "while_statement" if p.field("body") == Some(child) => return Some(p),
            "function_definition" | "class_definition" | "lambda" => return None,
            _ => {}
        }
        child = p;
        n = p.parent();
    }
    None
}

/// The last plain assignment `name = ...` (or `name: T = ...`) before `node` in its scope.
fn last_binding<'t>(node: Node<'t>, name: &str, ctx: &Context) -> Option<Node<'t>> {
    let mut last = None;
    walk_scope(&scope_roots(node), |n| {
        if n.kind_str() == "assignment"
            && n.start_byte() < node.start_byte()
            && n.field("left")
                .is_some_and(|l| l.kind_str() == "identifier" && ctx.text_of(l) == name)
            && n.field("right").is_some()
        {
            last = Some(n);
        }
    });
    last
}

fn binding_is_str(assignment: Node, ctx: &Context) -> bool {
    if let Some(t) = assignment.field("type") {
        return ctx.text_of(t) == "str";
    }
    assignment.field("right").is_some_and(|r| stringish(r, ctx))
}

/// An expression that certainly gives a `str`.
fn stringish(node: Node, ctx: &Context) -> bool {
    match node.kind_str() {
        "string" | "concatenated_string" => is_str_literal(node, ctx, true),
        "parenthesized_expression" => node.named_child(0).is_some_and(|c| stringish(c, ctx)),
        "call" => {
            let Some(function) = node.field("function") else {
                return false;
            };
            if matches!(
                ctx.qualified(node).as_deref(),
                Some(
                    "builtins.str" | "builtins.repr" | "builtins.chr" | "builtins.format" | "builtins.ascii"
                )
            ) {
                return true;
            }
            // `", ".join(...)`, `"{}".format(...)`: methods of a str literal.
            function.kind_str() == "attribute"
                && function
                    .field("object")
                    .is_some_and(|o| is_str_literal(o, ctx, true))
        }
        "binary_operator" => {
            let op = node.field("operator").map(|o| o.kind_str());
            let left = node.field("left");
            let right = node.field("right");
            match op {
                Some("+") => {
                    left.is_some_and(|l| stringish(l, ctx)) || right.is_some_and(|r| stringish(r, ctx))
                }
                Some("%") => left.is_some_and(|l| stringish(l, ctx)),
                _ => false,
            }
        }
        _ => false,
    }
}

/// `s = ""` + `for x in it: s += expr` → `s = "".join(expr for x in it)`.
fn join_fix(node: Node, lp: Node, name: &str, value: Node, ctx: &Context) -> Option<Fix> {
    if lp.kind_str() != "for_statement"
        || lp.child(0).is_some_and(|c| c.kind_str() == "async")
        || lp.field("alternative").is_some()
    {
        return None;
    }
    let statement = only_statement(lp.field("body")?)?;
    if expression_of(statement)? != node {
        return None;
    }
    let init_statement = lp.prev_named_sibling()?;
    let init = expression_of(init_statement)?;
    if init.kind_str() != "assignment"
        || init
            .field("left")
            .is_none_or(|l| l.kind_str() != "identifier" || ctx.text_of(l) != name)
    {
        return None;
    }
    let empty = init.field("right")?;
    if string_prefix(empty, ctx).as_deref() != Some("") || !matches!(ctx.text_of(empty), "\"\"" | "''") {
        return None;
    }
    // Up to the end of `s += expr`: a comment after it stays where it is.
    let whole = TextRange::new(init.start_byte(), statement.end_byte());
    let between = ctx.text.get(init.end_byte()..lp.start_byte())?;
    let comments = trailing_comments(lp, lp.start_byte(), statement.end_byte(), ctx)?;
    // The piece must not read the accumulator or suspend.
    if between.contains('#')
        || mentions(value, name, ctx)
        || contains_kind(value, &["await", "yield", "lambda", "named_expression"])
    {
        return None;
    }
    let (Some(loop_target), Some(iterable)) = (lp.field("left"), lp.field("right")) else {
        return None;
    };
    let iterable_code = match iterable.kind_str() {
        "expression_list" | "conditional_expression" | "lambda" | "named_expression" => {
            format!("({})", ctx.text_of(iterable))
        }
        _ => ctx.text_of(iterable).to_string(),
    };
    let head = ctx.text.get(init.start_byte()..empty.start_byte())?;
    let replacement = format!(
        "{head}{}.join({} for {} in {iterable_code}){comments}",
        ctx.text_of(empty),
        ctx.text_of(value),
        ctx.text_of(loop_target),
    );
    Some(Fix::new(
        Applicability::Unsafe,
        "Build the string with `str.join`",
        vec![Edit::replace(whole, replacement)],
    ))
}
