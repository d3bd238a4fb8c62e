//! PG309 flask-debug-true: `app.run(debug=True)` on a Flask app.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common;
use crate::analysis::rules::util;
use crate::analysis::walk::preorder;
use crate::analysis::{Applicability, Context, Fix, Hit};

pub struct FlaskDebugTrue;

impl super::Rule for FlaskDebugTrue {
    fn name(&self) -> &'static str {
        "flask-debug-true"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["call"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let Some(("run", receiver)) = common::method_call(node, ctx) else {
            return;
        };
        let Some(value) = util::keyword_argument(node, "debug", ctx.text) else {
            return;
        };
        if value.kind_str() != "true" || !is_flask_app(receiver, ctx) {
            return;
        }
        let Some(keyword) = value.parent() else { return };
        let mut hit = Hit::new(ctx.range(keyword));
        if let Some(edit) = common::remove_argument(node, keyword, ctx) {
            hit = hit.with_fix(Fix::new(Applicability::Unsafe, "Remove `debug=True`", vec![edit]));
        }
        out.push(hit);
    }
}

/// `Flask(__name__).run(...)`, or a name in a module that imports flask and
/// that (as far as its statement and neighbours show) is not bound to
/// something else, such as a Dash or FastAPI app.
fn is_flask_app(receiver: Node, ctx: &Context) -> bool {
    let is_flask = |q: &str| q == "flask.Flask" || q.starts_with("flask.");
    match receiver.kind_str() {
        "call" => ctx.qualified(receiver).is_some_and(|q| is_flask(&q)),
        "identifier" => {
            // `uvicorn.run(...)`, `socketio.run(...)` on an imported name.
            if ctx.qualified(receiver).is_some() {
                return false;
            }
            if !ctx.imports.imports_module("flask") {
                return false;
            }
            let name = ctx.text_of(receiver);
            let mut other = false;
            for stmt in common::neighbourhood(receiver) {
                preorder(stmt, |n| {
                    if n.kind_str() == "assignment" {
                        let left = n.field("left");
                        let right = n.field("right");
                        if let (Some(l), Some(r)) = (left, right) {
                            if l.kind_str() == "identifier"
                                && ctx.text_of(l) == name
                                && r.kind_str() == "call"
                            {
                                if let Some(q) = ctx.qualified(r) {
                                    other |= !is_flask(&q);
                                }
                            }
                        }
                    }
                    !other
                });
            }
            !other
        }
        _ => false,
    }
}
