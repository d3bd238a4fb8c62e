//! PG902 regex-match-none: a match object's method called on a result that may be `None`.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common;
use crate::analysis::rules::style::common as shared;
use crate::analysis::walk::preorder;
use crate::analysis::{Context, Hit};

pub struct RegexMatchNone;

/// Methods of `re.Match`.
const MATCH_METHODS: &[&str] = &["group", "groups", "groupdict", "start", "end", "span", "expand"];

impl super::Rule for RegexMatchNone {
    fn name(&self) -> &'static str {
        "regex-match-none"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["call"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let Some((object, method)) = shared::method_call(node, ctx) else {
            return;
        };
        if !MATCH_METHODS.contains(&method) {
            return;
        }
        // In a test, an AttributeError on a failed match fails the test as it should.
        if shared::in_test_code(node, ctx) {
            return;
        }
        match object.kind_str() {
            // re.search(p, s).group()
            "call" => {
                if let Some(name) = matching_call(object, ctx) {
                    out.push(Hit::new(ctx.range(node)).arg("name", name));
                }
            }
            // m = re.search(p, s) ... m.group()
            "identifier" => {
                if let Some(name) = unchecked_variable(node, object, ctx) {
                    out.push(Hit::new(ctx.range(node)).arg("name", name));
                }
            }
            _ => {}
        }
    }
}

/// `re.search/match/fullmatch(...)` or `<compiled pattern>.search/match/fullmatch(...)`:
/// the name to show.
fn matching_call(call: Node, ctx: &Context) -> Option<String> {
    if let Some(f) = common::re_function(call, ctx) {
        if !matches!(f, "search" | "match" | "fullmatch") || always_matches(call, f, ctx) {
            return None;
        }
        return Some(format!("re.{f}"));
    }
    let (receiver, method) = shared::method_call(call, ctx)?;
    if !matches!(method, "search" | "match" | "fullmatch") {
        return None;
    }
    // The third-party `regex` module behaves like `re`.
    if let Some(module) = ctx.qualified(receiver).filter(|q| q == "regex") {
        return Some(format!("{module}.{method}"));
    }
    let compiled = match receiver.kind_str() {
        "call" => {
            common::re_function(receiver, ctx) == Some("compile")
                && !(method != "fullmatch" && always_matches(receiver, "compile", ctx))
        }
        "identifier" | "attribute" => pattern_name(receiver, ctx) || compiled_in_scope(receiver, call, ctx),
        _ => false,
    };
    compiled.then(|| format!("Pattern.{method}"))
}

/// Names spelled like a compiled pattern: `EMAIL_RE`, `DATE_PATTERN`, `self._regex`.
fn pattern_name(receiver: Node, ctx: &Context) -> bool {
    let name = match receiver.kind_str() {
        "attribute" => receiver.field("attribute").map(|a| ctx.text_of(a)),
        _ => Some(ctx.text_of(receiver)),
    };
    let Some(name) = name else { return false };
    let lower = name.to_ascii_lowercase();
    lower
        .split('_')
        .any(|w| matches!(w, "re" | "regex" | "regexp" | "rx" | "pattern" | "pat"))
}

/// `pat = re.compile(...)` in the same top-level statement or a neighbour.
fn compiled_in_scope(receiver: Node, call: Node, ctx: &Context) -> bool {
    if receiver.kind_str() != "identifier" {
        return false;
    }
    let name = ctx.text_of(receiver);
    let top = shared::top_level(call);
    std::iter::once(top).chain(shared::neighbours(top)).any(|stmt| {
        let mut found = false;
        preorder(stmt, |n| {
            if found {
                return false;
            }
            if n.kind_str() == "assignment"
                && n.field("left").is_some_and(|l| ctx.text_of(l) == name)
                && n.field("right")
                    .is_some_and(|r| common::re_function(r, ctx) == Some("compile"))
            {
                found = true;
            }
            true
        });
        found
    })
}

/// `m.group()` in a statement whose block assigned `m = re.search(...)` earlier
/// with no statement in between mentioning `m` (a check, or any other use).
fn unchecked_variable(use_call: Node, variable: Node, ctx: &Context) -> Option<String> {
    let name = ctx.text_of(variable);
    let statement = shared::statement_of(use_call)?;
    if !matches!(statement.kind_str(), "expression_statement" | "return_statement") {
        return None;
    }
    // Inside the statement, the use must not be guarded (`m.group() if m else None`),
    // and it must be the statement's first mention of `m`.
    let mut n = use_call.parent();
    while let Some(x) = n {
        if x.id() == statement.id() {
            break;
        }
        if matches!(
            x.kind_str(),
            "conditional_expression"
                | "boolean_operator"
                | "lambda"
                | "list_comprehension"
                | "set_comprehension"
                | "dictionary_comprehension"
                | "generator_expression"
        ) {
            return None;
        }
        n = x.parent();
    }
    let mut first_mention = None;
    preorder(statement, |n| {
        if first_mention.is_some() {
            return false;
        }
        if n.kind_str() == "identifier" && ctx.text_of(n) == name {
            first_mention = Some(n.id());
        }
        true
    });
    if first_mention != Some(variable.id()) {
        return None;
    }
    for previous in shared::previous_statements(statement) {
        if let Some(value) = assigned_value(previous, name, ctx) {
            return if value.kind_str() == "call" {
                matching_call(value, ctx)
            } else {
                None
            };
        }
        if shared::mentions(previous, name, ctx) {
            return None;
        }
    }
    None
}

