//! PG202 blocking-call-in-async: `time.sleep`, `requests.get`, `open` ... in `async def`.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use crate::analysis::rules::util::{add_import, in_coroutine};
use crate::analysis::{Applicability, Context, Edit, Fix, Hit};

pub struct BlockingCallInAsync;

const BLOCKING: &[&str] = &[
    "time.sleep",
    "requests.get",
    "requests.post",
    "requests.put",
    "requests.patch",
    "requests.delete",
    "requests.head",
    "requests.options",
    "requests.request",
    "urllib.request.urlopen",
    "urllib.request.urlretrieve",
    "builtins.open",
    "sqlite3.connect",
    "psycopg2.connect",
    "subprocess.run",
    "subprocess.call",
    "subprocess.check_call",
    "subprocess.check_output",
    "socket.create_connection",
    "socket.getaddrinfo",
    "socket.gethostbyname",
    "socket.gethostbyaddr",
];

impl super::Rule for BlockingCallInAsync {
    fn name(&self) -> &'static str {
        "blocking-call-in-async"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["call"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        if !ctx.statement_has_async || !in_coroutine(node) {
            return;
        }
        let Some(function) = node.field("function") else {
            return;
        };
        let Some(q) = ctx.qualified(function) else { return };
        if !BLOCKING.contains(&q.as_str()) {
            return;
        }
        let shown = q.strip_prefix("builtins.").unwrap_or(&q).to_string();
        let mut hit = Hit::new(ctx.range(node)).arg("name", shown);
        if q == "time.sleep" {
            if let Some(fix) = sleep_fix(node, function, ctx) {
                hit = hit.with_fix(fix);
            }
        }
        out.push(hit);
    }
}

/// `time.sleep(x)` as a statement → `await asyncio.sleep(x)`.
fn sleep_fix(call: Node, function: Node, ctx: &Context) -> Option<Fix> {
    let statement = call.parent()?;
    if statement.kind_str() != "expression_statement" || statement.named_child_count() != 1 {
        return None;
    }
    let (module, import) = match ctx.imports.local_name_for("asyncio") {
        Some(local) => (local, None),
        None => {
            // `asyncio` must be free to bind.
            if ctx
                .imports
                .resolve_name("asyncio")
                .is_some_and(|q| q != "asyncio")
                || super::common::local_binding(call, "asyncio", ctx).is_some()
            {
                return None;
            }
            ("asyncio".to_string(), add_import(ctx, "asyncio"))
        }
    };
    let mut edits = vec![Edit::replace(
        ctx.range(function),
        format!("await {module}.sleep"),
    )];
    edits.extend(import);
    Some(Fix::new(
        Applicability::Unsafe,
        format!("Replace with `await {module}.sleep(...)`"),
        edits,
    ))
}
