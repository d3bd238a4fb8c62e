//! PG904 datetime-utcnow: `datetime.utcnow()`.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use crate::analysis::rules::style::common as shared;
use crate::analysis::rules::util;
use crate::analysis::{Applicability, Context, Edit, Fix, Hit};

pub struct DatetimeUtcnow;

impl super::Rule for DatetimeUtcnow {
    fn name(&self) -> &'static str {
        "datetime-utcnow"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["call"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        if ctx.qualified(node).as_deref() != Some("datetime.datetime.utcnow") {
            return;
        }
        let (Some(function), Some(args)) = (node.field("function"), node.field("arguments")) else {
            return;
        };
        let mut hit = Hit::new(ctx.range(node));
        if let Some(fix) = fix(function, args, ctx) {
            hit = hit.with_fix(fix);
        }
        out.push(hit);
    }
}

/// `X.utcnow()` → `X.now(<timezone>.utc)`, importing `timezone` when needed.
fn fix(function: Node, args: Node, ctx: &Context) -> Option<Fix> {
    if function.kind_str() != "attribute"
        || args.kind_str() != "argument_list"
        || args.named_child_count() != 0
    {
        return None;
    }
    let method = function.field("attribute")?;
    let class = function.field("object")?;
    let mut edits = Vec::new();
    // `dt.datetime` → `dt.timezone`; a bare `datetime` class needs `timezone` bound.
    let timezone = match class.kind_str() {
        "attribute" => {
            let module = class.field("object")?;
            if ctx.qualified(module).as_deref() != Some("datetime") {
                return None;
            }
            format!("{}.timezone", ctx.text_of(module))
        }
        _ => match ctx.imports.local_name_for("datetime.timezone") {
            Some(local) => local,
            None => {
                // Names bound here or imported as something else (django.utils.timezone).
                let top = shared::top_level(function);
                let taken = |n: &str| ctx.imports.resolve_name(n).is_some() || shared::mentions(top, n, ctx);
                if !taken("timezone") {
                    edits.extend(util::add_from_import(ctx, "datetime", "timezone"));
                    "timezone".to_string()
                } else if !taken("dt_timezone") {
                    edits.push(Edit::insert(
                        util::import_insertion_point(ctx),
                        format!(
                            "from datetime import timezone as dt_timezone{}",
                            util::newline(ctx.text)
                        ),
                    ));
                    "dt_timezone".to_string()
                } else {
                    return None;
                }
            }
        },
    };
    edits.push(Edit::replace(ctx.range(method), "now"));
    edits.push(Edit::replace(ctx.range(args), format!("({timezone}.utc)")));
    Some(Fix::new(
        Applicability::Unsafe,
        format!("Use `datetime.now({timezone}.utc)`"),
        edits,
    ))
}
