//! PG905 pydantic-v1-methods: `.dict()`, `.json()`, `.parse_obj()`, `.parse_raw()`
//! on a Pydantic model.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use crate::analysis::rules::style::common as shared;
use crate::analysis::walk::preorder;
use crate::analysis::{Applicability, Context, Edit, Fix, Hit};

pub struct PydanticV1Methods;

/// v1 method → v2 name; whether it is called on the class (else on an instance).
const RENAMES: &[(&str, &str, bool)] = &[
    ("dict", "model_dump", false),
    ("json", "model_dump_json", false),
    ("parse_obj", "model_validate", true),
    ("parse_raw", "model_validate_json", true),
];

/// Bases that make a class a Pydantic 2 model.
const MODEL_BASES: &[&str] = &[
    "pydantic.BaseModel",
    "pydantic.main.BaseModel",
    "pydantic_settings.BaseSettings",
];

/// Class methods that return an instance.
const CONSTRUCTORS: &[&str] = &[
    "parse_obj",
    "parse_raw",
    "model_validate",
    "model_validate_json",
    "model_construct",
    "construct",
];

impl super::Rule for PydanticV1Methods {
    fn name(&self) -> &'static str {
        "pydantic-v1-methods"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["call"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let Some((receiver, method)) = shared::method_call(node, ctx) else {
            return;
        };
        let Some(&(old, new, on_class)) = RENAMES.iter().find(|(old, _, _)| *old == method) else {
            return;
        };
        let models = Models::around(node, ctx);
        if models.classes.is_empty() {
            return;
        }
        let known = if on_class {
            models.is_class(receiver, ctx)
        } else {
            models.is_instance(receiver, ctx, old)
        };
        if !known {
            return;
        }
        let Some(method_node) = node.field("function").and_then(|f| f.field("attribute")) else {
            return;
        };
        let fix = Fix::new(
            Applicability::Unsafe,
            format!("Rename to `.{new}()`"),
            vec![Edit::replace(ctx.range(method_node), new)],
        );
        out.push(
            Hit::new(ctx.range(method_node))
                .arg("name", format!(".{old}()"))
                .with_fix(fix),
        );
    }
}

/// The Pydantic model classes a rule can see from `node`: defined in its
/// top-level statement or a neighbour, deriving from `BaseModel` directly or
/// through another such class.
struct Models<'t> {
    classes: Vec<(String, Node<'t>)>,
}

impl<'t> Models<'t> {
    fn around(node: Node<'t>, ctx: &Context) -> Models<'t> {
        let top = shared::top_level(node);
        let mut all: Vec<Node<'t>> = Vec::new();
        for stmt in std::iter::once(top).chain(shared::neighbours(top)) {
            preorder(stmt, |n| {
                if n.kind_str() == "class_definition" {
                    all.push(n);
                }
                true
            });
        }
        let mut classes: Vec<(String, Node<'t>)> = Vec::new();
        loop {
            let before = classes.len();
            for class in &all {
                let Some(name) = shared::def_name(*class, ctx) else {
                    continue;
                };
                if classes.iter().any(|(_, c)| c.id() == class.id()) {
                    continue;
                }
                let Some(bases) = class.field("superclasses") else {
                    continue;
                };
                let is_model = shared::children(bases).into_iter().any(|b| {
                    ctx.qualified(b)
                        .is_some_and(|q| MODEL_BASES.contains(&q.as_str()))
                        || (b.kind_str() == "identifier" && classes.iter().any(|(n, _)| n == ctx.text_of(b)))
                });
                if is_model {
                    classes.push((name.to_string(), *class));
                }
            }
            if classes.len() == before {
                break;
            }
        }
        Models { classes }
    }

    fn class_named(&self, name: &str) -> Option<Node<'t>> {
        self.classes.iter().find(|(n, _)| n == name).map(|(_, c)| *c)
    }

    /// `User` or `cls` in a classmethod of a model.
    fn is_class(&self, receiver: Node, ctx: &Context) -> bool {
        if receiver.kind_str() != "identifier" {
            return false;
        }
        let name = ctx.text_of(receiver);
        if self.class_named(name).is_some() {
            return true;
        }
        self.first_parameter_of_method(receiver, ctx, "cls").is_some()
    }

    /// `User(...)`, `User.parse_obj(...)`, `self` in a model's method, or a
    /// variable every binding of which is one of those (or a parameter annotated
    /// with the model).
    fn is_instance(&self, receiver: Node, ctx: &Context, method: &str) -> bool {
        match receiver.kind_str() {
            "call" => self.creates_instance(receiver, ctx),
            "identifier" => {
                let name = ctx.text_of(receiver);
                if name == "self" {
                    return self
                        .first_parameter_of_method(receiver, ctx, "self")
                        .is_some_and(|class| !defines_method(class, method, ctx));
                }
                self.variable_holds_instance(receiver, name, ctx)
            }
            _ => false,
        }
    }

    fn creates_instance(&self, call: Node, ctx: &Context) -> bool {
        let Some(function) = call.field("function") else {
            return false;
        };
        match function.kind_str() {
            "identifier" => self.class_named(ctx.text_of(function)).is_some(),
            "attribute" => {
                let (Some(object), Some(attr)) = (function.field("object"), function.field("attribute"))
                else {
                    return false;
                };
                object.kind_str() == "identifier"
                    && self.class_named(ctx.text_of(object)).is_some()
                    && CONSTRUCTORS.contains(&ctx.text_of(attr))
            }
            _ => false,
        }
    }

    /// The model class when `receiver` is the first parameter (named `expected`)
    /// of a method defined in it.
    fn first_parameter_of_method(&self, receiver: Node, ctx: &Context, expected: &str) -> Option<Node<'t>> {
        if ctx.text_of(receiver) != expected {
            return None;
        }
        let function = crate::analysis::rules::util::enclosing_function(receiver)?;
        if function.kind_str() != "function_definition" {
            return None;
        }
        let first = function.field("parameters")?.named_child(0)?;
        if first.kind_str() != "identifier" || ctx.text_of(first) != expected {
            return None;
        }
        let mut n = function.parent();
        while let Some(x) = n {
            match x.kind_str() {
                "decorated_definition" | "block" => n = x.parent(),
                "class_definition" => {
                    return self
                        .classes
                        .iter()
                        .find(|(_, c)| c.id() == x.id())
                        .map(|(_, c)| *c);
                }
                _ => return None,
            }
        }
        None
    }

