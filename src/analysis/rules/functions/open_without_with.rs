//! PG404 open-without-with: `open()` whose file is not managed by `with`.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common;
use crate::analysis::rules::util;
use crate::analysis::walk::preorder;
use crate::analysis::{Applicability, Context, Edit, Fix, Hit};
use crate::text::TextRange;

pub struct OpenWithoutWith;

impl super::Rule for OpenWithoutWith {
    fn name(&self) -> &'static str {
        "open-without-with"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["call"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        if !common::is_open_call(node, ctx) || is_managed(node, ctx) {
            return;
        }
        let mut hit = Hit::new(ctx.range(node));
        if let Some(fix) = with_fix(node, ctx) {
            hit = hit.with_fix(fix);
        }
        out.push(hit);
    }
}

/// The expression `call` ends up as, through parentheses.
fn outer_expression(call: Node) -> Node {
    let mut n = call;
    while let Some(p) = n.parent().filter(|p| p.kind_str() == "parenthesized_expression") {
        n = p;
    }
    n
}

/// The expression whose value may be `call`'s file: through parentheses, the
/// branches of `a if c else b`, the operands of `and`/`or`, and tuples.
fn value_holder(call: Node) -> Node {
    let mut n = call;
    while let Some(p) = n.parent() {
        let through = match p.kind_str() {
            "parenthesized_expression" | "boolean_operator" | "tuple" | "expression_list" => true,
            // Not the condition.
            "conditional_expression" => p.named_child(1).is_none_or(|c| c.id() != n.id()),
            _ => false,
        };
        if !through {
            break;
        }
        n = p;
    }
    n
}

/// Wrappers whose `close()` closes the file they are given.
const OWNING_WRAPPERS: &[&str] = &[
    "contextlib.closing",
    "io.TextIOWrapper",
    "io.BufferedReader",
    "io.BufferedWriter",
    "io.BufferedRandom",
    "io.BufferedRWPair",
];

/// Methods that register a context manager to be exited later:
/// `ExitStack.enter_context()`, `unittest.TestCase.enterContext()`.
const ENTER_METHODS: &[&str] = &[
    "enterContext",
    "enterClassContext",
    "enterAsyncContext",
    "enterModuleContext",
];

/// Whether something else owns the file: a `with` item (possibly one branch of
/// a conditional), the caller (`return`), `ExitStack.enter_context()`,
/// `TestCase.enterContext()`, an owning wrapper (`closing()`,
/// `io.TextIOWrapper()`), an `__enter__` method, an object with a
/// `close()`/`__exit__`, a `try`/`finally` that closes it, or an immediate
/// `.close()`.
fn is_managed(call: Node, ctx: &Context) -> bool {
    let expr = outer_expression(call);
    let Some(parent) = expr.parent() else { return false };
    // `open(p, "w").close()`: created and closed at once.
    if parent.kind_str() == "attribute"
        && parent.field("object").is_some_and(|o| o.id() == expr.id())
        && parent
            .field("attribute")
            .is_some_and(|a| ctx.text_of(a) == "close")
        && parent.parent().is_some_and(|c| {
            c.kind_str() == "call" && c.field("function").is_some_and(|f| f.id() == parent.id())
        })
    {
        return true;
    }
    let holder = value_holder(call);
    if let Some(p) = holder.parent() {
        match p.kind_str() {
            "with_item" | "return_statement" | "yield" => return true,
            "as_pattern" if p.parent().is_some_and(|w| w.kind_str() == "with_item") => return true,
            _ => {}
        }
    }
    if parent.kind_str() == "argument_list" {
        if let Some(outer) = parent.parent() {
            let function = outer.field("function");
            let f = function.map_or("", |f| ctx.text_of(f));
            let method = f.rsplit('.').next().unwrap_or(f);
            let owning = ctx
                .qualified(outer)
                .is_some_and(|q| OWNING_WRAPPERS.contains(&q.as_str()));
            if owning
                || f.ends_with("enter_context")
                || f.ends_with("push_async_exit")
                || ENTER_METHODS.contains(&method)
            {
                return true;
            }
            // `with codecs.getreader("utf-8")(open(p, "rb")) as f:`: the wrapper closes it.
            let outer = outer_expression(outer);
            let in_with = outer.parent().is_some_and(|p| {
                p.kind_str() == "with_item"
                    || p.kind_str() == "as_pattern" && p.parent().is_some_and(|w| w.kind_str() == "with_item")
            });
            if in_with {
                return true;
            }
        }
    }
    let function = util::enclosing_function(call);
    if let Some(def) = function.filter(|d| d.kind_str() == "function_definition") {
        let name = def.field("name").map_or("", |n| ctx.text_of(n));
        if matches!(name, "__enter__" | "__aenter__") {
            return true;
        }
    }
    if parent.kind_str() != "assignment" {
        return false;
    }
    let Some(target) = parent.field("left") else {
        return false;
    };
    match target.kind_str() {
        // `self.stream = open(...)` in a class that closes it.
        "attribute" => {
            let Some(def) = function else { return false };
            common::enclosing_class(def).is_some_and(|class| class_closes(class, ctx))
        }
        "identifier" => {
            let name = ctx.text_of(target);
            let scope = function
                .and_then(|d| d.field("body"))
                .or_else(|| top_level_statement(call));
            let Some(scope) = scope else { return false };
            closed_in_finally(parent, name, ctx) || handed_on(scope, name, ctx)
        }
        _ => false,
    }
}

