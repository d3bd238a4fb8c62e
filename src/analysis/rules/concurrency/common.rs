//! Helpers for the async, thread and process rules: scopes, bindings, what an
//! expression refers to, and whether a resource is released.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use crate::analysis::walk::preorder;
use crate::analysis::Context;

pub use crate::analysis::rules::util::{neighbours, top_statement};

/// The innermost function, lambda or class around `node`.
pub fn enclosing_scope(node: Node) -> Option<Node> {
    let mut n = node.parent();
    while let Some(x) = n {
        if matches!(
            x.kind_str(),
            "function_definition" | "lambda" | "class_definition"
        ) {
            return Some(x);
        }
        n = x.parent();
    }
    None
}

/// The innermost class around `node`, crossing function boundaries (a method's class).
pub fn enclosing_class(node: Node) -> Option<Node> {
    let mut n = node.parent();
    while let Some(x) = n {
        if x.kind_str() == "class_definition" {
            return Some(x);
        }
        n = x.parent();
    }
    None
}

/// Visits `root` and its descendants, not entering nested functions, lambdas
/// or classes (their bodies run at another time).
pub fn walk_scope<'t>(root: Node<'t>, mut visit: impl FnMut(Node<'t>)) {
    preorder(root, |n| {
        if n.id() != root.id()
            && matches!(
                n.kind_str(),
                "function_definition" | "lambda" | "class_definition"
            )
        {
            visit(n);
            return false;
        }
        visit(n);
        true
    });
}

/// Skips enclosing parentheses: the node that `node` is the value of.
pub fn parent_skipping_parens(node: Node) -> Option<Node> {
    let mut p = node.parent()?;
    while p.kind_str() == "parenthesized_expression" {
        p = p.parent()?;
    }
    Some(p)
}

/// Whether `node` is the context manager of a `with` / `async with` item.
pub fn is_with_item_value(node: Node) -> bool {
    let Some(p) = parent_skipping_parens(node) else {
        return false;
    };
    match p.kind_str() {
        "with_item" => true,
        "as_pattern" => {
            p.parent().is_some_and(|w| w.kind_str() == "with_item")
                && p.named_child(0).is_some_and(|v| v.id() == node.id())
        }
        _ => false,
    }
}

/// A call's receiver and method name: `pool.map(...)` gives (`pool`, "map").
pub fn method_call<'t>(call: Node<'t>, ctx: &Context<'t>) -> Option<(Node<'t>, &'t str)> {
    let function = call.field("function")?;
    if function.kind_str() != "attribute" {
        return None;
    }
    let object = function.field("object")?;
    let attr = function.field("attribute")?;
    Some((object, ctx.text_of(attr)))
}

/// Source text without whitespace, to compare expressions such as `self.pool`.
pub fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The identifier an expression starts from: `self` for `self.pool.map`.
pub fn root_identifier(node: Node) -> Option<Node> {
    let mut n = node;
    loop {
        match n.kind_str() {
            "identifier" => return Some(n),
            "attribute" => n = n.field("object")?,
            "call" => n = n.field("function")?,
            "subscript" => n = n.field("value")?,
            _ => return None,
        }
    }
}

/// Identifiers read by an expression: not attribute names after a dot, not
/// keyword argument names.
pub fn names_read<'t>(node: Node<'t>, ctx: &Context<'t>) -> Vec<&'t str> {
    let mut out = Vec::new();
    preorder(node, |n| {
        if n.kind_str() == "identifier" {
            let Some(p) = n.parent() else { return false };
            let is_attr_name =
                p.kind_str() == "attribute" && p.field("attribute").is_some_and(|a| a.id() == n.id());
            let is_kw_name =
                p.kind_str() == "keyword_argument" && p.field("name").is_some_and(|a| a.id() == n.id());
            if !is_attr_name && !is_kw_name {
                out.push(ctx.text_of(n));
            }
        }
        true
    });
    out
}

/// Names an assignment target binds (`a`, `a, b`, `[a, *b]`), ignoring
/// attributes and subscripts.
pub fn target_names<'t>(target: Node<'t>, ctx: &Context<'t>, out: &mut Vec<&'t str>) {
    match target.kind_str() {
        "identifier" => out.push(ctx.text_of(target)),
        "attribute" | "subscript" => {}
        _ => {
            let mut cursor = target.walk();
            for c in target.named_children(&mut cursor) {
                target_names(c, ctx, out);
            }
        }
    }
}

