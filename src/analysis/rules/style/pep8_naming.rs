//! PG802 pep8-naming: class, function, parameter and local names that break
//! PEP 8's patterns.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common as shared;
use crate::analysis::rules::util;
use crate::analysis::walk::preorder;
use crate::analysis::{Context, Hit};

pub struct Pep8Naming;

impl super::Rule for Pep8Naming {
    fn name(&self) -> &'static str {
        "pep8-naming"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["class_definition", "function_definition", "assignment"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        if node.has_error() {
            return;
        }
        match node.kind_str() {
            "class_definition" => check_class(node, ctx, out),
            "function_definition" => check_function(node, ctx, out),
            _ => check_local(node, ctx, out),
        }
    }
}

fn check_class(class: Node, ctx: &Context, out: &mut Vec<Hit>) {
    let Some(name_node) = class.field("name") else {
        return;
    };
    let name = ctx.text_of(name_node);
    if name.is_empty() || shared::is_private(name) || is_cap_words(name) || shared::in_test_code(class, ctx) {
        return;
    }
    out.push(Hit::new(ctx.range(name_node)).arg("name", name));
}

fn check_function(def: Node, ctx: &Context, out: &mut Vec<Hit>) {
    let Some(name_node) = def.field("name") else {
        return;
    };
    let name = ctx.text_of(name_node);
    if name.is_empty() || shared::is_hook_name(name) || shared::is_override(def, ctx) {
        return;
    }
    // A method of a class with a base from a library is likely an override whose
    // name (and parameter names) the library chose.
    if let Some(class) = util::class_of_method(def) {
        if has_library_base(class, ctx) {
            return;
        }
    }
    if shared::in_test_code(def, ctx) {
        return;
    }
    if !shared::is_private(name) && name.to_lowercase() != name {
        out.push(Hit::new(ctx.range(name_node)).arg("name", name));
    }
    let Some(parameters) = def.field("parameters") else {
        return;
    };
    for p in shared::children(parameters) {
        let Some(ident) = parameter_identifier(p) else {
            continue;
        };
        let pname = ctx.text_of(ident);
        if !pname.is_empty() && !shared::is_private(pname) && !is_lowercase_name(pname) {
            out.push(Hit::new(ctx.range(ident)).arg("name", pname));
        }
    }
}

/// Whether a class has a base other than `object` and builtins: an imported or
/// otherwise unknown class whose methods it may override.
fn has_library_base(class: Node, ctx: &Context) -> bool {
    let Some(bases) = class.field("superclasses") else {
        return false;
    };
    shared::children(bases).into_iter().any(|b| {
        if b.kind_str() == "keyword_argument" {
            return false;
        }
        !ctx.qualified(b).is_some_and(|q| q.starts_with("builtins."))
    })
}

fn parameter_identifier(p: Node) -> Option<Node> {
    match p.kind_str() {
        "identifier" => Some(p),
        "typed_parameter" | "list_splat_pattern" | "dictionary_splat_pattern" => {
            let first = p.named_child(0)?;
            match first.kind_str() {
                "identifier" => Some(first),
                "list_splat_pattern" | "dictionary_splat_pattern" => parameter_identifier(first),
                _ => None,
            }
        }
        "default_parameter" | "typed_default_parameter" => {
            p.field("name").filter(|n| n.kind_str() == "identifier")
        }
        _ => None,
    }
}

/// CapWords: starts with an upper-case letter, no underscores.
fn is_cap_words(name: &str) -> bool {
    name.starts_with(|c: char| c.is_uppercase()) && !name.contains('_')
}

/// lowercase_with_underscores, or the data-science convention of a single
/// capital for a matrix (`X`, `X_train`).
fn is_lowercase_name(name: &str) -> bool {
    if name.to_lowercase() == name {
        return true;
    }
    let mut parts = name.splitn(2, '_');
    let head = parts.next().unwrap_or("");
    let tail = parts.next().unwrap_or("");
    head.chars().count() == 1 && tail.to_lowercase() == tail
}

/// UPPER_CASE: a constant.
fn is_upper_case(name: &str) -> bool {
    name.to_uppercase() == name
}

/// A local variable in a function body: `Total = 0`, `unitPrice = 9.5`.
fn check_local(assignment: Node, ctx: &Context, out: &mut Vec<Hit>) {
    let Some(target) = assignment.field("left") else {
        return;
    };
    if target.kind_str() != "identifier" {
        return;
    }
    // The name first: it rules out almost every assignment, and finding the
    // enclosing function walks up the tree.
    let name = ctx.text_of(target);
    if name.is_empty() || shared::is_private(name) || is_lowercase_name(name) || is_upper_case(name) {
        return;
    }
    let Some(function) = util::enclosing_function(assignment) else {
        return;
    };
    if function.kind_str() != "function_definition" {
        return;
    }
    // CapWords is also how class aliases are spelled (`User = get_user_model()`):
    // only flag it when the value cannot be a class.
    let camel_case = name.starts_with(|c: char| c.is_lowercase());
    if !camel_case {
        let Some(value) = assignment.field("right") else {
            return;
        };
        if !is_plain_value(value) {
            return;
        }
    }
    if shared::in_test_code(assignment, ctx) || declared_outside(function, name, ctx) {
        return;
    }
    if !first_binding(function, assignment, name, ctx) {
        return;
    }
    out.push(Hit::new(ctx.range(target)).arg("name", name));
}

/// A value that cannot be a class: a literal, a display, arithmetic.
fn is_plain_value(value: Node) -> bool {
    matches!(
        value.kind_str(),
        "integer"
            | "float"
            | "string"
            | "concatenated_string"
            | "list"
            | "dictionary"
            | "set"
            | "tuple"
            | "list_comprehension"
            | "dictionary_comprehension"
            | "set_comprehension"
            | "generator_expression"
            | "binary_operator"
            | "unary_operator"
            | "comparison_operator"
            | "boolean_operator"
            | "not_operator"
            | "true"
            | "false"
            | "none"
    )
}

/// `global name` / `nonlocal name` in the function.
fn declared_outside(function: Node, name: &str, ctx: &Context) -> bool {
    let mut found = false;
    preorder(function, |n| {
        if found {
            return false;
        }
        if matches!(n.kind_str(), "global_statement" | "nonlocal_statement") {
            found = shared::children(n).iter().any(|c| ctx.text_of(*c) == name);
            return false;
        }
        true
    });
    found
}

/// Whether `assignment` is the first assignment to `name` in `function`'s own scope.
fn first_binding(function: Node, assignment: Node, name: &str, ctx: &Context) -> bool {
    let mut earlier = false;
    preorder(function, |n| {
        if earlier || n.start_byte() >= assignment.start_byte() {
            return false;
        }
        if n.id() != function.id()
            && matches!(
                n.kind_str(),
                "function_definition" | "class_definition" | "lambda"
            )
        {
            return false;
        }
        if n.kind_str() == "assignment"
            && n.field("left")
                .is_some_and(|l| l.kind_str() == "identifier" && ctx.text_of(l) == name)
        {
            earlier = true;
        }
        true
    });
    !earlier
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_shapes() {
        assert!(is_cap_words("OrderLine"));
        assert!(!is_cap_words("order_line"));
        assert!(!is_cap_words("Order_Line"));
        assert!(is_lowercase_name("unit_price"));
        assert!(is_lowercase_name("X"));
        assert!(is_lowercase_name("X_train"));
        assert!(!is_lowercase_name("UnitPrice"));
        assert!(!is_lowercase_name("userId"));
        assert!(is_upper_case("MAX_RETRIES"));
    }
}
