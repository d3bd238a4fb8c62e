//! PG804 missing-type-hints: public function without parameter or return annotations.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common::{self as shared, DefPlace};
use crate::analysis::{Context, Hit};

pub struct MissingTypeHints;

impl super::Rule for MissingTypeHints {
    fn name(&self) -> &'static str {
        "missing-type-hints"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["function_definition"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let Some(name_node) = node.field("name") else {
            return;
        };
        let name = ctx.text_of(name_node);
        if name.is_empty() || shared::is_private(name) || shared::is_hook_name(name) || node.has_error() {
            return;
        }
        let is_method = match shared::def_place(node) {
            Some(DefPlace::Module) => false,
            Some(DefPlace::Method(class)) => {
                if shared::def_name(class, ctx).is_none_or(shared::is_private) {
                    return;
                }
                true
            }
            None => return,
        };
        if shared::is_override(node, ctx) || shared::is_overload(node, ctx) || shared::in_test_code(node, ctx)
        {
            return;
        }
        let Some(parameters) = node.field("parameters") else {
            return;
        };
        // `self` / `cls`: the first parameter of a method that is not a staticmethod.
        let skip_first =
            is_method && !shared::decorated_with(node, ctx, &["builtins.staticmethod"], &["staticmethod"]);
        let params: Vec<Node> = shared::children(parameters)
            .into_iter()
            .filter(|p| !matches!(p.kind_str(), "keyword_separator" | "positional_separator"))
            .collect();
        let unannotated = params.iter().enumerate().any(|(i, p)| {
            if skip_first && i == 0 {
                return false;
            }
            matches!(
                p.kind_str(),
                "identifier" | "default_parameter" | "list_splat_pattern" | "dictionary_splat_pattern"
            )
        });
        if unannotated || node.field("return_type").is_none() {
            out.push(Hit::new(ctx.range(name_node)).arg("name", name));
        }
    }
}