/// How a name is bound inside one function (parameters and the body, not
/// nested scopes' bodies).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Binding<'t> {
    /// `def name` / `async def name` nested in the function.
    Def(Node<'t>),
    /// Any other binding: a parameter, an assignment, an import, a loop target.
    Other,
}

/// How `function` binds `name`, if it does.
pub fn binding_in_function<'t>(function: Node<'t>, name: &str, ctx: &Context<'t>) -> Option<Binding<'t>> {
    if let Some(params) = function.field("parameters") {
        let mut found = false;
        preorder(params, |n| {
            if n.kind_str() == "identifier" && ctx.text_of(n) == name {
                // Skip default values and annotations: only the parameter names.
                let p = n.parent();
                let is_name = p.is_some_and(|p| match p.kind_str() {
                    "parameters"
                    | "lambda_parameters"
                    | "list_splat_pattern"
                    | "dictionary_splat_pattern" => true,
                    "default_parameter" | "typed_default_parameter" | "typed_parameter" => {
                        p.field("name").is_some_and(|x| x.id() == n.id())
                            || (p.kind_str() == "typed_parameter"
                                && p.named_child(0).is_some_and(|x| x.id() == n.id()))
                    }
                    _ => false,
                });
                found |= is_name;
            }
            true
        });
        if found {
            return Some(Binding::Other);
        }
    }
    let body = function.field("body")?;
    let mut result: Option<Binding> = None;
    walk_scope(body, |n| {
        if result.is_some_and(|r| matches!(r, Binding::Other)) {
            return;
        }
        match n.kind_str() {
            "function_definition" | "class_definition"
                if n.field("name").is_some_and(|x| ctx.text_of(x) == name) =>
            {
                result = Some(if n.kind_str() == "function_definition" && result.is_none() {
                    Binding::Def(n)
                } else {
                    Binding::Other
                });
            }
            "assignment" | "augmented_assignment" | "for_statement" | "for_in_clause" => {
                if let Some(left) = n.field("left") {
                    let mut names = Vec::new();
                    target_names(left, ctx, &mut names);
                    if names.contains(&name) {
                        result = Some(Binding::Other);
                    }
                }
            }
            "as_pattern_target" | "named_expression" => {
                let target = if n.kind_str() == "named_expression" {
                    n.field("name")
                } else {
                    Some(n)
                };
                if let Some(t) = target {
                    let mut names = Vec::new();
                    target_names(t, ctx, &mut names);
                    if names.contains(&name) {
                        result = Some(Binding::Other);
                    }
                }
            }
            "dotted_name" | "aliased_import" => {
                let in_import = n.parent().is_some_and(|p| {
                    matches!(
                        p.kind_str(),
                        "import_statement" | "import_from_statement" | "aliased_import"
                    )
                });
                if in_import {
                    let bound = if n.kind_str() == "aliased_import" {
                        n.field("alias").map(|a| ctx.text_of(a))
                    } else {
                        ctx.text_of(n).split('.').next()
                    };
                    if bound == Some(name) {
                        result = Some(Binding::Other);
                    }
                }
            }
            "global_statement" | "nonlocal_statement" => {
                let mut cursor = n.walk();
                if n.named_children(&mut cursor).any(|c| ctx.text_of(c) == name) {
                    result = Some(Binding::Other);
                }
            }
            _ => {}
        }
    });
    result
}

/// What a bare name used at `at` refers to: the innermost enclosing function
/// binding it, or `None` when no function does (a module-level name).
pub fn local_binding<'t>(at: Node<'t>, name: &str, ctx: &Context<'t>) -> Option<Binding<'t>> {
    let mut n = at.parent();
    while let Some(x) = n {
        if matches!(x.kind_str(), "function_definition" | "lambda") {
            if let Some(b) = binding_in_function(x, name, ctx) {
                return Some(b);
            }
        }
        n = x.parent();
    }
    None
}

/// Whether an identifier at `at` names one of the module's top-level `async def`s.
pub fn is_module_async_function(at: Node, name: &str, ctx: &Context) -> bool {
    ctx.module.async_functions.contains(name)
        && ctx.imports.resolve_name(name).is_none()
        && local_binding(at, name, ctx).is_none()
}

