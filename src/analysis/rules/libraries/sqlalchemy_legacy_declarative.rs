//! PG908 sqlalchemy-legacy-declarative: `declarative_base` from
//! `sqlalchemy.ext.declarative`.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use crate::analysis::rules::util;
use crate::analysis::{Applicability, Context, Edit, Fix, Hit};
use crate::text::TextRange;

pub struct SqlalchemyLegacyDeclarative;

const OLD_MODULE: &str = "sqlalchemy.ext.declarative";

impl super::Rule for SqlalchemyLegacyDeclarative {
    fn name(&self) -> &'static str {
        "sqlalchemy-legacy-declarative"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["import_from_statement", "call"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        match node.kind_str() {
            "import_from_statement" => check_import(node, ctx, out),
            _ => check_call(node, ctx, out),
        }
    }
}

fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn check_import(statement: Node, ctx: &Context, out: &mut Vec<Hit>) {
    let Some(module) = statement.field("module_name") else {
        return;
    };
    if compact(ctx.text_of(module)) != OLD_MODULE {
        return;
    }
    let mut cursor = statement.walk();
    let names: Vec<Node> = statement.children_by_field_name("name", &mut cursor).collect();
    let Some(index) = names.iter().position(|n| {
        let name = if n.kind_str() == "aliased_import" {
            n.field("name")
        } else {
            Some(*n)
        };
        name.is_some_and(|x| compact(ctx.text_of(x)) == "declarative_base")
    }) else {
        return;
    };
    let item = names[index];
    let edits = if names.len() == 1 {
        vec![Edit::replace(ctx.range(module), "sqlalchemy.orm")]
    } else {
        // Take the name out of this import and import it from its new home.
        let removal = match (
            index.checked_sub(1).and_then(|i| names.get(i)),
            names.get(index + 1),
        ) {
            (_, Some(next)) => TextRange::new(item.start_byte(), next.start_byte()),
            (Some(prev), None) => TextRange::new(prev.end_byte(), item.end_byte()),
            (None, None) => return,
        };
        let indent = util::line_indent(ctx.text, statement.start_byte());
        vec![
            Edit::delete(removal),
            Edit::insert(
                statement.end_byte(),
                format!(
                    "{}{indent}from sqlalchemy.orm import {}",
                    util::newline(ctx.text),
                    ctx.text_of(item)
                ),
            ),
        ]
    };
    let fix = Fix::new(
        Applicability::Safe,
        "Import `declarative_base` from `sqlalchemy.orm`",
        edits,
    );
    out.push(Hit::new(ctx.range(item)).with_fix(fix));
}

/// `sqlalchemy.ext.declarative.declarative_base()` through a module import.
fn check_call(call: Node, ctx: &Context, out: &mut Vec<Hit>) {
    let Some(function) = call.field("function") else {
        return;
    };
    // `declarative_base()` imported by name is reported at its import.
    if function.kind_str() != "attribute"
        || ctx.qualified(function).as_deref() != Some("sqlalchemy.ext.declarative.declarative_base")
    {
        return;
    }
    // Find `sqlalchemy` at the root of the chain: `sa.ext.declarative` → `sa.orm`.
    let mut root = function;
    while root.kind_str() == "attribute" {
        let Some(object) = root.field("object") else {
            return;
        };
        root = object;
    }
    let mut edits = Vec::new();
    let replacement = if ctx.qualified(root).as_deref() == Some("sqlalchemy") {
        format!("{}.orm.declarative_base", ctx.text_of(root))
    } else {
        // Importing `sqlalchemy.ext.declarative` loaded `sqlalchemy.orm`; it only
        // needs the name `sqlalchemy` bound.
        match ctx.imports.resolve_name("sqlalchemy").as_deref() {
            Some("sqlalchemy") => {}
            Some(_) => return,
            None => edits.push(Edit::insert(
                util::import_insertion_point(ctx),
                format!("import sqlalchemy.orm{}", util::newline(ctx.text)),
            )),
        }
        "sqlalchemy.orm.declarative_base".to_string()
    };
    edits.push(Edit::replace(ctx.range(function), replacement));
    let fix = Fix::new(
        Applicability::Safe,
        "Use `sqlalchemy.orm.declarative_base`",
        edits,
    );
    out.push(Hit::new(ctx.range(function)).with_fix(fix));
}
