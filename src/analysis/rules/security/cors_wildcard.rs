//! PG308 cors-wildcard: `add_middleware(CORSMiddleware, allow_origins=["*"])`.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common;
use crate::analysis::rules::util;
use crate::analysis::{Context, Hit};

pub struct CorsWildcard;

const ENV_GETTERS: &[&str] = &["os.getenv", "os.environ.get"];

impl super::Rule for CorsWildcard {
    fn name(&self) -> &'static str {
        "cors-wildcard"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["call"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let Some(function) = node.field("function") else {
            return;
        };
        // `app.add_middleware(CORSMiddleware, ...)` or Starlette's `Middleware(CORSMiddleware, ...)`.
        let is_add = common::method_call(node, ctx).is_some_and(|(m, _)| m == "add_middleware");
        let is_middleware = ctx
            .qualified(function)
            .is_some_and(|q| q == "starlette.middleware.Middleware");
        if !is_add && !is_middleware {
            return;
        }
        let Some(middleware) = common::argument(node, 0, "middleware_class", ctx)
            .or_else(|| common::argument(node, 0, "cls", ctx))
        else {
            return;
        };
        let is_cors = match ctx.qualified(middleware) {
            Some(q) => q.ends_with(".CORSMiddleware"),
            None => {
                let t = ctx.text_of(middleware);
                t == "CORSMiddleware" || t.ends_with(".CORSMiddleware")
            }
        };
        if !is_cors {
            return;
        }
        let Some(origins) = util::keyword_argument(node, "allow_origins", ctx.text) else {
            return;
        };
        if has_wildcard(origins, ctx) {
            if let Some(kw) = origins.parent() {
                out.push(Hit::new(ctx.range(kw)));
            }
        }
    }
}

/// Whether an origins expression contains the literal `"*"`: in a list or
/// tuple, as the fallback of `os.getenv(...)`, through `.split(",")` and
/// comprehensions over those.
fn has_wildcard(node: Node, ctx: &Context) -> bool {
    let node = common::unparen(node);
    match node.kind_str() {
        "string" | "concatenated_string" => {
            common::string_value(node, ctx).is_some_and(|s| s.split(',').any(|o| o.trim() == "*"))
        }
        "list" | "tuple" | "set" => common::named_children(node).iter().any(|c| has_wildcard(*c, ctx)),
        "list_comprehension" | "generator_expression" | "set_comprehension" => common::named_children(node)
            .iter()
            .filter(|c| c.kind_str() == "for_in_clause")
            .filter_map(|c| c.field("right"))
            .any(|r| has_wildcard(r, ctx)),
        "call" => {
            let Some(function) = node.field("function") else {
                return false;
            };
            if ctx
                .qualified(function)
                .is_some_and(|q| ENV_GETTERS.contains(&q.as_str()))
            {
                return common::argument(node, 1, "default", ctx).is_some_and(|d| has_wildcard(d, ctx));
            }
            match common::method_call(node, ctx) {
                Some(("split" | "strip" | "lower", receiver)) => has_wildcard(receiver, ctx),
                _ => false,
            }
        }
        _ => false,
    }
}
