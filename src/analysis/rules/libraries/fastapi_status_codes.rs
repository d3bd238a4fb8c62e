//! PG907 fastapi-status-codes: `status_code=201` in FastAPI routes and
//! `HTTPException(404)`.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use crate::analysis::rules::util;
use crate::analysis::{Context, Hit};

pub struct FastapiStatusCodes;

/// Route decorators of `FastAPI` and `APIRouter`.
const ROUTE_METHODS: &[&str] = &[
    "get",
    "post",
    "put",
    "patch",
    "delete",
    "head",
    "options",
    "trace",
    "api_route",
];

const HTTP_EXCEPTIONS: &[&str] = &[
    "fastapi.HTTPException",
    "fastapi.exceptions.HTTPException",
    "starlette.exceptions.HTTPException",
];

impl super::Rule for FastapiStatusCodes {
    fn name(&self) -> &'static str {
        "fastapi-status-codes"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["call"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let Some(function) = node.field("function") else {
            return;
        };
        let code = if is_route_decorator(node, function, ctx) {
            util::keyword_argument(node, "status_code", ctx.text)
        } else if ctx
            .qualified(function)
            .is_some_and(|q| HTTP_EXCEPTIONS.contains(&q.as_str()))
        {
            util::keyword_argument(node, "status_code", ctx.text)
                .or_else(|| util::positional_arguments(node).first().copied())
        } else {
            None
        };
        let Some(code) = code.filter(|c| c.kind_str() == "integer") else {
            return;
        };
        let value = ctx.text_of(code);
        if !value.parse::<u16>().is_ok_and(|v| (100..=599).contains(&v)) {
            return;
        }
        out.push(Hit::new(ctx.range(code)).arg("name", value));
    }
}

/// `@app.post(...)` / `@router.get(...)` in a module that uses FastAPI.
fn is_route_decorator(call: Node, function: Node, ctx: &Context) -> bool {
    if function.kind_str() != "attribute" {
        return false;
    }
    let method = function.field("attribute").map(|a| ctx.text_of(a));
    if !method.is_some_and(|m| ROUTE_METHODS.contains(&m))
        || call.parent().is_none_or(|p| p.kind_str() != "decorator")
    {
        return false;
    }
    ctx.qualified(function).is_some_and(|q| q.starts_with("fastapi."))
        || ctx.imports.imports_module("fastapi")
}
