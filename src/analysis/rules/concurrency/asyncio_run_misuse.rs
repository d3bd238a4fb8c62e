//! PG204 asyncio-run-misuse: `asyncio.run(asyncio.gather(...))`,
//! `asyncio.run(main)`, or `asyncio.run(...)` inside a coroutine.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common::is_known_function;
use crate::analysis::rules::util::{in_coroutine, keyword_argument, positional_arguments};
use crate::analysis::{Context, Hit};

pub struct AsyncioRunMisuse;

/// asyncio functions that return a Future or Task, not a coroutine.
const NOT_COROUTINES: &[&str] = &[
    "asyncio.gather",
    "asyncio.create_task",
    "asyncio.ensure_future",
    "asyncio.shield",
    "asyncio.wrap_future",
];

impl super::Rule for AsyncioRunMisuse {
    fn name(&self) -> &'static str {
        "asyncio-run-misuse"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["call"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        if ctx.qualified(node).as_deref() != Some("asyncio.run") {
            return;
        }
        if in_coroutine(node) {
            out.push(Hit::new(ctx.range(node)));
            return;
        }
        let argument = positional_arguments(node)
            .first()
            .copied()
            .or_else(|| keyword_argument(node, "main", ctx.text));
        let Some(mut argument) = argument else { return };
        while argument.kind_str() == "parenthesized_expression" {
            match argument.named_child(0) {
                Some(a) => argument = a,
                None => return,
            }
        }
        let wrong = match argument.kind_str() {
            "call" => ctx
                .qualified(argument)
                .is_some_and(|q| NOT_COROUTINES.contains(&q.as_str())),
            "lambda" => true,
            "identifier" => is_known_function(argument, ctx.text_of(argument), ctx),
            _ => false,
        };
        if wrong {
            out.push(Hit::new(ctx.range(node)));
        }
    }
}
