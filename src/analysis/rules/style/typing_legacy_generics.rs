//! PG805 typing-legacy-generics: `List[int]`, `Optional[X]` in annotations.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common as shared;
use crate::analysis::walk::preorder;
use crate::analysis::{Applicability, Context, Edit, Fix, Hit};

pub struct TypingLegacyGenerics;

/// `typing` alias → built-in.
const CONTAINERS: &[(&str, &str)] = &[
    ("List", "list"),
    ("Dict", "dict"),
    ("Set", "set"),
    ("FrozenSet", "frozenset"),
    ("Tuple", "tuple"),
    ("Type", "type"),
];

impl super::Rule for TypingLegacyGenerics {
    fn name(&self) -> &'static str {
        "typing-legacy-generics"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["generic_type", "subscript"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        if !in_annotation(node) || node.has_error() || shared::in_test_code(node, ctx) {
            return;
        }
        let (head, args) = match node.kind_str() {
            "generic_type" => {
                let Some(head) = node.named_child(0) else { return };
                let Some(params) = shared::children(node)
                    .into_iter()
                    .find(|c| c.kind_str() == "type_parameter")
                else {
                    return;
                };
                (head, shared::children(params))
            }
            _ => {
                let Some(head) = node.field("value") else {
                    return;
                };
                let mut cursor = node.walk();
                let args: Vec<Node> = node.children_by_field_name("subscript", &mut cursor).collect();
                (head, args)
            }
        };
        let Some(q) = ctx.qualified(head) else { return };
        let Some(alias) = q.strip_prefix("typing.") else {
            return;
        };
        let head_text = ctx.text_of(head);
        let fix = if let Some((_, builtin)) = CONTAINERS.iter().find(|(a, _)| *a == alias) {
            // Only while the built-in name is not shadowed.
            (ctx.imports.resolve_name_at(builtin, head.start_byte()).as_deref()
                == Some(&format!("builtins.{builtin}")))
            .then(|| {
                Fix::new(
                    Applicability::Unsafe,
                    format!("Use `{builtin}[...]`"),
                    vec![Edit::replace(ctx.range(head), *builtin)],
                )
            })
        } else if alias == "Optional" || alias == "Union" {
            union_fix(node, alias, &args, ctx)
        } else {
            return;
        };
        let mut hit = Hit::new(ctx.range(node)).arg("name", head_text);
        if let Some(fix) = fix {
            hit = hit.with_fix(fix);
        }
        out.push(hit);
    }
}

/// Whether `node` is (part of) an annotation: inside a `type` node.
fn in_annotation(node: Node) -> bool {
    let mut n = node.parent();
    while let Some(x) = n {
        match x.kind_str() {
            "type" => return true,
            "generic_type" | "type_parameter" | "subscript" | "attribute" | "binary_operator"
            | "union_type" | "tuple" | "list" | "member_type" => n = x.parent(),
            _ => return false,
        }
    }
    false
}

/// `Optional[X]` → `X | None`, `Union[A, B]` → `A | B`; not with string forward
/// references, which `|` cannot combine at run time.
fn union_fix(node: Node, alias: &str, args: &[Node], ctx: &Context) -> Option<Fix> {
    let has_string = args.iter().any(|a| {
        let mut found = false;
        preorder(*a, |n| {
            found |= matches!(n.kind_str(), "string" | "concatenated_string");
            !found
        });
        found
    });
    if has_string || args.iter().any(|a| a.kind_str() == "slice") {
        return None;
    }
    let parts: Vec<&str> = args.iter().map(|a| ctx.text_of(*a)).collect();
    let replacement = match (alias, parts.as_slice()) {
        ("Optional", [one]) => format!("{one} | None"),
        ("Union", [_, _, ..]) => parts.join(" | "),
        _ => return None,
    };
    Some(Fix::new(
        Applicability::Unsafe,
        format!("Write `{replacement}`"),
        vec![Edit::replace(ctx.range(node), replacement)],
    ))
}
