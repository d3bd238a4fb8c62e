//! PG705 pdb-breakpoint: `breakpoint()`, `pdb.set_trace()` left in the code.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use crate::analysis::rules::style::common as shared;
use crate::analysis::{Applicability, Context, Edit, Fix, Hit};
use crate::text::TextRange;

pub struct PdbBreakpoint;

const DEBUGGER_CALLS: &[&str] = &[
    "builtins.breakpoint",
    "pdb.set_trace",
    "pdb.Pdb.set_trace",
    "ipdb.set_trace",
    "pudb.set_trace",
];

const DEBUGGER_MODULES: &[&str] = &["pdb", "ipdb", "pudb"];

impl super::Rule for PdbBreakpoint {
    fn name(&self) -> &'static str {
        "pdb-breakpoint"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["call"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let Some(q) = ctx.qualified(node) else { return };
        if !DEBUGGER_CALLS.contains(&q.as_str()) {
            return;
        }
        // `pdb.Pdb(...).set_trace()` starts a debugger; `pdb.Pdb.set_trace(self, frame)`
        // is a debugger subclass delegating to its base.
        if q == "pdb.Pdb.set_trace" {
            let on_instance = node
                .field("function")
                .and_then(|f| f.field("object"))
                .is_some_and(|o| o.kind_str() == "call");
            if !on_instance {
                return;
            }
        }
        let mut hit = Hit::new(ctx.range(node));
        if let Some(fix) = removal(node, ctx) {
            hit = hit.with_fix(fix);
        }
        out.push(hit);
    }
}

/// Deletes the statement when the call is a whole statement on its own line
/// (together with an `import pdb; ` in front of it on that line); a block left
/// empty gets `pass`.
fn removal(call: Node, ctx: &Context) -> Option<Fix> {
    let statement = call.parent()?;
    if statement.kind_str() != "expression_statement" || statement.named_child_count() != 1 {
        return None;
    }
    let block = statement.parent()?;
    if !matches!(block.kind_str(), "block" | "module") {
        return None;
    }
    let text = ctx.text;
    let mut first = statement;
    // `import pdb; pdb.set_trace()` on one line goes as a whole.
    if let Some(prev) = statement.prev_sibling().filter(|p| p.kind_str() == ";") {
        let import = prev.prev_sibling()?;
        let imported = import.kind_str() == "import_statement"
            && DEBUGGER_MODULES.iter().any(|m| {
                ctx.text_of(import)
                    .strip_prefix("import")
                    .is_some_and(|rest| rest.trim() == *m)
            });
        if !imported {
            return None;
        }
        first = import;
    }
    let line_start = text[..first.start_byte()].rfind('\n').map_or(0, |i| i + 1);
    if !text[line_start..first.start_byte()].trim().is_empty() {
        return None;
    }
    let rest_of_line = &text[statement.end_byte()..];
    let line_len = rest_of_line.find('\n').unwrap_or(rest_of_line.len());
    let trailing = rest_of_line[..line_len].trim();
    if !(trailing.is_empty() || trailing.starts_with('#')) {
        return None;
    }
    let others = shared::children(block)
        .into_iter()
        .any(|s| s.id() != statement.id() && s.id() != first.id());
    let edit = if others || block.kind_str() == "module" {
        let end = (statement.end_byte() + line_len + 1).min(text.len());
        Edit::delete(TextRange::new(line_start, end))
    } else {
        Edit::replace(TextRange::new(first.start_byte(), statement.end_byte()), "pass")
    };
    Some(Fix::new(
        Applicability::Unsafe,
        "Remove the breakpoint",
        vec![edit],
    ))
}
