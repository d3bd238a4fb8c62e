//! PG608 manual-key-initialisation: `if k not in d: d[k] = []` then `d[k].append(v)`,
//! and `d[k] = d.get(k, 0) + n`, inside a loop.

use crate::analysis::node::NodeExt;
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
        let range = match node.kind_str() {
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
    if node.field("alternative").is_some() {
        return None;
    }
    let condition = node.field("condition")?;
    if condition.kind_str() != "comparison_operator" || condition.child_count() != 3 {
        return None;
    }
    if condition.child(1)?.kind_str() != "not in" {
        return None;
    }
    let key = condition.child(0)?;
    let dict = condition.child(2)?;
    if !matches!(dict.kind_str(), "identifier" | "attribute") {
        return None;
    }
    let init = expression_of(only_statement(node.field("consequence")?)?)?;
    if init.kind_str() != "assignment" || init.field("type").is_some() {
        return None;
    }
    let target = init.field("left")?;
    if !is_item(target, dict, key, ctx) || !is_starting_value(init.field("right")?, ctx) {
        return None;
    }
    // The next statement must update the same item.
    let next = node.next_named_sibling()?;
    let update = expression_of(next)?;
    let updated = match update.kind_str() {
        "augmented_assignment" => update.field("left")?,
        "call" => {
            let function = update.field("function")?;
            if function.kind_str() != "attribute" {
                return None;
            }
            function.field("object")?
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
    let target = node.field("left")?;
    let value = node.field("right")?;
    if target.kind_str() != "subscript" || value.kind_str() != "binary_operator" {
        return None;
    }
    if value.field("operator")?.kind_str() != "+" {
        return None;
    }
    let get = value.field("left")?;
    if get.kind_str() != "call" {
        return None;
    }
    let function = get.field("function")?;
    if function.kind_str() != "attribute" || ctx.text_of(function.field("attribute")?) != "get" {
        return None;
    }
    let dict = function.field("object")?;
    let args = positional_arguments(get);
    let [key, zero] = args.as_slice() else {
        return None;
    };
    if get.field("arguments")?.named_child_count() != 2 || ctx.text_of(*zero) != "0" {
        return None;
    }
    if !is_item(target, dict, *key, ctx) {
        return None;
    }
    Some(ctx.range(node))
}

/// `d[k]` with the same `d` and `k` as written elsewhere.
fn is_item(node: Node, dict: Node, key: Node, ctx: &Context) -> bool {
    if node.kind_str() != "subscript" {
        return false;
    }
    let (Some(value), Some(index)) = (node.field("value"), node.field("subscript")) else {
        return false;
    };
    let mut cursor = node.walk();
    let one_index = node.children_by_field_name("subscript", &mut cursor).count() == 1;
    one_index && same_text(value, dict, ctx) && same_text(index, key, ctx)
}

fn is_starting_value(node: Node, ctx: &Context) -> bool {
    match node.kind_str() {
        "list" | "dictionary" => node.named_child_count() == 0,
        "integer" => ctx.text_of(node) == "0",
        "call" => {
            matches!(
                ctx.qualified(node).as_deref(),
                Some("builtins.set" | "builtins.list" | "builtins.dict")
            ) && node
                .field("arguments")
                .is_some_and(|a| a.kind_str() == "argument_list" && a.named_child_count() == 0)
        }
        _ => false,
    }
}