/// Whether `name` names a function object (not a call) pyguide knows: a
/// module-level `def`/`async def` or a `def` nested in an enclosing function.
pub fn is_known_function(at: Node, name: &str, ctx: &Context) -> bool {
    match local_binding(at, name, ctx) {
        Some(Binding::Def(_)) => true,
        Some(Binding::Other) => false,
        None => {
            ctx.imports.resolve_name(name).is_none()
                && (ctx.module.functions.contains(name) || ctx.module.async_functions.contains(name))
        }
    }
}

/// The kind of pool or executor an expression holds, when pyguide can tell:
/// a constructor call, a name bound by `with Ctor() as name` or `name = Ctor()`
/// in the same function, or `self.name = Ctor()` in the same class.
pub fn constructor_of<'t>(expr: Node<'t>, ctx: &Context<'t>) -> Option<String> {
    // Finding the binding walks the enclosing function or class: skip it
    // where no pool, executor or thread can be constructed at all.
    if matches!(expr.kind_str(), "identifier" | "attribute")
        && !["multiprocessing", "concurrent", "threading"]
            .iter()
            .any(|m| ctx.imports.imports_module(m))
    {
        return None;
    }
    match expr.kind_str() {
        "call" => ctx.qualified(expr),
        "parenthesized_expression" => constructor_of(expr.named_child(0)?, ctx),
        "identifier" => {
            let name = ctx.text_of(expr);
            let scope = match enclosing_scope(expr) {
                Some(s) if s.kind_str() == "function_definition" => s,
                Some(_) => return None,
                None => top_statement(expr),
            };
            single_constructor(scope, name, ctx)
        }
        "attribute" => {
            let object = expr.field("object")?;
            if !matches!(ctx.text_of(object), "self" | "cls") {
                return None;
            }
            let class = enclosing_class(expr)?;
            single_constructor(class, &compact(ctx.text_of(expr)), ctx)
        }
        _ => None,
    }
}

/// The qualified constructor of every value `target` (a name or `self.x`) is
/// bound to in `scope`, if they all agree.
fn single_constructor(scope: Node, target: &str, ctx: &Context) -> Option<String> {
    let mut found: Option<String> = None;
    let mut conflict = false;
    // `self . x` is `self.x`; most texts have no space, so compare them as they are.
    let names_target = |n: Node| {
        let text = ctx.text_of(n);
        text == target || (text.contains(char::is_whitespace) && compact(text) == target)
    };
    preorder(scope, |n| {
        let value = match n.kind_str() {
            "assignment" => n
                .field("left")
                .filter(|l| names_target(*l))
                .and_then(|_| n.field("right")),
            "as_pattern" => n
                .field("alias")
                .filter(|a| names_target(*a))
                .filter(|_| n.parent().is_some_and(|p| p.kind_str() == "with_item"))
                .and_then(|_| n.named_child(0)),
            _ => None,
        };
        if let Some(v) = value {
            match (v.kind_str() == "call").then(|| ctx.qualified(v)).flatten() {
                Some(q) if found.as_ref().is_none_or(|f| *f == q) => found = Some(q),
                _ => conflict = true,
            }
        }
        true
    });
    if conflict {
        None
    } else {
        found
    }
}

/// Constructors of process pools whose tasks are pickled.
pub const PROCESS_POOLS: &[&str] = &["multiprocessing.Pool", "multiprocessing.pool.Pool"];
/// Constructors of `multiprocessing` processes.
pub const PROCESSES: &[&str] = &["multiprocessing.Process", "multiprocessing.context.Process"];
pub const PROCESS_EXECUTORS: &[&str] = &[
    "concurrent.futures.ProcessPoolExecutor",
    "concurrent.futures.process.ProcessPoolExecutor",
];
/// `multiprocessing` pools with `apply` / `apply_async` (process or thread based).
pub const MP_POOLS: &[&str] = &[
    "multiprocessing.Pool",
    "multiprocessing.pool.Pool",
    "multiprocessing.pool.ThreadPool",
    "multiprocessing.dummy.Pool",
];

