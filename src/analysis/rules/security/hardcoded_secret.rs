//! PG303 hardcoded-secret: a literal string bound to a secret-looking name.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common;
use crate::analysis::{Context, Hit};

pub struct HardcodedSecret;

const ENV_GETTERS: &[&str] = &["os.getenv", "os.environ.get", "os.environ.setdefault"];

impl super::Rule for HardcodedSecret {
    fn name(&self) -> &'static str {
        "hardcoded-secret"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &[
            "assignment",
            "keyword_argument",
            "pair",
            "default_parameter",
            "typed_default_parameter",
            "call",
        ]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let Some((name, value)) = binding(node, ctx) else {
            return;
        };
        if !is_secret_name(&name) {
            return;
        }
        let Some(secret) = common::string_value(value, ctx) else {
            return;
        };
        if !is_secret_value(&name, &secret) {
            return;
        }
        // Test code uses made-up credentials on purpose.
        if ctx.imports.imports_module("pytest") || ctx.imports.imports_module("unittest") {
            return;
        }
        out.push(Hit::new(ctx.range(value)).arg("name", name));
    }
}

/// The name a literal is bound to and the literal, for each binding shape.
fn binding<'t>(node: Node<'t>, ctx: &Context) -> Option<(String, Node<'t>)> {
    match node.kind_str() {
        "assignment" => {
            let left = node.field("left")?;
            let right = node.field("right")?;
            let name = match left.kind_str() {
                "identifier" => ctx.text_of(left).to_string(),
                "attribute" => ctx.text_of(left.field("attribute")?).to_string(),
                "subscript" => common::string_value(left.field("subscript")?, ctx)?,
                _ => return None,
            };
            Some((name, right))
        }
        "keyword_argument" | "default_parameter" | "typed_default_parameter" => {
            let name = node.field("name")?;
            if name.kind_str() != "identifier" {
                return None;
            }
            Some((ctx.text_of(name).to_string(), node.field("value")?))
        }
        "pair" => {
            let key = common::string_value(node.field("key")?, ctx)?;
            Some((key, node.field("value")?))
        }
        "call" => {
            let q = ctx.qualified(node.field("function")?)?;
            if !ENV_GETTERS.contains(&q.as_str()) {
                return None;
            }
            let key = common::string_value(common::argument(node, 0, "key", ctx)?, ctx)?;
            let default = common::argument(node, 1, "default", ctx)?;
            Some((key, default))
        }
        _ => None,
    }
}

fn strip_digits(w: &str) -> &str {
    w.trim_end_matches(|c: char| c.is_ascii_digit())
}

fn is_secret_word(w: &str) -> bool {
    matches!(
        strip_digits(w),
        "secret" | "password" | "passwd" | "token" | "apikey"
    )
}

/// `SECRET_KEY`, `db_password`, `apiKey`, `github_token`: a name containing a
/// secret word and ending in one (or in `key` after `api`, `secret`, `private`,
/// ...). `TOKEN_URL`, `password_prompt`, `token_type` and `TOKEN_KEY` only
/// describe something about a secret.
pub fn is_secret_name(name: &str) -> bool {
    let words = common::words(name);
    let Some(last) = words.last() else { return false };
    let pair = |a: &str, b: &str| words.windows(2).any(|p| p[0] == a && strip_digits(&p[1]) == b);
    let mentions = words.iter().any(|w| is_secret_word(w)) || pair("api", "key") || pair("private", "key");
    // `hashed_password`: a digest, not the secret itself.
    if !mentions
        || words
            .iter()
            .any(|w| matches!(w.as_str(), "hash" | "hashed" | "digest"))
    {
        return false;
    }
    if is_secret_word(last) {
        return true;
    }
    let before_last = words.len().checked_sub(2).and_then(|i| words.get(i));
    strip_digits(last) == "key"
        && before_last.is_some_and(|w| {
            matches!(
                w.as_str(),
                "api" | "private" | "secret" | "signing" | "encryption" | "access" | "master" | "client"
            )
        })
}

/// A value that could be a credential: not empty, not a message or prompt,
/// not a placeholder, a path or the name of a field or header.
fn is_secret_value(name: &str, value: &str) -> bool {
    let v = value.trim();
    if v.is_empty() {
        return false;
    }
    if v.contains("PRIVATE KEY-----") {
        return true;
    }
    if v.chars().any(char::is_whitespace) {
        return false;
    }
    let mut chars = v.chars();
    if let Some(first) = chars.next() {
        if chars.all(|c| c == first) && v.len() > 1 {
            return false; // "********"
        }
    }
    if v.starts_with(['$', '{', '<', '/', '~'])
        || v.starts_with("%(")
        || v.starts_with("./")
        || v.contains("://")
    {
        return false;
    }
    let lower = v.to_ascii_lowercase();
    const FILE_ENDINGS: &[&str] = &[
        ".pem", ".key", ".json", ".txt", ".crt", ".p12", ".pfx", ".env", ".yaml", ".yml", ".cfg", ".ini",
        ".toml",
    ];
    if FILE_ENDINGS.iter().any(|e| lower.ends_with(e)) {
        return false;
    }
    // `ACCESS_TOKEN = "access_token"`: the name of a field or key, spelled out.
    let value_words = common::words(v);
    if value_words.len() > 1 && value_words == common::words(name) {
        return false;
    }
    // Tokens are machine-made: `DEFAULT_TOKEN = "anonymous"` names a mode, not a credential.
    let last_word = common::words(name).pop().unwrap_or_default();
    if strip_digits(&last_word) == "token" && v.chars().all(|c| c.is_ascii_lowercase()) {
        return false;
    }
    // "X-Auth-Token", "X-API-Key": a header name.
    if lower.starts_with("x-")
        && value_words
            .iter()
            .all(|w| w.chars().all(|c| c.is_ascii_alphabetic()))
    {
        return false;
    }
    true
}
