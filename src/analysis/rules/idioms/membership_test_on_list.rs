//! PG607 membership-test-on-list: `x in [a, b, c]` (or a list built once) tested in a loop.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common::{in_loop, is_str_literal};
use crate::analysis::rules::util::enclosing_function;
use crate::analysis::walk::preorder;
use crate::analysis::{Applicability, Context, Edit, Fix, Hit};
use crate::text::TextRange;

pub struct MembershipTestOnList;

impl super::Rule for MembershipTestOnList {
    fn name(&self) -> &'static str {
        "membership-test-on-list"
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
        let mut looped = None;
        for (i, op) in children.iter().enumerate() {
            if !matches!(op.kind_str(), "in" | "not in") {
                continue;
            }
            let Some(right) = children.get(i + 1) else {
                continue;
            };
            let right = *right;
            let flagged = match right.kind_str() {
                "list" | "list_comprehension" => true,
                "identifier" => is_local_list(right, ctx),
                _ => false,
            };
            if !flagged || !*looped.get_or_insert_with(|| in_loop(node, true)) {
                continue;
            }
            let mut hit = Hit::new(ctx.range(right));
            if right.kind_str() == "list" && literal_elements(right, ctx) {
                hit = hit.with_fix(Fix::new(
                    Applicability::Unsafe,
                    "Test membership in a set literal",
                    vec![
                        Edit::replace(TextRange::new(right.start_byte(), right.start_byte() + 1), "{"),
                        Edit::replace(TextRange::new(right.end_byte() - 1, right.end_byte()), "}"),
                    ],
                ));
            }
            out.push(hit);
        }
    }
}

/// A non-empty list display whose elements are all hashable literals.
fn literal_elements(list: Node, ctx: &Context) -> bool {
    let mut cursor = list.walk();
    let elements: Vec<Node> = list.named_children(&mut cursor).collect();
    !elements.is_empty()
        && ctx.text_of(list).starts_with('[')
        && ctx.text_of(list).ends_with(']')
        && elements.iter().all(|e| is_literal(*e, ctx))
}

fn is_literal(node: Node, ctx: &Context) -> bool {
    match node.kind_str() {
        "integer" | "float" | "true" | "false" | "none" => true,
        "string" | "concatenated_string" => is_str_literal(node, ctx, false) || is_bytes(node, ctx),
        "unary_operator" => node
            .field("argument")
            .is_some_and(|a| matches!(a.kind_str(), "integer" | "float")),
        "tuple" | "parenthesized_expression" => {
            let mut cursor = node.walk();
            let all = node.named_children(&mut cursor).all(|c| is_literal(c, ctx));
            all
        }
        _ => false,
    }
}

fn is_bytes(node: Node, ctx: &Context) -> bool {
    node.kind_str() == "string" && super::common::string_prefix(node, ctx).is_some_and(|p| p.contains('b'))
}

/// A name local to its function that is only ever bound to list displays or
/// list comprehensions and used only for `in` tests, iteration and `len()`.
fn is_local_list(name_node: Node, ctx: &Context) -> bool {
    let Some(function) = enclosing_function(name_node) else {
        return false;
    };
    if function.kind_str() != "function_definition" {
        return false;
    }
    let name = ctx.text_of(name_node);
    if let Some(params) = function.field("parameters") {
        let mut is_param = false;
        preorder(params, |n| {
            is_param |= n.kind_str() == "identifier" && ctx.text_of(n) == name;
            true
        });
        if is_param {
            return false;
        }
    }
    let Some(body) = function.field("body") else {
        return false;
    };
    let mut bindings = 0;
    let mut ok = true;
    preorder(body, |n| {
        if !ok {
            return false;
        }
        if matches!(n.kind_str(), "global_statement" | "nonlocal_statement") {
            let mut names = n.walk();
            if n.named_children(&mut names).any(|c| ctx.text_of(c) == name) {
                ok = false;
            }
            return false;
        }
        if n.kind_str() != "identifier" || ctx.text_of(n) != name {
            return true;
        }
        let Some(parent) = n.parent() else {
            ok = false;
            return false;
        };
        match parent.kind_str() {
            "assignment" if parent.field("left") == Some(n) => {
                bindings += 1;
                ok &= parent
                    .field("right")
                    .is_some_and(|r| matches!(r.kind_str(), "list" | "list_comprehension"));
            }
            "comparison_operator" => {
                ok &= n
                    .prev_sibling()
                    .is_some_and(|p| matches!(p.kind_str(), "in" | "not in"));
            }
            "for_statement" | "for_in_clause" => {
                ok &= parent.field("right") == Some(n);
            }
            "argument_list" => {
                ok &= parent.named_child_count() == 1
                    && parent
                        .parent()
                        .is_some_and(|call| ctx.qualified(call).as_deref() == Some("builtins.len"));
            }
            _ => ok = false,
        }
        true
    });
    ok && bindings > 0
}
