//! PG505 mutable-class-attribute: a list/dict/set (or `collections` container)
//! in the class body that methods then change through `self`, so every
//! instance shares it.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common::{base_name, bases, body_assignments, first_parameter, is_dataclass, methods};
use crate::analysis::walk::preorder;
use crate::analysis::{Context, Hit};

pub struct MutableClassAttribute;

/// Methods that change a list, dict, set, deque or Counter in place.
const MUTATORS: &[&str] = &[
    "append",
    "extend",
    "insert",
    "remove",
    "pop",
    "clear",
    "sort",
    "reverse",
    "add",
    "discard",
    "update",
    "setdefault",
    "popitem",
    "difference_update",
    "intersection_update",
    "symmetric_difference_update",
    "appendleft",
    "extendleft",
    "popleft",
    "rotate",
    "subtract",
    "move_to_end",
];

impl super::Rule for MutableClassAttribute {
    fn name(&self) -> &'static str {
        "mutable-class-attribute"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["class_definition"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let plain_class = bases(node)
            .into_iter()
            .all(|b| base_name(b, ctx).as_deref() == Some("builtins.object"))
            && !is_dataclass(node, ctx);
        // Model libraries copy class-level defaults into each instance.
        let copies_defaults = bases(node).into_iter().any(|b| {
            base_name(b, ctx).is_some_and(|q| {
                ["pydantic.", "sqlmodel.", "msgspec.", "beanie.", "odmantic."]
                    .iter()
                    .any(|p| q.starts_with(p))
            })
        });
        if copies_defaults {
            return;
        }
        for assignment in body_assignments(node) {
            let (Some(left), Some(value)) = (assignment.field("left"), assignment.field("right")) else {
                continue;
            };
            if left.kind_str() != "identifier" || !is_mutable_value(value, ctx) {
                continue;
            }
            let name = ctx.text_of(left);
            if name.starts_with("__") && name.ends_with("__") {
                continue;
            }
            if let Some(annotation) = assignment.field("type") {
                // `ClassVar` says the sharing is intended; elsewhere an annotated
                // name may be a field that a framework copies per instance.
                if ctx.text_of(annotation).contains("ClassVar") || !plain_class {
                    continue;
                }
            }
            if mutated_through_self(node, name, ctx) {
                out.push(Hit::new(ctx.range(assignment)).arg("name", name));
            }
        }
    }
}

fn is_mutable_value(value: Node, ctx: &Context) -> bool {
    match value.kind_str() {
        "list"
        | "dictionary"
        | "set"
        | "list_comprehension"
        | "dictionary_comprehension"
        | "set_comprehension" => true,
        "call" => {
            matches!(
                ctx.qualified(value).as_deref(),
                Some(
                    "builtins.list"
                        | "builtins.dict"
                        | "builtins.set"
                        | "collections.defaultdict"
                        | "collections.deque"
                        | "collections.OrderedDict"
                        | "collections.Counter"
                )
            )
        }
        _ => false,
    }
}

/// Some method changes `self.<name>` in place (`self.items.append(x)`,
/// `self.cache[k] = v`, `self.items += [...]`, `del self.cache[k]`) and no
/// method rebinds `self.<name> = ...` (which would give each instance its own).
fn mutated_through_self(class: Node, name: &str, ctx: &Context) -> bool {
    let mut mutated = false;
    let mut rebound = false;
    for m in methods(class) {
        let Some(receiver) = first_parameter(m, ctx) else {
            continue;
        };
        if m.field("body").is_none() || is_static_or_class_method(m, ctx) {
            continue;
        }
        let is_attr = |n: Node| {
            n.kind_str() == "attribute"
                && n.field("object")
                    .is_some_and(|o| o.kind_str() == "identifier" && ctx.text_of(o) == receiver)
                && n.field("attribute").is_some_and(|a| ctx.text_of(a) == name)
        };
        let Some(body) = m.field("body") else {
            continue;
        };
        preorder(body, |n| {
            if !is_attr(n) {
                return true;
            }
            let Some(parent) = n.parent() else { return true };
            match parent.kind_str() {
                "assignment" if parent.field("left") == Some(n) => rebound = true,
                "augmented_assignment" if parent.field("left") == Some(n) => mutated = true,
                "subscript" if parent.field("value") == Some(n) => {
                    // `self.cache[k] = v`, `del self.cache[k]`, `self.counts[k] += 1`
                    if let Some(grand) = parent.parent() {
                        let written = match grand.kind_str() {
                            "assignment" | "augmented_assignment" => grand.field("left") == Some(parent),
                            "delete_statement" => true,
                            _ => false,
                        };
                        mutated |= written;
                    }
                }
                "attribute" if parent.field("object") == Some(n) => {
                    let method = parent.field("attribute").map(|a| ctx.text_of(a));
                    let called = parent.parent().is_some_and(|c| c.kind_str() == "call");
                    mutated |= called && method.is_some_and(|m| MUTATORS.contains(&m));
                }
                _ => {}
            }
            true
        });
    }
    mutated && !rebound
}

fn is_static_or_class_method(def: Node, ctx: &Context) -> bool {
    super::common::decorators(def).into_iter().any(|d| {
        matches!(
            ctx.qualified(d).as_deref(),
            Some("builtins.staticmethod" | "builtins.classmethod")
        )
    })
}
