//! PG508 singleton-pattern: `_instance = None` + `__new__`, or a metaclass with `_instances = {}`.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common::{base_name, bases, body_assignments, first_parameter, method};
use crate::analysis::walk::preorder;
use crate::analysis::{Context, Hit};

pub struct SingletonPattern;

impl super::Rule for SingletonPattern {
    fn name(&self) -> &'static str {
        "singleton-pattern"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["class_definition"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let Some(name) = node.field("name") else {
            return;
        };
        let class_name = ctx.text_of(name);
        let assignments = body_assignments(node);
        let attribute_with = |pred: &dyn Fn(Node) -> bool| -> Vec<&str> {
            assignments
                .iter()
                .filter_map(|a| {
                    let left = a.field("left")?;
                    let right = a.field("right")?;
                    (left.kind_str() == "identifier" && pred(right)).then(|| ctx.text_of(left))
                })
                .collect()
        };
        let is_metaclass = bases(node)
            .into_iter()
            .any(|b| base_name(b, ctx).as_deref() == Some("builtins.type"));
        let found = if is_metaclass {
            // `_instances = {}` used by `__call__`.
            let dicts = attribute_with(&|v| {
                v.kind_str() == "dictionary" && v.named_child_count() == 0
                    || v.kind_str() == "call" && ctx.qualified(v).as_deref() == Some("builtins.dict")
            });
            method(node, "__call__", ctx).is_some_and(|call| {
                dicts
                    .iter()
                    .any(|d| uses_attribute(call, d, class_name, ctx, false))
            })
        } else {
            // `_instance = None` returned by `__new__`.
            let slots = attribute_with(&|v| v.kind_str() == "none");
            method(node, "__new__", ctx).is_some_and(|new| {
                slots
                    .iter()
                    .any(|s| uses_attribute(new, s, class_name, ctx, true))
            })
        };
        if found {
            out.push(Hit::new(ctx.range(name)).arg("name", class_name));
        }
    }
}

/// Whether the method refers to `cls.<attr>` (or `ClassName.<attr>`); with
/// `returned`, it must return it.
fn uses_attribute(def: Node, attr: &str, class_name: &str, ctx: &Context, returned: bool) -> bool {
    let receiver = first_parameter(def, ctx).unwrap_or("cls");
    let Some(body) = def.field("body") else {
        return false;
    };
    let is_ref = |n: Node| {
        n.kind_str() == "attribute"
            && n.field("attribute").is_some_and(|a| ctx.text_of(a) == attr)
            && n.field("object").is_some_and(|o| {
                o.kind_str() == "identifier"
                    && matches!(ctx.text_of(o), t if t == receiver || t == class_name)
            })
    };
    let mut found = false;
    preorder(body, |n| {
        if found {
            return false;
        }
        if returned {
            if n.kind_str() == "return_statement" {
                found |= n.named_child(0).is_some_and(is_ref);
                return false;
            }
        } else if is_ref(n) {
            found = true;
        }
        true
    });
    found
}
