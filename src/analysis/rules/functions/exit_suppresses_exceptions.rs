//! PG406 exit-suppresses-exceptions: `__exit__` that always returns True.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common;
use crate::analysis::{Context, Hit};

pub struct ExitSuppressesExceptions;

impl super::Rule for ExitSuppressesExceptions {
    fn name(&self) -> &'static str {
        "exit-suppresses-exceptions"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["function_definition"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let Some(name) = node.field("name").map(|n| ctx.text_of(n)) else {
            return;
        };
        if !matches!(name, "__exit__" | "__aexit__") {
            return;
        }
        let Some(class) = common::enclosing_class(node) else {
            return;
        };
        let Some(body) = node.field("body") else {
            return;
        };
        let Some(last) = common::named_children(body).into_iter().last() else {
            return;
        };
        if last.kind_str() != "return_statement"
            || !last.named_child(0).is_some_and(|v| is_truthy_constant(v, ctx))
        {
            return;
        }
        let mut returns = 0;
        common::scope_preorder(body, |n| {
            if n.kind_str() == "return_statement" {
                returns += 1;
            }
        });
        if returns != 1 {
            return;
        }
        let class_name = class.field("name").map_or("", |n| ctx.text_of(n));
        out.push(Hit::new(ctx.range(last)).arg("name", format!("{class_name}.{name}")));
    }
}

/// `True`, a non-zero number, a non-empty string.
fn is_truthy_constant(value: Node, ctx: &Context) -> bool {
    let value = common::unparen(value);
    match value.kind_str() {
        "true" => true,
        "integer" | "float" => {
            let t = ctx.text_of(value).to_ascii_lowercase();
            let digits = t
                .strip_prefix("0x")
                .or_else(|| t.strip_prefix("0o"))
                .or_else(|| t.strip_prefix("0b"))
                .unwrap_or(&t);
            let mantissa = digits.split('e').next().unwrap_or(digits);
            mantissa
                .chars()
                .any(|c| c.is_ascii_alphanumeric() && c != '0' && c != 'j' && c != 'l')
        }
        "string" => {
            crate::analysis::rules::util::plain_string(value, ctx.text).is_some_and(|s| !s.is_empty())
        }
        _ => false,
    }
}
