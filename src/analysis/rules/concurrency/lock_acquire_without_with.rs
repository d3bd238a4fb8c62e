//! PG211 lock-acquire-without-with: `lock.acquire()` ... `lock.release()`
//! with nothing guaranteeing the release.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common::{
    compact, enclosing_class, enclosing_scope, method_call, neighbours, top_statement, walk_scope,
};
use crate::analysis::{Context, Hit};

pub struct LockAcquireWithoutWith;

const LOCKS: &[&str] = &[
    "threading.Lock",
    "threading.RLock",
    "threading.Semaphore",
    "threading.BoundedSemaphore",
    "threading.Condition",
    "multiprocessing.Lock",
    "multiprocessing.RLock",
    "multiprocessing.Semaphore",
    "multiprocessing.BoundedSemaphore",
    "multiprocessing.Condition",
];

impl super::Rule for LockAcquireWithoutWith {
    fn name(&self) -> &'static str {
        "lock-acquire-without-with"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["call"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let Some((receiver, "acquire")) = method_call(node, ctx) else {
            return;
        };
        // `await lock.acquire()` is an asyncio lock: not about threads.
        if node.parent().is_some_and(|p| p.kind_str() == "await") {
            return;
        }
        let target = compact(ctx.text_of(receiver));
        if !is_lock(receiver, &target, ctx) {
            return;
        }
        // The function (or top-level statement) that acquires must also
        // release: a release elsewhere (`__enter__`/`__exit__`) is a design.
        let scope = match enclosing_scope(node) {
            Some(s) if s.kind_str() == "function_definition" => s,
            Some(_) => return,
            None => top_statement(node),
        };
        if !releases(scope, &target, ctx) {
            return;
        }
        if protected(node, &target, ctx) {
            return;
        }
        out.push(Hit::new(ctx.range(node)).arg("name", ctx.text_of(receiver)));
    }
}

/// Whether the receiver is a thread or process lock: assigned from a lock
/// constructor where pyguide can see it (this function, this class, this or a
/// neighbouring top-level statement), or, when no assignment is visible, named
/// like one in a module that imports `threading` or `multiprocessing`.
fn is_lock(receiver: Node, target: &str, ctx: &Context) -> bool {
    let mut places = vec![top_statement(receiver)];
    places.extend(neighbours(receiver));
    if let Some(class) = enclosing_class(receiver) {
        places.push(class);
    }
    let mut assigned: Vec<Option<String>> = Vec::new();
    for place in places {
        crate::analysis::walk::preorder(place, |n| {
            if n.kind_str() == "assignment"
                && n.field("left").is_some_and(|l| compact(ctx.text_of(l)) == target)
            {
                let value = n.field("right");
                assigned.push(
                    value
                        .filter(|v| v.kind_str() == "call")
                        .and_then(|v| ctx.qualified(v)),
                );
            }
            true
        });
    }
    if !assigned.is_empty() {
        return assigned
            .iter()
            .all(|q| q.as_deref().is_some_and(|q| LOCKS.contains(&q)));
    }
    let last = target.rsplit('.').next().unwrap_or(target);
    let last = last.trim_start_matches('_').to_ascii_lowercase();
    let lock_like = matches!(
        last.as_str(),
        "lock" | "rlock" | "mutex" | "sem" | "semaphore" | "condition"
    ) || last.ends_with("_lock")
        || last.ends_with("_mutex")
        || last.ends_with("_semaphore")
        || last.starts_with("lock_");
    lock_like && (ctx.imports.imports_module("threading") || ctx.imports.imports_module("multiprocessing"))
}

fn is_call_on(call: Node, target: &str, method: &str, ctx: &Context) -> bool {
    call.kind_str() == "call"
        && method_call(call, ctx).is_some_and(|(r, m)| m == method && compact(ctx.text_of(r)) == target)
}

fn releases(scope: Node, target: &str, ctx: &Context) -> bool {
    let mut found = false;
    walk_scope(scope, |n| found |= is_call_on(n, target, "release", ctx));
    found
}

/// Whether a `try` statement's `finally` releases the lock.
fn finally_releases(try_stmt: Node, target: &str, ctx: &Context) -> bool {
    if try_stmt.kind_str() != "try_statement" {
        return false;
    }
    let mut cursor = try_stmt.walk();
    let finally = try_stmt
        .named_children(&mut cursor)
        .find(|c| c.kind_str() == "finally_clause");
    finally.is_some_and(|f| releases(f, target, ctx))
}

/// Whether a statement is `target.release()`.
fn is_release(statement: Node, target: &str, ctx: &Context) -> bool {
    statement.kind_str() == "expression_statement"
        && statement.named_child_count() == 1
        && statement
            .named_child(0)
            .is_some_and(|c| is_call_on(c, target, "release", ctx))
}

fn next_statement(node: Node) -> Option<Node> {
    let mut n = node.next_named_sibling();
    while let Some(x) = n {
        if x.kind_str() != "comment" {
            return Some(x);
        }
        n = x.next_named_sibling();
    }
    None
}

/// The release is guaranteed: the acquire is inside a `try` whose `finally`
/// releases, or its statement is followed (after at most a few guard `if`s)
/// by such a `try`, or it is the condition of an `if` whose body starts with one.
fn protected(call: Node, target: &str, ctx: &Context) -> bool {
    // The statement holding the call, and any `try` body around it.
    let mut statement = call;
    let mut n = call;
    while let Some(p) = n.parent() {
        if matches!(
            p.kind_str(),
            "function_definition" | "lambda" | "class_definition" | "module"
        ) {
            break;
        }
        if p.kind_str() == "try_statement"
            && p.field("body").is_some_and(|b| b.id() == n.id())
            && finally_releases(p, target, ctx)
        {
            return true;
        }
        if p.kind_str() == "block" && statement.id() == call.id() {
            statement = n;
        }
        n = p;
    }
    if statement.id() == call.id() {
        // Top-level code: the statement is the node under the module.
        statement = n;
    }
    if statement.kind_str() == "if_statement" {
        // `if lock.acquire(False):` / `if not lock.acquire(...): ... else:`:
        // a branch that starts with the protecting `try`.
        let mut branches = vec![statement.field("consequence")];
        let mut cursor = statement.walk();
        for alt in statement.children_by_field_name("alternative", &mut cursor) {
            branches.push(alt.field("body").or_else(|| alt.field("consequence")));
        }
        for block in branches.into_iter().flatten() {
            let mut c = block.walk();
            let first = block.named_children(&mut c).find(|x| x.kind_str() != "comment");
            if first.is_some_and(|f| finally_releases(f, target, ctx) || is_release(f, target, ctx)) {
                return true;
            }
        }
    }
    let mut next = next_statement(statement);
    // `lock.acquire()` directly followed by `lock.release()`: nothing in between can fail.
    if next.is_some_and(|s| is_release(s, target, ctx)) {
        return true;
    }
    for _ in 0..4 {
        let Some(s) = next else { return false };
        match s.kind_str() {
            "try_statement" => return finally_releases(s, target, ctx),
            "if_statement" => next = next_statement(s),
            _ => return false,
        }
    }
    false
}
