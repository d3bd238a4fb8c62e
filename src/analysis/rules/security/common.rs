//! Helpers private to the security rules: string-building shapes, argument
//! edits, identifier words and the statement neighbourhood a rule may read.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use crate::analysis::rules::util;
use crate::analysis::{Context, Edit};
use crate::text::TextRange;

/// Calls whose result cannot carry SQL or shell syntax.
const SAFE_CALLS: &[&str] = &[
    "shlex.quote",
    "shlex.join",
    "builtins.int",
    "builtins.float",
    "builtins.len",
];

/// Whether `node` is a constant, or a value that cannot change the syntax of
/// the text it is pasted into: a string without (non-constant) replacement
/// fields, a number, `True`/`False`/`None`, an ALL_CAPS constant name,
/// `int(...)`, `shlex.quote(...)`, or a tuple/list of those.
pub fn is_literal(node: Node, ctx: &Context) -> bool {
    match node.kind_str() {
        "call" => {
            ctx.qualified(node)
                .is_some_and(|q| SAFE_CALLS.contains(&q.as_str()))
                || is_placeholder_join(node, ctx)
        }
        "string" => !has_dynamic_field(node, ctx),
        "identifier" => {
            let name = ctx.text_of(node);
            let lower = name.to_ascii_lowercase();
            is_constant_name(name) || lower.contains("placeholder") || lower.contains("qmarks")
        }
        "attribute" => node
            .field("attribute")
            .is_some_and(|a| is_constant_name(ctx.text_of(a))),
        "concatenated_string" => named_children(node).iter().all(|c| is_literal(*c, ctx)),
        "integer" | "float" | "true" | "false" | "none" => true,
        "unary_operator" => node.field("argument").is_some_and(|a| is_literal(a, ctx)),
        "parenthesized_expression" | "tuple" | "list" => named_children(node)
            .iter()
            .filter(|c| c.kind_str() != "comment")
            .all(|c| is_literal(*c, ctx)),
        _ => false,
    }
}

/// `", ".join("?" * len(ids))`, `",".join(["%s"] * n)`: a list of SQL
/// placeholders, whose text never holds a value.
fn is_placeholder_join(call: Node, ctx: &Context) -> bool {
    let Some(function) = call.field("function").filter(|f| f.kind_str() == "attribute") else {
        return false;
    };
    let is_join = function
        .field("attribute")
        .is_some_and(|a| ctx.text_of(a) == "join");
    let on_string = function
        .field("object")
        .is_some_and(|o| string_value(o, ctx).is_some());
    let Some(args) = call.field("arguments") else {
        return false;
    };
    if !is_join || !on_string {
        return false;
    }
    let mut strings = 0;
    let mut only_placeholders = true;
    crate::analysis::walk::preorder(args, |n| {
        if n.kind_str() == "string" {
            strings += 1;
            let value = util::plain_string(n, ctx.text).unwrap_or("x");
            let stripped: String = value.chars().filter(|c| !matches!(c, ',' | ' ')).collect();
            only_placeholders &= stripped == "?" || stripped == "%s";
            return false;
        }
        true
    });
    strings > 0 && only_placeholders
}

/// `TABLE`, `MAX_ROWS`: a name written as a constant.
fn is_constant_name(name: &str) -> bool {
    name.chars().any(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// An f-string (or a concatenation holding one) with a `{...}` field whose
/// expression is not a constant.
pub fn has_dynamic_field(node: Node, ctx: &Context) -> bool {
    match node.kind_str() {
        "string" => named_children(node).iter().any(|c| {
            c.kind_str() == "interpolation" && c.field("expression").is_none_or(|e| !is_literal(e, ctx))
        }),
        "concatenated_string" => named_children(node).iter().any(|c| has_dynamic_field(*c, ctx)),
        _ => false,
    }
}

fn is_string(node: Node) -> bool {
    matches!(node.kind_str(), "string" | "concatenated_string")
}

/// A text built at run time from string pieces and non-constant values: an
/// f-string with fields, `"..." % value`, `"...".format(value)`, or a `+`
/// concatenation of a string literal with something that is not a literal.
/// On success, returns the literal string pieces (to judge what the text is).
pub fn dynamic_string<'t>(node: Node<'t>, ctx: &Context) -> Option<Vec<Node<'t>>> {
    match node.kind_str() {
        "parenthesized_expression" => dynamic_string(node.named_child(0)?, ctx),
        "string" | "concatenated_string" => has_dynamic_field(node, ctx).then(|| vec![node]),
        "binary_operator" => {
            let op = node.field("operator")?;
            match op.kind_str() {
                "%" => {
                    let left = unparen(node.field("left")?);
                    let right = node.field("right")?;
                    (is_string(left) && !is_literal(right, ctx)).then(|| vec![left])
                }
                "+" => {
                    let mut parts = Vec::new();
                    flatten_plus(node, &mut parts);
                    let strings: Vec<Node> = parts.iter().copied().filter(|p| is_string(*p)).collect();
                    let dynamic = parts.iter().any(|p| !is_literal(*p, ctx));
                    (!strings.is_empty() && dynamic).then_some(strings)
                }
                _ => None,
            }
        }
        "call" => {
            let function = node.field("function")?;
            if function.kind_str() != "attribute" {
                return None;
            }
            let attr = function.field("attribute")?;
            let object = unparen(function.field("object")?);
            if ctx.text_of(attr) != "format" || !is_string(object) {
                return None;
            }
            let args = node.field("arguments")?;
            let all_literal = named_children(args).iter().all(|a| match a.kind_str() {
                "keyword_argument" => a.field("value").is_some_and(|v| is_literal(v, ctx)),
                "comment" => true,
                _ => is_literal(*a, ctx),
            });
            (!all_literal).then(|| vec![object])
        }
        _ => None,
    }
}

