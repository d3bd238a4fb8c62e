//! PG102 silent-exception-swallow: a catch-all `except` block that only passes.

use tree_sitter::Node;

use super::common::{body_is_empty, except_types, handler_body, header_range};
use crate::analysis::{Context, Hit};

pub struct SilentExceptionSwallow;

impl super::Rule for SilentExceptionSwallow {
    fn name(&self) -> &'static str {
        "silent-exception-swallow"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["except_clause"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let Some(body) = handler_body(node) else { return };
        if !body_is_empty(body) {
            return;
        }
        // A named, specific exception ignored on purpose (`except KeyError:
        // pass`) is a decision the author made; a catch-all is not.
        let types = except_types(node);
        let catch_all = types.is_empty() && super::common::is_bare(node)
            || types.iter().any(|t| {
                matches!(
                    ctx.qualified(*t).as_deref(),
                    Some("builtins.Exception" | "builtins.BaseException")
                )
            });
        if catch_all {
            out.push(Hit::new(header_range(node)));
        }
    }
}
