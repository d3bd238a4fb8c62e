//! PG401 mutable-default-argument: `def f(items=[])`.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use crate::analysis::{Applicability, Context, Edit, Fix, Hit};

pub struct MutableDefaultArgument;

const MUTABLE_CALLS: &[&str] = &[
    "builtins.list",
    "builtins.dict",
    "builtins.set",
    "builtins.bytearray",
    "collections.defaultdict",
    "collections.OrderedDict",
    "collections.deque",
    "collections.Counter",
];

impl super::Rule for MutableDefaultArgument {
    fn name(&self) -> &'static str {
        "mutable-default-argument"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["default_parameter", "typed_default_parameter"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let (Some(name), Some(value)) = (node.field("name"), node.field("value")) else {
            return;
        };
        // Only parameters of a `def` (a lambda's defaults are rare and cannot take the fix).
        let Some(function) = node.parent().and_then(|p| p.parent()) else {
            return;
        };
        if function.kind_str() != "function_definition" {
            return;
        }
        let mutable = match value.kind_str() {
            "list"
            | "dictionary"
            | "set"
            | "list_comprehension"
            | "dictionary_comprehension"
            | "set_comprehension" => true,
            "call" => ctx
                .qualified(value)
                .is_some_and(|q| MUTABLE_CALLS.contains(&q.as_str())),
            _ => false,
        };
        if !mutable {
            return;
        }
        let name_text = ctx.text_of(name);
        let mut hit = Hit::new(ctx.range(value)).arg("name", name_text);
        if let Some(fix) = none_sentinel_fix(function, name_text, value, node, ctx) {
            hit = hit.with_fix(fix);
        }
        out.push(hit);
    }
}

/// `def f(x=[]):` → `def f(x=None):` plus `if x is None: x = []` at the top of the body.
fn none_sentinel_fix(function: Node, name: &str, value: Node, param: Node, ctx: &Context) -> Option<Fix> {
    let body = function.field("body")?;
    let first = body.named_child(0)?;
    // The body must be an indented block, not `def f(x=[]): return x` on one line.
    if first.start_position().row == function.start_position().row {
        return None;
    }
    let text = ctx.text;
    let line_start = text[..first.start_byte()]
        .rfind(['\n', '\r'])
        .map_or(0, |i| i + 1);
    let indent = &text[line_start..first.start_byte()];
    if !indent.chars().all(|c| c == ' ' || c == '\t') {
        return None;
    }
    // Insert after a docstring, if the body starts with one.
    let is_docstring = first.kind_str() == "expression_statement"
        && first.named_child(0).is_some_and(|s| s.kind_str() == "string");
    let anchor = if is_docstring {
        let after = body.named_child(1)?;
        if after.start_position().row == first.start_position().row {
            return None;
        }
        text[..after.start_byte()]
            .rfind(['\n', '\r'])
            .map_or(0, |i| i + 1)
    } else {
        line_start
    };
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let old = ctx.text_of(value);
    let mut edits = vec![
        Edit::replace(ctx.range(value), "None"),
        Edit::insert(
            anchor,
            format!("{indent}if {name} is None:{newline}{indent}    {name} = {old}{newline}"),
        ),
    ];
    // `x: list = []` keeps its annotation; `Optional` is the user's call.
    let _ = param;
    edits.sort_by_key(|e| e.range.start);
    Some(Fix::new(
        Applicability::Unsafe,
        format!("Use `None` as the default and create a new `{old}` on each call"),
        edits,
    ))
}