fn flatten_plus<'t>(node: Node<'t>, out: &mut Vec<Node<'t>>) {
    let node = unparen(node);
    let is_plus =
        node.kind_str() == "binary_operator" && node.field("operator").is_some_and(|o| o.kind_str() == "+");
    if is_plus {
        if let (Some(l), Some(r)) = (node.field("left"), node.field("right")) {
            flatten_plus(l, out);
            flatten_plus(r, out);
            return;
        }
    }
    out.push(node);
}

/// `node` without surrounding parentheses.
pub fn unparen(mut node: Node) -> Node {
    while node.kind_str() == "parenthesized_expression" {
        match node.named_child(0) {
            Some(inner) if inner.kind_str() != "comment" => node = inner,
            _ => break,
        }
    }
    node
}

/// The text of the literal parts of string nodes (f-string fields left out).
pub fn literal_text(strings: &[Node], ctx: &Context) -> String {
    let mut out = String::new();
    for s in strings {
        crate::analysis::walk::preorder(*s, |n| {
            if n.kind_str() == "string_content" {
                out.push_str(ctx.text_of(n));
                out.push(' ');
            }
            n.kind_str() != "interpolation"
        });
    }
    out
}

/// The value of a plain string literal, or of an implicit concatenation of them.
pub fn string_value(node: Node, ctx: &Context) -> Option<String> {
    let node = unparen(node);
    match node.kind_str() {
        "string" => util::plain_string(node, ctx.text).map(str::to_string),
        "concatenated_string" => {
            let mut out = String::new();
            for c in named_children(node) {
                if c.kind_str() == "comment" {
                    continue;
                }
                out.push_str(util::plain_string(c, ctx.text)?);
            }
            Some(out)
        }
        _ => None,
    }
}

pub fn named_children(node: Node) -> Vec<Node> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).collect()
}

/// The arguments of a call, without comments.
pub fn arguments(call: Node) -> Vec<Node> {
    call.field("arguments")
        .filter(|a| a.kind_str() == "argument_list")
        .map(|a| {
            named_children(a)
                .into_iter()
                .filter(|c| c.kind_str() != "comment")
                .collect()
        })
        .unwrap_or_default()
}

/// Whether a call passes `*args` or `**kwargs`.
pub fn has_splat(call: Node) -> bool {
    arguments(call)
        .iter()
        .any(|a| matches!(a.kind_str(), "list_splat" | "dictionary_splat"))
}

/// Whether a call passes `**kwargs`.
pub fn has_double_splat(call: Node) -> bool {
    arguments(call).iter().any(|a| a.kind_str() == "dictionary_splat")
}

/// The `n`th positional argument, or the keyword argument `name`.
pub fn argument<'t>(call: Node<'t>, n: usize, name: &str, ctx: &Context) -> Option<Node<'t>> {
    util::keyword_argument(call, name, ctx.text).or_else(|| {
        let positional = util::positional_arguments(call);
        // A `*args` before position `n` makes the position unknowable.
        let args = arguments(call);
        let splat_before = args
            .iter()
            .take_while(|a| a.kind_str() != "keyword_argument")
            .take(n + 1)
            .any(|a| a.kind_str() == "list_splat");
        if splat_before {
            return None;
        }
        positional.get(n).copied()
    })
}

/// An edit adding the keyword argument `text` (e.g. `timeout=10`) at the end of
/// a call's argument list.
pub fn add_keyword(call: Node, text: &str) -> Option<Edit> {
    let list = call.field("arguments")?;
    if list.kind_str() != "argument_list" {
        return None;
    }
    let close = list.child(u32::try_from(list.child_count().checked_sub(1)?).ok()?)?;
    if close.kind_str() != ")" || close.is_missing() {
        return None;
    }
    match arguments(call).last() {
        Some(last) => Some(Edit::insert(last.end_byte(), format!(", {text}"))),
        None => Some(Edit::insert(close.start_byte(), text.to_string())),
    }
}

