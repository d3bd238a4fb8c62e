//! Helpers shared by the `logging`, `style` and `libraries` rules: test code,
//! public API functions, framework hooks, the statement neighbourhood a rule
//! may read, and small tree utilities.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use crate::analysis::Context;

/// The named children of `node`, comments left out.
pub fn children<'t>(node: Node<'t>) -> Vec<Node<'t>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .filter(|c| c.kind_str() != "comment")
        .collect()
}

/// The name of a `function_definition` or `class_definition`.
pub fn def_name<'t>(def: Node, ctx: &Context<'t>) -> Option<&'t str> {
    def.field("name").map(|n| ctx.text_of(n))
}

/// Whether a name is private or dunder (starts with an underscore).
pub fn is_private(name: &str) -> bool {
    name.starts_with('_')
}

/// The decorators of a `function_definition` or `class_definition`.
pub fn decorators(def: Node) -> Vec<Node> {
    match def.parent() {
        Some(p) if p.kind_str() == "decorated_definition" => {
            let mut cursor = p.walk();
            p.named_children(&mut cursor)
                .filter(|c| c.kind_str() == "decorator")
                .collect()
        }
        _ => Vec::new(),
    }
}

/// The expression of a decorator, without a call's arguments
/// (`@app.get("/")` → `app.get`).
pub fn decorator_target(decorator: Node) -> Option<Node> {
    let expr = decorator.named_child(0)?;
    if expr.kind_str() == "call" {
        expr.field("function")
    } else {
        Some(expr)
    }
}

/// Whether a decorator's qualified name (or, if unresolved, its text) is one of `names`
/// or ends with `.name` for one of `last`.
pub fn decorated_with(def: Node, ctx: &Context, qualified: &[&str], last: &[&str]) -> bool {
    decorators(def).into_iter().any(|d| {
        let Some(target) = decorator_target(d) else {
            return false;
        };
        if let Some(q) = ctx.qualified(target) {
            if qualified.contains(&q.as_str()) {
                return true;
            }
        }
        let t = ctx.text_of(target);
        let tail = t.rsplit('.').next().unwrap_or(t);
        last.contains(&tail)
    })
}

/// `@typing.override` / `@typing_extensions.override` / `@overrides`.
pub fn is_override(def: Node, ctx: &Context) -> bool {
    decorated_with(
        def,
        ctx,
        &["typing.override", "typing_extensions.override"],
        &["override", "overrides"],
    )
}

/// `@typing.overload` stubs.
pub fn is_overload(def: Node, ctx: &Context) -> bool {
    decorated_with(
        def,
        ctx,
        &["typing.overload", "typing_extensions.overload"],
        &["overload"],
    )
}

/// Method names that frameworks call and users override with the framework's
/// spelling and signature: unittest fixtures, `ast.NodeVisitor`/docutils
/// visitors, `http.server` handlers.
pub fn is_hook_name(name: &str) -> bool {
    const HOOKS: &[&str] = &[
        "setUp",
        "tearDown",
        "setUpClass",
        "tearDownClass",
        "setUpModule",
        "tearDownModule",
        "asyncSetUp",
        "asyncTearDown",
        "setUpTestData",
        "runTest",
        "generic_visit",
    ];
    if HOOKS.contains(&name) {
        return true;
    }
    if let Some(rest) = name
        .strip_prefix("visit_")
        .or_else(|| name.strip_prefix("depart_"))
        .or_else(|| name.strip_prefix("leave_"))
    {
        return !rest.is_empty();
    }
    // BaseHTTPRequestHandler.do_GET, do_POST, ...
    if let Some(rest) = name.strip_prefix("do_") {
        return !rest.is_empty() && rest.chars().all(|c| c.is_ascii_uppercase());
    }
    false
}

/// Where a `def` sits, for rules about public API.
#[derive(Clone, Copy, Debug)]
pub enum DefPlace<'t> {
    /// At module level (possibly under a top-level `if`/`try`).
    Module,
    /// A method of `class` (itself at module level or nested in such a class).
    Method(Node<'t>),
}

