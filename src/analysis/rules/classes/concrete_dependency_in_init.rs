//! PG507 concrete-dependency-in-init: `self.logger = FileLogger()` in `__init__`.

use tree_sitter::Node;

use super::common::{class_of_method, first_parameter};
use crate::analysis::rules::util::enclosing_function;
use crate::analysis::{Context, Hit};

pub struct ConcreteDependencyInInit;

/// Name endings that mark a class as a collaborator (a service, a client, a
/// store...) rather than a value or a piece of internal state.
const COLLABORATOR_SUFFIXES: &[&str] = &[
    "Service",
    "Client",
    "Repository",
    "Repo",
    "Gateway",
    "Logger",
    "Log",
    "Store",
    "Storage",
    "Database",
    "Db",
    "DB",
    "Dao",
    "DAO",
    "Connection",
    "Sender",
    "Notifier",
    "Mailer",
    "Provider",
    "Adapter",
    "Api",
    "API",
    "Backend",
    "Cache",
    "Publisher",
    "Broker",
    "Transport",
    "Fetcher",
    "Exporter",
];

impl super::Rule for ConcreteDependencyInInit {
    fn name(&self) -> &'static str {
        "concrete-dependency-in-init"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["assignment"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let (Some(left), Some(call)) = (
            node.child_by_field_name("left"),
            node.child_by_field_name("right"),
        ) else {
            return;
        };
        if left.kind() != "attribute" || call.kind() != "call" {
            return;
        }
        let Some(init) = enclosing_function(node) else {
            return;
        };
        if init.kind() != "function_definition"
            || init
                .child_by_field_name("name")
                .is_none_or(|n| ctx.text_of(n) != "__init__")
        {
            return;
        }
        let Some(class) = class_of_method(init) else {
            return;
        };
        let Some(receiver) = first_parameter(init, ctx) else {
            return;
        };
        if left
            .child_by_field_name("object")
            .is_none_or(|o| o.kind() != "identifier" || ctx.text_of(o) != receiver)
        {
            return;
        }
        let Some(function) = call.child_by_field_name("function") else {
            return;
        };
        let no_arguments = call
            .child_by_field_name("arguments")
            .is_some_and(|a| a.kind() == "argument_list" && a.named_child_count() == 0);
        if function.kind() != "identifier" || !no_arguments {
            return;
        }
        let name = ctx.text_of(function);
        let own = class.child_by_field_name("name").map(|n| ctx.text_of(n));
        // A class defined in this file (not imported, not a builtin), named like a collaborator.
        if !ctx.module.classes.contains(name)
            || ctx.qualified(function).is_some()
            || own == Some(name)
            || !name.starts_with(|c: char| c.is_ascii_uppercase())
            || !COLLABORATOR_SUFFIXES.iter().any(|s| name.ends_with(s))
        {
            return;
        }
        out.push(Hit::new(ctx.range(call)).arg("name", name));
    }
}
