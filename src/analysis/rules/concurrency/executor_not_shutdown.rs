//! PG214 executor-not-shutdown: a pool or executor that is never shut down.

use tree_sitter::Node;

use super::common::never_released;
use crate::analysis::{Context, Hit};

pub struct ExecutorNotShutdown;

const POOLS: &[&str] = &[
    "concurrent.futures.ThreadPoolExecutor",
    "concurrent.futures.ProcessPoolExecutor",
    "concurrent.futures.thread.ThreadPoolExecutor",
    "concurrent.futures.process.ProcessPoolExecutor",
    "multiprocessing.Pool",
    "multiprocessing.pool.Pool",
    "multiprocessing.pool.ThreadPool",
    "multiprocessing.dummy.Pool",
];

impl super::Rule for ExecutorNotShutdown {
    fn name(&self) -> &'static str {
        "executor-not-shutdown"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["call"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let Some(q) = ctx.qualified(node) else { return };
        if !POOLS.contains(&q.as_str()) {
            return;
        }
        if never_released(node, ctx, &["shutdown", "close", "terminate", "__exit__"]) {
            out.push(Hit::new(ctx.range(node)));
        }
    }
}
