//! PG205 aiohttp-session-not-closed: `aiohttp.ClientSession()` neither used
//! with `async with` nor closed.

use tree_sitter::Node;

use super::common::never_released;
use crate::analysis::{Context, Hit};

pub struct AiohttpSessionNotClosed;

impl super::Rule for AiohttpSessionNotClosed {
    fn name(&self) -> &'static str {
        "aiohttp-session-not-closed"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["call"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let Some(q) = ctx.qualified(node) else { return };
        if !matches!(
            q.as_str(),
            "aiohttp.ClientSession" | "aiohttp.client.ClientSession"
        ) {
            return;
        }
        if never_released(node, ctx, &["close", "__aexit__"]) {
            out.push(Hit::new(ctx.range(node)));
        }
    }
}
