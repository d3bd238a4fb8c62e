//! PG803 meaningful-names: variables named `a`, `tmp`, `foo`, `data2`.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common as shared;
use crate::analysis::rules::util;
use crate::analysis::walk::preorder;
use crate::analysis::{Context, Hit};

pub struct MeaningfulNames;

impl super::Rule for MeaningfulNames {
    fn name(&self) -> &'static str {
        "meaningful-names"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["assignment"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let Some(target) = node.field("left") else {
            return;
        };
        // Only `name = value`: unpacking (`x, y = point`) names positions.
        if target.kind_str() != "identifier" || node.field("right").is_none() {
            return;
        }
        let name = ctx.text_of(target);
        if !meaningless(name) {
            return;
        }
        // Module level or a function body; class attributes are fields.
        let function = util::enclosing_function(node);
        match function {
            Some(f) if f.kind_str() == "function_definition" => {}
            Some(_) => return,
            None => {
                let in_class = std::iter::successors(node.parent(), |n| n.parent())
                    .any(|n| n.kind_str() == "class_definition");
                if in_class {
                    return;
                }
            }
        }
        if let Some(value) = node.field("right") {
            if is_type_variable(value, ctx) || conventional_for_value(name, value, ctx) {
                return;
            }
        }
        if shared::in_test_code(node, ctx) {
            return;
        }
        // Only where the name is chosen: not when rebinding a parameter, a loop
        // variable or an earlier assignment.
        let scope = function.unwrap_or_else(|| shared::top_level(node));
        if used_before(scope, node, name, ctx) {
            return;
        }
        out.push(Hit::new(ctx.range(target)).arg("name", name));
    }
}

/// Single letters that are conventions of their own: loop counters, counts,
/// coordinates, the data-science `X`/`y`.
const CONVENTIONAL_LETTERS: &[&str] = &["i", "j", "k", "n", "x", "y", "z", "X", "Y", "Z"];

/// Names that only hold a place.
const PLACEHOLDERS: &[&str] = &[
    "tmp", "foo", "bar", "baz", "qux", "quux", "spam", "eggs", "stuff", "thing", "things", "blah", "asdf",
    "myvar", "my_var", "xxx",
];

/// Words that become placeholders with a number stuck on (`data2`, `tmp1`).
const NUMBERED: &[&str] = &[
    "data", "tmp", "temp", "var", "val", "value", "obj", "foo", "bar", "thing", "item", "res", "result",
    "lst", "list", "arr", "array", "dict", "dct", "string", "str", "num", "number", "df", "my_var", "myvar",
];

fn meaningless(name: &str) -> bool {
    if !name.starts_with(|c: char| c.is_alphabetic()) {
        return false;
    }
    if name.chars().count() == 1 {
        return !CONVENTIONAL_LETTERS.contains(&name);
    }
    if PLACEHOLDERS.contains(&name) {
        return true;
    }
    let base = name.trim_end_matches(|c: char| c.is_ascii_digit());
    base.len() < name.len() && NUMBERED.contains(&base.trim_end_matches('_'))
}

/// `m = re.match(...)`, `f = open(...)`: letters that are the convention for such values.
fn conventional_for_value(name: &str, value: Node, ctx: &Context) -> bool {
    if value.kind_str() != "call" {
        return false;
    }
    let callee = value.field("function").map(|f| ctx.text_of(f)).unwrap_or("");
    let method = callee.rsplit('.').next().unwrap_or(callee);
    match name {
        "m" => matches!(method, "match" | "search" | "fullmatch"),
        "f" => method == "open" || ctx.qualified(value).as_deref() == Some("builtins.open"),
        _ => false,
    }
}

/// Whether `name` occurs in `scope` before `assignment` (as a parameter, loop
/// variable, earlier assignment or use), outside nested functions and classes.
fn used_before(scope: Node, assignment: Node, name: &str, ctx: &Context) -> bool {
    let mut found = false;
    preorder(scope, |n| {
        if found || n.start_byte() >= assignment.start_byte() {
            return false;
        }
        if n.id() != scope.id()
            && matches!(
                n.kind_str(),
                "function_definition" | "class_definition" | "lambda"
            )
        {
            // A nested def's own parameters and body are another scope; its name is not.
            return false;
        }
        if n.kind_str() == "identifier" && ctx.text_of(n) == name {
            found = true;
        }
        true
    });
    found
}

/// `T = TypeVar("T")`: single letters are the convention for type variables.
fn is_type_variable(value: Node, ctx: &Context) -> bool {
    value.kind_str() == "call"
        && ctx.qualified(value).is_some_and(|q| {
            matches!(
                q.rsplit('.').next(),
                Some("TypeVar" | "ParamSpec" | "TypeVarTuple" | "NewType")
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(meaningless("a"));
        assert!(meaningless("l"));
        assert!(meaningless("tmp"));
        assert!(meaningless("data2"));
        assert!(meaningless("result_1"));
        assert!(!meaningless("i"));
        assert!(!meaningless("x1"));
        assert!(!meaningless("user_age"));
        assert!(!meaningless("data"));
        assert!(!meaningless("_"));
        assert!(!meaningless("2"));
    }
}
