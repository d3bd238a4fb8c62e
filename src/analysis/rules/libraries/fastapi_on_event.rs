//! PG906 fastapi-on-event: `@app.on_event("startup")` / `("shutdown")`.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use crate::analysis::rules::util;
use crate::analysis::{Context, Hit};

pub struct FastapiOnEvent;

impl super::Rule for FastapiOnEvent {
    fn name(&self) -> &'static str {
        "fastapi-on-event"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["decorator"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let Some(call) = node.named_child(0).filter(|c| c.kind_str() == "call") else {
            return;
        };
        let Some(function) = call.field("function") else {
            return;
        };
        if function.kind_str() != "attribute"
            || function
                .field("attribute")
                .is_none_or(|a| ctx.text_of(a) != "on_event")
        {
            return;
        }
        // The app object is usually created in another statement: require a
        // FastAPI or Starlette module (whose on_event is deprecated too).
        let app_module = ctx
            .qualified(function)
            .is_some_and(|q| q.starts_with("fastapi.") || q.starts_with("starlette."));
        if !app_module && !ctx.imports.imports_module("fastapi") && !ctx.imports.imports_module("starlette") {
            return;
        }
        let event = util::keyword_argument(call, "event_type", ctx.text)
            .or_else(|| util::positional_arguments(call).first().copied())
            .and_then(|e| util::plain_string(e, ctx.text));
        if !matches!(event, Some("startup" | "shutdown")) {
            return;
        }
        out.push(Hit::new(ctx.range(node)));
    }
}
