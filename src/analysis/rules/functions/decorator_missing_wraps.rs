//! PG402 decorator-missing-wraps: a decorator's wrapper without `@functools.wraps`.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common;
use crate::analysis::rules::util;
use crate::analysis::{Applicability, Context, Edit, Fix, Hit};

pub struct DecoratorMissingWraps;

impl super::Rule for DecoratorMissingWraps {
    fn name(&self) -> &'static str {
        "decorator-missing-wraps"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["function_definition"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let wrappers = common::decorator_wrappers(node, ctx);
        if wrappers.is_empty() {
            return;
        }
        let Some(body) = node.field("body") else {
            return;
        };
        for wrapper in wrappers {
            let Some(name) = wrapper.def.field("name") else {
                continue;
            };
            let name_text = ctx.text_of(name);
            if has_wraps(wrapper.def, ctx) || metadata_copied(body, name_text, ctx) {
                continue;
            }
            let mut hit = Hit::new(ctx.range(name)).arg("name", name_text);
            if let Some(fix) = wraps_fix(wrapper.def, &wrapper.param, ctx) {
                hit = hit.with_fix(fix);
            }
            out.push(hit);
        }
    }
}

/// `@functools.wraps(func)`, `@wraps(func)`, `@ft.wraps(func)` (or any `*.wraps`).
fn has_wraps(def: Node, ctx: &Context) -> bool {
    common::decorators(def).iter().any(|d| {
        let Some(expr) = d.named_child(0) else {
            return false;
        };
        let function = match expr.kind_str() {
            "call" => expr.field("function"),
            _ => Some(expr),
        };
        function.is_some_and(|f| {
            ctx.qualified(f).is_some_and(|q| q == "functools.wraps")
                || ctx.text_of(f) == "wraps"
                || ctx.text_of(f).ends_with(".wraps")
        })
    })
}

/// `functools.update_wrapper(wrapper, func)`, `wraps(func)(wrapper)` or
/// `wrapper.__name__ = ...` in the decorator: the metadata is copied by hand.
fn metadata_copied(body: Node, wrapper: &str, ctx: &Context) -> bool {
    let mut copied = false;
    common::scope_preorder(body, |n| match n.kind_str() {
        "call" => {
            let Some(function) = n.field("function") else {
                return;
            };
            let f = ctx.text_of(function);
            let applied_wraps = function.kind_str() == "call"
                && function.field("function").is_some_and(|g| {
                    let g = ctx.text_of(g);
                    g == "wraps" || g.ends_with(".wraps")
                });
            if f == "update_wrapper" || f.ends_with(".update_wrapper") || applied_wraps {
                copied = true;
            }
        }
        "assignment" => {
            if let Some(left) = n.field("left").filter(|l| l.kind_str() == "attribute") {
                let object = left.field("object").map(|o| ctx.text_of(o));
                let attr = left.field("attribute").map(|a| ctx.text_of(a));
                if object == Some(wrapper) && matches!(attr, Some("__name__" | "__wrapped__" | "__doc__")) {
                    copied = true;
                }
            }
        }
        _ => {}
    });
    copied
}

/// Adds `@functools.wraps(param)` above the wrapper (above its other decorators).
fn wraps_fix(def: Node, param: &str, ctx: &Context) -> Option<Fix> {
    let target = common::outermost(def);
    let start = common::line_start(ctx.text, target.start_byte());
    let indent = &ctx.text[start..target.start_byte()];
    if !indent.chars().all(|c| c == ' ' || c == '\t') {
        return None;
    }
    let mut edits = Vec::new();
    let decorator = if let Some(local) = ctx.imports.local_name_for("functools.wraps") {
        local
    } else if let Some(module) = ctx.imports.local_name_for("functools") {
        format!("{module}.wraps")
    } else {
        edits.extend(util::add_import(ctx, "functools"));
        "functools.wraps".to_string()
    };
    let nl = util::newline(ctx.text);
    edits.push(Edit::insert(start, format!("{indent}@{decorator}({param}){nl}")));
    Some(Fix::new(
        Applicability::Safe,
        format!("Decorate the wrapper with `@{decorator}({param})`"),
        edits,
    ))
}
