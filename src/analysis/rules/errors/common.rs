//! Helpers for the exception rules: the parts of an `except` clause, the
//! builtin exception hierarchy, and what a handler body does.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use crate::analysis::walk::preorder;
use crate::analysis::Context;

/// The type expressions an `except` clause names: `except (A, b.B) as e` gives
/// `A` and `b.B`; a bare `except:` gives none.
pub fn except_types(clause: Node) -> Vec<Node> {
    let mut out = Vec::new();
    let mut cursor = clause.walk();
    for value in clause.children_by_field_name("value", &mut cursor) {
        let value = if value.kind_str() == "as_pattern" {
            match value.named_child(0) {
                Some(v) => v,
                None => continue,
            }
        } else {
            value
        };
        flatten(value, &mut out);
    }
    out
}

fn flatten<'t>(node: Node<'t>, out: &mut Vec<Node<'t>>) {
    match node.kind_str() {
        "tuple" | "parenthesized_expression" => {
            let mut cursor = node.walk();
            for c in node.named_children(&mut cursor) {
                if c.kind_str() != "comment" {
                    flatten(c, out);
                }
            }
        }
        _ => out.push(node),
    }
}

/// Whether the clause is a bare `except:` (no type at all).
pub fn is_bare(clause: Node) -> bool {
    let mut cursor = clause.walk();
    let has_value = clause
        .children_by_field_name("value", &mut cursor)
        .next()
        .is_some();
    !has_value && clause.child(1).is_some_and(|c| c.kind_str() == ":")
}

/// The name bound by `except ... as name:`.
pub fn except_alias(clause: Node) -> Option<Node> {
    let mut cursor = clause.walk();
    let value = clause
        .children_by_field_name("value", &mut cursor)
        .find(|v| v.kind_str() == "as_pattern")?;
    let target = value.field("alias")?;
    let name = if target.kind_str() == "identifier" {
        target
    } else {
        target.named_child(0)?
    };
    (name.kind_str() == "identifier").then_some(name)
}

/// The handler's block.
pub fn handler_body(clause: Node) -> Option<Node> {
    let mut cursor = clause.walk();
    let found = clause
        .named_children(&mut cursor)
        .find(|c| c.kind_str() == "block");
    found
}

/// The `except ...` header: from the keyword to the end of the types (before the colon).
pub fn header_range(clause: Node) -> crate::text::TextRange {
    let mut end = clause.start_byte() + "except".len().min(clause.end_byte() - clause.start_byte());
    let mut cursor = clause.walk();
    for c in clause.children(&mut cursor) {
        if c.kind_str() == ":" || c.kind_str() == "block" {
            break;
        }
        end = c.end_byte();
    }
    crate::text::TextRange::new(clause.start_byte(), end)
}

/// Whether a handler body does nothing: only `pass`, `...` and comments.
pub fn body_is_empty(body: Node) -> bool {
    let mut cursor = body.walk();
    let mut any = false;
    for s in body.named_children(&mut cursor) {
        match s.kind_str() {
            "comment" => {}
            "pass_statement" => any = true,
            "expression_statement"
                if s.named_child_count() == 1
                    && s.named_child(0).is_some_and(|e| e.kind_str() == "ellipsis") =>
            {
                any = true
            }
            _ => return false,
        }
    }
    any
}

/// Visits the nodes of `root` that run as part of it: not the bodies of
/// nested functions, lambdas or classes.
pub fn same_scope<'t>(root: Node<'t>, mut visit: impl FnMut(Node<'t>)) {
    preorder(root, |n| {
        if n.id() != root.id()
            && matches!(
                n.kind_str(),
                "function_definition" | "lambda" | "class_definition"
            )
        {
            return false;
        }
        visit(n);
        true
    });
}

/// The builtin exception class an expression names (`ValueError`,
/// `builtins.ValueError`, the aliases `IOError` and `EnvironmentError`), by its
/// canonical name.
pub fn builtin_exception(node: Node, ctx: &Context) -> Option<&'static str> {
    let q = ctx.qualified(node)?;
    let name = q.strip_prefix("builtins.")?;
    let name = match name {
        "IOError" | "EnvironmentError" => "OSError",
        n => n,
    };
    HIERARCHY.iter().find(|(n, _)| *n == name).map(|(n, _)| *n)
}

