//! PG307 subprocess-shell-injection: `subprocess.run(f"... {x}", shell=True)`.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common;
use crate::analysis::rules::util;
use crate::analysis::{Context, Hit};

pub struct SubprocessShellInjection;

const RUNNERS: &[&str] = &[
    "subprocess.run",
    "subprocess.call",
    "subprocess.check_call",
    "subprocess.check_output",
    "subprocess.Popen",
];

impl super::Rule for SubprocessShellInjection {
    fn name(&self) -> &'static str {
        "subprocess-shell-injection"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["call"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let Some(function) = node.field("function") else {
            return;
        };
        if !ctx
            .qualified(function)
            .is_some_and(|q| RUNNERS.contains(&q.as_str()))
        {
            return;
        }
        if util::keyword_argument(node, "shell", ctx.text).is_none_or(|v| v.kind_str() != "true") {
            return;
        }
        let Some(command) = common::argument(node, 0, "args", ctx) else {
            return;
        };
        if common::dynamic_string(command, ctx).is_some() {
            out.push(Hit::new(ctx.range(command)));
        }
    }
}
