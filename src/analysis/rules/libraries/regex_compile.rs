//! PG903 regex-compile: a literal pattern passed to `re.*` inside a loop body.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common;
use crate::analysis::rules::util;
use crate::analysis::{Context, Hit};

pub struct RegexCompile;

impl super::Rule for RegexCompile {
    fn name(&self) -> &'static str {
        "regex-compile"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["call"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let Some(function) = common::re_function(node, ctx) else {
            return;
        };
        let pattern = util::keyword_argument(node, "pattern", ctx.text)
            .or_else(|| util::positional_arguments(node).first().copied());
        let Some(pattern) = pattern else { return };
        if !common::literal_string(pattern) || !runs_per_iteration(node) {
            return;
        }
        out.push(Hit::new(ctx.range(node)).arg("name", function));
    }
}

/// Whether `node` is evaluated on every iteration of a loop around it in the
/// same function: in a `for` body, a `while` condition or body, or a
/// comprehension's element and conditions (not the iterable evaluated once).
fn runs_per_iteration(node: Node) -> bool {
    let mut child = node;
    let mut n = node.parent();
    while let Some(x) = n {
        match x.kind_str() {
            "function_definition" | "class_definition" | "lambda" => return false,
            "for_statement" => {
                let in_iterable = x.field("right").is_some_and(|r| r.id() == child.id());
                let in_else = child.kind_str() == "else_clause";
                if !in_iterable && !in_else {
                    return true;
                }
            }
            "while_statement" if child.kind_str() != "else_clause" => return true,
            "list_comprehension"
            | "set_comprehension"
            | "dictionary_comprehension"
            | "generator_expression" => {
                // The first `for ... in <iterable>` clause is evaluated once.
                let once = {
                    let mut cursor = x.walk();
                    let first_for = x
                        .named_children(&mut cursor)
                        .find(|c| c.kind_str() == "for_in_clause");
                    first_for.is_some_and(|f| f.id() == child.id())
                };
                if !once {
                    return true;
                }
            }
            _ => {}
        }
        child = x;
        n = x.parent();
    }
    false
}
