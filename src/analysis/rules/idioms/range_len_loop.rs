//! PG611 range-len-loop: `for i in range(len(xs)):` that reads `xs[i]`.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common::{mentions, rebinds, same_text};
use crate::analysis::rules::util::{enclosing_function, positional_arguments};
use crate::analysis::walk::preorder;
use crate::analysis::{Applicability, Context, Edit, Fix, Hit};

pub struct RangeLenLoop;

const MUTATING: &[&str] = &[
    "append",
    "extend",
    "insert",
    "pop",
    "remove",
    "clear",
    "sort",
    "reverse",
    "__setitem__",
    "__delitem__",
];

impl super::Rule for RangeLenLoop {
    fn name(&self) -> &'static str {
        "range-len-loop"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["for_statement"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let (Some(target), Some(iterable), Some(body)) =
            (node.field("left"), node.field("right"), node.field("body"))
        else {
            return;
        };
        if target.kind_str() != "identifier" || node.child(0).is_some_and(|c| c.kind_str() == "async") {
            return;
        }
        let Some(seq) = range_len_argument(iterable, ctx) else {
            return;
        };
        if !is_plain_reference(seq) {
            return;
        }
        let index = ctx.text_of(target);
        // Every subscript of the sequence: `xs[i]` reads, or anything else.
        let mut reads = Vec::new();
        let mut other_index = false;
        let mut written = false;
        preorder(body, |n| {
            if n.kind_str() == "subscript" && n.field("value").is_some_and(|v| same_text(v, seq, ctx)) {
                let mut cursor = n.walk();
                let indices: Vec<Node> = n.children_by_field_name("subscript", &mut cursor).collect();
                let direct = matches!(indices.as_slice(), [i] if i.kind_str() == "identifier" && ctx.text_of(*i) == index);
                if direct {
                    if is_written(n) {
                        written = true;
                    } else {
                        reads.push(n);
                    }
                } else if indices.iter().any(|i| mentions(*i, index, ctx)) {
                    other_index = true;
                } else if is_written(n) {
                    written = true;
                }
            }
            true
        });
        if reads.is_empty() || other_index {
            return;
        }
        let mut hit = Hit::new(ctx.range(iterable));
        if !written {
            if let Some(fix) = enumerate_fix(node, target, iterable, seq, body, &reads, ctx) {
                hit = hit.with_fix(fix);
            }
        }
        out.push(hit);
    }
}

/// `xs` in `range(len(xs))` (builtins, one argument each).
fn range_len_argument<'t>(iterable: Node<'t>, ctx: &Context) -> Option<Node<'t>> {
    if iterable.kind_str() != "call" || ctx.qualified(iterable).as_deref() != Some("builtins.range") {
        return None;
    }
    let [len_call] = positional_arguments(iterable)[..] else {
        return None;
    };
    if iterable.field("arguments")?.named_child_count() != 1 {
        return None;
    }
    if len_call.kind_str() != "call" || ctx.qualified(len_call).as_deref() != Some("builtins.len") {
        return None;
    }
    let [seq] = positional_arguments(len_call)[..] else {
        return None;
    };
    if len_call.field("arguments")?.named_child_count() != 1 {
        return None;
    }
    Some(seq)
}

/// A name or a chain of attributes (`xs`, `self.items`): reading it twice gives the same object.
fn is_plain_reference(node: Node) -> bool {
    match node.kind_str() {
        "identifier" => true,
        "attribute" => node.field("object").is_some_and(is_plain_reference),
        _ => false,
    }
}

/// An assignment, augmented assignment or `del` target.
fn is_written(subscript: Node) -> bool {
    let mut child = subscript;
    let mut n = subscript.parent();
    while let Some(p) = n {
        match p.kind_str() {
            "assignment" | "augmented_assignment" => return p.field("left") == Some(child),
            "delete_statement" => return true,
            "pattern_list" | "tuple_pattern" | "list_pattern" | "expression_list" | "tuple" | "list" => {}
            "for_statement" | "for_in_clause" => return p.field("left") == Some(child),
            _ => return false,
        }
        child = p;
        n = p.parent();
    }
    false
}

