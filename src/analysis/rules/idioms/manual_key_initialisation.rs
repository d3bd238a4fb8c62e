//! PG608 manual-key-initialisation: `if k not in d: d[k] = []` then `d[k].append(v)`,
//! and `d[k] = d.get(k, 0) + n`, inside a loop.

use tree_sitter::Node;

use super::common::{expression_of, in_loop, only_statement, same_text};
use crate::analysis::rules::util::positional_arguments;
use crate::analysis::{Context, Hit};
use crate::text::TextRange;

pub struct ManualKeyInitialisation;

impl super::Rule for ManualKeyInitialisation {
    fn name(&self) -> &'static str {
        "manual-key-initialisation"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["if_statement", "assignment"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let range = match node.kind() {
            "if_statement" => check_if(node, ctx),
            "assignment" => check_get(node, ctx),
            _ => None,
        };
        if let Some(range) = range {
            if in_loop(node, false) {
                out.push(Hit::new(range));
            }
        }
    }
}

/// `if k not in d: d[k] = <empty>` directly followed by `d[k].method(...)` or `d[k] += ...`.
fn check_if(node: Node, ctx: &Context) -> Option<TextRange> {
    if node.child_by_field_name("alternative").is_some() {
        return None;
    }
    let condition = node.child_by_field_name("condition")?;
    if condition.kind() != "comparison_operator" || condition.child_count() != 3 {
        return None;
    }
    if condition.child(1)?.kind() != "not in" {
        return None;
    }
    let key = condition.child(0)?;
    let dict = condition.child(2)?;
    if !matches!(dict.kind(), "identifier" | "attribute") {
        return None;
    }
    let init = expression_of(only_statement(node.child_by_field_name("consequence")?)?)?;
    if init.kind() != "assignment" || init.child_by_field_name("type").is_some() {
        return None;
    }
    let target = init.child_by_field_name("left")?;
    if !is_item(target, dict, key, ctx) || !is_starting_value(init.child_by_field_name("right")?, ctx) {
        return None;
    }
    // The next statement must update the same item.
    let next = node.next_named_sibling()?;
    let update = expression_of(next)?;
    let updated = match update.kind() {
        "augmented_assignment" => update.child_by_field_name("left")?,
        "call" => {
            let function = update.child_by_field_name("function")?;
            if function.kind() != "attribute" {
                return None;
            }
            function.child_by_field_name("object")?
        }
        _ => return None,
    };
    if !is_item(updated, dict, key, ctx) {
        return None;
    }
    Some(TextRange::new(node.start_byte(), condition.end_byte()))
}

/// `d[k] = d.get(k, 0) + expr`.
fn check_get(node: Node, ctx: &Context) -> Option<TextRange> {
    let target = node.child_by_field_name("left")?;
    let value = node.child_by_field_name("right")?;
    if target.kind() != "subscript" || value.kind() != "binary_operator" {
        return None;
    }
    if value.child_by_field_name("operator")?.kind() != "+" {
        return None;
    }
    let get = value.child_by_field_name("left")?;
    if get.kind() != "call" {
        return None;
    }
    let function = get.child_by_field_name("function")?;
    if function.kind() != "attribute" || ctx.text_of(function.child_by_field_name("attribute")?) != "get" {
        return None;
    }
    let dict = function.child_by_field_name("object")?;
    let args = positional_arguments(get);
    let [key, zero] = args.as_slice() else {
        return None;
    };
    if get.child_by_field_name("arguments")?.named_child_count() != 2 || ctx.text_of(*zero) != "0" {
        return None;
    }
    if !is_item(target, dict, *key, ctx) {
        return None;
    }
    Some(ctx.range(node))
}

/// `d[k]` with the same `d` and `k` as written elsewhere.
fn is_item(node: Node, dict: Node, key: Node, ctx: &Context) -> bool {
    if node.kind() != "subscript" {
        return false;
    }
    let (Some(value), Some(index)) = (
        node.child_by_field_name("value"),
        node.child_by_field_name("subscript"),
    ) else {
        return false;
    };
    let mut cursor = node.walk();
    let one_index = node.children_by_field_name("subscript", &mut cursor).count() == 1;
    one_index && same_text(value, dict, ctx) && same_text(index, key, ctx)
}

fn is_starting_value(node: Node, ctx: &Context) -> bool {
    match node.kind() {
        "list" | "dictionary" => node.named_child_count() == 0,
        "integer" => ctx.text_of(node) == "0",
        "call" => {
            matches!(
                ctx.qualified(node).as_deref(),
                Some("builtins.set" | "builtins.list" | "builtins.dict")
            ) && node
                .child_by_field_name("arguments")
                .is_some_and(|a| a.kind() == "argument_list" && a.named_child_count() == 0)
        }
        _ => false,
    }
}
