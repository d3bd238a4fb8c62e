//! PG212 multiprocessing-main-guard: processes created by module-level code
//! outside `if __name__ == "__main__":`.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common::{
    enclosing_scope, mentions_dunder_name, top_statement, PROCESSES, PROCESS_EXECUTORS, PROCESS_POOLS,
};
use crate::analysis::rules::util::newline;
use crate::analysis::{Applicability, Context, Edit, Fix, Hit};

pub struct MultiprocessingMainGuard;

impl super::Rule for MultiprocessingMainGuard {
    fn name(&self) -> &'static str {
        "multiprocessing-main-guard"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["call"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let Some(q) = ctx.qualified(node) else { return };
        let starts_processes = PROCESSES.contains(&q.as_str())
            || PROCESS_POOLS.contains(&q.as_str())
            || PROCESS_EXECUTORS.contains(&q.as_str());
        if !starts_processes || enclosing_scope(node).is_some() {
            return;
        }
        // Under any `if` about `__name__` (the guard, or its negation's else).
        let mut n = node.parent();
        while let Some(p) = n {
            if p.kind_str() == "if_statement"
                && p.field("condition").is_some_and(|c| mentions_dunder_name(c, ctx))
            {
                return;
            }
            n = p.parent();
        }
        let mut hit = Hit::new(ctx.range(node));
        if let Some(fix) = guard_fix(top_statement(node), ctx) {
            hit = hit.with_fix(fix);
        }
        out.push(hit);
    }
}

/// Wraps the top-level statement in `if __name__ == "__main__":`, when that
/// moves it as a whole: it is alone on its lines, holds no multi-line string
/// (whose content indentation would change), and it is the module's last
/// statement or binds no names later code could use (other than `with ... as`).
fn guard_fix(statement: Node, ctx: &Context) -> Option<Fix> {
    let text = ctx.text;
    let start = statement.start_byte();
    let end = statement.end_byte();
    let line_start = text.get(..start)?.rfind('\n').map_or(0, |i| i + 1);
    if !text.get(line_start..start)?.trim().is_empty() {
        return None;
    }
    let rest_of_line = text.get(end..)?.split('\n').next().unwrap_or("");
    let rest = rest_of_line.trim();
    if !(rest.is_empty() || rest.starts_with('#')) {
        return None;
    }
    let body = text.get(start..end)?;
    if body.replace("\r\n", "").contains('\r') {
        return None;
    }
    let mut multiline_string = false;
    let mut binds = false;
    crate::analysis::walk::preorder(statement, |n| {
        match n.kind_str() {
            "string" | "concatenated_string" if n.start_position().row != n.end_position().row => {
                multiline_string = true
            }
            "assignment"
            | "augmented_assignment"
            | "for_statement"
            | "named_expression"
            | "import_statement"
            | "import_from_statement"
            | "global_statement"
            | "function_definition"
            | "class_definition"
            | "decorated_definition" => binds = true,
            _ => {}
        }
        !matches!(
            n.kind_str(),
            "lambda"
                | "list_comprehension"
                | "set_comprehension"
                | "dictionary_comprehension"
                | "generator_expression"
        )
    });
    if multiline_string {
        return None;
    }
    let is_last = {
        let mut next = statement.next_named_sibling();
        while next.is_some_and(|n| n.kind_str() == "comment") {
            next = next.and_then(|n| n.next_named_sibling());
        }
        next.is_none()
    };
    if binds && !is_last {
        return None;
    }
    let nl = newline(text);
    let mut edits = vec![Edit::insert(
        start,
        format!("if __name__ == \"__main__\":{nl}    "),
    )];
    let mut offset = start;
    while let Some(i) = text.get(offset..end).and_then(|s| s.find('\n')) {
        let line = offset + i + 1;
        if line >= end {
            break;
        }
        let content = text.get(line..).and_then(|s| s.split('\n').next()).unwrap_or("");
        if !content.trim().is_empty() {
            edits.push(Edit::insert(line, "    "));
        }
        offset = line;
    }
    Some(Fix::new(
        Applicability::Unsafe,
        "Move under `if __name__ == \"__main__\":`",
        edits,
    ))
}
