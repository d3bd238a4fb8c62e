//! PG910 test-network-call: a real HTTP call inside a test.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use crate::analysis::rules::style::common::{self as shared, DefPlace};
use crate::analysis::rules::util;
use crate::analysis::walk::preorder;
use crate::analysis::{Context, Hit};

pub struct TestNetworkCall;

const HTTP_METHODS: &[&str] = &[
    "get", "post", "put", "patch", "delete", "head", "options", "request",
];

/// Pytest marks that say a test is meant to use the network.
const NETWORK_MARKS: &[&str] = &[
    "integration",
    "network",
    "e2e",
    "online",
    "live",
    "vcr",
    "external",
    "internet",
    "enable_socket",
    "webtest",
];

/// Fixtures that fake HTTP or serve it locally.
const MOCK_FIXTURES: &[&str] = &[
    "requests_mock",
    "httpx_mock",
    "respx_mock",
    "responses",
    "mocked_responses",
    "aioresponses",
    "mock_aioresponse",
    "httpserver",
    "live_server",
    "vcr",
    "vcr_cassette",
    "mocker",
    "monkeypatch",
];

/// Words in a decorator or `with` item that mean HTTP is faked there.
const MOCK_WORDS: &[&str] = &[
    "patch",
    "mock",
    "Mock",
    "responses",
    "respx",
    "httpretty",
    "vcr",
    "cassette",
    "aioresponses",
    "pook",
];

impl super::Rule for TestNetworkCall {
    fn name(&self) -> &'static str {
        "test-network-call"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["call"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let Some(q) = ctx.qualified(node) else { return };
        if !is_network_call(&q, node, ctx) {
            return;
        }
        let Some(test) = shared::enclosing_functions(node).find(|f| is_test_function(*f, ctx)) else {
            return;
        };
        if faked(node, test, ctx) || local_url(node, ctx) {
            return;
        }
        out.push(Hit::new(ctx.range(node)));
    }
}

fn is_network_call(q: &str, call: Node, ctx: &Context) -> bool {
    let method_of = |prefixes: &[&str]| {
        prefixes.iter().any(|p| {
            q.strip_prefix(p)
                .and_then(|rest| rest.strip_prefix('.'))
                .is_some_and(|m| HTTP_METHODS.contains(&m) || m == "stream")
        })
    };
    if method_of(&[
        "requests",
        "requests.api",
        "requests.Session",
        "requests.session",
        "httpx",
    ]) {
        return true;
    }
    match q {
        "urllib.request.urlopen"
        | "urllib.request.urlretrieve"
        | "aiohttp.request"
        | "aiohttp.ClientSession" => true,
        "httpx.Client" | "httpx.AsyncClient" => {
            util::keyword_argument(call, "transport", ctx.text).is_none()
                && util::keyword_argument(call, "app", ctx.text).is_none()
        }
        _ => false,
    }
}

/// A `test*` function at module level, or a `test*` method of a test class.
fn is_test_function(def: Node, ctx: &Context) -> bool {
    if !shared::def_name(def, ctx).is_some_and(|n| n.starts_with("test")) {
        return false;
    }
    match shared::def_place(def) {
        Some(DefPlace::Module) => true,
        Some(DefPlace::Method(class)) => {
            shared::def_name(class, ctx).is_some_and(shared::is_test_class_name)
                || shared::is_testcase_class(class, ctx)
        }
        None => false,
    }
}

/// Whether HTTP is faked or the test is marked as using the network: by a
/// decorator on the test or its class, a fixture parameter, a `with` block
/// around the call, or a patch call in the test body.
fn faked(call: Node, test: Node, ctx: &Context) -> bool {
    let mut defs = vec![test];
    if let Some(DefPlace::Method(class)) = shared::def_place(test) {
        defs.push(class);
    }
    let marked = defs.iter().any(|d| {
        shared::decorators(*d).into_iter().any(|dec| {
            let Some(target) = shared::decorator_target(dec) else {
                return false;
            };
            let text = ctx.text_of(target);
            if let Some(mark) = text.rsplit('.').next().filter(|_| text.contains("mark.")) {
                if NETWORK_MARKS.contains(&mark) {
                    return true;
                }
            }
            MOCK_WORDS.iter().any(|w| text.contains(w))
        })
    });
    if marked {
        return true;
    }
    let fixture = test.field("parameters").is_some_and(|params| {
        shared::children(params).into_iter().any(|p| {
            let ident = if p.kind_str() == "identifier" {
                Some(p)
            } else {
                p.field("name").or_else(|| p.named_child(0))
            };
            ident.is_some_and(|i| MOCK_FIXTURES.contains(&ctx.text_of(i)))
        })
    });
    if fixture {
        return true;
    }
    let mut n = call.parent();
    while let Some(x) = n {
        if x.id() == test.id() {
            break;
        }
        if x.kind_str() == "with_statement" {
            let items = shared::children(x)
                .into_iter()
                .find(|c| c.kind_str() == "with_clause")
                .map(|c| ctx.text_of(c))
                .unwrap_or("");
            // Faked HTTP, or a call that is expected to fail before any request.
            if MOCK_WORDS.iter().any(|w| items.contains(w))
                || items.contains("assertRaises")
                || items.contains("raises(")
            {
                return true;
            }
        }
        n = x.parent();
    }
    // `mock.patch(...).start()`, `monkeypatch.setattr(requests, "get", fake)`.
    let mut patched = false;
    preorder(test, |x| {
        if patched {
            return false;
        }
        if x.kind_str() == "call" {
            if let Some(f) = x.field("function") {
                let t = ctx.text_of(f);
                patched = t.ends_with("patch") || t.ends_with("patch.object") || t.ends_with("setattr");
            }
        }
        // `http.client.HTTPConnection.request = fake`: a library patched by assignment.
        if x.kind_str() == "assignment" {
            patched = x.field("left").is_some_and(|l| {
                l.kind_str() == "attribute" && ctx.qualified(l).is_some_and(|q| !q.starts_with("builtins."))
            });
        }
        true
    });
    patched
}

/// A request to this machine (a test server), not the network.
fn local_url(call: Node, ctx: &Context) -> bool {
    let url = util::keyword_argument(call, "url", ctx.text)
        .or_else(|| {
            let args = util::positional_arguments(call);
            // `requests.request("GET", url)`
            let index = usize::from(ctx.qualified(call).is_some_and(|q| q.ends_with(".request")));
            args.get(index).copied()
        })
        .map(|u| ctx.text_of(u).to_ascii_lowercase())
        .unwrap_or_default();
    // Literal local hosts and files, or a URL taken from a local test server.
    [
        "localhost",
        "127.0.0.1",
        "0.0.0.0",
        "[::1]",
        "testserver",
        "file:",
        "server",
        "local",
    ]
    .iter()
    .any(|h| url.contains(h))
}
