//! PG701 print-instead-of-logging: `print()` in an `except` block of library code.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common::{enclosing_except, handler_types, handler_variable};
use crate::analysis::rules::style::common as shared;
use crate::analysis::rules::util;
use crate::analysis::{Context, Hit};

pub struct PrintInsteadOfLogging;

impl super::Rule for PrintInsteadOfLogging {
    fn name(&self) -> &'static str {
        "print-instead-of-logging"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["call"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let Some(function) = node.field("function") else {
            return;
        };
        if function.kind_str() != "identifier" || ctx.qualified(function).as_deref() != Some("builtins.print")
        {
            return;
        }
        let Some(handler) = enclosing_except(node) else {
            return;
        };
        // Ctrl-C and end of input in interactive code: talking to the user.
        let interactive = handler_types(handler).iter().any(|t| {
            matches!(
                ctx.qualified(*t).as_deref(),
                Some("builtins.KeyboardInterrupt" | "builtins.EOFError" | "builtins.SystemExit")
            )
        });
        if interactive || !looks_diagnostic(node, handler, ctx) {
            return;
        }
        // Scripts and command-line tools talk to their user with print().
        if shared::is_script(ctx) || shared::in_test_code(node, ctx) {
            return;
        }
        let in_main_function = shared::enclosing_functions(node)
            .any(|f| matches!(shared::def_name(f, ctx), Some("main" | "cli")));
        if in_main_function {
            return;
        }
        // print(..., file=handle) writes output to a file, not diagnostics.
        if let Some(file) = util::keyword_argument(node, "file", ctx.text) {
            let q = ctx.qualified(file);
            if !matches!(q.as_deref(), Some("sys.stderr" | "sys.stdout")) {
                return;
            }
        }
        out.push(Hit::new(ctx.range(node)));
    }
}

/// Words that start an error report.
const DIAGNOSTIC_WORDS: &[&str] = &[
    "error",
    "warning",
    "warn",
    "fail",
    "could not",
    "couldn't",
    "cannot",
    "can't",
    "can not",
    "unable",
    "exception",
    "invalid",
    "problem",
    "oops",
    "fatal",
    "critical",
    "traceback",
    "something went wrong",
];

/// A print that reports the failure: it shows the caught exception, or its
/// message starts with an error word (`"Error: ..."`, `f"Failed to {x}"`).
fn looks_diagnostic(call: Node, handler: Node, ctx: &Context) -> bool {
    let args = util::positional_arguments(call);
    if let Some(var) = handler_variable(handler, ctx) {
        if args.iter().any(|a| shared::mentions(*a, var, ctx)) {
            return true;
        }
    }
    let Some(first) = args.first() else { return false };
    let string = match first.kind_str() {
        "string" => *first,
        "concatenated_string" => match first.named_child(0) {
            Some(s) => s,
            None => return false,
        },
        _ => return false,
    };
    let mut cursor = string.walk();
    let mut lead = String::new();
    for c in string.named_children(&mut cursor) {
        match c.kind_str() {
            "string_start" => {}
            "string_content" => lead.push_str(ctx.text_of(c)),
            _ => break,
        }
    }
    let lead = lead.replace("\\n", " ").replace("\\t", " ").to_lowercase();
    let lead = lead.trim_start_matches(|c: char| !c.is_alphanumeric());
    DIAGNOSTIC_WORDS.iter().any(|w| lead.starts_with(w))
}
