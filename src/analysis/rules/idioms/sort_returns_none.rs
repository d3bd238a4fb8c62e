//! PG605 sort-returns-none: `ys = xs.sort()` stores `None`.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common::{scope_roots, walk_scope};
use crate::analysis::rules::util::positional_arguments;
use crate::analysis::{Applicability, Context, Edit, Fix, Hit};

pub struct SortReturnsNone;

/// Libraries whose objects have `sort`/`append`/`reverse` methods that return
/// a new object (Polars frames, pandas indexes, Django querysets, tensors...).
/// When the module uses one, only receivers known to be lists are flagged.
const RETURNING_LIBRARIES: &[&str] = &[
    "pandas",
    "polars",
    "torch",
    "jax",
    "tensorflow",
    "django",
    "sqlalchemy",
    "pyspark",
    "dask",
    "modin",
    "cudf",
    "ibis",
    "xarray",
    "peewee",
    "mongoengine",
];

impl super::Rule for SortReturnsNone {
    fn name(&self) -> &'static str {
        "sort-returns-none"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["assignment"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let Some(call) = node.field("right") else {
            return;
        };
        if call.kind_str() != "call" {
            return;
        }
        let Some((receiver, method)) = super::super::util::method_call(call) else {
            return;
        };
        let Some(args) = call.field("arguments") else {
            return;
        };
        if args.kind_str() != "argument_list" {
            return;
        }
        let positional = positional_arguments(call).len();
        let mut cursor = args.walk();
        let all = args
            .named_children(&mut cursor)
            .filter(|c| c.kind_str() != "comment")
            .count();
        // The argument shapes of the list methods themselves.
        let method = ctx.text_of(method);
        let shape_ok = match method {
            "sort" => positional == 0,
            "reverse" => all == 0,
            "append" | "extend" => positional == 1 && all == 1,
            _ => false,
        };
        if !shape_ok {
            return;
        }
        // `np.append(a, x)`, `heapq...`: a module function, not a method.
        if ctx
            .qualified(receiver)
            .is_some_and(|q| !q.starts_with("builtins."))
        {
            return;
        }
        if receiver.kind_str() == "identifier" && matches!(ctx.text_of(receiver), "self" | "cls") {
            return;
        }
        if receiver.kind_str() == "call" && ctx.qualified(receiver).as_deref() == Some("builtins.super") {
            return;
        }
        let known = known_list(receiver, node, ctx);
        if !known && RETURNING_LIBRARIES.iter().any(|m| ctx.imports.imports_module(m)) {
            return;
        }
        let mut hit = Hit::new(ctx.range(call));
        let mut cursor = args.walk();
        let has_comment = args
            .named_children(&mut cursor)
            .any(|a| a.kind_str() == "comment");
        if method == "sort"
            && !has_comment
            && ctx.imports.resolve_name("sorted").as_deref() == Some("builtins.sorted")
        {
            let mut parts = vec![ctx.text_of(receiver).to_string()];
            let mut cursor = args.walk();
            parts.extend(
                args.named_children(&mut cursor)
                    .map(|a| ctx.text_of(a).to_string()),
            );
            let replacement = format!("sorted({})", parts.join(", "));
            hit = hit.with_fix(Fix::new(
                Applicability::Unsafe,
                format!("Replace with `{replacement}`"),
                vec![Edit::replace(ctx.range(call), replacement)],
            ));
        }
        out.push(hit);
    }
}

/// Whether `receiver` is certainly a list: a list display or comprehension, a
/// `list(...)`/`sorted(...)` call, or a local name last bound to one (or a
/// parameter annotated `list`).
fn known_list(receiver: Node, at: Node, ctx: &Context) -> bool {
    if is_list_expression(receiver, ctx) {
        return true;
    }
    if receiver.kind_str() != "identifier" {
        return false;
    }
    let name = ctx.text_of(receiver);
    let mut last: Option<bool> = None;
    walk_scope(&scope_roots(at), |n| {
        if n.start_byte() >= at.start_byte() {
            return;
        }
        if n.kind_str() == "assignment"
            && n.field("left")
                .is_some_and(|l| l.kind_str() == "identifier" && ctx.text_of(l) == name)
        {
            last = Some(n.field("right").is_some_and(|r| is_list_expression(r, ctx)));
        }
    });
    // Parameters live outside the function body that `scope_roots` gives.
    if last.is_none() {
        if let Some(function) = crate::analysis::rules::util::enclosing_function(at) {
            if let Some(params) = function.field("parameters") {
                walk_scope(&[params], |n| {
                    if matches!(n.kind_str(), "typed_parameter" | "typed_default_parameter") {
                        let pname = n
                            .field("name")
                            .or_else(|| n.named_child(0).filter(|c| c.kind_str() == "identifier"));
                        if pname.is_some_and(|p| ctx.text_of(p) == name) {
                            let ty = n.field("type").map(|t| ctx.text_of(t)).unwrap_or("");
                            last = Some(ty == "list" || ty.starts_with("list[") || ty.starts_with("List["));
                        }
                    }
                });
            }
        }
    }
    last == Some(true)
}

fn is_list_expression(node: Node, ctx: &Context) -> bool {
    match node.kind_str() {
        "list" | "list_comprehension" => true,
        "call" => matches!(
            ctx.qualified(node).as_deref(),
            Some("builtins.list" | "builtins.sorted")
        ),
        "parenthesized_expression" => node.named_child(0).is_some_and(|c| is_list_expression(c, ctx)),
        _ => false,
    }
}
