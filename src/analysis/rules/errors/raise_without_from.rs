//! PG104 raise-without-from: a new exception raised in `except ... as err:`
//! without `from`.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common::except_alias;
use crate::analysis::{Applicability, Context, Edit, Fix, Hit};

pub struct RaiseWithoutFrom;

impl super::Rule for RaiseWithoutFrom {
    fn name(&self) -> &'static str {
        "raise-without-from"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["raise_statement"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        if node.field("cause").is_some() {
            return;
        }
        let mut cursor = node.walk();
        let values: Vec<Node> = node
            .named_children(&mut cursor)
            .filter(|c| c.kind_str() != "comment")
            .collect();
        let [value] = values.as_slice() else { return };
        let value = *value;
        let Some(clause) = enclosing_handler(node) else {
            return;
        };
        let Some(alias) = except_alias(clause) else { return };
        let alias = ctx.text_of(alias);
        let Some(name) = new_exception_name(value, ctx) else {
            return;
        };
        if ctx.text_of(value) == alias {
            return;
        }
        let fix = Fix::new(
            Applicability::Safe,
            format!("Chain it with `from {alias}`"),
            vec![Edit::insert(value.end_byte(), format!(" from {alias}"))],
        );
        out.push(Hit::new(ctx.range(node)).arg("name", name).with_fix(fix));
    }
}

/// The innermost `except` clause whose handler `node` is in, within the same
/// function. A `raise` in the body, `else:` or `finally:` of a `try` nested in
/// the handler belongs to that `try`, not to the handler (as in flake8-bugbear's
/// B904).
fn enclosing_handler(node: Node) -> Option<Node> {
    let mut child = node;
    let mut n = node.parent();
    while let Some(p) = n {
        match p.kind_str() {
            // In the clause's block, not in its type expression.
            "except_clause" => return (child.kind_str() == "block").then_some(p),
            "try_statement" => return None,
            "function_definition" | "lambda" | "class_definition" => return None,
            _ => {}
        }
        child = p;
        n = p.parent();
    }
    None
}

/// The name of the exception class a `raise` creates: `ValueError(...)`,
/// `errors.NotFound`, `AppError`. Lowercase names are variables or factories
/// (`raise err`, `raise exc.with_traceback(tb)`), which may re-raise the
/// original, so they are left alone.
fn new_exception_name(value: Node, ctx: &Context) -> Option<String> {
    let class = match value.kind_str() {
        "call" => value.field("function")?,
        "identifier" | "attribute" => value,
        _ => return None,
    };
    let last = match class.kind_str() {
        "identifier" => class,
        "attribute" => class.field("attribute")?,
        _ => return None,
    };
    let last_text = ctx.text_of(last);
    if !last_text.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    Some(ctx.text_of(class).to_string())
}
