//! PG302 pickle-untrusted-load: `pickle.load(s)`, `pickle.Unpickler(...)`,
//! `shelve.open(...)` and `pandas.read_pickle(...)`.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use crate::analysis::{Context, Hit};

pub struct PickleUntrustedLoad;

const LOADERS: &[&str] = &[
    "pickle.load",
    "pickle.loads",
    "pickle.Unpickler",
    "_pickle.load",
    "_pickle.loads",
    "_pickle.Unpickler",
    "cPickle.load",
    "cPickle.loads",
    "cPickle.Unpickler",
    "shelve.open",
    "pandas.read_pickle",
];

impl super::Rule for PickleUntrustedLoad {
    fn name(&self) -> &'static str {
        "pickle-untrusted-load"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["call"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let Some(function) = node.field("function") else {
            return;
        };
        if !matches!(function.kind_str(), "identifier" | "attribute") {
            return;
        }
        let Some(q) = ctx.qualified(function) else { return };
        if LOADERS.contains(&q.as_str()) {
            out.push(Hit::new(ctx.range(node)));
        }
    }
}
