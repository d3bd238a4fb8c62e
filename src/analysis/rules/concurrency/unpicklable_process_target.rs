//! PG213 unpicklable-process-target: a lambda or nested function sent to
//! another process.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common::{
    constructor_of, local_binding, method_call, Binding, PROCESSES, PROCESS_EXECUTORS, PROCESS_POOLS,
};
use crate::analysis::rules::util::{keyword_argument, positional_arguments};
use crate::analysis::{Context, Hit};

pub struct UnpicklableProcessTarget;

const POOL_METHODS: &[&str] = &[
    "map",
    "map_async",
    "imap",
    "imap_unordered",
    "starmap",
    "starmap_async",
    "apply",
    "apply_async",
];

impl super::Rule for UnpicklableProcessTarget {
    fn name(&self) -> &'static str {
        "unpicklable-process-target"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["call"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let Some(callable) = sent_callable(node, ctx) else {
            return;
        };
        // `functools.partial(f, ...)` pickles `f`.
        let callable = if callable.kind_str() == "call"
            && ctx.qualified(callable).as_deref() == Some("functools.partial")
        {
            match positional_arguments(callable).first() {
                Some(f) => *f,
                None => return,
            }
        } else {
            callable
        };
        let unpicklable = match callable.kind_str() {
            "lambda" => true,
            "identifier" => matches!(
                local_binding(callable, ctx.text_of(callable), ctx),
                Some(Binding::Def(_))
            ),
            _ => false,
        };
        if unpicklable {
            out.push(Hit::new(ctx.range(callable)));
        }
    }
}

/// The callable a call hands to another process: `Process(target=...)`, the
/// function of a process pool's `map`/`apply`..., or of a process executor's
/// `submit`/`map`.
fn sent_callable<'t>(call: Node<'t>, ctx: &Context<'t>) -> Option<Node<'t>> {
    if let Some(q) = ctx.qualified(call) {
        if PROCESSES.contains(&q.as_str()) {
            return keyword_argument(call, "target", ctx.text);
        }
    }
    let (receiver, method) = method_call(call, ctx)?;
    let pool = constructor_of(receiver, ctx)?;
    let first = || positional_arguments(call).first().copied();
    if PROCESS_POOLS.contains(&pool.as_str()) && POOL_METHODS.contains(&method) {
        return first().or_else(|| keyword_argument(call, "func", ctx.text));
    }
    if PROCESS_EXECUTORS.contains(&pool.as_str()) && matches!(method, "submit" | "map") {
        return first().or_else(|| keyword_argument(call, "fn", ctx.text));
    }
    None
}