/// Whether a resource created by `call` (a pool, a session) is left without a
/// release: not a `with` item, not handed to anyone else, and never released
/// with one of `release` in the function that owns it (or, for `self.x`, the
/// class). Module-level and class-level objects are left alone: their
/// lifetime is the program's.
pub fn never_released(call: Node, ctx: &Context, release: &[&str]) -> bool {
    if is_with_item_value(call) {
        return false;
    }
    let Some(parent) = parent_skipping_parens(call) else {
        return false;
    };
    match parent.kind_str() {
        // `Ctor().method(...)`: used once and dropped.
        "attribute" => {
            let method = parent.field("attribute").map(|a| ctx.text_of(a));
            !method.is_some_and(|m| release.contains(&m) || m == "__enter__" || m == "__aenter__")
        }
        "expression_statement" => true,
        "assignment" => {
            let Some(right) = parent.field("right") else {
                return false;
            };
            let mut r = right;
            while r.kind_str() == "parenthesized_expression" {
                match r.named_child(0) {
                    Some(c) => r = c,
                    None => return false,
                }
            }
            if r.id() != call.id() {
                return false;
            }
            let Some(left) = parent.field("left") else {
                return false;
            };
            match left.kind_str() {
                "identifier" => {
                    let Some(function) = enclosing_scope(call) else {
                        return false;
                    };
                    if function.kind_str() != "function_definition" {
                        return false;
                    }
                    let name = ctx.text_of(left);
                    if declared_global(function, name, ctx) {
                        return false;
                    }
                    !uses_release_or_escape(function, name, left, ctx, release)
                }
                "attribute" => {
                    let is_self = left
                        .field("object")
                        .is_some_and(|o| matches!(ctx.text_of(o), "self" | "cls"));
                    let in_method =
                        enclosing_scope(call).is_some_and(|f| f.kind_str() == "function_definition");
                    let Some(class) = enclosing_class(call) else {
                        return false;
                    };
                    if !is_self || !in_method {
                        return false;
                    }
                    let target = compact(ctx.text_of(left));
                    !uses_release_or_escape(class, &target, left, ctx, release)
                }
                _ => false,
            }
        }
        _ => false,
    }
}

fn declared_global(function: Node, name: &str, ctx: &Context) -> bool {
    let mut found = false;
    preorder(function, |n| {
        if matches!(n.kind_str(), "global_statement" | "nonlocal_statement") {
            let mut cursor = n.walk();
            found |= n.named_children(&mut cursor).any(|c| ctx.text_of(c) == name);
        }
        true
    });
    found
}

/// Whether, inside `scope`, the object `target` (a name or `self.x`) is
/// released (`target.close()`, also uncalled as in `atexit.register(target.close)`),
/// or escapes: used in any way other than calling a method on it or
/// assigning to it (passed, returned, stored, used as a `with` item).
fn uses_release_or_escape(
    scope: Node,
    target: &str,
    definition: Node,
    ctx: &Context,
    release: &[&str],
) -> bool {
    let mut result = false;
    let is_name = !target.contains('.');
    preorder(scope, |n| {
        if result {
            return false;
        }
        let matches_target = if is_name {
            n.kind_str() == "identifier" && ctx.text_of(n) == target
        } else {
            n.kind_str() == "attribute" && compact(ctx.text_of(n)) == target
        };
        if !matches_target || n.id() == definition.id() {
            return true;
        }
        let Some(p) = n.parent() else { return false };
        match p.kind_str() {
            "attribute" if p.field("object").is_some_and(|o| o.id() == n.id()) => {
                let method = p.field("attribute").map(|a| ctx.text_of(a));
                if method.is_some_and(|m| release.contains(&m)) {
                    result = true;
                }
            }
            // `self.pool.x`: an attribute of the name, not the name read on its own.
            "attribute" => {}
            // Keyword argument names and parameter names are not uses.
            "keyword_argument" if p.field("name").is_some_and(|x| x.id() == n.id()) => {}
            "assignment" | "augmented_assignment" if p.field("left").is_some_and(|x| x.id() == n.id()) => {}
            _ => result = true,
        }
        false
    });
    result
}

/// Whether a `with`/`if` condition text is `__name__ == "__main__"` (either order, either quote).
pub fn mentions_dunder_name(condition: Node, ctx: &Context) -> bool {
    let mut found = false;
    preorder(condition, |n| {
        if n.kind_str() == "identifier" && ctx.text_of(n) == "__name__" {
            found = true;
        }
        true
    });
    found
}
