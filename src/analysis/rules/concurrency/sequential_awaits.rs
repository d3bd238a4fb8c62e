//! PG203 sequential-awaits: independent awaits run one after another, in
//! consecutive statements or once per item of a `for` loop.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common::{names_read, root_identifier, target_names, walk_scope};
use crate::analysis::rules::util::{enclosing_function, is_async_def};
use crate::analysis::{Context, Hit};
use crate::text::TextRange;

pub struct SequentialAwaits;

/// Methods of coordination primitives and streams: their order is the point.
const ORDERED_METHODS: &[&str] = &[
    "acquire",
    "release",
    "wait",
    "wait_for",
    "join",
    "put",
    "get_nowait",
    "drain",
    "send",
    "sendall",
    "send_json",
    "send_text",
    "send_bytes",
    "recv",
    "receive",
    "receive_json",
    "receive_text",
    "receive_bytes",
    "read",
    "readline",
    "readlines",
    "readexactly",
    "readuntil",
    "write",
    "writelines",
    "close",
    "aclose",
    "commit",
    "rollback",
    "flush",
    "sleep",
    "start",
    "stop",
    "connect",
    "accept",
    "begin",
    "execute",
    "executemany",
    "cursor",
    "shutdown",
];

impl super::Rule for SequentialAwaits {
    fn name(&self) -> &'static str {
        "sequential-awaits"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["block", "for_statement"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        if !ctx.statement_has_async || !enclosing_function(node).is_some_and(is_async_def) {
            return;
        }
        match node.kind_str() {
            "block" => consecutive(node, ctx, out),
            _ => per_item(node, ctx, out),
        }
    }
}

struct Step<'t> {
    statement: Node<'t>,
    reads: Vec<&'t str>,
    bound: Vec<&'t str>,
    /// The objects the call uses that may not support concurrent use: its
    /// receiver and resource-like arguments (`db`, `session`, `conn`...).
    shared: Vec<&'t str>,
}

/// `x = await f(...)` (with plain name targets) whose call is not a coordination step.
fn step<'t>(statement: Node<'t>, ctx: &Context<'t>) -> Option<Step<'t>> {
    if statement.kind_str() != "expression_statement" || statement.named_child_count() != 1 {
        return None;
    }
    let assignment = statement
        .named_child(0)
        .filter(|a| a.kind_str() == "assignment")?;
    let left = assignment.field("left")?;
    if !matches!(left.kind_str(), "identifier" | "pattern_list" | "tuple_pattern") {
        return None;
    }
    let mut bound = Vec::new();
    target_names(left, ctx, &mut bound);
    let mut cursor = left.walk();
    if left.kind_str() != "identifier"
        && left
            .named_children(&mut cursor)
            .any(|c| c.kind_str() != "identifier")
    {
        return None;
    }
    let awaited = assignment.field("right").filter(|r| r.kind_str() == "await")?;
    let call = awaited.named_child(0).filter(|c| c.kind_str() == "call")?;
    let receiver = independent_call(call, ctx)?;
    let mut shared = resource_arguments(call, ctx);
    shared.extend(receiver);
    Some(Step {
        statement,
        reads: names_read(call, ctx),
        bound,
        shared,
    })
}

/// For a call that may run concurrently with others, the object it is called
/// on (`None` for a plain or module function); `None` overall when it is a
/// coordination call (asyncio, locks, queues, streams, transactions).
fn independent_call<'t>(call: Node<'t>, ctx: &Context<'t>) -> Option<Option<&'t str>> {
    let function = call.field("function")?;
    let qualified = ctx.qualified(function);
    if qualified
        .as_deref()
        .is_some_and(|q| q.starts_with("asyncio.") || q == "asyncio")
    {
        return None;
    }
    // `trio.sleep`, `anyio.sleep`, `wait_until(...)`, `checkpoint()`: pacing, not work.
    let last = match function.kind_str() {
        "attribute" => ctx.text_of(function.field("attribute")?),
        _ => ctx.text_of(function),
    };
    if last.contains("sleep") || last.starts_with("wait") || last.contains("checkpoint") {
        return None;
    }
    match function.kind_str() {
        "identifier" => Some(None),
        "attribute" => {
            let method = ctx.text_of(function.field("attribute")?);
            let root = root_identifier(function)?;
            let root_text = ctx.text_of(root);
            if ORDERED_METHODS.contains(&method) {
                return None;
            }
            if method == "get" && (root_text.to_ascii_lowercase().contains("queue") || root_text == "q") {
                return None;
            }
            if qualified.is_some() {
                Some(None) // a module's function
            } else {
                Some(Some(root_text))
            }
        }
        _ => None,
    }
}

/// Names passed as arguments that look like a connection, session, client or
/// stream: two calls sharing one may not run concurrently.
fn resource_arguments<'t>(call: Node<'t>, ctx: &Context<'t>) -> Vec<&'t str> {
    let Some(args) = call.field("arguments") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut cursor = args.walk();
    for a in args.named_children(&mut cursor) {
        let value = match a.kind_str() {
            "keyword_argument" => a.field("value"),
            _ => Some(a),
        };
        let Some(root) = value.and_then(root_identifier) else {
            continue;
        };
        let name = ctx.text_of(root);
        if is_resource_name(name) {
            out.push(name);
        }
    }
    out
}