fn top_level_statement(node: Node) -> Option<Node> {
    let mut n = node;
    loop {
        let p = n.parent()?;
        if p.kind_str() == "module" {
            return Some(n);
        }
        n = p;
    }
}

/// A class that defines `close`, `__exit__`, `__aexit__` or `__del__`.
fn class_closes(class: Node, ctx: &Context) -> bool {
    let Some(body) = class.field("body") else {
        return false;
    };
    common::named_children(body).into_iter().any(|c| {
        let def = if c.kind_str() == "decorated_definition" {
            c.field("definition")
        } else {
            Some(c)
        };
        def.filter(|d| d.kind_str() == "function_definition")
            .and_then(|d| d.field("name"))
            .is_some_and(|n| matches!(ctx.text_of(n), "close" | "__exit__" | "__aexit__" | "__del__"))
    })
}

/// `f = open(...)` inside a `try` whose `finally` calls `f.close()`, or right
/// before such a `try`.
fn closed_in_finally(assignment: Node, name: &str, ctx: &Context) -> bool {
    let closes = |finally: Node| {
        let mut found = false;
        preorder(finally, |n| {
            if is_close_call(n, name, ctx) {
                found = true;
            }
            !found
        });
        found
    };
    fn finally_of(try_stmt: Node) -> Option<Node> {
        common::named_children(try_stmt)
            .into_iter()
            .find(|c| c.kind_str() == "finally_clause")
    }
    // Inside the try body.
    let mut n = assignment;
    while let Some(p) = n.parent() {
        if common::is_scope(p) {
            break;
        }
        if p.kind_str() == "try_statement"
            && p.field("body").is_some_and(|b| b.id() == n.id())
            && finally_of(p).is_some_and(closes)
        {
            return true;
        }
        n = p;
    }
    // Right before it.
    let statement = assignment
        .parent()
        .filter(|p| p.kind_str() == "expression_statement");
    let mut next = statement.and_then(|s| s.next_sibling());
    while let Some(s) = next.filter(|s| s.kind_str() == "comment") {
        next = s.next_sibling();
    }
    next.filter(|s| s.kind_str() == "try_statement")
        .and_then(finally_of)
        .is_some_and(closes)
}

/// `name.close()`.
fn is_close_call(n: Node, name: &str, ctx: &Context) -> bool {
    if n.kind_str() != "call" {
        return false;
    }
    let Some(f) = n.field("function").filter(|f| f.kind_str() == "attribute") else {
        return false;
    };
    f.field("attribute").is_some_and(|a| ctx.text_of(a) == "close")
        && f.field("object")
            .is_some_and(|o| o.kind_str() == "identifier" && ctx.text_of(o) == name)
}

