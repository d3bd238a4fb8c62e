//! Helpers for the class rules: class bodies, methods, decorators, bases, and
//! the classes a rule may look at (its own statement and the neighbours).

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use crate::analysis::rules::util::definition_of;
pub use crate::analysis::rules::util::{body_statements, class_of_method, methods};
use crate::analysis::walk::preorder;
use crate::analysis::Context;

/// The decorators of a class or function definition.
pub fn decorators(def: Node) -> Vec<Node> {
    let Some(parent) = def.parent().filter(|p| p.kind_str() == "decorated_definition") else {
        return Vec::new();
    };
    let mut cursor = parent.walk();
    let found = parent
        .named_children(&mut cursor)
        .filter(|c| c.kind_str() == "decorator")
        .collect();
    found
}

/// The method of that name defined directly in the class body (the last one wins).
pub fn method<'t>(class: Node<'t>, name: &str, ctx: &Context) -> Option<Node<'t>> {
    methods(class)
        .into_iter()
        .rev()
        .find(|m| m.field("name").is_some_and(|n| ctx.text_of(n) == name))
}

/// The assignments directly in a class body (`x = ...`, `x: T = ...`).
pub fn body_assignments(class: Node) -> Vec<Node> {
    body_statements(class)
        .into_iter()
        .filter(|s| s.kind_str() == "expression_statement")
        .filter_map(|s| {
            let a = s.named_child(0)?;
            (a.kind_str() == "assignment").then_some(a)
        })
        .collect()
}

/// The class's positional bases (not `metaclass=` and other keywords).
pub fn bases(class: Node) -> Vec<Node> {
    let Some(list) = class.field("superclasses") else {
        return Vec::new();
    };
    let mut cursor = list.walk();
    let found = list
        .named_children(&mut cursor)
        .filter(|c| !matches!(c.kind_str(), "keyword_argument" | "comment"))
        .collect();
    found
}

/// A keyword of the class statement: `metaclass=...`.
pub fn class_keyword<'t>(class: Node<'t>, name: &str, ctx: &Context) -> Option<Node<'t>> {
    let list = class.field("superclasses")?;
    let mut cursor = list.walk();
    let found = list.named_children(&mut cursor).find(|c| {
        c.kind_str() == "keyword_argument" && c.field("name").is_some_and(|n| ctx.text_of(n) == name)
    });
    found.and_then(|k| k.field("value"))
}

/// The qualified name of a base, ignoring subscripts (`Generic[T]` → `typing.Generic`).
pub fn base_name(base: Node, ctx: &Context) -> Option<String> {
    let base = if base.kind_str() == "subscript" {
        base.field("value")?
    } else {
        base
    };
    ctx.qualified(base)
}

/// Whether a decorator list makes the class a dataclass-like record (fields
/// generated from annotations): stdlib, pydantic and attrs dataclasses.
pub fn is_dataclass(class: Node, ctx: &Context) -> bool {
    decorators(class).into_iter().any(|d| {
        let q = ctx.qualified(d).unwrap_or_default();
        q == "dataclasses.dataclass"
            || q.starts_with("pydantic.")
            || q.starts_with("attr.")
            || q.starts_with("attrs.")
            || q.ends_with(".dataclass")
    })
}

/// The class definition named `name` that a rule at `at` may look at and that
/// is defined before it: in the same top-level statement, or the previous
/// top-level statement. Always pass the node being checked as `at` (not a class
/// found this way), so the rule stays within its statement and neighbours.
pub fn visible_class<'t>(name: &str, at: Node<'t>, ctx: &Context) -> Option<Node<'t>> {
    let mut top = at;
    while let Some(p) = top.parent() {
        if p.kind_str() == "module" {
            break;
        }
        top = p;
    }
    let named = |n: Node| {
        n.kind_str() == "class_definition" && n.field("name").is_some_and(|x| ctx.text_of(x) == name)
    };
    // Within the statement: any class of that name before `at`.
    let mut inside = None;
    preorder(top, |n| {
        if n.start_byte() < at.start_byte() && named(n) && !is_ancestor(n, at) {
            inside = Some(n);
        }
        true
    });
    if inside.is_some() {
        return inside;
    }
    top.prev_named_sibling().map(definition_of).filter(|n| named(*n))
}

fn is_ancestor(a: Node, b: Node) -> bool {
    let mut n = b.parent();
    while let Some(p) = n {
        if p == a {
            return true;
        }
        n = p.parent();
    }
    false
}

/// The name of a function's first parameter (`self`, `cls`).
pub fn first_parameter<'a>(def: Node, ctx: &Context<'a>) -> Option<&'a str> {
    let params = def.field("parameters")?;
    let first = params.named_child(0)?;
    let id = match first.kind_str() {
        "identifier" => first,
        "typed_parameter" => first.named_child(0)?,
        _ => return None,
    };
    (id.kind_str() == "identifier").then(|| ctx.text_of(id))
}

/// The name of a function's second parameter (`other` in `__eq__`).
pub fn second_parameter<'a>(def: Node, ctx: &Context<'a>) -> Option<&'a str> {
    let params = def.field("parameters")?;
    let mut cursor = params.walk();
    let second = params
        .named_children(&mut cursor)
        .filter(|c| c.kind_str() != "comment")
        .nth(1)?;
    let id = match second.kind_str() {
        "identifier" => second,
        "typed_parameter" | "default_parameter" | "typed_default_parameter" => {
            second.field("name").or_else(|| second.named_child(0))?
        }
        _ => return None,
    };
    (id.kind_str() == "identifier").then(|| ctx.text_of(id))
}