/// Where `def` sits, or `None` if it is nested inside another function.
pub fn def_place(def: Node) -> Option<DefPlace> {
    let mut n = def.parent();
    while let Some(x) = n {
        match x.kind_str() {
            "module" => return Some(DefPlace::Module),
            "function_definition" | "lambda" => return None,
            "class_definition" => {
                // The class itself must not be nested in a function.
                def_place(x)?;
                return Some(DefPlace::Method(x));
            }
            _ => n = x.parent(),
        }
    }
    None
}

/// The classes around `node`, innermost first (stopping at nothing).
fn enclosing_classes(node: Node) -> impl Iterator<Item = Node> {
    std::iter::successors(node.parent(), |n| n.parent()).filter(|n| n.kind_str() == "class_definition")
}

/// The functions around `node`, innermost first.
pub fn enclosing_functions(node: Node) -> impl Iterator<Item = Node> {
    std::iter::successors(node.parent(), |n| n.parent()).filter(|n| n.kind_str() == "function_definition")
}

/// Whether `name` looks like a test function or method name.
fn is_test_function_name(name: &str) -> bool {
    name == "test"
        || name.starts_with("test_")
        || (name.starts_with("test") && name[4..].starts_with(char::is_uppercase))
}

/// Whether `name` looks like a test class name (`TestCart`, `Test_cart`, `Test`).
pub fn is_test_class_name(name: &str) -> bool {
    match name.strip_prefix("Test") {
        Some(rest) => rest.is_empty() || rest.starts_with(|c: char| c.is_uppercase() || c == '_'),
        None => name.ends_with("Test") || name.ends_with("Tests"),
    }
}

/// Whether `class` derives from `unittest.TestCase` (or a variant) by its bases.
pub fn is_testcase_class(class: Node, ctx: &Context) -> bool {
    let Some(bases) = class.field("superclasses") else {
        return false;
    };
    children(bases).into_iter().any(|b| {
        ctx.qualified(b).is_some_and(|q| {
            q.starts_with("unittest.")
                || q.starts_with("django.test.")
                || q.starts_with("rest_framework.test.")
        })
    })
}

/// Bindings that provide `TestCase` base classes (`import unittest`,
/// `from django.test import TestCase`, ...).
const TESTCASE_PROVIDERS: &[&str] = &[
    "unittest",
    "unittest.TestCase",
    "unittest.IsolatedAsyncioTestCase",
    "django.test.TestCase",
    "django.test.SimpleTestCase",
    "django.test.TransactionTestCase",
    "django.test.LiveServerTestCase",
    "rest_framework.test.APITestCase",
    "rest_framework.test.APISimpleTestCase",
    "rest_framework.test.APITransactionTestCase",
    "rest_framework.test.APILiveServerTestCase",
    "twisted.trial.unittest",
    "absl.testing.absltest",
    "absl.testing.parameterized",
];

/// Bindings that show pytest is imported (`import pytest`, `from pytest import fixture`, ...).
const PYTEST_BINDINGS: &[&str] = &[
    "pytest",
    "pytest.fixture",
    "pytest.mark",
    "pytest.raises",
    "pytest.approx",
    "pytest.param",
    "pytest.skip",
    "pytest.importorskip",
];

/// Whether the module is a test module. A rule sees only module facts and
/// module-level imports beyond its own statement (see `check_incremental`), and
/// no file path, so this decides from those:
/// - a top-level `Test*` class while a `TestCase` base is imported at module
///   level (`import unittest`, `from django.test import TestCase`, ...);
/// - `pytest` imported at module level (not inside a function). When the module
///   also has an `if __name__ == "__main__":` block, the import may be in it,
///   so a top-level `test_*` function or `Test*` class is required as well;
/// - two or more top-level `test_*` functions.
///
/// A single `def test():`, a `Test*` class without a `TestCase` import, or an
/// `import unittest` on its own (as in `if __name__ == "__main__":`) do not
/// make a test module.
pub fn is_test_module(ctx: &Context) -> bool {
    let binds = |names: &[&str]| names.iter().any(|q| ctx.imports.local_name_for(q).is_some());
    let test_functions = ctx
        .module
        .functions
        .iter()
        .chain(ctx.module.async_functions.iter())
        .filter(|f| f.as_str() != "test" && is_test_function_name(f))
        .count();
    let test_class = ctx
        .module
        .classes
        .iter()
        .any(|c| c.starts_with("Test") && is_test_class_name(c));
    if test_functions >= 2 || (test_class && binds(TESTCASE_PROVIDERS)) {
        return true;
    }
    binds(PYTEST_BINDINGS) && (!ctx.module.has_main_guard || test_functions >= 1 || test_class)
}

