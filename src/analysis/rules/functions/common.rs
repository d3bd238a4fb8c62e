//! Helpers private to the function rules: scopes, decorators, wrappers and
//! files opened with `open()`.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use crate::analysis::walk::preorder;
use crate::analysis::Context;

pub fn named_children(node: Node) -> Vec<Node> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .filter(|c| c.kind_str() != "comment")
        .collect()
}

/// Whether `node` opens a new scope (its body is not part of the enclosing one).
pub fn is_scope(node: Node) -> bool {
    matches!(
        node.kind_str(),
        "function_definition" | "class_definition" | "lambda"
    )
}

/// Visits `root`'s descendants that belong to its own scope: nested functions,
/// classes and lambdas are visited themselves but not entered.
pub fn scope_preorder<'t>(root: Node<'t>, mut visit: impl FnMut(Node<'t>)) {
    preorder(root, |n| {
        if n.id() == root.id() {
            return true;
        }
        visit(n);
        !is_scope(n)
    });
}

/// The decorators of a definition (empty when it has none).
pub fn decorators(def: Node) -> Vec<Node> {
    match def.parent() {
        Some(p) if p.kind_str() == "decorated_definition" => named_children(p)
            .into_iter()
            .filter(|c| c.kind_str() == "decorator")
            .collect(),
        _ => Vec::new(),
    }
}

/// A definition, or the `decorated_definition` wrapping it: what sits in the block.
pub fn outermost(def: Node) -> Node {
    match def.parent() {
        Some(p) if p.kind_str() == "decorated_definition" => p,
        _ => def,
    }
}

/// The class whose body directly holds `def` (a method), if any.
pub fn enclosing_class(def: Node) -> Option<Node> {
    let block = outermost(def).parent()?;
    let class = block.parent()?;
    (block.kind_str() == "block" && class.kind_str() == "class_definition").then_some(class)
}

/// The names of a function's parameters (plain, typed and with defaults; not
/// `*args`/`**kwargs`).
pub fn parameter_names<'t>(def: Node, ctx: &Context<'t>) -> Vec<&'t str> {
    let Some(params) = def.field("parameters") else {
        return Vec::new();
    };
    named_children(params)
        .into_iter()
        .filter_map(|p| match p.kind_str() {
            "identifier" => Some(p),
            "typed_parameter" => p.named_child(0).filter(|c| c.kind_str() == "identifier"),
            "default_parameter" | "typed_default_parameter" => {
                p.field("name").filter(|c| c.kind_str() == "identifier")
            }
            _ => None,
        })
        .map(|n| ctx.text_of(n))
        .collect()
}

/// Whether a function takes `*args` or `**kwargs`.
pub fn has_splat_parameters(def: Node) -> bool {
    def.field("parameters").is_some_and(|params| {
        named_children(params).iter().any(|p| {
            matches!(p.kind_str(), "list_splat_pattern" | "dictionary_splat_pattern")
                || (p.kind_str() == "typed_parameter"
                    && p.named_child(0).is_some_and(|c| {
                        matches!(c.kind_str(), "list_splat_pattern" | "dictionary_splat_pattern")
                    }))
        })
    })
}

/// An inner function of a decorator: `outer` takes `param`, defines `wrapper`
/// that calls `param`, and returns `wrapper`.
pub struct Wrapper<'t> {
    pub def: Node<'t>,
    pub param: String,
    /// The calls of `param` inside the wrapper.
    pub calls: Vec<Node<'t>>,
}

/// Parameter names that say "the decorated function".
fn is_function_name(name: &str) -> bool {
    matches!(
        name,
        "func"
            | "fn"
            | "f"
            | "fun"
            | "function"
            | "wrapped"
            | "method"
            | "meth"
            | "view"
            | "view_func"
            | "coro"
            | "coroutine"
            | "decorated"
            | "original"
            | "orig"
            | "target"
    ) || name.ends_with("_func")
        || name.ends_with("_fn")
        || name.ends_with("_function")
        || name.ends_with("_method")
}

/// The one positional parameter of a decorator (`self`/`cls` aside; keyword-only
/// options allowed): `def timed(func)`, `def register(self, view, *, name=None)`.
/// `compose(f, g)` and `partial(fn, *args)` are combinators, not decorators.
fn decorated_parameter<'t>(def: Node, ctx: &Context<'t>) -> Option<&'t str> {
    let params = def.field("parameters")?;
    let mut positional = Vec::new();
    for p in named_children(params) {
        match p.kind_str() {
            "keyword_separator" | "dictionary_splat_pattern" => break,
            "list_splat_pattern" | "positional_separator" => return None,
            "typed_parameter" if p.named_child(0).is_some_and(|c| c.kind_str() != "identifier") => {
                return None
            }
            _ => {}
        }
        let name = match p.kind_str() {
            "identifier" => Some(p),
            "typed_parameter" => p.named_child(0),
            "default_parameter" | "typed_default_parameter" => p.field("name"),
            _ => None,
        };
        if let Some(n) = name {
            positional.push(ctx.text_of(n));
        }
    }
    if positional.first().is_some_and(|f| matches!(*f, "self" | "cls")) {
        positional.remove(0);
    }
    match positional.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

