//! PG506 dataclass-mutable-default: `items: list = []` in a `@dataclass`.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common::{body_assignments, decorators};
use crate::analysis::rules::util::add_from_import;
use crate::analysis::{Applicability, Context, Edit, Fix, Hit};

pub struct DataclassMutableDefault;

impl super::Rule for DataclassMutableDefault {
    fn name(&self) -> &'static str {
        "dataclass-mutable-default"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["class_definition"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let is_dataclass = decorators(node)
            .into_iter()
            .any(|d| ctx.qualified(d).as_deref() == Some("dataclasses.dataclass"));
        if !is_dataclass {
            return;
        }
        let assignments = body_assignments(node);
        for assignment in &assignments {
            let (Some(left), Some(annotation), Some(value)) = (
                assignment.field("left"),
                assignment.field("type"),
                assignment.field("right"),
            ) else {
                continue;
            };
            let annotation_text = ctx.text_of(annotation);
            if left.kind_str() != "identifier"
                || annotation_text.contains("ClassVar")
                || annotation_text.contains("InitVar")
            {
                continue;
            }
            let Some(factory) = mutable_default(value, ctx) else {
                continue;
            };
            let name = ctx.text_of(left);
            let mut hit = Hit::new(ctx.range(value)).arg("name", name);
            if let Some(factory) = factory {
                if let Some(fix) = factory_fix(value, factory, &assignments, ctx) {
                    hit = hit.with_fix(fix);
                }
            }
            out.push(hit);
        }
    }
}

/// `Some(kind)` for a mutable default; the inner value is the factory name
/// when the default is empty (`[]`, `{}`, `list()`, `dict()`, `set()`).
fn mutable_default(value: Node, ctx: &Context) -> Option<Option<&'static str>> {
    let empty = value.named_child_count() == 0;
    match value.kind_str() {
        "list" => Some(empty.then_some("list")),
        "dictionary" => Some(empty.then_some("dict")),
        "set" | "list_comprehension" | "dictionary_comprehension" | "set_comprehension" => Some(None),
        "call" => {
            let factory = match ctx.qualified(value).as_deref() {
                Some("builtins.list") => "list",
                Some("builtins.dict") => "dict",
                Some("builtins.set") => "set",
                _ => return None,
            };
            let args = value.field("arguments")?;
            Some((args.kind_str() == "argument_list" && args.named_child_count() == 0).then_some(factory))
        }
        _ => None,
    }
}

/// `= []` → `= field(default_factory=list)`, importing `field` if needed.
fn factory_fix(value: Node, factory: &str, assignments: &[Node], ctx: &Context) -> Option<Fix> {
    // The factory must still mean the builtin.
    if ctx.imports.resolve_name(factory).as_deref() != Some(&format!("builtins.{factory}")) {
        return None;
    }
    // A class attribute named `field` (or the factory) would shadow the name inside the body.
    let shadowed = assignments.iter().any(|a| {
        a.start_byte() < value.start_byte()
            && a.field("right").is_some()
            && a.field("left").is_some_and(|l| {
                matches!(ctx.text_of(l), "field" | "dataclasses") || ctx.text_of(l) == factory
            })
    });
    if shadowed {
        return None;
    }
    let mut edits = Vec::new();
    let field = if let Some(local) = ctx.imports.local_name_for("dataclasses.field") {
        local
    } else if let Some(local) = ctx.imports.local_name_for("dataclasses") {
        format!("{local}.field")
    } else {
        if ctx.imports.resolve_name("field").is_some()
            || ctx.module.functions.contains("field")
            || ctx.module.classes.contains("field")
        {
            return None;
        }
        edits.extend(add_from_import(ctx, "dataclasses", "field"));
        "field".to_string()
    };
    edits.push(Edit::replace(
        ctx.range(value),
        format!("{field}(default_factory={factory})"),
    ));
    Some(Fix::new(
        Applicability::Safe,
        format!("Use `{field}(default_factory={factory})`"),
        edits,
    ))
}