    fn variable_holds_instance(&self, receiver: Node, name: &str, ctx: &Context) -> bool {
        let function = crate::analysis::rules::util::enclosing_function(receiver);
        let scope = match function {
            Some(f) if f.kind_str() == "function_definition" => f,
            Some(_) => return false,
            None => shared::top_level(receiver),
        };
        let mut bindings = 0;
        let mut ok = true;
        if scope.kind_str() == "function_definition" {
            if let Some(params) = scope.field("parameters") {
                for p in shared::children(params) {
                    let (ident, annotation) = match p.kind_str() {
                        "identifier" => (Some(p), None),
                        "typed_parameter" => (p.named_child(0), p.field("type")),
                        "default_parameter" => (p.field("name"), None),
                        "typed_default_parameter" => (p.field("name"), p.field("type")),
                        _ => (None, None),
                    };
                    if ident.is_some_and(|i| ctx.text_of(i) == name) {
                        bindings += 1;
                        ok &= annotation.is_some_and(|a| self.class_named(ctx.text_of(a)).is_some());
                    }
                }
            }
        }
        preorder(scope, |n| {
            if n.id() != scope.id()
                && matches!(
                    n.kind_str(),
                    "function_definition" | "class_definition" | "lambda"
                )
            {
                return false;
            }
            match n.kind_str() {
                "assignment" => {
                    if let Some(left) = n.field("left") {
                        if left.kind_str() == "identifier" && ctx.text_of(left) == name {
                            bindings += 1;
                            let annotated = n
                                .field("type")
                                .is_some_and(|t| self.class_named(ctx.text_of(t)).is_some());
                            let value_ok = n.field("right").is_some_and(|r| self.creates_instance(r, ctx));
                            ok &= value_ok || (annotated && n.field("right").is_none());
                        } else if shared::mentions(left, name, ctx) {
                            ok = false;
                        }
                    }
                }
                "augmented_assignment"
                | "for_statement"
                | "for_in_clause"
                | "with_item"
                | "named_expression"
                | "as_pattern"
                | "global_statement"
                | "nonlocal_statement" => {
                    let target = n
                        .field("left")
                        .or_else(|| n.field("name"))
                        .or_else(|| n.field("alias"))
                        .unwrap_or(n);
                    if shared::mentions(target, name, ctx) {
                        ok = false;
                    }
                }
                _ => {}
            }
            true
        });
        ok && bindings > 0
    }
}

/// Whether the class body defines `def method` itself.
fn defines_method(class: Node, method: &str, ctx: &Context) -> bool {
    let Some(body) = class.field("body") else {
        return false;
    };
    shared::children(body).into_iter().any(|s| {
        let def = if s.kind_str() == "decorated_definition" {
            s.field("definition")
        } else {
            Some(s)
        };
        def.is_some_and(|d| d.kind_str() == "function_definition" && shared::def_name(d, ctx) == Some(method))
    })
}
