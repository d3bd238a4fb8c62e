//! PG612 list-comp-in-reducer: `sum([x for x in xs])` builds a list only to consume it.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common::contains_kind;
use crate::analysis::{Applicability, Context, Edit, Fix, Hit};
use crate::text::TextRange;

pub struct ListCompInReducer;

impl super::Rule for ListCompInReducer {
    fn name(&self) -> &'static str {
        "list-comp-in-reducer"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["call"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let Some(q) = ctx.qualified(node) else { return };
        let Some(name) = q.strip_prefix("builtins.") else {
            return;
        };
        if !matches!(name, "sum" | "any" | "all" | "min" | "max" | "set" | "tuple") {
            return;
        }
        let Some(args) = node.field("arguments") else {
            return;
        };
        let mut cursor = args.walk();
        let arguments: Vec<Node> = args
            .named_children(&mut cursor)
            .filter(|c| c.kind_str() != "comment")
            .collect();
        let [comprehension] = arguments[..] else {
            return;
        };
        if args.kind_str() != "argument_list" {
            return;
        }
        if comprehension.kind_str() != "list_comprehension" {
            return;
        }
        // `sum([await f(x) for x in xs])` cannot become a plain generator.
        if contains_kind(comprehension, &["await", "async"]) {
            return;
        }
        let code = ctx.text_of(comprehension);
        if !code.starts_with('[') || !code.ends_with(']') || comprehension.has_error() {
            return;
        }
        let applicability = if matches!(name, "any" | "all") {
            Applicability::Unsafe
        } else {
            Applicability::Safe
        };
        let (start, end) = (comprehension.start_byte(), comprehension.end_byte());
        // A trailing comma must go too: `sum(x for x in xs,)` does not parse.
        let rest = ctx.text.get(end..).unwrap_or("");
        let close = match rest.trim_start().strip_prefix(',') {
            Some(after) => ctx.text.len() - after.len(),
            None => end,
        };
        let fix = Fix::new(
            applicability,
            "Pass a generator expression instead",
            vec![
                Edit::delete(TextRange::new(start, start + 1)),
                Edit::delete(TextRange::new(end - 1, close)),
            ],
        );
        let function = node.field("function").map(|f| ctx.text_of(f)).unwrap_or(name);
        out.push(
            Hit::new(ctx.range(comprehension))
                .arg("name", function)
                .with_fix(fix),
        );
    }
}
