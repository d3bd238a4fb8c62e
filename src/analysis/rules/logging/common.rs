//! Helpers private to the logging rules: recognising log calls and loggers.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use crate::analysis::Context;

/// The logging methods that emit a record.
pub const LEVEL_METHODS: &[&str] = &[
    "debug",
    "info",
    "warning",
    "warn",
    "error",
    "critical",
    "fatal",
    "exception",
    "log",
];

/// Logging libraries whose calls do not take `%`-style arguments.
const OTHER_LIBRARIES: &[&str] = &["loguru", "structlog", "logbook", "eliot", "twiggy"];

/// A call that emits a log record.
pub struct LogCall<'t> {
    /// `info`, `error`, ...
    pub method: &'t str,
    /// The method's name node (`error` in `log.error`), or the called identifier.
    pub method_node: Node<'t>,
    /// Whether the function is written `obj.method` (so the method name can be swapped).
    pub is_attribute: bool,
    /// Through the `logging` module's functions: the root logger.
    pub root: bool,
    /// Whether the receiver may belong to another logging library (loguru, structlog, ...).
    pub other_library: bool,
}

/// Recognises `logger.info(...)`, `logging.error(...)`, `self.log.warning(...)`,
/// `logging.getLogger(__name__).debug(...)` and `from logging import info; info(...)`.
pub fn log_call<'t>(call: Node<'t>, ctx: &Context<'t>) -> Option<LogCall<'t>> {
    if call.kind_str() != "call" {
        return None;
    }
    let function = call.field("function")?;
    let qualified = ctx.qualified(function);
    if let Some(method) = qualified.as_deref().and_then(|q| q.strip_prefix("logging.")) {
        if LEVEL_METHODS.contains(&method) {
            let (method_node, is_attribute) = match function.kind_str() {
                "attribute" => (function.field("attribute")?, true),
                _ => (function, false),
            };
            return Some(LogCall {
                method: ctx.text_of(method_node),
                method_node,
                is_attribute,
                root: true,
                other_library: false,
            });
        }
    }
    if function.kind_str() != "attribute" {
        return None;
    }
    let object = function.field("object")?;
    let method_node = function.field("attribute")?;
    let method = ctx.text_of(method_node);
    if !LEVEL_METHODS.contains(&method) {
        return None;
    }
    let (is_logger, imported_from) = logger_expression(object, ctx);
    if !is_logger {
        return None;
    }
    let other_library = OTHER_LIBRARIES.iter().any(|m| ctx.imports.imports_module(m))
        || imported_from.is_some_and(|q| {
            OTHER_LIBRARIES
                .iter()
                .any(|m| q == *m || q.starts_with(&format!("{m}.")))
        });
    Some(LogCall {
        method,
        method_node,
        is_attribute: true,
        root: false,
        other_library,
    })
}

/// Whether `call` emits a log record: [`log_call`], or a level method called
/// on a name bound from `logging.getLogger(...)` in the same top-level
/// statement or a neighbouring one (`audit = logging.getLogger("audit")`).
pub fn is_log_call(call: Node, ctx: &Context) -> bool {
    if log_call(call, ctx).is_some() {
        return true;
    }
    let Some((object, method)) = super::super::util::method_call(call) else {
        return false;
    };
    if object.kind_str() != "identifier" || !LEVEL_METHODS.contains(&ctx.text_of(method)) {
        return false;
    }
    let name = ctx.text_of(object);
    let top = crate::analysis::rules::util::top_statement(call);
    std::iter::once(top)
        .chain(crate::analysis::rules::util::neighbours(call))
        .any(|statement| bound_from_get_logger(statement, name, ctx))
}

/// Whether `statement` assigns `name = logging.getLogger(...)` (or another
/// `getLogger` / `get_logger`), outside nested classes.
fn bound_from_get_logger(statement: Node, name: &str, ctx: &Context) -> bool {
    let mut found = false;
    crate::analysis::walk::preorder(statement, |n| {
        if found || (n.kind_str() == "class_definition" && n.id() != statement.id()) {
            return false;
        }
        if n.kind_str() == "assignment" {
            let left = n.field("left");
            let right = n.field("right");
            if let (Some(left), Some(right)) = (left, right) {
                if left.kind_str() == "identifier" && ctx.text_of(left) == name && right.kind_str() == "call"
                {
                    found = logger_expression(right, ctx).0;
                }
            }
        }
        !found
    });
    found
}

