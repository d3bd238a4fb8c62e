//! PG909 sqlalchemy-session-not-closed: `session = Session()` outside `with`.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use crate::analysis::rules::style::common as shared;
use crate::analysis::walk::preorder;
use crate::analysis::{Context, Hit};

pub struct SqlalchemySessionNotClosed;

const SESSION_CLASSES: &[&str] = &[
    "sqlalchemy.orm.Session",
    "sqlalchemy.orm.session.Session",
    "sqlmodel.Session",
];

/// Names tutorials give a `sessionmaker(...)` factory.
const FACTORY_NAMES: &[&str] = &[
    "SessionLocal",
    "Session",
    "SessionFactory",
    "session_factory",
    "DBSession",
];

impl super::Rule for SqlalchemySessionNotClosed {
    fn name(&self) -> &'static str {
        "sqlalchemy-session-not-closed"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["assignment"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let (Some(left), Some(call)) = (node.field("left"), node.field("right")) else {
            return;
        };
        if left.kind_str() != "identifier" || call.kind_str() != "call" || !creates_session(call, ctx) {
            return;
        }
        // A whole statement `name = Session(...)`, directly in a block.
        let Some(statement) = node.parent().filter(|p| p.kind_str() == "expression_statement") else {
            return;
        };
        if !statement
            .parent()
            .is_some_and(|p| matches!(p.kind_str(), "block" | "module"))
        {
            return;
        }
        let name = ctx.text_of(left);
        if closed_in_finally_around(statement, name, ctx)
            || closed_by_next_try(statement, name, ctx)
            || handed_over(statement, name, ctx)
        {
            return;
        }
        out.push(Hit::new(ctx.range(call)));
    }
}

/// `Session(engine)`, `sessionmaker(...)()`, or a factory made by `sessionmaker`
/// (by name, in a module that imports SQLAlchemy).
fn creates_session(call: Node, ctx: &Context) -> bool {
    let Some(function) = call.field("function") else {
        return false;
    };
    if function.kind_str() == "call" {
        return ctx
            .qualified(function)
            .is_some_and(|q| q == "sqlalchemy.orm.sessionmaker");
    }
    if let Some(q) = ctx.qualified(function) {
        return SESSION_CLASSES.contains(&q.as_str());
    }
    if function.kind_str() != "identifier" {
        return false;
    }
    let name = ctx.text_of(function);
    if !(ctx.imports.imports_module("sqlalchemy") || ctx.imports.imports_module("sqlmodel")) {
        return false;
    }
    if FACTORY_NAMES.contains(&name) {
        return true;
    }
    // `factory = sessionmaker(...)` in this statement or a neighbour.
    let top = shared::top_level(call);
    std::iter::once(top).chain(shared::neighbours(top)).any(|stmt| {
        let mut found = false;
        preorder(stmt, |n| {
            if found {
                return false;
            }
            if n.kind_str() == "assignment"
                && n.field("left").is_some_and(|l| ctx.text_of(l) == name)
                && n.field("right").is_some_and(|r| {
                    r.kind_str() == "call"
                        && ctx.qualified(r).as_deref() == Some("sqlalchemy.orm.sessionmaker")
                })
            {
                found = true;
            }
            true
        });
        found
    })
}

/// Whether a `finally:` clause of `try_statement` calls `name.close()`.
fn finally_closes(try_statement: Node, name: &str, ctx: &Context) -> bool {
    shared::children(try_statement).into_iter().any(|c| {
        c.kind_str() == "finally_clause" && {
            let mut found = false;
            preorder(c, |n| {
                if let Some((object, method)) = shared::method_call(n, ctx) {
                    if method == "close" && object.kind_str() == "identifier" && ctx.text_of(object) == name {
                        found = true;
                    }
                }
                !found
            });
            found
        }
    })
}

/// `try: session = Session() ... finally: session.close()`.
fn closed_in_finally_around(statement: Node, name: &str, ctx: &Context) -> bool {
    let mut n = statement.parent();
    while let Some(x) = n {
        match x.kind_str() {
            "function_definition" | "class_definition" | "lambda" => return false,
            "try_statement" if finally_closes(x, name, ctx) => return true,
            _ => n = x.parent(),
        }
    }
    false
}

/// `session = Session()` followed right away by `try: ... finally: session.close()`,
/// or by `with session:`.
fn closed_by_next_try(statement: Node, name: &str, ctx: &Context) -> bool {
    shared::next_statements(statement)
        .into_iter()
        .take(1)
        .any(|next| match next.kind_str() {
            "try_statement" => finally_closes(next, name, ctx),
            "with_statement" => {
                let mut found = false;
                preorder(next, |n| {
                    if n.kind_str() == "with_item" {
                        let value = n.field("value");
                        let value = match value {
                            Some(v) if v.kind_str() == "as_pattern" => v.named_child(0),
                            v => v,
                        };
                        found |=
                            value.is_some_and(|v| v.kind_str() == "identifier" && ctx.text_of(v) == name);
                    }
                    n.kind_str() == "with_statement"
                        || n.kind_str() == "with_clause"
                        || n.kind_str() == "with_item"
                });
                found
            }
            _ => false,
        })
}

/// The function returns or yields the session: the caller owns it.
fn handed_over(statement: Node, name: &str, ctx: &Context) -> bool {
    let Some(function) = crate::analysis::rules::util::enclosing_function(statement) else {
        return false;
    };
    let mut found = false;
    preorder(function, |n| {
        if found {
            return false;
        }
        if n.id() != function.id()
            && matches!(
                n.kind_str(),
                "function_definition" | "class_definition" | "lambda"
            )
        {
            return false;
        }
        if matches!(n.kind_str(), "return_statement" | "yield") {
            let is_name = |v: Node| v.kind_str() == "identifier" && ctx.text_of(v) == name;
            found = n.named_child(0).is_some_and(|v| {
                is_name(v)
                    || (matches!(v.kind_str(), "tuple" | "expression_list")
                        && shared::children(v).into_iter().any(is_name))
            });
        }
        true
    });
    found
}
