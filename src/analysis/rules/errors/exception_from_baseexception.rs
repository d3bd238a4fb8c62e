//! PG105 exception-from-baseexception: `class MyError(BaseException)`.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use crate::analysis::{Applicability, Context, Edit, Fix, Hit};

pub struct ExceptionFromBaseException;

impl super::Rule for ExceptionFromBaseException {
    fn name(&self) -> &'static str {
        "exception-from-baseexception"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["class_definition"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let Some(bases) = node.field("superclasses") else {
            return;
        };
        let Some(name) = node.field("name") else {
            return;
        };
        let mut cursor = bases.walk();
        for base in bases.named_children(&mut cursor) {
            if !matches!(base.kind_str(), "identifier" | "attribute") {
                continue;
            }
            if ctx.qualified(base).as_deref() != Some("builtins.BaseException") {
                continue;
            }
            let mut hit = Hit::new(ctx.range(base)).arg("name", ctx.text_of(name));
            // In `builtins.BaseException` only the last part changes; a bare
            // `Exception` must still mean the builtin where the fix writes it.
            let target = if base.kind_str() == "attribute" {
                base.field("attribute")
            } else {
                (ctx.imports.resolve_name("Exception").as_deref() == Some("builtins.Exception"))
                    .then_some(base)
            };
            if let Some(target) = target {
                hit = hit.with_fix(Fix::new(
                    Applicability::Unsafe,
                    "Derive from `Exception` instead",
                    vec![Edit::replace(ctx.range(target), "Exception")],
                ));
            }
            out.push(hit);
        }
    }
}
