//! PG801 missing-docstring: public function, method or class without a docstring.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common::{self as shared, DefPlace};
use crate::analysis::{Context, Hit};

pub struct MissingDocstring;

impl super::Rule for MissingDocstring {
    fn name(&self) -> &'static str {
        "missing-docstring"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["function_definition", "class_definition"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let Some(name_node) = node.field("name") else {
            return;
        };
        let name = ctx.text_of(name_node);
        if name.is_empty() || shared::is_private(name) {
            return;
        }
        match shared::def_place(node) {
            Some(DefPlace::Module) => {}
            // Methods of public classes; classes nested in classes (`Meta`, `Config`) are framework hooks.
            Some(DefPlace::Method(class)) if node.kind_str() == "function_definition" => {
                if shared::def_name(class, ctx).is_none_or(shared::is_private) {
                    return;
                }
            }
            _ => return,
        }
        if node.kind_str() == "function_definition"
            && (shared::is_hook_name(name)
                || shared::is_override(node, ctx)
                || shared::is_overload(node, ctx)
                || is_property_accessor(node, ctx))
        {
            return;
        }
        if shared::in_test_code(node, ctx) {
            return;
        }
        let Some(body) = node.field("body") else {
            return;
        };
        if body.has_error() || node.has_error() {
            return;
        }
        let Some(first) = shared::children(body).into_iter().next() else {
            return;
        };
        let documented = first.kind_str() == "expression_statement"
            && first
                .named_child(0)
                .is_some_and(|s| matches!(s.kind_str(), "string" | "concatenated_string"));
        if !documented {
            out.push(Hit::new(ctx.range(name_node)).arg("name", name));
        }
    }
}

/// `@x.setter` / `@x.deleter`: documented on the getter.
fn is_property_accessor(def: Node, ctx: &Context) -> bool {
    shared::decorators(def).into_iter().any(|d| {
        shared::decorator_target(d).is_some_and(|t| {
            let t = ctx.text_of(t);
            t.ends_with(".setter") || t.ends_with(".deleter")
        })
    })
}
