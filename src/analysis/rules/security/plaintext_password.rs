//! PG304 plaintext-password: a password compared with `==`/`!=`, or stored
//! in an ORM model that is then saved.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common;
use crate::analysis::walk::preorder;
use crate::analysis::{Context, Hit};

pub struct PlaintextPassword;

const PASSWORD_WORDS: &[&str] = &["password", "passwd", "pwd"];

/// Text in an operand that says a hash or a checker is involved.
const HASH_MARKERS: &[&str] = &["hash", "digest", "crypt", "hmac", "pbkdf", "argon", "scrypt"];

/// Words of a name that mark the second entry of a confirmation field.
const CONFIRM_MARKERS: &[&str] = &[
    "confirm",
    "confirmation",
    "repeat",
    "again",
    "retype",
    "verify",
    "verification",
];

const DJANGO_WRITES: &[&str] = &["create", "get_or_create", "update_or_create", "update"];

impl super::Rule for PlaintextPassword {
    fn name(&self) -> &'static str {
        "plaintext-password"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["comparison_operator", "keyword_argument", "assignment"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let flagged = match node.kind_str() {
            "comparison_operator" => compares_password(node, ctx),
            "keyword_argument" => stores_by_keyword(node, ctx),
            "assignment" => stores_by_attribute(node, ctx),
            _ => false,
        };
        if flagged {
            out.push(Hit::new(ctx.range(node)));
        }
    }
}

/// The name an operand is known by: `password`, `user.password`,
/// `form.password.data`, `request.form["password"]`.
fn operand_name(node: Node, ctx: &Context) -> Option<String> {
    let node = common::unparen(node);
    match node.kind_str() {
        "identifier" => Some(ctx.text_of(node).to_string()),
        "attribute" => {
            let attr = ctx.text_of(node.field("attribute")?);
            if matches!(attr, "data" | "value") {
                return operand_name(node.field("object")?, ctx);
            }
            Some(attr.to_string())
        }
        "subscript" => common::string_value(node.field("subscript")?, ctx),
        _ => None,
    }
}

fn password_operand(node: Node, ctx: &Context) -> Option<String> {
    operand_name(node, ctx).filter(|n| common::is_password_name(n))
}

fn compares_password(node: Node, ctx: &Context) -> bool {
    // Tests may check what was stored; the rule is about the code under test.
    if node.parent().is_some_and(|p| p.kind_str() == "assert_statement") {
        return false;
    }
    let mut cursor = node.walk();
    let children: Vec<Node> = node.children(&mut cursor).collect();
    for (i, op) in children.iter().enumerate() {
        if !matches!(op.kind_str(), "==" | "!=") {
            continue;
        }
        let (Some(left), Some(right)) = (
            i.checked_sub(1).and_then(|j| children.get(j)),
            children.get(i + 1),
        ) else {
            continue;
        };
        let (ln, rn) = (password_operand(*left, ctx), password_operand(*right, ctx));
        let other = match (&ln, &rn) {
            (Some(_), _) => *right,
            (None, Some(_)) => *left,
            (None, None) => continue,
        };
        if is_trivial(other, ctx) {
            continue;
        }
        let texts = [
            ctx.text_of(*left).to_ascii_lowercase(),
            ctx.text_of(*right).to_ascii_lowercase(),
        ];
        if texts.iter().any(|t| HASH_MARKERS.iter().any(|m| t.contains(m))) {
            continue;
        }
        let words: Vec<Vec<String>> = texts.iter().map(|t| common::words(t)).collect();
        if words
            .iter()
            .any(|ws| ws.iter().any(|w| CONFIRM_MARKERS.contains(&w.as_str())))
        {
            continue;
        }
        // `password1 != password2` (Django's confirmation pair), `new_password == old_password`.
        if let (Some(a), Some(b)) = (&ln, &rn) {
            let ends_digit = |s: &str| s.ends_with(|c: char| c.is_ascii_digit());
            if ends_digit(a) && ends_digit(b) {
                continue;
            }
            let has = |s: &str, w: &[&str]| common::words(s).iter().any(|x| w.contains(&x.as_str()));
            let old = ["old", "current", "previous"];
            if (has(a, &["new"]) && has(b, &old)) || (has(b, &["new"]) && has(a, &old)) {
                continue;
            }
        }
        return true;
    }
    false
}

/// `None`, `""`, numbers, booleans: checks for presence or length, not a match.
fn is_trivial(node: Node, ctx: &Context) -> bool {
    let node = common::unparen(node);
    match node.kind_str() {
        "none" | "true" | "false" | "integer" | "float" => true,
        "string" | "concatenated_string" => common::string_value(node, ctx).is_some_and(|s| s.is_empty()),
        _ => false,
    }
}

/// A bare password-named value (not the result of a call, which may hash it).
fn is_plain_password_value(node: Node, ctx: &Context) -> bool {
    matches!(
        common::unparen(node).kind_str(),
        "identifier" | "attribute" | "subscript"
    ) && password_operand(node, ctx).is_some()
}