/// An edit removing one argument of a call together with its separating comma.
pub fn remove_argument(call: Node, arg: Node, ctx: &Context) -> Option<Edit> {
    let args = arguments(call);
    let i = args.iter().position(|a| a.id() == arg.id())?;
    let text = ctx.text;
    // Alone on its line (a multi-line call): drop the whole line.
    let line_start = text[..arg.start_byte()].rfind('\n').map_or(0, |p| p + 1);
    let before = &text[line_start..arg.start_byte()];
    let after_end = text[arg.end_byte()..]
        .find('\n')
        .map_or(text.len(), |p| arg.end_byte() + p);
    let after = text[arg.end_byte()..after_end].trim();
    let comma = after.starts_with(',');
    let rest = after.trim_start_matches(',').trim_start();
    if before.trim().is_empty()
        && (rest.is_empty() || rest.starts_with('#'))
        && line_start > call.start_byte()
    {
        let is_last = i + 1 == args.len();
        if comma || is_last {
            let end = (after_end + 1).min(text.len());
            // Removing the last argument of a `f(\n a,\n b\n)` call leaves `a,` which is fine.
            return Some(Edit::delete(TextRange::new(line_start, end)));
        }
    }
    if i > 0 {
        let prev = args.get(i - 1)?;
        return Some(Edit::delete(TextRange::new(prev.end_byte(), arg.end_byte())));
    }
    if let Some(next) = args.get(i + 1) {
        return Some(Edit::delete(TextRange::new(arg.start_byte(), next.start_byte())));
    }
    // The only argument: take a trailing comma with it.
    let mut end = arg.end_byte();
    let rest = &text[end..];
    let trimmed = rest.trim_start();
    if trimmed.starts_with(',') {
        end += rest.len() - trimmed.len() + 1;
    }
    Some(Edit::delete(TextRange::new(arg.start_byte(), end)))
}

/// The words of an identifier or key: `apiKey` and `API_KEY` are `api`, `key`.
pub fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for ch in name.chars() {
        if !ch.is_alphanumeric() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            prev_lower = false;
            continue;
        }
        if ch.is_uppercase() && prev_lower && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        prev_lower = ch.is_lowercase() || ch.is_ascii_digit();
        current.extend(ch.to_lowercase());
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The top-level statement holding `node`.
pub fn top_level_statement(node: Node) -> Option<Node> {
    let mut n = node;
    loop {
        let parent = n.parent()?;
        if parent.kind_str() == "module" && parent.parent().is_none() {
            return Some(n);
        }
        n = parent;
    }
}

/// The top-level statement holding `node` and its neighbours (the previous and
/// next non-comment top-level statements): all a rule may look at.
pub fn neighbourhood(node: Node) -> Vec<Node> {
    let Some(stmt) = top_level_statement(node) else {
        return Vec::new();
    };
    let mut out = vec![stmt];
    let mut prev = stmt.prev_sibling();
    while let Some(p) = prev {
        if p.kind_str() != "comment" {
            out.push(p);
            break;
        }
        prev = p.prev_sibling();
    }
    let mut next = stmt.next_sibling();
    while let Some(n) = next {
        if n.kind_str() != "comment" {
            out.push(n);
            break;
        }
        next = n.next_sibling();
    }
    out
}

/// The method name of a call `x.name(...)` and its receiver `x`.
pub fn method_call<'t>(call: Node<'t>, ctx: &Context<'t>) -> Option<(&'t str, Node<'t>)> {
    let function = call.field("function")?;
    if function.kind_str() != "attribute" {
        return None;
    }
    let attr = function.field("attribute")?;
    let object = function.field("object")?;
    Some((ctx.text_of(attr), object))
}

/// Words that only say which form a value has: `password_bytes`, `pwd_str`.
const FORM_WORDS: &[&str] = &[
    "bytes",
    "str",
    "string",
    "encoded",
    "utf8",
    "text",
    "raw",
    "plain",
    "plaintext",
    "b",
];

/// `password`, `user_password`, `passwd1`, `password_bytes`: a name whose
/// last word (after words that only name a form) is `password`, `passwd` or
/// `pwd`. `password_hash`, `password_reset_token` and `PASSWORD_FIELD` are not.
pub fn is_password_name(name: &str) -> bool {
    let words = words(name);
    let mut meaningful = words
        .iter()
        .rev()
        .skip_while(|w| FORM_WORDS.contains(&w.as_str()));
    meaningful.next().is_some_and(|w| {
        let w = w.trim_end_matches(|c: char| c.is_ascii_digit());
        matches!(w, "password" | "passwd" | "pwd")
    })
}