/// The wrappers `outer` defines and returns. `outer` must take one function
/// (see [`decorated_parameter`]); to tell a decorator from an ordinary closure
/// factory, the wrapper must take `*args`/`**kwargs` or the parameter must be
/// named like a function (`func`, `fn`, `view_func`).
pub fn decorator_wrappers<'t>(outer: Node<'t>, ctx: &Context<'t>) -> Vec<Wrapper<'t>> {
    if outer.kind_str() != "function_definition" {
        return Vec::new();
    }
    let Some(param) = decorated_parameter(outer, ctx) else {
        return Vec::new();
    };
    let params = [param];
    let Some(body) = outer.field("body") else {
        return Vec::new();
    };
    let mut inner = Vec::new();
    let mut returned: Vec<&str> = Vec::new();
    scope_preorder(body, |n| match n.kind_str() {
        "function_definition" => inner.push(n),
        "return_statement" => {
            if let Some(v) = n.named_child(0).filter(|v| v.kind_str() == "identifier") {
                returned.push(ctx.text_of(v));
            }
        }
        _ => {}
    });
    let mut out = Vec::new();
    for def in inner {
        let Some(name) = def.field("name").map(|n| ctx.text_of(n)) else {
            continue;
        };
        if !returned.contains(&name) {
            continue;
        }
        let own = parameter_names(def, ctx);
        let splat = has_splat_parameters(def);
        let Some(inner_body) = def.field("body") else {
            continue;
        };
        for param in &params {
            if own.contains(param) || !(splat || is_function_name(param)) {
                continue;
            }
            let mut calls = Vec::new();
            preorder(inner_body, |n| {
                if matches!(n.kind_str(), "function_definition" | "class_definition") {
                    return false;
                }
                if n.kind_str() == "call"
                    && n.field("function")
                        .is_some_and(|f| f.kind_str() == "identifier" && ctx.text_of(f) == *param)
                {
                    calls.push(n);
                }
                true
            });
            if !calls.is_empty() {
                out.push(Wrapper {
                    def,
                    param: param.to_string(),
                    calls,
                });
                break;
            }
        }
    }
    out
}

/// A call of the builtin `open()` (or `io.open`), or `Path(...).open()`.
pub fn is_open_call(call: Node, ctx: &Context) -> bool {
    if call.kind_str() != "call" {
        return false;
    }
    let Some(function) = call.field("function") else {
        return false;
    };
    if let Some(q) = ctx.qualified(function) {
        if q == "builtins.open" || q == "io.open" {
            return true;
        }
    }
    if function.kind_str() != "attribute" {
        return false;
    }
    let is_open = function
        .field("attribute")
        .is_some_and(|a| ctx.text_of(a) == "open");
    let on_path = function.field("object").is_some_and(|o| {
        o.kind_str() == "call"
            && ctx.qualified(o).is_some_and(|q| {
                matches!(
                    q.as_str(),
                    "pathlib.Path" | "pathlib.PurePath" | "pathlib.PosixPath" | "pathlib.WindowsPath"
                )
            })
    });
    is_open && on_path
}

/// `node` without surrounding parentheses.
pub fn unparen(mut node: Node) -> Node {
    while node.kind_str() == "parenthesized_expression" {
        match node.named_child(0) {
            Some(inner) if inner.kind_str() != "comment" => node = inner,
            _ => break,
        }
    }
    node
}

/// Where the line holding `offset` starts.
pub fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

/// Where the line after the one holding `offset` starts (or the end of text).
pub fn next_line_start(text: &str, offset: usize) -> usize {
    text[offset..].find('\n').map_or(text.len(), |i| offset + i + 1)
}

/// Whether `node` is alone on its lines: only indentation before it, only
/// whitespace or a comment after it.
pub fn alone_on_lines(node: Node, text: &str) -> bool {
    let before = &text[line_start(text, node.start_byte())..node.start_byte()];
    let end = next_line_start(text, node.end_byte());
    let after = text[node.end_byte()..end].trim();
    before.chars().all(|c| c == ' ' || c == '\t') && (after.is_empty() || after.starts_with('#'))
}