#[allow(clippy::too_many_arguments)]
fn enumerate_fix(
    lp: Node,
    target: Node,
    iterable: Node,
    seq: Node,
    body: Node,
    reads: &[Node],
    ctx: &Context,
) -> Option<Fix> {
    if ctx.imports.resolve_name("enumerate").as_deref() != Some("builtins.enumerate") {
        return None;
    }
    let index = ctx.text_of(target);
    let seq_root = root_name(seq, ctx)?;
    // The index and the sequence must keep their meaning through the body.
    if rebinds(body, index, ctx) || rebinds(body, seq_root, ctx) || mutates(body, seq, ctx) {
        return None;
    }
    let item = item_name(lp, seq, ctx)?;
    let mut edits = vec![
        Edit::replace(ctx.range(target), format!("{index}, {item}")),
        Edit::replace(ctx.range(iterable), format!("enumerate({})", ctx.text_of(seq))),
    ];
    edits.extend(reads.iter().map(|r| Edit::replace(ctx.range(*r), item.clone())));
    Some(Fix::new(
        Applicability::Unsafe,
        format!("Loop over `enumerate({})`", ctx.text_of(seq)),
        edits,
    ))
}

fn root_name<'a>(node: Node, ctx: &Context<'a>) -> Option<&'a str> {
    match node.kind_str() {
        "identifier" => Some(ctx.text_of(node)),
        "attribute" => root_name(node.field("object")?, ctx),
        _ => None,
    }
}

/// `xs.append(...)` and other in-place list methods on the sequence.
fn mutates(body: Node, seq: Node, ctx: &Context) -> bool {
    let mut found = false;
    preorder(body, |n| {
        if found {
            return false;
        }
        if n.kind_str() == "attribute"
            && n.field("object").is_some_and(|o| same_text(o, seq, ctx))
            && n.field("attribute")
                .is_some_and(|a| MUTATING.contains(&ctx.text_of(a)))
        {
            found = true;
        }
        true
    });
    found
}

/// A name for the item: the singular of the sequence's name (`names` →
/// `name`), else `item`; never one already used in the function.
fn item_name(lp: Node, seq: Node, ctx: &Context) -> Option<String> {
    let last = match seq.kind_str() {
        "identifier" => ctx.text_of(seq),
        "attribute" => ctx.text_of(seq.field("attribute")?),
        _ => return None,
    };
    let mut candidates = Vec::new();
    if let Some(stem) = last.strip_suffix('s') {
        if stem.len() > 1
            && !stem.ends_with('s')
            && stem.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            candidates.push(stem.to_string());
        }
    }
    candidates.push("item".to_string());
    // Outside functions the new name is a module global: check the neighbours too.
    let scopes: Vec<Node> = match enclosing_function(lp) {
        Some(f) => vec![f],
        None => {
            let top = super::common::top_level_statement(lp);
            [top.prev_named_sibling(), Some(top), top.next_named_sibling()]
                .into_iter()
                .flatten()
                .collect()
        }
    };
    candidates.into_iter().find(|c| {
        !scopes.iter().any(|s| mentions(*s, c, ctx))
            && !crate::analysis::imports::is_builtin(c)
            && ctx.imports.resolve_name(c).is_none()
            && !ctx.module.functions.contains(c)
            && !ctx.module.classes.contains(c)
            && !is_keyword(c)
    })
}

fn is_keyword(name: &str) -> bool {
    matches!(
        name,
        "False"
            | "None"
            | "True"
            | "and"
            | "as"
            | "assert"
            | "async"
            | "await"
            | "break"
            | "class"
            | "continue"
            | "def"
            | "del"
            | "elif"
            | "else"
            | "except"
            | "finally"
            | "for"
            | "from"
            | "global"
            | "if"
            | "import"
            | "in"
            | "is"
            | "lambda"
            | "nonlocal"
            | "not"
            | "or"
            | "pass"
            | "raise"
            | "return"
            | "try"
            | "while"
            | "with"
            | "yield"
            | "match"
            | "case"
            | "type"
    )
}
