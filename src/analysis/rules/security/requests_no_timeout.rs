//! PG311 requests-no-timeout: a requests call without `timeout=`.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common;
use crate::analysis::rules::util;
use crate::analysis::walk::preorder;
use crate::analysis::{Applicability, Context, Fix, Hit};

pub struct RequestsNoTimeout;

const METHODS: &[&str] = &[
    "get", "post", "put", "patch", "delete", "head", "options", "request",
];

const SESSIONS: &[&str] = &[
    "requests.Session",
    "requests.session",
    "requests.sessions.Session",
];

impl super::Rule for RequestsNoTimeout {
    fn name(&self) -> &'static str {
        "requests-no-timeout"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["call"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let Some(function) = node.field("function") else {
            return;
        };
        let is_module_call = ctx
            .qualified(function)
            .and_then(|q| q.strip_prefix("requests.").map(|m| METHODS.contains(&m)))
            .unwrap_or(false);
        // `.get(...)` is everywhere (dicts): look for a session, which walks the
        // statement, only where `requests` is imported at all.
        let is_session_call = !is_module_call
            && ctx.imports.imports_module("requests")
            && common::method_call(node, ctx)
                .is_some_and(|(m, receiver)| METHODS.contains(&m) && is_session(receiver, ctx));
        if !is_module_call && !is_session_call {
            return;
        }
        if util::keyword_argument(node, "timeout", ctx.text).is_some() || common::has_double_splat(node) {
            return;
        }
        let mut hit = Hit::new(ctx.range(node));
        if let Some(edit) = common::add_keyword(node, "timeout=10") {
            hit = hit.with_fix(Fix::new(Applicability::Unsafe, "Add `timeout=10`", vec![edit]));
        }
        out.push(hit);
    }
}

/// `requests.Session()` itself, or a name (`s`, `self.session`) that the
/// statement or its neighbours bind only to `requests.Session()`.
fn is_session(receiver: Node, ctx: &Context) -> bool {
    let is_session_call =
        |n: Node| n.kind_str() == "call" && ctx.qualified(n).is_some_and(|q| SESSIONS.contains(&q.as_str()));
    if is_session_call(receiver) {
        return true;
    }
    if !matches!(receiver.kind_str(), "identifier" | "attribute") {
        return false;
    }
    let name = ctx.text_of(receiver);
    let (mut session, mut other) = (false, false);
    for stmt in common::neighbourhood(receiver) {
        preorder(stmt, |n| {
            let (target, value) = match n.kind_str() {
                "assignment" => (n.field("left"), n.field("right")),
                "as_pattern" => (n.field("alias").and_then(|a| a.named_child(0)), n.named_child(0)),
                _ => return true,
            };
            if let (Some(t), Some(v)) = (target, value) {
                if ctx.text_of(t) == name {
                    if is_session_call(v) {
                        session = true;
                    } else {
                        other = true;
                    }
                }
            }
            true
        });
    }
    session && !other
}
