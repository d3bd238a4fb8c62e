//! Helpers shared by rules: scopes, calls, imports to add, indentation.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use crate::analysis::{Context, Edit};

/// The innermost `def` (or `lambda`) around `node`, not crossing a class body.
pub fn enclosing_function(node: Node) -> Option<Node> {
    let mut n = node.parent();
    while let Some(x) = n {
        match x.kind_str() {
            "function_definition" | "lambda" => return Some(x),
            "class_definition" => return None,
            _ => n = x.parent(),
        }
    }
    None
}

/// The definition inside a `decorated_definition`, else the node itself.
pub fn definition_of(stmt: Node) -> Node {
    if stmt.kind_str() == "decorated_definition" {
        stmt.field("definition").unwrap_or(stmt)
    } else {
        stmt
    }
}

/// The statements directly in a class body, with decorated definitions unwrapped.
pub fn body_statements(class: Node) -> Vec<Node> {
    let Some(body) = class.field("body") else {
        return Vec::new();
    };
    let mut cursor = body.walk();
    let found = body.named_children(&mut cursor).map(definition_of).collect();
    found
}

/// The methods defined directly in a class body.
pub fn methods(class: Node) -> Vec<Node> {
    body_statements(class)
        .into_iter()
        .filter(|s| s.kind_str() == "function_definition")
        .collect()
}

/// The class a method is defined in (directly in the class body).
pub fn class_of_method(def: Node) -> Option<Node> {
    class_of_method_with(def, |n| n.parent())
}

/// [`class_of_method`], with the parents given by `parent` (a caller that
/// has the path from the root at hand avoids `Node::parent`).
pub fn class_of_method_with<'t>(
    def: Node<'t>,
    parent: impl Fn(Node<'t>) -> Option<Node<'t>>,
) -> Option<Node<'t>> {
    let mut n = parent(def)?;
    if n.kind_str() == "decorated_definition" {
        n = parent(n)?;
    }
    if n.kind_str() != "block" {
        return None;
    }
    parent(n).filter(|c| c.kind_str() == "class_definition")
}

/// Whether a `function_definition` is `async def`.
pub fn is_async_def(def: Node) -> bool {
    def.kind_str() == "function_definition" && def.child(0).is_some_and(|c| c.kind_str() == "async")
}

/// Whether `node` runs directly in a coroutine: its innermost function is an
/// `async def` (a sync `def` or `lambda` nested inside one does not count).
pub fn in_coroutine(node: Node) -> bool {
    enclosing_function(node).is_some_and(is_async_def)
}

/// A function, lambda or class: code below it is not in the enclosing body.
pub fn opens_scope(node: Node) -> bool {
    matches!(
        node.kind_str(),
        "function_definition" | "class_definition" | "lambda"
    )
}

/// The innermost node of one of `kinds` around `node`, stopping at a function
/// or class boundary.
pub fn enclosing_within_function<'t>(node: Node<'t>, kinds: &[&str]) -> Option<Node<'t>> {
    let mut n = node.parent();
    while let Some(x) = n {
        if kinds.contains(&x.kind_str()) {
            return Some(x);
        }
        if opens_scope(x) {
            return None;
        }
        n = x.parent();
    }
    None
}

/// A call's keyword argument `name=...` value.
pub fn keyword_argument<'t>(call: Node<'t>, name: &str, text: &str) -> Option<Node<'t>> {
    let args = call.field("arguments")?;
    let mut cursor = args.walk();
    let found = args.named_children(&mut cursor).find(|a| {
        a.kind_str() == "keyword_argument"
            && a.field("name")
                .is_some_and(|n| text.get(n.byte_range()) == Some(name))
    });
    found.and_then(|a| a.field("value"))
}

/// `receiver.method(...)`: the receiver and the method name of a call whose
/// function is an attribute.
pub fn method_call(call: Node) -> Option<(Node, Node)> {
    let function = call.field("function").filter(|f| f.kind_str() == "attribute")?;
    Some((function.field("object")?, function.field("attribute")?))
}

