//! PG509 monkey-patching: `json.dumps = my_dumps` at module level.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use crate::analysis::{Context, Hit};

pub struct MonkeyPatching;

/// Module attributes the standard library documents as replaceable hooks.
const DOCUMENTED_HOOKS: &[&str] = &[
    "warnings.showwarning",
    "warnings.formatwarning",
    "threading.excepthook",
];

impl super::Rule for MonkeyPatching {
    fn name(&self) -> &'static str {
        "monkey-patching"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["assignment"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let (Some(left), Some(value)) = (node.field("left"), node.field("right")) else {
            return;
        };
        if left.kind_str() != "attribute" || is_setting_value(value) || !at_module_level(node) {
            return;
        }
        let Some(root) = root_identifier(left) else {
            return;
        };
        let root_text = ctx.text_of(root);
        let Some(q) = ctx.imports.resolve_name(root_text) else {
            return;
        };
        // Unbound builtin names (`str.x = ...` fails anyway), and `sys`, whose
        // hooks and streams (`sys.excepthook`, `sys.stdout`) exist to be replaced.
        let builtin = q.starts_with("builtins.") && root_text != "builtins";
        if builtin || q == "sys" || q.starts_with("sys.") {
            return;
        }
        let target = format!("{q}{}", &ctx.text_of(left)[root_text.len()..]);
        if DOCUMENTED_HOOKS.contains(&target.as_str()) {
            return;
        }
        out.push(Hit::new(ctx.range(left)).arg("name", ctx.text_of(left)));
    }
}

/// A literal value: assigning it is configuring a documented option
/// (`pd.options.display.max_rows = 50`), not replacing behaviour.
fn is_setting_value(value: Node) -> bool {
    matches!(
        value.kind_str(),
        "integer"
            | "float"
            | "string"
            | "concatenated_string"
            | "true"
            | "false"
            | "none"
            | "unary_operator"
            | "list"
            | "tuple"
            | "dictionary"
            | "set"
    )
}

fn at_module_level(node: Node) -> bool {
    let mut n = node.parent();
    while let Some(p) = n {
        if matches!(
            p.kind_str(),
            "function_definition" | "class_definition" | "lambda"
        ) {
            return false;
        }
        n = p.parent();
    }
    true
}

/// `a` in `a.b.c` (only through attributes).
fn root_identifier(mut node: Node) -> Option<Node> {
    loop {
        match node.kind_str() {
            "identifier" => return Some(node),
            "attribute" => node = node.field("object")?,
            _ => return None,
        }
    }
}
