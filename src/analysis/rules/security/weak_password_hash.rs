//! PG305 weak-password-hash: `hashlib.sha256(password.encode())` and friends.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common;
use crate::analysis::walk::preorder;
use crate::analysis::{Context, Hit};

pub struct WeakPasswordHash;

const DIGESTS: &[&str] = &[
    "md5",
    "sha1",
    "sha224",
    "sha256",
    "sha384",
    "sha512",
    "sha3_224",
    "sha3_256",
    "sha3_384",
    "sha3_512",
    "blake2b",
    "blake2s",
    "shake_128",
    "shake_256",
];

impl super::Rule for WeakPasswordHash {
    fn name(&self) -> &'static str {
        "weak-password-hash"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["call"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let Some(function) = node.field("function") else {
            return;
        };
        let Some(q) = ctx.qualified(function) else { return };
        let Some(digest) = q.strip_prefix("hashlib.") else {
            return;
        };
        let data = if digest == "new" {
            common::argument(node, 1, "data", ctx)
        } else if DIGESTS.contains(&digest) {
            common::argument(node, 0, "data", ctx).or_else(|| common::argument(node, 0, "string", ctx))
        } else {
            return;
        };
        let Some(data) = data else { return };
        if mentions_password(data, ctx) {
            out.push(Hit::new(ctx.range(node)));
        }
    }
}

/// Whether an expression reads a value named like a password: `password`,
/// `user.password`, `form["passwd"]`, through `.encode()`, f-strings and `+`.
fn mentions_password(expr: Node, ctx: &Context) -> bool {
    let mut found = false;
    preorder(expr, |n| {
        if found {
            return false;
        }
        let name = match n.kind_str() {
            "lambda" if n.id() != expr.id() => return false,
            // A keyword's name is not a value; only its value counts.
            "keyword_argument" => {
                found = n.field("value").is_some_and(|v| mentions_password(v, ctx));
                return false;
            }
            "identifier" => Some(ctx.text_of(n).to_string()),
            "subscript" => n.field("subscript").and_then(|s| common::string_value(s, ctx)),
            _ => None,
        };
        found = name.is_some_and(|name| common::is_password_name(&name));
        !found
    });
    found
}
