//! PG806 import-inside-function: `import` statements in function bodies.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common as shared;
use crate::analysis::rules::util;
use crate::analysis::{Context, Hit};

pub struct ImportInsideFunction;

impl super::Rule for ImportInsideFunction {
    fn name(&self) -> &'static str {
        "import-inside-function"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["import_statement", "import_from_statement"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let Some(function) = util::enclosing_function(node) else {
            return;
        };
        if function.kind_str() != "function_definition" {
            return;
        }
        // Private helpers and dunder methods (PEP 562's module `__getattr__`) that
        // import lazily do so by design.
        if shared::def_name(function, ctx).is_none_or(shared::is_private) {
            return;
        }
        // Optional dependencies and typing-only imports are deliberate.
        let mut n = node.parent();
        while let Some(x) = n {
            if x.id() == function.id() {
                break;
            }
            match x.kind_str() {
                "try_statement" if catches_import_error(x, ctx) => return,
                "if_statement" => {
                    let cond = x.field("condition").map(|c| ctx.text_of(c)).unwrap_or("");
                    if cond.contains("TYPE_CHECKING") {
                        return;
                    }
                }
                _ => {}
            }
            n = x.parent();
        }
        if shared::in_test_code(node, ctx) {
            return;
        }
        out.push(Hit::new(ctx.range(node)));
    }
}

fn catches_import_error(try_statement: Node, ctx: &Context) -> bool {
    shared::children(try_statement).into_iter().any(|c| {
        c.kind_str() == "except_clause"
            && c.named_child(0).is_some_and(|t| {
                t.kind_str() != "block" && {
                    let t = ctx.text_of(t);
                    t.contains("ImportError") || t.contains("ModuleNotFoundError")
                }
            })
    })
}
