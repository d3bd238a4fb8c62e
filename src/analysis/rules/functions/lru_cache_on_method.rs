//! PG407 lru-cache-on-method: `@lru_cache` / `@cache` on a method taking `self`.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common;
use crate::analysis::{Context, Hit};

pub struct LruCacheOnMethod;

impl super::Rule for LruCacheOnMethod {
    fn name(&self) -> &'static str {
        "lru-cache-on-method"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["function_definition"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        if common::enclosing_class(node).is_none() {
            return;
        }
        let decorators = common::decorators(node);
        let qualified: Vec<Option<String>> = decorators.iter().map(|d| ctx.qualified(*d)).collect();
        if qualified
            .iter()
            .flatten()
            .any(|q| q == "builtins.staticmethod" || q == "builtins.classmethod")
        {
            return;
        }
        let Some(cache) = decorators.iter().zip(&qualified).find_map(|(d, q)| {
            q.as_deref()
                .is_some_and(|q| q == "functools.lru_cache" || q == "functools.cache")
                .then_some(*d)
        }) else {
            return;
        };
        let Some(params) = node.field("parameters") else {
            return;
        };
        let first = common::named_children(params).into_iter().next();
        let first_name = first.map(|p| match p.kind_str() {
            "typed_parameter" => p.named_child(0).map_or("", |n| ctx.text_of(n)),
            _ => ctx.text_of(p),
        });
        if first_name != Some("self") {
            return;
        }
        let name = node.field("name").map_or("", |n| ctx.text_of(n));
        out.push(Hit::new(ctx.range(cache)).arg("name", name));
    }
}