/// Whether `name` is spelled like a logger: `log`, `logger`, `_log`, `LOGGER`,
/// `request_logger`, `audit_log`.
fn logger_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let t = lower.trim_start_matches('_');
    t == "log" || t.ends_with("logger") || t.ends_with("_log")
}

/// Modules whose `log` is a mathematical function.
const MATH_MODULES: &[&str] = &[
    "math",
    "cmath",
    "numpy",
    "torch",
    "jax",
    "tensorflow",
    "scipy",
    "mpmath",
    "sympy",
    "decimal",
];

/// Whether `object` is a logger, and the qualified name it was imported as.
fn logger_expression(object: Node, ctx: &Context) -> (bool, Option<String>) {
    match object.kind_str() {
        "identifier" => {
            let name = ctx.text_of(object);
            match ctx.imports.resolve_name(name) {
                Some(q) => {
                    if q.starts_with("builtins.") {
                        return (false, None);
                    }
                    let first = q.split('.').next().unwrap_or("");
                    let last = q.rsplit('.').next().unwrap_or("");
                    let ok = OTHER_LIBRARIES.contains(&first)
                        || (logger_name(last) && !MATH_MODULES.contains(&first));
                    (ok, Some(q))
                }
                None => (logger_name(name), None),
            }
        }
        "attribute" => {
            let ok = object
                .field("attribute")
                .is_some_and(|a| logger_name(ctx.text_of(a)));
            (ok, None)
        }
        "call" => {
            let q = ctx.qualified(object);
            let ok = q.as_deref() == Some("logging.getLogger")
                || object.field("function").is_some_and(|f| {
                    let t = ctx.text_of(f);
                    t.ends_with("getLogger") || t.ends_with("get_logger")
                });
            (ok, q)
        }
        _ => (false, None),
    }
}

/// The `except` clause `node` runs in, within the same function.
pub fn enclosing_except(node: Node) -> Option<Node> {
    crate::analysis::rules::util::enclosing_within_function(node, &["except_clause"])
}

/// The exception types an `except` clause names (empty for a bare `except:`).
pub fn handler_types(handler: Node) -> Vec<Node> {
    let Some(first) = handler
        .named_child(0)
        .filter(|c| !matches!(c.kind_str(), "block" | "comment"))
    else {
        return Vec::new();
    };
    let types = if first.kind_str() == "as_pattern" {
        match first.named_child(0) {
            Some(t) => t,
            None => return Vec::new(),
        }
    } else {
        first
    };
    let mut t = types;
    while t.kind_str() == "parenthesized_expression" {
        match t.named_child(0) {
            Some(inner) => t = inner,
            None => break,
        }
    }
    if matches!(t.kind_str(), "tuple" | "expression_list") {
        let mut cursor = t.walk();
        t.named_children(&mut cursor)
            .filter(|c| c.kind_str() != "comment")
            .collect()
    } else {
        vec![t]
    }
}

/// The name an `except ... as name:` clause binds.
pub fn handler_variable<'t>(handler: Node, ctx: &Context<'t>) -> Option<&'t str> {
    let first = handler.named_child(0).filter(|c| c.kind_str() == "as_pattern")?;
    let alias = first.field("alias")?;
    let ident = if alias.kind_str() == "identifier" {
        alias
    } else {
        alias.named_child(0).filter(|c| c.kind_str() == "identifier")?
    };
    Some(ctx.text_of(ident))
}

/// A bare `except:` or one catching `Exception` / `BaseException`.
pub fn catches_everything(handler: Node, ctx: &Context) -> bool {
    let types = handler_types(handler);
    types.is_empty()
        || types.iter().any(|t| {
            matches!(
                ctx.qualified(*t).as_deref(),
                Some("builtins.Exception" | "builtins.BaseException")
            )
        })
}
