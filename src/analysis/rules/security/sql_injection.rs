//! PG301 sql-injection: SQL text built with f-strings, `%`, `.format()` or `+`
//! passed to `execute()`, `executemany()`, SQLAlchemy `text()` or Django `raw()`.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common;
use crate::analysis::{Context, Hit};

pub struct SqlInjection;

const TEXT_FUNCTIONS: &[&str] = &[
    "sqlalchemy.text",
    "sqlalchemy.sql.text",
    "sqlalchemy.sql.expression.text",
];

impl super::Rule for SqlInjection {
    fn name(&self) -> &'static str {
        "sql-injection"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["call"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let Some(function) = node.field("function") else {
            return;
        };
        let sql = match function.kind_str() {
            "attribute" => {
                let Some((method, _)) = common::method_call(node, ctx) else {
                    return;
                };
                let is_text = ctx
                    .qualified(function)
                    .is_some_and(|q| TEXT_FUNCTIONS.contains(&q.as_str()));
                if !is_text && !matches!(method, "execute" | "executemany" | "raw") {
                    return;
                }
                common::argument(node, 0, if is_text { "text" } else { "sql" }, ctx)
            }
            "identifier" => {
                let is_text = ctx
                    .qualified(function)
                    .is_some_and(|q| TEXT_FUNCTIONS.contains(&q.as_str()));
                if !is_text {
                    return;
                }
                common::argument(node, 0, "text", ctx)
            }
            _ => return,
        };
        let Some(sql) = sql else { return };
        let Some(strings) = common::dynamic_string(sql, ctx) else {
            return;
        };
        // Only text that reads as SQL: other `execute()` methods run shell
        // commands or jobs.
        if !looks_like_sql(&common::literal_text(&strings, ctx)) {
            return;
        }
        out.push(Hit::new(ctx.range(sql)));
    }
}

/// Whether the literal parts read as SQL: `SELECT ... FROM`, `INSERT INTO`,
/// `UPDATE ... SET`, `DELETE FROM`, DDL on a table, `WHERE`, `ORDER BY`, ...
fn looks_like_sql(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .filter(|w| !w.is_empty())
        .collect();
    let has = |w: &str| words.contains(&w);
    let pair = |a: &str, b: &str| words.windows(2).any(|p| p[0] == a && p[1] == b);
    (has("select") && has("from"))
        || pair("insert", "into")
        || (has("update") && has("set"))
        || pair("delete", "from")
        || ((has("create") || has("drop") || has("alter") || has("truncate"))
            && ["table", "index", "view", "database", "schema", "trigger"]
                .iter()
                .any(|w| has(w)))
        || has("where")
        || pair("order", "by")
        || pair("group", "by")
        || has("pragma")
}
