//! PG503 init-missing-super: a subclass `__init__` that never calls the base initialiser.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common::{base_name, bases, class_of_method, method, visible_class};
use crate::analysis::walk::preorder;
use crate::analysis::{Context, Hit};

pub struct InitMissingSuper;

/// Bases whose `__init__` does nothing worth calling (`object`, abstract
/// collection and I/O interfaces, containers that start empty, immutable
/// builtins set up by `__new__`), or whose subclasses are documented to define
/// `__init__` without it (enum members, SQLAlchemy models).
fn trivial_base(q: &str) -> bool {
    matches!(
        q,
        "builtins.object"
            | "builtins.int"
            | "builtins.str"
            | "builtins.float"
            | "builtins.tuple"
            | "builtins.bytes"
            | "builtins.frozenset"
            | "builtins.complex"
            | "builtins.bool"
            | "builtins.type"
            | "builtins.dict"
            | "builtins.list"
            | "builtins.set"
            | "builtins.bytearray"
            | "datetime.tzinfo"
            | "io.IOBase"
            | "io.RawIOBase"
            | "io.BufferedIOBase"
            | "io.TextIOBase"
    ) || [
        "abc.",
        "collections.abc.",
        "importlib.abc.",
        "_collections_abc.",
        "numbers.",
        "typing.",
        "typing_extensions.",
        "enum.",
        "sqlalchemy.",
        "ctypes.",
    ]
    .iter()
    .any(|p| q.starts_with(p))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Verdict {
    /// The base (or one of its bases) has an initialiser that should run.
    HasInit,
    /// Nothing to call, or pyguide cannot tell.
    Quiet,
}

impl super::Rule for InitMissingSuper {
    fn name(&self) -> &'static str {
        "init-missing-super"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["function_definition"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let Some(name) = node.field("name") else {
            return;
        };
        if ctx.text_of(name) != "__init__" {
            return;
        }
        let Some(class) = class_of_method(node) else {
            return;
        };
        let Some(body) = node.field("body") else {
            return;
        };
        if calls_an_init(body, ctx) || only_raises(body) {
            return;
        }
        if !bases(class)
            .into_iter()
            .any(|b| verdict(b, class, ctx, 0) == Verdict::HasInit)
        {
            return;
        }
        let class_name = class.field("name").map(|n| ctx.text_of(n)).unwrap_or("");
        out.push(Hit::new(ctx.range(name)).arg("name", class_name));
    }
}

/// `at` is the class being checked: every class looked up must be in its view.
fn verdict(base: Node, at: Node, ctx: &Context, depth: usize) -> Verdict {
    if let Some(q) = base_name(base, ctx) {
        return if trivial_base(&q) {
            Verdict::Quiet
        } else {
            Verdict::HasInit
        };
    }
    // A class of this module: judge it if it is in view, else stay quiet.
    if base.kind_str() != "identifier" || depth > 3 {
        return Verdict::Quiet;
    }
    let Some(class) = visible_class(ctx.text_of(base), at, ctx) else {
        return Verdict::Quiet;
    };
    if let Some(init) = method(class, "__init__", ctx) {
        return if init.field("body").is_some_and(only_raises) {
            Verdict::Quiet
        } else {
            Verdict::HasInit
        };
    }
    if super::common::bases(class)
        .into_iter()
        .any(|b| verdict(b, at, ctx, depth + 1) == Verdict::HasInit)
    {
        Verdict::HasInit
    } else {
        Verdict::Quiet
    }
}

/// Any call of an `__init__` attribute: `super().__init__(...)`,
/// `Base.__init__(self, ...)`, `super(C, self).__init__()`.
fn calls_an_init(body: Node, ctx: &Context) -> bool {
    let mut found = false;
    preorder(body, |n| {
        if found {
            return false;
        }
        if n.kind_str() == "attribute" && n.field("attribute").is_some_and(|a| ctx.text_of(a) == "__init__") {
            found = true;
        }
        true
    });
    found
}

/// A body that only refuses to construct: `raise TypeError(...)`, `...`, `pass`, a docstring.
fn only_raises(body: Node) -> bool {
    let mut cursor = body.walk();
    let statements: Vec<Node> = body
        .named_children(&mut cursor)
        .filter(|s| s.kind_str() != "comment")
        .collect();
    statements.iter().all(|s| match s.kind_str() {
        "raise_statement" | "pass_statement" => true,
        "expression_statement" => s
            .named_child(0)
            .is_some_and(|e| matches!(e.kind_str(), "string" | "ellipsis")),
        _ => false,
    })
}
