//! PG201 coroutine-not-awaited: a coroutine function called and its coroutine dropped.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common::{enclosing_class, enclosing_scope, is_module_async_function, local_binding, Binding};
use crate::analysis::rules::util::{in_coroutine, is_async_def};
use crate::analysis::{Applicability, Context, Edit, Fix, Hit};

pub struct CoroutineNotAwaited;

/// Standard-library coroutine functions (calling them only creates a coroutine).
const STDLIB_COROUTINES: &[&str] = &[
    "asyncio.sleep",
    "asyncio.wait_for",
    "asyncio.wait",
    "asyncio.to_thread",
    "asyncio.open_connection",
    "asyncio.open_unix_connection",
    "asyncio.start_server",
    "asyncio.start_unix_server",
    "asyncio.create_subprocess_exec",
    "asyncio.create_subprocess_shell",
];

impl super::Rule for CoroutineNotAwaited {
    fn name(&self) -> &'static str {
        "coroutine-not-awaited"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["call"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        // Whether the call makes a coroutine first: that is mostly a set lookup,
        // while finding the parent walks down from the root.
        if !is_coroutine_call(node, ctx) {
            return;
        }
        let Some(parent) = node.parent() else { return };
        let candidate = match parent.kind_str() {
            "expression_statement" => parent.named_child_count() == 1,
            "assignment" => true,
            _ => false,
        };
        if !candidate {
            return;
        }
        if parent.kind_str() == "assignment" && !unused_assignment(parent, node, ctx) {
            return;
        }
        let mut hit = Hit::new(ctx.range(node));
        if in_coroutine(node) {
            hit = hit.with_fix(Fix::new(
                Applicability::Unsafe,
                "Await the coroutine",
                vec![Edit::insert(node.start_byte(), "await ")],
            ));
        }
        out.push(hit);
    }
}

/// `name = coro()` inside a function where `name` is never read again.
fn unused_assignment(assignment: Node, call: Node, ctx: &Context) -> bool {
    if assignment.field("right").map(|r| r.id()) != Some(call.id()) {
        return false;
    }
    let Some(left) = assignment.field("left") else {
        return false;
    };
    if left.kind_str() != "identifier" {
        return false;
    }
    let Some(function) = enclosing_scope(call).filter(|f| f.kind_str() == "function_definition") else {
        return false;
    };
    let name = ctx.text_of(left);
    let mut used = false;
    crate::analysis::walk::preorder(function, |n| {
        if n.kind_str() == "identifier" && n.id() != left.id() && ctx.text_of(n) == name {
            let attr_name = n.parent().is_some_and(|p| {
                p.kind_str() == "attribute" && p.field("attribute").is_some_and(|a| a.id() == n.id())
            });
            used |= !attr_name;
        }
        !used
    });
    !used
}

fn is_coroutine_call(call: Node, ctx: &Context) -> bool {
    let Some(function) = call.field("function") else {
        return false;
    };
    match function.kind_str() {
        "identifier" => {
            let name = ctx.text_of(function);
            // Cheap test first: a module-level coroutine function of this
            // name, or some `async def` in this top-level statement.
            if !ctx.module.async_functions.contains(name) && !ctx.statement_has_async {
                return false;
            }
            match local_binding(call, name, ctx) {
                Some(Binding::Def(def)) => is_async_def(def),
                Some(Binding::Other) => false,
                None => is_module_async_function(call, name, ctx),
            }
        }
        "attribute" => {
            if let Some(q) = ctx.qualified(function) {
                return STDLIB_COROUTINES.contains(&q.as_str());
            }
            let (Some(object), Some(attr)) = (function.field("object"), function.field("attribute")) else {
                return false;
            };
            // The class around the call is in this statement: without `async`
            // in it, it has no `async def`.
            ctx.statement_has_async
                && matches!(ctx.text_of(object), "self" | "cls")
                && async_method(call, ctx.text_of(attr), ctx)
        }
        _ => false,
    }
}

/// Whether the class around `at` defines `name` only as an `async def`.
fn async_method(at: Node, name: &str, ctx: &Context) -> bool {
    let Some(class) = enclosing_class(at) else {
        return false;
    };
    let Some(body) = class.field("body") else {
        return false;
    };
    let mut asyncs = 0;
    let mut others = 0;
    let mut cursor = body.walk();
    for item in body.named_children(&mut cursor) {
        let def = if item.kind_str() == "decorated_definition" {
            match item.field("definition") {
                Some(d) => d,
                None => continue,
            }
        } else {
            item
        };
        match def.kind_str() {
            "function_definition" => {
                if def.field("name").is_some_and(|n| ctx.text_of(n) == name) {
                    if is_async_def(def) {
                        asyncs += 1;
                    } else {
                        others += 1;
                    }
                }
            }
            "comment" | "class_definition" => {}
            _ => {
                // `name = ...` in the class body, or a def under `if`: unclear.
                if let Some(b) = class_body_binding(def, name, ctx) {
                    others += b;
                }
            }
        }
    }
    asyncs > 0 && others == 0
}

fn class_body_binding(stmt: Node, name: &str, ctx: &Context) -> Option<usize> {
    let mut found = 0;
    crate::analysis::walk::preorder(stmt, |n| {
        if n.kind_str() == "identifier" && ctx.text_of(n) == name {
            found += 1;
        }
        !matches!(n.kind_str(), "function_definition" | "lambda")
    });
    (found > 0).then_some(found)
}