/// The builtin exceptions and their direct bases (Python 3.13).
pub const HIERARCHY: &[(&str, &[&str])] = &[
    ("BaseException", &[]),
    ("BaseExceptionGroup", &["BaseException"]),
    ("GeneratorExit", &["BaseException"]),
    ("KeyboardInterrupt", &["BaseException"]),
    ("SystemExit", &["BaseException"]),
    ("Exception", &["BaseException"]),
    ("ArithmeticError", &["Exception"]),
    ("FloatingPointError", &["ArithmeticError"]),
    ("OverflowError", &["ArithmeticError"]),
    ("ZeroDivisionError", &["ArithmeticError"]),
    ("AssertionError", &["Exception"]),
    ("AttributeError", &["Exception"]),
    ("BufferError", &["Exception"]),
    ("EOFError", &["Exception"]),
    ("ExceptionGroup", &["BaseExceptionGroup", "Exception"]),
    ("ImportError", &["Exception"]),
    ("ModuleNotFoundError", &["ImportError"]),
    ("LookupError", &["Exception"]),
    ("IndexError", &["LookupError"]),
    ("KeyError", &["LookupError"]),
    ("MemoryError", &["Exception"]),
    ("NameError", &["Exception"]),
    ("UnboundLocalError", &["NameError"]),
    ("OSError", &["Exception"]),
    ("BlockingIOError", &["OSError"]),
    ("ChildProcessError", &["OSError"]),
    ("ConnectionError", &["OSError"]),
    ("BrokenPipeError", &["ConnectionError"]),
    ("ConnectionAbortedError", &["ConnectionError"]),
    ("ConnectionRefusedError", &["ConnectionError"]),
    ("ConnectionResetError", &["ConnectionError"]),
    ("FileExistsError", &["OSError"]),
    ("FileNotFoundError", &["OSError"]),
    ("InterruptedError", &["OSError"]),
    ("IsADirectoryError", &["OSError"]),
    ("NotADirectoryError", &["OSError"]),
    ("PermissionError", &["OSError"]),
    ("ProcessLookupError", &["OSError"]),
    ("TimeoutError", &["OSError"]),
    ("ReferenceError", &["Exception"]),
    ("RuntimeError", &["Exception"]),
    ("NotImplementedError", &["RuntimeError"]),
    ("PythonFinalizationError", &["RuntimeError"]),
    ("RecursionError", &["RuntimeError"]),
    ("StopAsyncIteration", &["Exception"]),
    ("StopIteration", &["Exception"]),
    ("SyntaxError", &["Exception"]),
    ("IndentationError", &["SyntaxError"]),
    ("TabError", &["IndentationError"]),
    ("SystemError", &["Exception"]),
    ("TypeError", &["Exception"]),
    ("ValueError", &["Exception"]),
    ("UnicodeError", &["ValueError"]),
    ("UnicodeDecodeError", &["UnicodeError"]),
    ("UnicodeEncodeError", &["UnicodeError"]),
    ("UnicodeTranslateError", &["UnicodeError"]),
    ("Warning", &["Exception"]),
    ("BytesWarning", &["Warning"]),
    ("DeprecationWarning", &["Warning"]),
    ("EncodingWarning", &["Warning"]),
    ("FutureWarning", &["Warning"]),
    ("ImportWarning", &["Warning"]),
    ("PendingDeprecationWarning", &["Warning"]),
    ("ResourceWarning", &["Warning"]),
    ("RuntimeWarning", &["Warning"]),
    ("SyntaxWarning", &["Warning"]),
    ("UnicodeWarning", &["Warning"]),
    ("UserWarning", &["Warning"]),
];

/// The direct bases of a builtin exception.
pub fn builtin_bases(name: &str) -> &'static [&'static str] {
    HIERARCHY
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(&[], |(_, b)| *b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_base_is_in_the_table() {
        for (name, bases) in HIERARCHY {
            for b in *bases {
                assert!(HIERARCHY.iter().any(|(n, _)| n == b), "{name}: unknown base {b}");
            }
        }
    }
}
