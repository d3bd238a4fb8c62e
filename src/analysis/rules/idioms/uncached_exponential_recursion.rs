//! PG610 uncached-exponential-recursion: `return f(n - 1) + f(n - 2)` without a cache.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use crate::analysis::rules::util::{add_import, class_of_method, is_async_def, line_indent, newline};
use crate::analysis::walk::preorder;
use crate::analysis::{Applicability, Context, Edit, Fix, Hit};

pub struct UncachedExponentialRecursion;

impl super::Rule for UncachedExponentialRecursion {
    fn name(&self) -> &'static str {
        "uncached-exponential-recursion"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["function_definition"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        if is_async_def(node) || class_of_method(node).is_some() {
            return;
        }
        let (Some(name_node), Some(params), Some(body)) =
            (node.field("name"), node.field("parameters"), node.field("body"))
        else {
            return;
        };
        let name = ctx.text_of(name_node);
        // Plain parameters only: a default (`memo={}`) or `*args` hints at a hand-made cache.
        let mut param_names = Vec::new();
        let mut cursor = params.walk();
        for p in params.named_children(&mut cursor) {
            match p.kind_str() {
                "identifier" => param_names.push(ctx.text_of(p)),
                "typed_parameter" => match p.named_child(0) {
                    Some(id) if id.kind_str() == "identifier" => param_names.push(ctx.text_of(id)),
                    _ => return,
                },
                "comment" => {}
                _ => return,
            }
        }
        if param_names.is_empty() || has_cache_decorator(node, ctx) || looks_memoised(body, ctx) {
            return;
        }
        let mut recursive = false;
        preorder(body, |n| {
            if recursive
                || matches!(
                    n.kind_str(),
                    "function_definition" | "class_definition" | "lambda"
                )
            {
                return false;
            }
            if n.kind_str() == "return_statement" {
                if let Some(value) = n.named_child(0) {
                    recursive |= self_calls(value, name, &param_names, ctx) >= 2;
                }
                return false;
            }
            true
        });
        if !recursive {
            return;
        }
        // The decorator goes on its own line above the `def`.
        let Some(fix) = cache_fix(node, ctx) else { return };
        out.push(Hit::new(ctx.range(name_node)).with_fix(fix));
    }
}

fn decorators(def: Node) -> Vec<Node> {
    let Some(parent) = def.parent().filter(|p| p.kind_str() == "decorated_definition") else {
        return Vec::new();
    };
    let mut cursor = parent.walk();
    let found = parent
        .named_children(&mut cursor)
        .filter(|c| c.kind_str() == "decorator")
        .collect();
    found
}

/// Any decorator that caches: `functools.cache`/`lru_cache`, or one whose name
/// says it memoises (`cachetools.cached`, a home-made `@memoize`).
fn has_cache_decorator(def: Node, ctx: &Context) -> bool {
    decorators(def).into_iter().any(|d| {
        let text = ctx.text_of(d).to_ascii_lowercase();
        let q = ctx.qualified(d).unwrap_or_default();
        q == "functools.cache"
            || q == "functools.lru_cache"
            || text.contains("cache")
            || text.contains("memo")
    })
}

/// A body that already looks results up: `if n in memo`, `memo[n] = ...`.
fn looks_memoised(body: Node, ctx: &Context) -> bool {
    let mut found = false;
    preorder(body, |n| {
        if found {
            return false;
        }
        match n.kind_str() {
            "comparison_operator" => {
                let mut cursor = n.walk();
                found |= n
                    .children(&mut cursor)
                    .any(|c| matches!(c.kind_str(), "in" | "not in"));
            }
            "assignment" | "augmented_assignment" => {
                found |= n.field("left").is_some_and(|l| l.kind_str() == "subscript");
            }
            "call" => {
                found |= n
                    .field("function")
                    .and_then(|f| f.field("attribute"))
                    .is_some_and(|a| matches!(ctx.text_of(a), "get" | "setdefault"));
            }
            _ => {}
        }
        true
    });
    found
}

/// How many calls `name(args)` in `expr` pass only parameters, parameters
/// plus or minus a small integer, or literals, with at least one shrinking step.
fn self_calls(expr: Node, name: &str, params: &[&str], ctx: &Context) -> usize {
    let mut count = 0;
    preorder(expr, |n| {
        if matches!(
            n.kind_str(),
            "lambda" | "generator_expression" | "list_comprehension"
        ) {
            return false;
        }
        if n.kind_str() != "call" {
            return true;
        }
        let is_self = n
            .field("function")
            .is_some_and(|f| f.kind_str() == "identifier" && ctx.text_of(f) == name);
        if !is_self {
            return true;
        }
        let Some(args) = n.field("arguments") else {
            return true;
        };
        let mut cursor = args.walk();
        let mut stepped = false;
        let mut ok = args.kind_str() == "argument_list";
        for a in args.named_children(&mut cursor) {
            match a.kind_str() {
                "identifier" => ok &= params.contains(&ctx.text_of(a)),
                "integer" => {}
                "binary_operator" => {
                    let op = a.field("operator").map(|o| o.kind_str());
                    let left = a.field("left");
                    let right = a.field("right");
                    let shaped = matches!(op, Some("-" | "+"))
                        && left.is_some_and(|l| {
                            l.kind_str() == "identifier" && params.contains(&ctx.text_of(l))
                        })
                        && right.is_some_and(|r| r.kind_str() == "integer" && ctx.text_of(r).len() <= 2);
                    ok &= shaped;
                    stepped |= shaped;
                }
                _ => ok = false,
            }
        }
        if ok && stepped {
            count += 1;
        }
        true
    });
    count
}

/// Adds `@functools.lru_cache(maxsize=None)` right above the `def`.
fn cache_fix(def: Node, ctx: &Context) -> Option<Fix> {
    let indent = line_indent(ctx.text, def.start_byte());
    let line_start = def.start_byte().checked_sub(indent.len())?;
    if line_start > 0 && !matches!(ctx.text.as_bytes().get(line_start - 1), Some(b'\n' | b'\r')) {
        return None;
    }
    let mut edits = Vec::new();
    let decorator = if let Some(local) = ctx.imports.local_name_for("functools.lru_cache") {
        local
    } else if let Some(local) = ctx.imports.local_name_for("functools") {
        format!("{local}.lru_cache")
    } else {
        edits.extend(add_import(ctx, "functools"));
        "functools.lru_cache".to_string()
    };
    edits.push(Edit::insert(
        def.start_byte(),
        format!("@{decorator}(maxsize=None){}{indent}", newline(ctx.text)),
    ));
    Some(Fix::new(
        Applicability::Unsafe,
        "Cache the results with `functools.lru_cache`",
        edits,
    ))
}