/// `User(password=pw)` that is saved, or `User.objects.create(password=pw)`.
fn stores_by_keyword(node: Node, ctx: &Context) -> bool {
    let (Some(name), Some(value)) = (node.field("name"), node.field("value")) else {
        return false;
    };
    if !PASSWORD_WORDS.contains(&ctx.text_of(name)) || !is_plain_password_value(value, ctx) {
        return false;
    }
    let Some(call) = node.parent().and_then(|p| p.parent()) else {
        return false;
    };
    if call.kind_str() != "call" {
        return false;
    }
    let Some(function) = call.field("function") else {
        return false;
    };
    // Django: `User.objects.create(password=...)` stores the text as given.
    if let Some((method, receiver)) = common::method_call(call, ctx) {
        let on_manager = receiver.kind_str() == "attribute"
            && receiver
                .field("attribute")
                .is_some_and(|a| ctx.text_of(a) == "objects");
        if on_manager && DJANGO_WRITES.contains(&method) {
            return true;
        }
    }
    // A model constructor: `User(...)`, `models.User(...)`.
    let class_name = match function.kind_str() {
        "identifier" => ctx.text_of(function),
        "attribute" => function.field("attribute").map_or("", |a| ctx.text_of(a)),
        _ => return false,
    };
    let capitalised = class_name.starts_with(|c: char| c.is_ascii_uppercase())
        && class_name.chars().any(|c| c.is_ascii_lowercase());
    if !capitalised {
        return false;
    }
    is_saved(call, ctx)
}

/// Whether a model instance built by `call` is saved: `session.add(User(...))`,
/// `User(...).save()`, or `user = User(...)` followed in the same block by
/// `session.add(user)` / `user.save()`.
fn is_saved(call: Node, ctx: &Context) -> bool {
    let Some(parent) = call.parent() else { return false };
    match parent.kind_str() {
        "argument_list" => parent
            .parent()
            .and_then(|outer| common::method_call(outer, ctx))
            .is_some_and(|(m, _)| matches!(m, "add" | "add_all")),
        "list" => parent
            .parent()
            .filter(|p| p.kind_str() == "argument_list")
            .and_then(|p| p.parent())
            .and_then(|outer| common::method_call(outer, ctx))
            .is_some_and(|(m, _)| m == "add_all"),
        "attribute" => parent
            .field("attribute")
            .is_some_and(|a| ctx.text_of(a) == "save"),
        "assignment" => {
            let Some(target) = parent.field("left") else {
                return false;
            };
            if target.kind_str() != "identifier" {
                return false;
            }
            saved_later(parent, ctx.text_of(target), false, ctx)
        }
        _ => false,
    }
}

/// `user.password = pw` followed in the same block by `user.save()`,
/// `session.add(user)` or `session.commit()`.
fn stores_by_attribute(node: Node, ctx: &Context) -> bool {
    let (Some(left), Some(right)) = (node.field("left"), node.field("right")) else {
        return false;
    };
    if left.kind_str() != "attribute" || !is_plain_password_value(right, ctx) {
        return false;
    }
    let (Some(object), Some(attr)) = (left.field("object"), left.field("attribute")) else {
        return false;
    };
    if object.kind_str() != "identifier" || !PASSWORD_WORDS.contains(&ctx.text_of(attr)) {
        return false;
    }
    saved_later(node, ctx.text_of(object), true, ctx)
}

/// Whether a statement after the one holding `assignment`, in the same block,
/// saves the object named `name`.
fn saved_later(assignment: Node, name: &str, commit_counts: bool, ctx: &Context) -> bool {
    let Some(statement) = assignment
        .parent()
        .filter(|p| p.kind_str() == "expression_statement")
    else {
        return false;
    };
    // At the top level only the next statement may be read (results are cached per statement).
    let top_level = statement.parent().is_some_and(|p| p.kind_str() == "module");
    let mut next = statement.next_sibling();
    while let Some(s) = next {
        if s.kind_str() == "comment" {
            next = s.next_sibling();
            continue;
        }
        let mut found = false;
        preorder(s, |n| {
            if found
                || matches!(
                    n.kind_str(),
                    "function_definition" | "class_definition" | "lambda"
                )
            {
                return false;
            }
            if n.kind_str() == "call" {
                if let Some((method, receiver)) = common::method_call(n, ctx) {
                    let on_name = receiver.kind_str() == "identifier" && ctx.text_of(receiver) == name;
                    let args = common::arguments(n);
                    let first_is_name = args
                        .first()
                        .is_some_and(|a| a.kind_str() == "identifier" && ctx.text_of(*a) == name);
                    found = (method == "save" && on_name)
                        || (method == "add" && first_is_name)
                        || (commit_counts && method == "commit" && args.is_empty());
                }
            }
            !found
        });
        if found {
            return true;
        }
        if top_level {
            return false;
        }
        next = s.next_sibling();
    }
    false
}