/// `name = value` as a whole statement: the value.
fn assigned_value<'t>(statement: Node<'t>, name: &str, ctx: &Context) -> Option<Node<'t>> {
    if statement.kind_str() != "expression_statement" {
        return None;
    }
    let assignment = statement.named_child(0)?;
    if assignment.kind_str() != "assignment" {
        return None;
    }
    let left = assignment.field("left")?;
    if left.kind_str() != "identifier" || ctx.text_of(left) != name {
        return None;
    }
    assignment.field("right")
}

/// `re.match(r"\s*", s)`: a literal pattern that can match the empty string
/// at the start always matches with `match` and `search`.
fn always_matches(call: Node, function: &str, ctx: &Context) -> bool {
    if function == "fullmatch" {
        return false;
    }
    let pattern = crate::analysis::rules::util::keyword_argument(call, "pattern", ctx.text).or_else(|| {
        crate::analysis::rules::util::positional_arguments(call)
            .first()
            .copied()
    });
    let Some(pattern) = pattern else { return false };
    let Some(text) = common::string_value(pattern, ctx) else {
        return false;
    };
    let chars: Vec<char> = text.chars().collect();
    let mut pos = 0;
    matches!(can_be_empty(&chars, &mut pos), Some(true)) && pos == chars.len()
}

/// Parses an alternation from `pos` until `)` or the end: whether it can match
/// the empty string without looking at the input (`None` when unsure).
fn can_be_empty(p: &[char], pos: &mut usize) -> Option<bool> {
    let mut any_branch = false;
    let mut branch = true;
    while *pos < p.len() {
        let c = p[*pos];
        let atom_empty = match c {
            ')' => break,
            '|' => {
                any_branch |= branch;
                branch = true;
                *pos += 1;
                continue;
            }
            // Anchors that hold at the start of the string.
            '^' => {
                *pos += 1;
                true
            }
            '$' => return None,
            '\\' => {
                let next = *p.get(*pos + 1)?;
                *pos += 2;
                match next {
                    'A' => true,
                    'b' | 'B' | 'Z' | 'z' => return None,
                    '0'..='9' => return None,
                    _ => false,
                }
            }
            '[' => {
                *pos += 1;
                if p.get(*pos) == Some(&'^') {
                    *pos += 1;
                }
                if p.get(*pos) == Some(&']') {
                    *pos += 1;
                }
                while *pos < p.len() && p[*pos] != ']' {
                    if p[*pos] == '\\' {
                        *pos += 1;
                    }
                    *pos += 1;
                }
                if *pos >= p.len() {
                    return None;
                }
                *pos += 1;
                false
            }
            '(' => {
                *pos += 1;
                if p.get(*pos) == Some(&'?') {
                    match p.get(*pos + 1) {
                        Some(':') => *pos += 2,
                        Some('P') if p.get(*pos + 2) == Some(&'<') => {
                            while *pos < p.len() && p[*pos] != '>' {
                                *pos += 1;
                            }
                            *pos += 1;
                        }
                        // Inline flags `(?i)` hold everywhere; lookarounds may fail.
                        Some(f) if f.is_ascii_alphabetic() => {
                            while *pos < p.len() && p[*pos] != ')' {
                                if !(p[*pos].is_ascii_alphabetic() || p[*pos] == '?' || p[*pos] == '-') {
                                    return None;
                                }
                                *pos += 1;
                            }
                            *pos += 1;
                            continue;
                        }
                        _ => return None,
                    }
                }
                let inner = can_be_empty(p, pos)?;
                if p.get(*pos) != Some(&')') {
                    return None;
                }
                *pos += 1;
                inner
            }
            '*' | '+' | '?' | '{' => return None,
            _ => {
                *pos += 1;
                false
            }
        };
        // A quantifier allowing zero repetitions makes any atom optional.
        let optional = match p.get(*pos) {
            Some('*' | '?') => {
                *pos += 1;
                true
            }
            Some('+') => {
                *pos += 1;
                false
            }
            Some('{') => {
                let close = p[*pos..].iter().position(|c| *c == '}')? + *pos;
                let body: String = p[*pos + 1..close].iter().collect();
                *pos = close + 1;
                body.starts_with('0') || body.starts_with(',')
            }
            _ => false,
        };
        // A lazy or possessive suffix.
        if matches!(p.get(*pos), Some('?' | '+')) {
            *pos += 1;
        }
        branch &= atom_empty || optional;
    }
    Some(any_branch || branch)
}

#[cfg(test)]
mod tests {
    use super::can_be_empty;

    fn empty(p: &str) -> bool {
        let chars: Vec<char> = p.chars().collect();
        let mut pos = 0;
        matches!(can_be_empty(&chars, &mut pos), Some(true)) && pos == chars.len()
    }

    #[test]
    fn empty_patterns() {
        assert!(empty(r"^([ \t]*)"));
        assert!(empty(r"^(\s*)(.*)"));
        assert!(empty(r"(?P<indent>\s*)"));
        assert!(empty(r"a*|b"));
        assert!(empty(r"(?i)x?"));
        assert!(empty(r"\d{0,3}"));
        assert!(!empty(r"\d+"));
        assert!(!empty(r#"\w*(?=['"])"#));
        assert!(!empty(r"abc"));
        assert!(!empty(r"^\s*$"));
        assert!(!empty(r"(\d{4})"));
        assert!(!empty(r"[a-z]*\b"));
    }
}
