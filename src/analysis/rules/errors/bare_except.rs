//! PG101 bare-except: `except:` with no exception type, unless the handler
//! re-raises (cleanup, then a bare `raise`, as PEP 8 allows).

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common::{handler_body, same_scope};
use crate::analysis::{Applicability, Context, Edit, Fix, Hit};
use crate::text::TextRange;

pub struct BareExcept;

impl super::Rule for BareExcept {
    fn name(&self) -> &'static str {
        "bare-except"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["except_clause"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        // `except:` has no named child before the block; `except*` needs a type.
        let mut cursor = node.walk();
        let mut keyword = None;
        for child in node.children(&mut cursor) {
            match child.kind_str() {
                "except" => keyword = Some(child),
                ":" => break,
                _ if child.is_named() => return,
                _ => {}
            }
        }
        let Some(keyword) = keyword else { return };
        if handler_body(node).is_some_and(reraises) {
            return;
        }
        let range = TextRange::new(keyword.start_byte(), keyword.end_byte());
        let fix = Fix::new(
            Applicability::Unsafe,
            "Catch `Exception` instead",
            vec![Edit::insert(keyword.end_byte(), " Exception")],
        );
        let _ = ctx;
        out.push(Hit::new(range).with_fix(fix));
    }
}

/// Whether a handler's block has a bare `raise` (not in a nested function or class).
fn reraises(body: Node) -> bool {
    let mut found = false;
    same_scope(body, |n| {
        if n.kind_str() == "raise_statement"
            && n.named_children(&mut n.walk()).all(|c| c.kind_str() == "comment")
        {
            found = true;
        }
    });
    found
}