/// The file object is returned to the caller, or later managed by `with f:`.
fn handed_on(scope: Node, name: &str, ctx: &Context) -> bool {
    let mut found = false;
    common::scope_preorder(scope, |n| {
        let value = match n.kind_str() {
            "return_statement" => n.named_child(0),
            "with_item" => n.field("value"),
            _ => None,
        };
        if value.is_some_and(|v| {
            let v = common::unparen(v);
            v.kind_str() == "identifier" && ctx.text_of(v) == name
                || v.kind_str() == "as_pattern"
                    && v.named_child(0)
                        .is_some_and(|x| x.kind_str() == "identifier" && ctx.text_of(x) == name)
        }) {
            found = true;
        }
    });
    found
}

/// `f = open(...)` ... `f.close()` in the same block → `with open(...) as f:`.
fn with_fix(call: Node, ctx: &Context) -> Option<Fix> {
    let text = ctx.text;
    let assignment = call.parent().filter(|p| p.kind_str() == "assignment")?;
    let target = assignment
        .field("left")
        .filter(|l| l.kind_str() == "identifier")?;
    let name = ctx.text_of(target);
    let statement = assignment
        .parent()
        .filter(|p| p.kind_str() == "expression_statement")?;
    if common::named_children(statement).len() != 1 {
        return None;
    }
    // Inside a function or other block: at the top level the statements
    // involved could lie beyond what one rule may look at.
    let block = statement.parent().filter(|p| p.kind_str() == "block")?;
    if !common::alone_on_lines(statement, text) {
        return None;
    }
    let siblings: Vec<Node> = {
        let mut cursor = block.walk();
        block.named_children(&mut cursor).collect()
    };
    let at = siblings.iter().position(|s| s.id() == statement.id())?;
    let close_at = siblings.iter().enumerate().skip(at + 1).find_map(|(i, s)| {
        (s.kind_str() == "expression_statement"
            && s.named_child_count() == 1
            && s.named_child(0).is_some_and(|c| is_close_call(c, name, ctx))
            && c_has_no_args(*s))
        .then_some(i)
    })?;
    let close = siblings.get(close_at)?;
    if !common::alone_on_lines(*close, text) {
        return None;
    }
    let between = siblings.get(at + 1..close_at)?;
    if !between.iter().any(|s| s.kind_str() != "comment") {
        return None;
    }
    // The file must not be used after it is closed, nor rebound in between, and
    // no multi-line string may be re-indented.
    for s in siblings.iter().skip(close_at + 1) {
        if mentions(*s, name, ctx) {
            return None;
        }
    }
    for s in between {
        let mut blocked = false;
        preorder(*s, |n| {
            if n.kind_str() == "string" && n.start_position().row != n.end_position().row {
                blocked = true;
            }
            if n.kind_str() == "assignment"
                && n.field("left")
                    .is_some_and(|l| l.kind_str() == "identifier" && ctx.text_of(l) == name)
            {
                blocked = true;
            }
            !blocked
        });
        if blocked {
            return None;
        }
    }
    let indent = &text[common::line_start(text, statement.start_byte())..statement.start_byte()];
    let unit = if indent.contains('\t') { "\t" } else { "    " };
    let mut edits = vec![Edit::replace(
        ctx.range(statement),
        format!("with {} as {name}:", ctx.text_of(call)),
    )];
    let mut line = common::next_line_start(text, statement.end_byte());
    let close_line = common::line_start(text, close.start_byte());
    while line < close_line {
        let end = common::next_line_start(text, line);
        if !text[line..end].trim().is_empty() {
            edits.push(Edit::insert(line, unit));
        }
        line = end;
    }
    edits.push(Edit::delete(TextRange::new(
        close_line,
        common::next_line_start(text, close.end_byte()),
    )));
    Some(Fix::new(
        Applicability::Unsafe,
        format!("Open the file in a `with` block as `{name}`"),
        edits,
    ))
}

fn c_has_no_args(statement: Node) -> bool {
    statement
        .named_child(0)
        .and_then(|c| c.field("arguments"))
        .is_some_and(|a| common::named_children(a).is_empty())
}

/// Whether `name` appears as an identifier in `node`.
fn mentions(node: Node, name: &str, ctx: &Context) -> bool {
    let mut found = false;
    preorder(node, |n| {
        if n.kind_str() == "identifier" && ctx.text_of(n) == name {
            found = true;
        }
        !found
    });
    found
}
