//! Helpers for the idiom rules: loops, scopes, literals, statement neighbours.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use crate::analysis::walk::preorder;
use crate::analysis::Context;

/// Whether `node` runs once per iteration of a loop of its own function: it
/// lies in the body of a `for` or `while` loop, or in a `while` condition.
/// With `comprehensions`, the element and conditions of a comprehension count
/// too (but not its first iterable, which is evaluated once). Function, class
/// and lambda boundaries stop the search.
pub fn in_loop(node: Node, comprehensions: bool) -> bool {
    let mut child = node;
    let mut skip_comprehension = false;
    let mut n = node.parent();
    while let Some(p) = n {
        match p.kind_str() {
            "for_statement" if p.field("body") == Some(child) => return true,
            "while_statement" if p.field("body") == Some(child) || p.field("condition") == Some(child) => {
                return true
            }
            "for_in_clause" if comprehensions && p.field("right") == Some(child) => {
                let first = p.parent().and_then(|c| {
                    let mut cursor = c.walk();
                    let found = c
                        .named_children(&mut cursor)
                        .find(|x| x.kind_str() == "for_in_clause");
                    found
                });
                if first == Some(p) {
                    skip_comprehension = true;
                } else {
                    return true;
                }
            }
            "list_comprehension"
            | "set_comprehension"
            | "dictionary_comprehension"
            | "generator_expression"
                if comprehensions =>
            {
                if !skip_comprehension {
                    return true;
                }
                skip_comprehension = false;
            }
            "function_definition" | "class_definition" | "lambda" => return false,
            _ => {}
        }
        child = p;
        n = p.parent();
    }
    false
}

/// The top-level statement holding `node`.
pub fn top_level_statement(node: Node) -> Node {
    let mut n = node;
    while let Some(p) = n.parent() {
        if p.kind_str() == "module" {
            return n;
        }
        n = p;
    }
    n
}

/// The nodes whose statements make up `node`'s scope as far as a rule may look:
/// the body of the enclosing function, or (outside functions) the top-level
/// statement with its previous sibling. Class bodies count as their own scope.
pub fn scope_roots(node: Node) -> Vec<Node> {
    let mut n = node.parent();
    while let Some(p) = n {
        match p.kind_str() {
            "function_definition" | "class_definition" => {
                return p.field("body").into_iter().collect();
            }
            _ => n = p.parent(),
        }
    }
    let top = top_level_statement(node);
    let mut out = Vec::new();
    if let Some(prev) = top.prev_named_sibling() {
        out.push(prev);
    }
    out.push(top);
    out
}

/// Visits the nodes of `roots` in order, not entering nested functions,
/// classes and lambdas (other scopes).
pub fn walk_scope<'t>(roots: &[Node<'t>], mut visit: impl FnMut(Node<'t>)) {
    for root in roots {
        let root = *root;
        preorder(root, |n| {
            if n != root
                && matches!(
                    n.kind_str(),
                    "function_definition" | "class_definition" | "lambda"
                )
            {
                return false;
            }
            visit(n);
            true
        });
    }
}

/// Whether an identifier `name` occurs anywhere under `node`.
pub fn mentions(node: Node, name: &str, ctx: &Context) -> bool {
    let mut found = false;
    preorder(node, |n| {
        if found {
            return false;
        }
        if n.kind_str() == "identifier" && ctx.text_of(n) == name {
            found = true;
        }
        true
    });
    found
}

/// Whether any node of one of `kinds` occurs under `node`.
pub fn contains_kind(node: Node, kinds: &[&str]) -> bool {
    let mut found = false;
    preorder(node, |n| {
        if found {
            return false;
        }
        if kinds.contains(&n.kind_str()) {
            found = true;
        }
        true
    });
    found
}

/// The single statement of a block (comments aside), if it has exactly one.
pub fn only_statement(block: Node) -> Option<Node> {
    let mut cursor = block.walk();
    let statements: Vec<Node> = block
        .named_children(&mut cursor)
        .filter(|c| c.kind_str() != "comment")
        .collect();
    match statements[..] {
        [one] => Some(one),
        _ => None,
    }
}

/// The expression of an expression statement (`x = 1`, `f()`), if the
/// statement holds exactly one.
pub fn expression_of(statement: Node) -> Option<Node> {
    if statement.kind_str() != "expression_statement" || statement.named_child_count() != 1 {
        return None;
    }
    statement.named_child(0)
}

