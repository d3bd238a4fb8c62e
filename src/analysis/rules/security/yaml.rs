//! PG310 yaml: `yaml.load()` without a safe loader.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common;
use crate::analysis::rules::util;
use crate::analysis::{Applicability, Context, Edit, Fix, Hit};

pub struct Yaml;

const SAFE_LOADERS: &[&str] = &[
    "yaml.SafeLoader",
    "yaml.CSafeLoader",
    "yaml.BaseLoader",
    "yaml.CBaseLoader",
];

const UNSAFE_LOADERS: &[&str] = &[
    "yaml.Loader",
    "yaml.UnsafeLoader",
    "yaml.FullLoader",
    "yaml.CLoader",
    "yaml.CUnsafeLoader",
    "yaml.CFullLoader",
];

impl super::Rule for Yaml {
    fn name(&self) -> &'static str {
        "yaml"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["call"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let Some(function) = node.field("function") else {
            return;
        };
        if ctx.qualified(function).as_deref() != Some("yaml.load") {
            return;
        }
        if common::has_splat(node) {
            return;
        }
        let loader = common::argument(node, 1, "Loader", ctx);
        if let Some(loader) = loader {
            // A loader pyguide cannot name (a local subclass) gets the benefit of the doubt.
            let Some(q) = ctx.qualified(loader) else { return };
            if SAFE_LOADERS.contains(&q.as_str()) || !UNSAFE_LOADERS.contains(&q.as_str()) {
                return;
            }
        }
        let mut hit = Hit::new(ctx.range(node));
        if let Some(fix) = safe_load_fix(node, function, loader, ctx) {
            hit = hit.with_fix(fix);
        }
        out.push(hit);
    }
}

/// `yaml.load(data, Loader=...)` → `yaml.safe_load(data)`.
fn safe_load_fix(call: Node, function: Node, loader: Option<Node>, ctx: &Context) -> Option<Fix> {
    let mut edits = Vec::new();
    match function.kind_str() {
        "attribute" => {
            let attr = function.field("attribute")?;
            edits.push(Edit::replace(ctx.range(attr), "safe_load"));
        }
        "identifier" => {
            // `from yaml import load`: call `safe_load` from the same module.
            let local = if let Some(name) = ctx.imports.local_name_for("yaml.safe_load") {
                name
            } else if ctx.imports.resolve_name("safe_load").is_none()
                && !ctx.module.functions.contains("safe_load")
            {
                edits.extend(util::add_from_import(ctx, "yaml", "safe_load"));
                "safe_load".to_string()
            } else if let Some(module) = ctx.imports.local_name_for("yaml") {
                // `safe_load` is taken by something else: go through the module.
                format!("{module}.safe_load")
            } else {
                edits.extend(util::add_import(ctx, "yaml"));
                "yaml.safe_load".to_string()
            };
            edits.push(Edit::replace(ctx.range(function), local));
        }
        _ => return None,
    }
    if let Some(loader) = loader {
        let arg = match loader.parent() {
            Some(p) if p.kind_str() == "keyword_argument" => p,
            _ => loader,
        };
        edits.push(common::remove_argument(call, arg, ctx)?);
    }
    Some(Fix::new(Applicability::Unsafe, "Use `yaml.safe_load`", edits))
}
