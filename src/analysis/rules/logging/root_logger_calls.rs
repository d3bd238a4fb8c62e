//! PG703 root-logger-calls: `logging.info(...)` and friends in library code.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common::log_call;
use crate::analysis::rules::style::common as shared;
use crate::analysis::{Context, Hit};

pub struct RootLoggerCalls;

impl super::Rule for RootLoggerCalls {
    fn name(&self) -> &'static str {
        "root-logger-calls"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["call"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let Some(call) = log_call(node, ctx) else {
            return;
        };
        if !call.root {
            return;
        }
        // Scripts, their main block and tests may use the root logger.
        if shared::is_script(ctx) || shared::in_main_block(node, ctx) || shared::in_test_code(node, ctx) {
            return;
        }
        let Some(function) = node.field("function") else {
            return;
        };
        out.push(Hit::new(ctx.range(function)).arg("name", call.method));
    }
}
