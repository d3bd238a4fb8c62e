//! PG409 read-whole-file: `f.readlines()` (and `f.read().splitlines()`) on a
//! file from `open()`.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common;
use crate::analysis::rules::util;
use crate::analysis::{Applicability, Context, Edit, Fix, Hit};

pub struct ReadWholeFile;

impl super::Rule for ReadWholeFile {
    fn name(&self) -> &'static str {
        "read-whole-file"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["call"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let Some((object, method)) = super::super::util::method_call(node) else {
            return;
        };
        let no_args = node
            .field("arguments")
            .is_some_and(|a| a.kind_str() == "argument_list" && common::named_children(a).is_empty());
        if !no_args {
            return;
        }
        let method = ctx.text_of(method);
        match method {
            "readlines" => {}
            // `f.read().splitlines()` / `f.read().split("\n")`: lines, built from the whole text.
            "read" if split_into_lines(node, ctx) => {}
            _ => return,
        }
        if !is_open_file(object, node, ctx) {
            return;
        }
        let mut hit = Hit::new(ctx.range(node)).arg("name", format!("{}.{method}()", ctx.text_of(object)));
        if method == "readlines" {
            let iterated = node.parent().is_some_and(|p| {
                matches!(p.kind_str(), "for_statement" | "for_in_clause")
                    && p.field("right").is_some_and(|r| r.id() == node.id())
            });
            if iterated {
                hit = hit.with_fix(Fix::new(
                    Applicability::Safe,
                    format!("Iterate over `{}` directly", ctx.text_of(object)),
                    vec![Edit::replace(ctx.range(node), ctx.text_of(object))],
                ));
            }
        }
        out.push(hit);
    }
}

/// `<read call>.splitlines()` or `<read call>.split("\n")`.
fn split_into_lines(read: Node, ctx: &Context) -> bool {
    let Some(attribute) = read.parent().filter(|p| p.kind_str() == "attribute") else {
        return false;
    };
    let Some(call) = attribute.parent().filter(|p| p.kind_str() == "call") else {
        return false;
    };
    let method = attribute.field("attribute").map(|a| ctx.text_of(a));
    let args = call
        .field("arguments")
        .map(common::named_children)
        .unwrap_or_default();
    match method {
        Some("splitlines") => true,
        Some("split") => {
            args.len() == 1
                && args
                    .first()
                    .and_then(|a| util::plain_string(*a, ctx.text))
                    .is_some_and(|s| s == "\\n")
        }
        _ => false,
    }
}

/// `open(...)` itself, or a name bound by `with open(...) as f` around the
/// call or by `f = open(...)` in the same function.
fn is_open_file(object: Node, call: Node, ctx: &Context) -> bool {
    if common::is_open_call(object, ctx) {
        return true;
    }
    if object.kind_str() != "identifier" {
        return false;
    }
    let name = ctx.text_of(object);
    // An enclosing `with open(...) as name:`.
    let mut n = call;
    while let Some(p) = n.parent() {
        if common::is_scope(p) {
            break;
        }
        if p.kind_str() == "with_statement" {
            let mut items = Vec::new();
            crate::analysis::walk::preorder(p, |x| {
                if x.kind_str() == "with_item" {
                    items.push(x);
                }
                !matches!(x.kind_str(), "block" | "with_item")
            });
            for item in items {
                let Some(value) = item.field("value") else {
                    continue;
                };
                if value.kind_str() == "as_pattern"
                    && value.named_child(0).is_some_and(|v| common::is_open_call(v, ctx))
                    && value
                        .field("alias")
                        .and_then(|a| a.named_child(0))
                        .is_some_and(|a| a.kind_str() == "identifier" && ctx.text_of(a) == name)
                {
                    return true;
                }
            }
        }
        n = p;
    }
    // `name = open(...)` in the same function (or top-level statement).
    let scope = util::enclosing_function(call)
        .and_then(|d| d.field("body"))
        .or_else(|| {
            let mut s = call;
            while let Some(p) = s.parent() {
                if p.kind_str() == "module" {
                    return Some(s);
                }
                s = p;
            }
            None
        });
    let Some(scope) = scope else { return false };
    let mut found = false;
    let mut check = |x: Node| {
        if x.kind_str() == "assignment"
            && x.field("left")
                .is_some_and(|l| l.kind_str() == "identifier" && ctx.text_of(l) == name)
            && x.field("right").is_some_and(|r| common::is_open_call(r, ctx))
        {
            found = true;
        }
    };
    check(scope);
    common::scope_preorder(scope, check);
    found
}
