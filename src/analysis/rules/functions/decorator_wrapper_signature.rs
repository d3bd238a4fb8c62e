//! PG403 decorator-wrapper-signature: a wrapper that takes no arguments or
//! drops the decorated function's return value.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common;
use crate::analysis::{Context, Hit};

pub struct DecoratorWrapperSignature;

impl super::Rule for DecoratorWrapperSignature {
    fn name(&self) -> &'static str {
        "decorator-wrapper-signature"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["function_definition"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        for wrapper in common::decorator_wrappers(node, ctx) {
            let Some(name) = wrapper.def.field("name") else {
                continue;
            };
            if takes_nothing(wrapper.def, &wrapper.calls) || drops_result(wrapper.def, &wrapper.calls) {
                out.push(Hit::new(ctx.range(name)).arg("name", ctx.text_of(name)));
            }
        }
    }
}

/// `def wrapper(): func()`: no parameters, and the function is called without arguments.
fn takes_nothing(def: Node, calls: &[Node]) -> bool {
    let no_params = def
        .field("parameters")
        .is_some_and(|p| common::named_children(p).is_empty());
    no_params
        && calls.iter().all(|c| {
            c.field("arguments")
                .is_some_and(|a| common::named_children(a).is_empty())
        })
}

/// The wrapper calls the function as a statement or stores its result, and no
/// `return` gives back a value (generators excepted: they hand values out
/// with `yield`). A call handed to something else (`create_task(func())`)
/// is a deliberate fire-and-forget.
fn drops_result(def: Node, calls: &[Node]) -> bool {
    let discarded = calls.iter().any(|call| {
        let mut n = *call;
        if let Some(p) = n.parent().filter(|p| p.kind_str() == "await") {
            n = p;
        }
        n.parent()
            .is_some_and(|p| p.kind_str() == "expression_statement" || p.kind_str() == "assignment")
    });
    if !discarded {
        return false;
    }
    let Some(body) = def.field("body") else {
        return false;
    };
    let mut returns_value = false;
    let mut generator = false;
    common::scope_preorder(body, |n| match n.kind_str() {
        "return_statement" if n.named_child(0).is_some() => returns_value = true,
        "yield" => generator = true,
        _ => {}
    });
    !returns_value && !generator
}
