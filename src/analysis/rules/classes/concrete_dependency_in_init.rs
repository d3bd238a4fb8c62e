//! PG507 concrete-dependency-in-init: `self.logger = FileLogger()` in `__init__`.

use crate::analysis::node::NodeExt;
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
        let (Some(left), Some(call)) = (node.field("left"), node.field("right")) else {
            return;
        };
        if left.kind_str() != "attribute" || call.kind_str() != "call" {
            return;
        }
        let Some(init) = enclosing_function(node) else {
            return;
        };
        if init.kind_str() != "function_definition"
            || init.field("name").is_none_or(|n| ctx.text_of(n) != "__init__")
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
            .field("object")
            .is_none_or(|o| o.kind_str() != "identifier" || ctx.text_of(o) != receiver)
        {
            return;
        }
        let Some(function) = call.field("function") else {
            return;
        };
        let no_arguments = call
            .field("arguments")
            .is_some_and(|a| a.kind_str() == "argument_list" && a.named_child_count() == 0);
        if function.kind_str() != "identifier" || !no_arguments {
            return;
        }
        let name = ctx.text_of(function);
        let own = class.field("name").map(|n| ctx.text_of(n));
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
