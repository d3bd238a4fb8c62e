//! PG103 broad-exception: `except Exception:` that neither re-raises nor logs.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common::{body_is_empty, except_alias, except_types, handler_body, same_scope};
use crate::analysis::rules::util::keyword_argument;
use crate::analysis::{Context, Hit};

pub struct BroadException;

impl super::Rule for BroadException {
    fn name(&self) -> &'static str {
        "broad-exception"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["except_clause"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let Some(broad) = except_types(node).into_iter().find(|t| {
            matches!(
                ctx.qualified(*t).as_deref(),
                Some("builtins.Exception" | "builtins.BaseException")
            )
        }) else {
            return;
        };
        let Some(body) = handler_body(node) else { return };
        // A body of only `pass` is silent-exception-swallow's finding.
        if body_is_empty(body) || surfaces_error(node, body, ctx) {
            return;
        }
        let name = ctx
            .qualified(broad)
            .and_then(|q| q.strip_prefix("builtins.").map(str::to_string))
            .unwrap_or_else(|| ctx.text_of(broad).to_string());
        out.push(Hit::new(ctx.range(broad)).arg("name", name));
    }
}

/// Whether the handler lets the error be seen: it raises, logs the traceback,
/// uses the caught exception object, or ends the program or test.
fn surfaces_error(clause: Node, body: Node, ctx: &Context) -> bool {
    let alias = except_alias(clause).map(|a| ctx.text_of(a));
    let mut found = false;
    same_scope(body, |n| {
        if found {
            return;
        }
        match n.kind_str() {
            "raise_statement" => found = true,
            "identifier" if alias.is_some_and(|a| ctx.text_of(n) == a) => found = true,
            "call" => found = reports(n, ctx),
            _ => {}
        }
    });
    found
}

fn reports(call: Node, ctx: &Context) -> bool {
    if let Some(v) = keyword_argument(call, "exc_info", ctx.text) {
        if !matches!(ctx.text_of(v), "False" | "None" | "0") {
            return true;
        }
    }
    let Some(function) = call.field("function") else {
        return false;
    };
    if let Some(q) = ctx.qualified(function) {
        if q.starts_with("traceback.")
            || matches!(
                q.as_str(),
                "sys.exit"
                    | "os._exit"
                    | "pytest.fail"
                    | "builtins.print"
                    | "sys.stderr.write"
                    | "warnings.warn"
                    | "sys.exc_info"
                    | "sys.exception"
                    | "sys.excepthook"
            )
        {
            return true;
        }
    }
    let name = match function.kind_str() {
        "attribute" => function.field("attribute").map(|a| ctx.text_of(a)),
        "identifier" => Some(ctx.text_of(function)),
        _ => None,
    };
    let Some(name) = name.map(str::to_ascii_lowercase) else {
        return false;
    };
    // A logger's `error(...)`/`warning(...)` records a message but not the
    // traceback: only `exception(...)` (or `exc_info`, above) shows the bug.
    let on_logger = function.kind_str() == "attribute"
        && function.field("object").is_some_and(|o| {
            let last = match o.kind_str() {
                "attribute" => o.field("attribute").map_or("", |a| ctx.text_of(a)),
                _ => ctx.text_of(o),
            };
            last.to_ascii_lowercase().contains("log")
        });
    if on_logger {
        return name == "exception";
    }
    // `capture_exception`, `showtraceback`, `handle_error`, `self.fail`, `exit`.
    matches!(name.as_str(), "fail" | "exit" | "quit")
        || name.contains("exception")
        || name.contains("traceback")
        || name.contains("error")
}