/// Whether `node` is test code: in a test module, in a `test*` function, or in
/// a test class.
pub fn in_test_code(node: Node, ctx: &Context) -> bool {
    if is_test_module(ctx) {
        return true;
    }
    let test_def = enclosing_functions(node)
        .chain(std::iter::once(node).filter(|n| n.kind_str() == "function_definition"))
        .any(|f| def_name(f, ctx).is_some_and(is_test_function_name));
    if test_def {
        return true;
    }
    enclosing_classes(node)
        .chain(std::iter::once(node).filter(|n| n.kind_str() == "class_definition"))
        .any(|c| def_name(c, ctx).is_some_and(is_test_class_name) || is_testcase_class(c, ctx))
}

/// The top-level statement containing `node`.
pub fn top_level(node: Node) -> Node {
    let mut n = node;
    while let Some(p) = n.parent() {
        if p.kind_str() == "module" {
            return n;
        }
        n = p;
    }
    n
}

/// The statements a rule may read besides its own: the previous and next
/// top-level siblings (comments skipped, as the engine's neighbours are).
pub use crate::analysis::rules::util::neighbours;

/// The statement (a direct child of a `block` or the module) containing `node`.
pub fn statement_of(node: Node) -> Option<Node> {
    let mut n = node;
    loop {
        let p = n.parent()?;
        if matches!(p.kind_str(), "block" | "module") {
            return Some(n);
        }
        n = p;
    }
}

/// The previous statements of `statement` in its block, nearest first. At
/// module level only the immediate neighbour is visible to a rule.
pub fn previous_statements(statement: Node) -> Vec<Node> {
    let module_level = statement.parent().is_some_and(|p| p.kind_str() == "module");
    let mut out = Vec::new();
    let mut p = statement.prev_named_sibling();
    while let Some(x) = p {
        if x.kind_str() != "comment" {
            out.push(x);
            if module_level {
                break;
            }
        }
        p = x.prev_named_sibling();
    }
    out
}

/// The next statements of `statement` in its block, nearest first (only the
/// immediate neighbour at module level).
pub fn next_statements(statement: Node) -> Vec<Node> {
    let module_level = statement.parent().is_some_and(|p| p.kind_str() == "module");
    let mut out = Vec::new();
    let mut p = statement.next_named_sibling();
    while let Some(x) = p {
        if x.kind_str() != "comment" {
            out.push(x);
            if module_level {
                break;
            }
        }
        p = x.next_named_sibling();
    }
    out
}

/// Whether the identifier `name` occurs anywhere in `node`.
pub fn mentions(node: Node, name: &str, ctx: &Context) -> bool {
    let mut found = false;
    crate::analysis::walk::preorder(node, |n| {
        if found {
            return false;
        }
        if n.kind_str() == "identifier" && ctx.text_of(n) == name {
            // `obj.name` names an attribute, not the variable.
            let is_attribute_name = n.parent().is_some_and(|p| {
                p.kind_str() == "attribute" && p.field("attribute").is_some_and(|a| a.id() == n.id())
            });
            let is_keyword_name = n.parent().is_some_and(|p| {
                p.kind_str() == "keyword_argument" && p.field("name").is_some_and(|a| a.id() == n.id())
            });
            if !is_attribute_name && !is_keyword_name {
                found = true;
            }
        }
        true
    });
    found
}