/// The lowercase prefix letters of a string literal (`""` for a plain one).
pub fn string_prefix(node: Node, ctx: &Context) -> Option<String> {
    if node.kind_str() != "string" {
        return None;
    }
    let start = node.child(0)?;
    let s = ctx.text_of(start);
    Some(
        s.chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect::<String>()
            .to_ascii_lowercase(),
    )
}

/// A `str` literal: a string or implicitly concatenated strings, not bytes.
/// With `allow_f`, f-strings count.
pub fn is_str_literal(node: Node, ctx: &Context, allow_f: bool) -> bool {
    match node.kind_str() {
        "string" => {
            string_prefix(node, ctx).is_some_and(|p| !p.contains('b') && (allow_f || !p.contains('f')))
        }
        "concatenated_string" => {
            let mut cursor = node.walk();
            let all = node
                .named_children(&mut cursor)
                .filter(|c| c.kind_str() != "comment")
                .all(|c| is_str_literal(c, ctx, allow_f));
            all
        }
        "parenthesized_expression" => node
            .named_child(0)
            .is_some_and(|c| is_str_literal(c, ctx, allow_f)),
        _ => false,
    }
}

/// Whether a node that was seen earlier in the text holds the same code.
pub fn same_text(a: Node, b: Node, ctx: &Context) -> bool {
    let strip = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    strip(ctx.text_of(a)) == strip(ctx.text_of(b))
}

/// The names an assignment target binds (`a`, `a, b`, `[a, *b]`), without
/// attributes and subscripts.
pub fn bound_names<'t>(target: Node<'t>, out: &mut Vec<Node<'t>>) {
    match target.kind_str() {
        "identifier" => out.push(target),
        "attribute" | "subscript" => {}
        _ => {
            let mut cursor = target.walk();
            for c in target.named_children(&mut cursor) {
                bound_names(c, out);
            }
        }
    }
}

/// Whether `name` is (re)bound anywhere under `node`: assignment targets, loop
/// and comprehension variables, `with ... as`, `:=`, `del`, nested `def`,
/// `class`, parameters, `global`/`nonlocal` and imports.
pub fn rebinds(node: Node, name: &str, ctx: &Context) -> bool {
    let mut found = false;
    preorder(node, |n| {
        if found {
            return false;
        }
        let mut targets = Vec::new();
        match n.kind_str() {
            "assignment" | "augmented_assignment" | "for_statement" | "for_in_clause" => {
                if let Some(left) = n.field("left") {
                    bound_names(left, &mut targets);
                }
            }
            "named_expression" => {
                if let Some(left) = n.field("name") {
                    targets.push(left);
                }
            }
            "as_pattern" => {
                if let Some(alias) = n.field("alias") {
                    bound_names(alias, &mut targets);
                }
            }
            "delete_statement" => {
                let mut cursor = n.walk();
                for c in n.named_children(&mut cursor) {
                    bound_names(c, &mut targets);
                }
            }
            "function_definition" | "class_definition" => {
                if let Some(nm) = n.field("name") {
                    targets.push(nm);
                }
            }
            "parameters"
            | "lambda_parameters"
            | "global_statement"
            | "nonlocal_statement"
            | "import_statement"
            | "import_from_statement" => {
                preorder(n, |x| {
                    if x.kind_str() == "identifier" && ctx.text_of(x) == name {
                        targets.push(x);
                    }
                    true
                });
            }
            _ => {}
        }
        if targets.iter().any(|t| ctx.text_of(*t) == name) {
            found = true;
        }
        true
    });
    found
}

/// The end-of-line comments inside `[start, end)`, joined to follow a
/// one-line replacement of that range (`"  # a  # b"`), or `None` if a comment
/// has a line of its own (it would be moved out of place).
pub fn trailing_comments(node: Node, start: usize, end: usize, ctx: &Context) -> Option<String> {
    let mut out = String::new();
    let mut own_line = false;
    preorder(node, |n| {
        if n.end_byte() <= start || n.start_byte() >= end {
            return false;
        }
        if n.kind_str() == "comment" {
            let line_start = ctx.text[..n.start_byte()]
                .rfind(['\n', '\r'])
                .map_or(0, |i| i + 1);
            if ctx.text[line_start..n.start_byte()].trim().is_empty() {
                own_line = true;
            }
            out.push_str("  ");
            out.push_str(ctx.text_of(n));
        }
        true
    });
    (!own_line).then_some(out)
}
