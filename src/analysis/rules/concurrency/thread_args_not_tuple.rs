//! PG210 thread-args-not-tuple: `Thread(target=f, args=(x))`.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common::{constructor_of, method_call, MP_POOLS, PROCESSES};
use crate::analysis::rules::util::keyword_argument;
use crate::analysis::{Applicability, Context, Edit, Fix, Hit};

pub struct ThreadArgsNotTuple;

const THREADS: &[&str] = &["threading.Thread", "threading.Timer"];

impl super::Rule for ThreadArgsNotTuple {
    fn name(&self) -> &'static str {
        "thread-args-not-tuple"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["call"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let Some(args) = keyword_argument(node, "args", ctx.text) else {
            return;
        };
        if args.kind_str() != "parenthesized_expression" {
            return;
        }
        let target = match ctx.qualified(node) {
            Some(q) if THREADS.contains(&q.as_str()) || PROCESSES.contains(&q.as_str()) => true,
            _ => method_call(node, ctx).is_some_and(|(receiver, method)| {
                matches!(method, "apply" | "apply_async")
                    && constructor_of(receiver, ctx).is_some_and(|c| MP_POOLS.contains(&c.as_str()))
            }),
        };
        if !target {
            return;
        }
        // `((x))` is still `x`.
        let mut inner = args;
        while inner.kind_str() == "parenthesized_expression" {
            let mut cursor = inner.walk();
            let children: Vec<Node> = inner
                .named_children(&mut cursor)
                .filter(|c| c.kind_str() != "comment")
                .collect();
            let [only] = children.as_slice() else { return };
            inner = *only;
        }
        if !is_single_value(inner, ctx) {
            return;
        }
        let fix = Fix::new(
            Applicability::Safe,
            "Add a trailing comma to make a one-item tuple",
            vec![Edit::insert(inner.end_byte(), ",")],
        );
        out.push(
            Hit::new(ctx.range(args))
                .arg("name", ctx.text_of(inner))
                .with_fix(fix),
        );
    }
}

/// Whether the parenthesised value is clearly one argument rather than a
/// sequence of them: a literal, or a name or attribute not named like a tuple
/// of arguments. Calls, subscripts and operators may well produce a tuple.
fn is_single_value(node: Node, ctx: &Context) -> bool {
    match node.kind_str() {
        "string"
        | "concatenated_string"
        | "integer"
        | "float"
        | "true"
        | "false"
        | "none"
        | "unary_operator"
        | "dictionary" => true,
        "identifier" | "attribute" => {
            let last = if node.kind_str() == "attribute" {
                node.field("attribute").map(|a| ctx.text_of(a))
            } else {
                Some(ctx.text_of(node))
            };
            let Some(last) = last else { return false };
            let lower = last.to_ascii_lowercase();
            ![
                "args", "arg", "params", "argv", "tuple", "items", "values", "pair",
            ]
            .iter()
            .any(|w| lower.contains(w))
        }
        _ => false,
    }
}