/// `obj.method(...)`: the object and the method name of a call.
pub fn method_call<'t>(call: Node<'t>, ctx: &Context<'t>) -> Option<(Node<'t>, &'t str)> {
    if call.kind_str() != "call" {
        return None;
    }
    let function = call.field("function")?;
    if function.kind_str() != "attribute" {
        return None;
    }
    let object = function.field("object")?;
    let attr = function.field("attribute")?;
    Some((object, ctx.text_of(attr)))
}

/// The module-level `if __name__ == "__main__":` block around `node`, if any.
pub fn in_main_block(node: Node, ctx: &Context) -> bool {
    let top = top_level(node);
    if top.kind_str() != "if_statement" {
        return false;
    }
    let Some(cond) = top.field("condition") else {
        return false;
    };
    let c: String = ctx.text_of(cond).chars().filter(|c| !c.is_whitespace()).collect();
    let c = c.replace('\'', "\"");
    c == "__name__==\"__main__\"" || c == "\"__main__\"==__name__"
}

/// Whether the module is a script: it has a main guard or uses a CLI library.
pub fn is_script(ctx: &Context) -> bool {
    ctx.module.has_main_guard
        || ["argparse", "click", "typer", "fire", "docopt"]
            .iter()
            .any(|m| ctx.imports.imports_module(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hook_names() {
        assert!(is_hook_name("setUp"));
        assert!(is_hook_name("visit_Name"));
        assert!(is_hook_name("do_GET"));
        assert!(!is_hook_name("do_get"));
        assert!(!is_hook_name("visit_"));
        assert!(!is_hook_name("GetUser"));
    }

    #[test]
    fn test_names() {
        assert!(is_test_class_name("TestCart"));
        assert!(is_test_class_name("CartTests"));
        assert!(!is_test_class_name("Testimonial"));
        assert!(is_test_function_name("test_cart"));
        assert!(is_test_function_name("testCart"));
        assert!(!is_test_function_name("testimonial"));
    }

    fn test_module(source: &str) -> bool {
        let doc = crate::text::Document::new(source);
        let imports = crate::analysis::Imports::module_level(doc.tree(), doc.text());
        let module = crate::analysis::ModuleFacts::of(&doc);
        let ctx = Context {
            text: doc.text(),
            doc: &doc,
            imports: &imports,
            module: &module,
            statement_has_async: source.contains("async"),
        };
        is_test_module(&ctx)
    }

    #[test]
    fn test_modules() {
        assert!(test_module(
            "import unittest\n\nclass TestCart(unittest.TestCase):\n    pass\n"
        ));
        assert!(test_module(
            "from django.test import TestCase\n\nclass TestViews(TestCase):\n    pass\n"
        ));
        assert!(test_module(
            "import pytest\n\n@pytest.fixture\ndef cart():\n    return []\n"
        ));
        assert!(test_module("from pytest import fixture\n"));
        assert!(test_module(
            "def test_add():\n    pass\n\nasync def test_remove():\n    pass\n"
        ));
        assert!(test_module(
            "import pytest\n\ndef test_add():\n    pass\n\nif __name__ == '__main__':\n    pytest.main()\n"
        ));
    }

    #[test]
    fn library_modules() {
        assert!(!test_module("def test():\n    print(1)\n"));
        assert!(!test_module(
            "def test_one():\n    pass\n\ndef helper():\n    pass\n"
        ));
        assert!(!test_module(
            "def main():\n    pass\n\nif __name__ == '__main__':\n    import unittest\n    unittest.main()\n"
        ));
        assert!(!test_module("import unittest\n\nclass Helper:\n    pass\n"));
        assert!(!test_module("class TestResult:\n    pass\n"));
        assert!(!test_module("import unittest\n\nclass DocTest:\n    pass\n"));
        assert!(!test_module("def run():\n    import pytest\n    pytest.main()\n"));
        assert!(!test_module(
            "def main():\n    pass\n\nif __name__ == '__main__':\n    import pytest\n    pytest.main()\n"
        ));
    }
}
