//! PG702 log-error-without-traceback: `log.error(...)` in an `except` block
//! without `exc_info`.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common::{catches_everything, enclosing_except, log_call};
use crate::analysis::rules::style::common as shared;
use crate::analysis::rules::util;
use crate::analysis::walk::preorder;
use crate::analysis::{Applicability, Context, Edit, Fix, Hit};

pub struct LogErrorWithoutTraceback;

impl super::Rule for LogErrorWithoutTraceback {
    fn name(&self) -> &'static str {
        "log-error-without-traceback"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["call"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let Some(call) = log_call(node, ctx) else {
            return;
        };
        if !matches!(call.method, "error" | "critical") {
            return;
        }
        let Some(handler) = enclosing_except(node) else {
            return;
        };
        // Expected, specific exceptions are often logged as one line on purpose;
        // the traceback matters for the unexpected ones a broad handler catches.
        if !catches_everything(handler, ctx) {
            return;
        }
        // exc_info / stack_info given, or maybe given through **kwargs.
        if util::keyword_argument(node, "exc_info", ctx.text).is_some()
            || util::keyword_argument(node, "stack_info", ctx.text).is_some()
        {
            return;
        }
        let Some(args) = node.field("arguments") else {
            return;
        };
        if shared::children(args)
            .iter()
            .any(|a| a.kind_str() == "dictionary_splat")
        {
            return;
        }
        // A handler that re-raises passes the traceback on to whoever handles it.
        if reraises(handler) {
            return;
        }
        let mut hit = Hit::new(ctx.range(node));
        if call.method == "error" && call.is_attribute {
            hit = hit.with_fix(Fix::new(
                Applicability::Unsafe,
                "Log with `.exception()` to include the traceback",
                vec![Edit::replace(ctx.range(call.method_node), "exception")],
            ));
        }
        out.push(hit);
    }
}

/// Whether the handler contains a `raise` (outside nested functions and classes).
fn reraises(handler: Node) -> bool {
    let mut found = false;
    preorder(handler, |n| {
        if found {
            return false;
        }
        match n.kind_str() {
            "raise_statement" => {
                found = true;
                false
            }
            "function_definition" | "class_definition" | "lambda" => false,
            _ => true,
        }
    });
    found
}