fn is_resource_name(name: &str) -> bool {
    let lower = name.trim_start_matches('_').to_ascii_lowercase();
    matches!(
        lower.as_str(),
        "db" | "tx" | "ws" | "cur" | "sock" | "self" | "cls" | "con" | "io"
    ) || lower.ends_with("_db")
        || [
            "session",
            "conn",
            "cursor",
            "client",
            "transaction",
            "websocket",
            "socket",
            "stream",
            "reader",
            "writer",
            "channel",
            "listener",
            "engine",
            "pool",
            "redis",
            "database",
        ]
        .iter()
        .any(|w| lower.contains(w))
}

fn consecutive(block: Node, ctx: &Context, out: &mut Vec<Hit>) {
    let mut run: Vec<Step> = Vec::new();
    let mut flush = |run: &mut Vec<Step>| {
        if run.len() >= 2 {
            if let (Some(first), Some(last)) = (run.first(), run.last()) {
                out.push(Hit::new(TextRange::new(
                    first.statement.start_byte(),
                    last.statement.end_byte(),
                )));
            }
        }
        run.clear();
    };
    let mut cursor = block.walk();
    for statement in block.named_children(&mut cursor) {
        if statement.kind_str() == "comment" {
            continue;
        }
        let Some(s) = step(statement, ctx) else {
            flush(&mut run);
            continue;
        };
        let depends = run.iter().any(|earlier| {
            s.reads.iter().any(|r| earlier.bound.contains(r))
                || s.shared.iter().any(|r| earlier.shared.contains(r))
        });
        if depends {
            flush(&mut run);
        }
        run.push(s);
    }
    flush(&mut run);
}

/// `for item in items: result = await fetch(item)` with nothing carried from
/// one iteration to the next.
fn per_item(for_stmt: Node, ctx: &Context, out: &mut Vec<Hit>) {
    let mut cursor = for_stmt.walk();
    let is_async_for = for_stmt.children(&mut cursor).any(|c| c.kind_str() == "async");
    let mut cursor = for_stmt.walk();
    let has_else = for_stmt
        .named_children(&mut cursor)
        .any(|c| c.kind_str() == "else_clause");
    if is_async_for || has_else {
        return;
    }
    let (Some(left), Some(body)) = (for_stmt.field("left"), for_stmt.field("body")) else {
        return;
    };
    let mut loop_vars = Vec::new();
    target_names(left, ctx, &mut loop_vars);
    if loop_vars.is_empty() {
        return;
    }
    // The body: exactly one await, nothing that leaves the loop early, and
    // the names it assigns.
    let mut awaits: Vec<Node> = Vec::new();
    let mut early_exit = false;
    let mut assigned: Vec<&str> = Vec::new();
    walk_scope(body, |n| match n.kind_str() {
        "await" if n.is_named() => awaits.push(n),
        "async" | "break_statement" | "continue_statement" | "return_statement" | "raise_statement"
        | "yield" => early_exit = true,
        "assignment" | "augmented_assignment" | "for_statement" | "for_in_clause" => {
            if let Some(l) = n.field("left") {
                target_names(l, ctx, &mut assigned);
            }
        }
        "named_expression" => {
            if let Some(l) = n.field("name") {
                target_names(l, ctx, &mut assigned);
            }
        }
        "as_pattern_target" => target_names(n, ctx, &mut assigned),
        _ => {}
    });
    let [awaited] = awaits.as_slice() else { return };
    let awaited = *awaited;
    if early_exit || !is_direct_step(awaited, body) {
        return;
    }
    let Some(call) = awaited.named_child(0).filter(|c| c.kind_str() == "call") else {
        return;
    };
    let Some(receiver) = independent_call(call, ctx) else {
        return;
    };
    // A method call on a shared object (a connection, a client, `self`) may
    // not allow concurrent use; a method of the loop's own item is fine.
    if receiver.is_some_and(|r| !loop_vars.contains(&r))
        || resource_arguments(call, ctx)
            .iter()
            .any(|r| !loop_vars.contains(r))
    {
        return;
    }
    let reads = names_read(call, ctx);
    let per_item = reads.iter().any(|r| loop_vars.contains(r));
    let carried = reads
        .iter()
        .any(|r| assigned.contains(r) && !loop_vars.contains(r));
    if !per_item || carried {
        return;
    }
    out.push(Hit::new(ctx.range(awaited)));
}

/// Whether the await is a statement of the loop body itself: `await f(x)`,
/// `y = await f(x)`, `total += await f(x)` or `results.append(await f(x))`.
fn is_direct_step(awaited: Node, body: Node) -> bool {
    let Some(mut p) = awaited.parent() else {
        return false;
    };
    match p.kind_str() {
        "expression_statement" => {}
        "assignment" | "augmented_assignment" => {
            if p.field("right").map(|r| r.id()) != Some(awaited.id()) {
                return false;
            }
            let Some(s) = p.parent() else { return false };
            p = s;
        }
        "argument_list" => {
            let mut cursor = p.walk();
            if p.named_children(&mut cursor).count() != 1 {
                return false;
            }
            let Some(call) = p.parent() else { return false };
            let Some(s) = call.parent() else { return false };
            p = s;
        }
        _ => return false,
    }
    p.kind_str() == "expression_statement" && p.parent().is_some_and(|b| b.id() == body.id())
}
