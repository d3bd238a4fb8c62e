//! PG306 jwt-decode-unpinned: `jwt.decode()` without `algorithms=`, or with
//! signature verification turned off.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common;
use crate::analysis::rules::util;
use crate::analysis::{Applicability, Context, Fix, Hit};

pub struct JwtDecodeUnpinned;

const DECODERS: &[&str] = &["jwt.decode", "jose.jwt.decode"];

impl super::Rule for JwtDecodeUnpinned {
    fn name(&self) -> &'static str {
        "jwt-decode-unpinned"
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
            .is_some_and(|q| DECODERS.contains(&q.as_str()))
        {
            return;
        }
        // `**options` or `*args` may carry the algorithms.
        if common::has_splat(node)
            || node
                .field("arguments")
                .is_none_or(|a| a.kind_str() != "argument_list")
        {
            return;
        }
        // `decode(token, key, algorithms)`: the third positional parameter.
        let pinned = util::keyword_argument(node, "algorithms", ctx.text).is_some()
            || util::positional_arguments(node).len() >= 3;
        let unverified = verification_disabled(node, ctx);
        if pinned && !unverified {
            return;
        }
        let mut hit = Hit::new(ctx.range(node));
        if !pinned {
            if let Some(edit) = common::add_keyword(node, "algorithms=[\"HS256\"]") {
                hit = hit.with_fix(Fix::new(
                    Applicability::DisplayOnly,
                    "Pin the accepted algorithms with `algorithms=[\"HS256\"]`",
                    vec![edit],
                ));
            }
        }
        out.push(hit);
    }
}

/// `options={"verify_signature": False}` or PyJWT 1's `verify=False`.
fn verification_disabled(call: Node, ctx: &Context) -> bool {
    if util::keyword_argument(call, "verify", ctx.text).is_some_and(|v| v.kind_str() == "false") {
        return true;
    }
    let Some(options) = util::keyword_argument(call, "options", ctx.text) else {
        return false;
    };
    if options.kind_str() != "dictionary" {
        return false;
    }
    common::named_children(options).iter().any(|pair| {
        pair.kind_str() == "pair"
            && pair
                .field("key")
                .and_then(|k| common::string_value(k, ctx))
                .is_some_and(|k| k == "verify_signature")
            && pair.field("value").is_some_and(|v| v.kind_str() == "false")
    })
}
