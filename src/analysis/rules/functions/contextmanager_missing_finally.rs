//! PG405 contextmanager-missing-finally: a `@contextmanager` generator whose
//! `yield` is not protected by `try`/`finally`.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common;
use crate::analysis::{Context, Hit};

pub struct ContextmanagerMissingFinally;

const MANAGERS: &[&str] = &["contextlib.contextmanager", "contextlib.asynccontextmanager"];

impl super::Rule for ContextmanagerMissingFinally {
    fn name(&self) -> &'static str {
        "contextmanager-missing-finally"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["function_definition"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let is_manager = common::decorators(node)
            .iter()
            .any(|d| ctx.qualified(*d).is_some_and(|q| MANAGERS.contains(&q.as_str())));
        if !is_manager {
            return;
        }
        let Some(body) = node.field("body") else {
            return;
        };
        let mut yields = Vec::new();
        common::scope_preorder(body, |n| {
            if n.kind_str() == "yield" {
                yields.push(n);
            }
        });
        let Some(unprotected) = yields
            .into_iter()
            .find(|y| !is_protected(*y, body, ctx) && has_code_after(*y, body))
        else {
            return;
        };
        let name = node.field("name").map_or("", |n| ctx.text_of(n));
        out.push(Hit::new(ctx.range(unprotected)).arg("name", name));
    }
}

/// Inside the body of a `try` with `finally`, of a `try` whose `except`
/// catches everything, or of a `with` block that owns the cleanup.
fn is_protected(yield_node: Node, body: Node, ctx: &Context) -> bool {
    let mut n = yield_node;
    while let Some(p) = n.parent() {
        if n.id() == body.id() {
            break;
        }
        match p.kind_str() {
            "with_statement" => return true,
            "try_statement" if p.field("body").is_some_and(|b| b.id() == n.id()) => {
                let clauses = common::named_children(p);
                if clauses.iter().any(|c| c.kind_str() == "finally_clause") {
                    return true;
                }
                if clauses
                    .iter()
                    .any(|c| c.kind_str() == "except_clause" && catches_everything(*c, ctx))
                {
                    return true;
                }
            }
            _ => {}
        }
        n = p;
    }
    false
}

/// `except:`, `except Exception:`, `except BaseException as e:`.
fn catches_everything(clause: Node, ctx: &Context) -> bool {
    let Some(first) = common::named_children(clause).into_iter().next() else {
        return true;
    };
    let first = if first.kind_str() == "as_pattern" {
        first.named_child(0).unwrap_or(first)
    } else {
        first
    };
    match first.kind_str() {
        "block" => true,
        _ => ctx
            .qualified(first)
            .is_some_and(|q| q == "builtins.Exception" || q == "builtins.BaseException"),
    }
}

/// Whether any statement runs after the one holding the `yield` (in its block
/// or an enclosing one, up to the function body), or in the `else` of a `try`
/// around it. `pass` and a bare `return` do not count.
fn has_code_after(yield_node: Node, body: Node) -> bool {
    let mut n = yield_node;
    while let Some(p) = n.parent() {
        if p.kind_str() == "block" {
            let mut next = n.next_named_sibling();
            while let Some(s) = next {
                let trivial = matches!(s.kind_str(), "comment" | "pass_statement")
                    || (s.kind_str() == "return_statement" && s.named_child(0).is_none());
                if !trivial {
                    return true;
                }
                next = s.next_named_sibling();
            }
            if p.id() == body.id() {
                return false;
            }
        }
        if p.kind_str() == "try_statement"
            && p.field("body").is_some_and(|b| b.id() == n.id())
            && common::named_children(p)
                .iter()
                .any(|c| c.kind_str() == "else_clause")
        {
            return true;
        }
        n = p;
    }
    false
}