/// A call's positional arguments (not keywords, not `*`/`**` unpacking).
pub fn positional_arguments<'t>(call: Node<'t>) -> Vec<Node<'t>> {
    let Some(args) = call.field("arguments") else {
        return Vec::new();
    };
    let mut cursor = args.walk();
    args.named_children(&mut cursor)
        .filter(|a| {
            !matches!(
                a.kind_str(),
                "keyword_argument" | "list_splat" | "dictionary_splat" | "comment"
            )
        })
        .collect()
}

/// The whitespace that starts the line holding `offset`.
pub fn line_indent(text: &str, offset: usize) -> &str {
    let start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let rest = &text[start..];
    let len = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    &rest[..len]
}

/// The line break the file uses.
pub fn newline(text: &str) -> &'static str {
    if text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    }
}

/// An edit adding `import module` after the module's last top-level import (or
/// after its docstring and `__future__` imports), unless `module` is already
/// imported under its own name.
pub fn add_import(ctx: &Context, module: &str) -> Option<Edit> {
    if ctx.imports.local_name_for(module).as_deref() == Some(module) {
        return None;
    }
    Some(Edit::insert(
        import_insertion_point(ctx),
        format!("import {module}{}", newline(ctx.text)),
    ))
}

/// An edit adding `from module import name` (or nothing if `name` is bound to it already).
pub fn add_from_import(ctx: &Context, module: &str, name: &str) -> Option<Edit> {
    if ctx.imports.resolve_name(name).as_deref() == Some(&format!("{module}.{name}")) {
        return None;
    }
    Some(Edit::insert(
        import_insertion_point(ctx),
        format!("from {module} import {name}{}", newline(ctx.text)),
    ))
}

/// Where a new top-level import goes: after the last top-level import, else
/// after a module docstring, else at the top.
pub fn import_insertion_point(ctx: &Context) -> usize {
    let root = ctx.doc.tree().root_node();
    let mut cursor = root.walk();
    let mut point = 0;
    for (i, child) in root.named_children(&mut cursor).enumerate() {
        match child.kind_str() {
            "import_statement" | "import_from_statement" | "future_import_statement" => {
                point = next_line_start(ctx.text, child.end_byte());
            }
            "expression_statement"
                if i == 0 && child.named_child(0).is_some_and(|s| s.kind_str() == "string") =>
            {
                point = next_line_start(ctx.text, child.end_byte());
            }
            "comment" if point == 0 && i == 0 => {}
            _ => {
                if point > 0 || i > 0 {
                    break;
                }
            }
        }
    }
    point
}

fn next_line_start(text: &str, offset: usize) -> usize {
    match text[offset..].find('\n') {
        Some(i) => offset + i + 1,
        None => text.len(),
    }
}

/// The text of a string literal's content if it is a plain (non-f, non-byte)
/// string without interpolation; `None` otherwise.
pub fn plain_string<'t>(node: Node, text: &'t str) -> Option<&'t str> {
    if node.kind_str() != "string" {
        return None;
    }
    let start = node.child(0)?;
    let prefix = text.get(start.byte_range())?.to_ascii_lowercase();
    if prefix.contains('f') || prefix.contains('b') {
        return None;
    }
    let mut cursor = node.walk();
    let mut content = None;
    for c in node.named_children(&mut cursor) {
        match c.kind_str() {
            "string_start" | "string_end" => {}
            "string_content" => content = text.get(c.byte_range()),
            _ => return None,
        }
    }
    Some(content.unwrap_or(""))
}

/// The top-level statement holding `node`.
pub fn top_statement(node: Node) -> Node {
    let mut top = node;
    while let Some(p) = top.parent() {
        if p.kind_str() == "module" {
            break;
        }
        top = p;
    }
    top
}

/// The non-comment top-level statements just before and after the one holding `node`.
pub fn neighbours(node: Node) -> Vec<Node> {
    let top = top_statement(node);
    let mut out = Vec::new();
    let mut prev = top.prev_named_sibling();
    while let Some(p) = prev {
        if p.kind_str() != "comment" {
            out.push(p);
            break;
        }
        prev = p.prev_named_sibling();
    }
    let mut next = top.next_named_sibling();
    while let Some(n) = next {
        if n.kind_str() != "comment" {
            out.push(n);
            break;
        }
        next = n.next_named_sibling();
    }
    out
}
