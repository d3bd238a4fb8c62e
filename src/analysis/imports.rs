//! Which names a module imports, so `ft.lru_cache`, `@cm` and `class M(ABC)`
//! resolve to `functools.lru_cache`, `contextlib.contextmanager` and `abc.ABC`.

use crate::analysis::node::NodeExt;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use tree_sitter::{Node, Tree};

use super::walk::preorder;

/// What a bare unbound name may mean (see [`Imports::resolve_guessing`]).
pub type Guess<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The import table of one module.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Imports {
    /// Local name → qualified name (`ft` → `functools`, `cm` → `contextlib.contextmanager`).
    bound: HashMap<String, String>,
    /// Modules imported with `from m import *`, in order.
    star: Vec<String>,
    /// Names bound in the module other than by import (defs, classes,
    /// assignments, parameters, loop targets): these shadow builtins.
    local: HashSet<String>,
    /// The enclosing (module) table, consulted after this one.
    parent: Option<Arc<Imports>>,
    /// Function scopes inside the statement: (start, end, their own imports
    /// and bindings). A name bound in one method does not hide an import
    /// from another.
    scopes: Vec<(usize, usize, Imports)>,
    /// For each scope, the index of the scope it is nested in.
    scope_parent: Vec<Option<usize>>,
    /// Module table only: classes defined at module level, by name → start
    /// byte of the last such `class` statement (what the name means at the
    /// end of the module).
    classes: HashMap<String, usize>,
    /// Module table only: names assigned at module level → start byte of the
    /// first assignment target.
    first_assigned: HashMap<String, usize>,
}

impl Imports {
    /// Every import and binding anywhere in the module (tests and one-off use;
    /// the analysis uses [`Imports::module_level`] plus [`Imports::with_statement`]).
    pub fn from_tree(tree: &Tree, text: &str) -> Imports {
        let mut imports = Imports::default();
        preorder(tree.root_node(), |node| {
            imports.visit(node, text);
            true
        });
        imports
    }

    /// The module's own imports and bindings: top-level statements, including
    /// those inside top-level `if`/`try`/`with`/loops, but not inside function
    /// or class bodies. Cost: proportional to the top level, not the file.
    pub fn module_level(tree: &Tree, text: &str) -> Imports {
        let mut imports = Imports::default();
        preorder(tree.root_node(), |node| {
            imports.visit(node, text);
            imports.record_definition(node, text);
            match node.kind_str() {
                "module"
                | "block"
                | "if_statement"
                | "elif_clause"
                | "else_clause"
                | "try_statement"
                | "except_clause"
                | "finally_clause"
                | "with_statement"
                | "for_statement"
                | "while_statement"
                | "decorated_definition"
                | "expression_statement"
                | "match_statement"
                | "case_clause" => true,
                // Their names were recorded; their bodies are their own scope.
                "function_definition" | "class_definition" => false,
                _ => false,
            }
        });
        imports
    }

    /// `module` plus the imports and bindings inside one statement (imports in
    /// functions, parameters, local assignments). The module table is shared,
    /// not copied.
    pub fn with_statement(module: &Arc<Imports>, statement: Node, text: &str) -> Imports {
        Imports::collect(module, statement, text, true, may_bind_inside)
    }

    /// [`Imports::with_statement`] for a position outside every function of
    /// the statement (a class body, a decorator): the functions' own
    /// bindings cannot be seen from there, so their bodies are not walked,
    /// only their names recorded. Cost: the statement minus its functions.
    pub fn outside_functions(module: &Arc<Imports>, statement: Node, text: &str) -> Imports {
        Imports::collect(module, statement, text, false, may_bind_inside)
    }

    /// `descend` says whether a node's children can bind names (see
    /// [`may_bind_inside`]; tests compare it with walking everything).
    fn collect(
        module: &Arc<Imports>,
        statement: Node,
        text: &str,
        into_functions: bool,
        descend: fn(Node, &str) -> bool,
    ) -> Imports {
        let mut imports = Imports {
            parent: Some(module.clone()),
            ..Imports::default()
        };
        // Open function scopes (indices into `imports.scopes`), innermost last.
        let mut open: Vec<usize> = Vec::new();
        preorder(statement, |node| {
            while open
                .last()
                .is_some_and(|&i| node.start_byte() >= imports.scopes[i].1)
            {
                open.pop();
            }
            let role = role(node);
            if !into_functions && role == Role::Function {
                if let Some(name) = node.field("name") {
                    imports.local.insert(node_text(name, text).to_string());
                }
                return false;
            }
            if matches!(role, Role::Function | Role::Lambda) {
                // The name binds where the `def` is; the rest inside it.
                if let Some(name) = node.field("name") {
                    let target = match open.last() {
                        Some(&i) => &mut imports.scopes[i].2,
                        None => &mut imports,
                    };
                    target.local.insert(node_text(name, text).to_string());
                }
                imports.scope_parent.push(open.last().copied());
                imports
                    .scopes
                    .push((node.start_byte(), node.end_byte(), Imports::default()));
                open.push(imports.scopes.len() - 1);
            } else {
                match open.last() {
                    Some(&i) => imports.scopes[i].2.visit(node, text),
                    None => imports.visit(node, text),
                }
            }
            descend(node, text)
        });
        imports
    }

    /// Module-level classes and first assignments (see the fields).
    fn record_definition(&mut self, node: Node, text: &str) {
        match node.kind_str() {
            "class_definition" => {
                if let Some(name) = node.field("name") {
                    self.classes
                        .insert(node_text(name, text).to_string(), node.start_byte());
                }
            }
            "assignment" => {
                // `a = b = 1`: the chain of assignments on the right.
                let mut assignment = Some(node);
                while let Some(a) = assignment {
                    if let Some(left) = a.field("left").filter(|l| l.kind_str() == "identifier") {
                        self.first_assigned
                            .entry(node_text(left, text).to_string())
                            .or_insert(left.start_byte());
                    }
                    assignment = a.field("right").filter(|r| r.kind_str() == "assignment");
                }
            }
            _ => {}
        }
    }

    /// The module table this one extends (itself, for the module table).
    fn module_table(&self) -> &Imports {
        let mut table = self;
        while let Some(parent) = table.parent.as_deref() {
            table = parent;
        }
        table
    }

    /// Where the module-level class `name` starts (its last definition).
    pub fn module_class_start(&self, name: &str) -> Option<usize> {
        self.module_table().classes.get(name).copied()
    }

    /// Where `name` is first assigned at module level.
    pub fn first_module_assignment(&self, name: &str) -> Option<usize> {
        self.module_table().first_assigned.get(name).copied()
    }

    /// The function-scope tables enclosing `offset`, innermost first.
    /// Scopes are stored in document order with their parents, so this is a
    /// binary search and a walk up the nesting.
    fn scopes_at(&self, offset: usize) -> impl Iterator<Item = &Imports> {
        let last_starting = self
            .scopes
            .partition_point(|(start, _, _)| *start <= offset)
            .checked_sub(1);
        let mut next = last_starting;
        std::iter::from_fn(move || {
            while let Some(i) = next {
                let (start, end, table) = &self.scopes[i];
                next = self.scope_parent[i];
                if *start <= offset && offset < *end {
                    return Some(table);
                }
            }
            None
        })
    }

    /// [`Imports::resolve_name`] for a name used at `offset`: the function
    /// scopes around it first.
    pub fn resolve_name_at(&self, name: &str, offset: usize) -> Option<String> {
        for scope in self.scopes_at(offset) {
            if let Some(q) = scope.bound.get(name) {
                return Some(q.clone());
            }
            if scope.local.contains(name) {
                return None;
            }
        }
        self.resolve_name(name)
    }

    /// A hash of everything resolution depends on.
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.parent.as_ref().map(|p| p.fingerprint()).hash(&mut h);
        let mut bound: Vec<_> = self.bound.iter().collect();
        bound.sort();
        bound.hash(&mut h);
        self.star.hash(&mut h);
        let mut local: Vec<_> = self.local.iter().collect();
        local.sort();
        local.hash(&mut h);
        for (start, end, scope) in &self.scopes {
            (start, end, scope.fingerprint()).hash(&mut h);
        }
        h.finish()
    }

    fn visit(&mut self, node: Node, text: &str) {
        match role(node) {
            Role::Import => self.add_import(node, text),
            Role::ImportFrom => self.add_from(node, text),
            Role::Function | Role::Class => {
                if let Some(name) = node.field("name") {
                    self.local.insert(node_text(name, text).to_string());
                }
            }
            Role::Target => {
                if let Some(left) = node.field("left") {
                    collect_identifiers(left, text, &mut self.local);
                }
            }
            Role::Parameters => {
                for p in node.named_children(&mut node.walk()) {
                    let name = match p.kind_str() {
                        "identifier" => Some(p),
                        _ => p
                            .field("name")
                            .or_else(|| p.named_child(0).filter(|c| c.kind_str() == "identifier")),
                    };
                    if let Some(n) = name {
                        self.local.insert(node_text(n, text).to_string());
                    }
                }
            }
            Role::Alias => {
                if let Some(alias) = node.field("alias").or_else(|| node.field("name")) {
                    collect_identifiers(alias, text, &mut self.local);
                }
            }
            _ => {}
        }
    }

    fn add_import(&mut self, node: Node, text: &str) {
        for item in node.children_by_field_name("name", &mut node.walk()) {
            match item.kind_str() {
                "dotted_name" => {
                    let full = node_text(item, text);
                    let first = full.split('.').next().unwrap_or(full).trim();
                    self.bound.insert(first.to_string(), first.to_string());
                    // `import os.path` also makes `os.path` reachable under `os`.
                }
                "aliased_import" => {
                    if let (Some(name), Some(alias)) = (item.field("name"), item.field("alias")) {
                        self.bound
                            .insert(node_text(alias, text).to_string(), compact(node_text(name, text)));
                    }
                }
                _ => {}
            }
        }
    }

    fn add_from(&mut self, node: Node, text: &str) {
        let Some(module) = node.field("module_name") else {
            return;
        };
        if module.kind_str() == "relative_import" {
            return; // local package: nothing we know about
        }
        let module = compact(node_text(module, text));
        let mut any_name = false;
        for item in node.children_by_field_name("name", &mut node.walk()) {
            any_name = true;
            match item.kind_str() {
                "dotted_name" => {
                    let name = compact(node_text(item, text));
                    self.bound.insert(name.clone(), format!("{module}.{name}"));
                }
                "aliased_import" => {
                    if let (Some(name), Some(alias)) = (item.field("name"), item.field("alias")) {
                        self.bound.insert(
                            node_text(alias, text).to_string(),
                            format!("{module}.{}", compact(node_text(name, text))),
                        );
                    }
                }
                _ => {}
            }
        }
        let has_star = node
            .children(&mut node.walk())
            .any(|c| c.kind_str() == "wildcard_import");
        if has_star || !any_name {
            self.star.push(module);
        }
    }

    /// The qualified name a bare name refers to, if pyguide can tell.
    pub fn resolve_name(&self, name: &str) -> Option<String> {
        let layers = || std::iter::successors(Some(self), |l| l.parent.as_deref());
        // Innermost scope first: a parameter or local assignment named like a
        // module-level import shadows it.
        for layer in layers() {
            if let Some(q) = layer.bound.get(name) {
                return Some(q.clone());
            }
            if layer.local.contains(name) {
                return None;
            }
        }
        if is_builtin(name) {
            return Some(format!("builtins.{name}"));
        }
        layers()
            .find_map(|l| l.star.first())
            .map(|m| format!("{m}.{name}"))
    }

    /// Whether nothing in scope binds `name`: no import, definition, assignment
    /// or parameter, no star import that might, and not a builtin. Such a
    /// name raises `NameError`: typically code pasted without its imports.
    pub fn is_unbound(&self, name: &str, offset: usize) -> bool {
        let binds = |l: &Imports| !l.star.is_empty() || l.bound.contains_key(name) || l.local.contains(name);
        !is_builtin(name)
            && !self.scopes_at(offset).any(binds)
            && !std::iter::successors(Some(self), |l| l.parent.as_deref()).any(binds)
    }

    /// Like [`Imports::resolve`], but a chain whose first name is unbound
    /// resolves through `guess` (`ABC` → `abc.ABC` in code pasted without its
    /// imports). The flag says whether the answer is such a guess.
    pub fn resolve_guessing(&self, node: Node, text: &str, guess: Guess) -> Option<(String, bool)> {
        self.resolve_with(node, text, Some(guess))
    }

    /// The qualified name of an expression (`identifier`, `attribute`, a `call`'s
    /// function, a `decorator`'s expression), if it names something imported or builtin.
    pub fn resolve(&self, node: Node, text: &str) -> Option<String> {
        self.resolve_with(node, text, None).map(|(q, _)| q)
    }

    fn resolve_with(&self, node: Node, text: &str, guess: Option<Guess>) -> Option<(String, bool)> {
        match node.kind_str() {
            "identifier" => {
                let name = node_text(node, text);
                if let Some(q) = self.resolve_name_at(name, node.start_byte()) {
                    return Some((q, false));
                }
                let guess = guess.filter(|_| self.is_unbound(name, node.start_byte()))?;
                guess(name).map(|q| (q, true))
            }
            "attribute" => {
                let object = node.field("object")?;
                // `requests.get(url).json` is a method of what the call returned,
                // which pyguide cannot know: not `requests.get.json`.
                if object.kind_str() == "call" {
                    return None;
                }
                let attr = node.field("attribute")?;
                let (base, guessed) = self.resolve_with(object, text, guess)?;
                // builtins.X.attr is not meaningful except for a few types.
                Some((format!("{base}.{}", node_text(attr, text)), guessed))
            }
            "call" => self.resolve_with(node.field("function")?, text, guess),
            "decorator" | "parenthesized_expression" => self.resolve_with(node.named_child(0)?, text, guess),
            _ => None,
        }
    }

    /// This table, its function scopes, and the enclosing tables.
    fn layers_and_scopes(&self) -> impl Iterator<Item = &Imports> {
        std::iter::successors(Some(self), |l| l.parent.as_deref())
            .flat_map(|l| std::iter::once(l).chain(l.scopes.iter().map(|(_, _, t)| t)))
    }

    /// Whether any import binds `module` or something under it.
    pub fn imports_module(&self, module: &str) -> bool {
        self.layers_and_scopes().any(|l| {
            l.bound.values().chain(l.star.iter()).any(|q| {
                q.strip_prefix(module)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
            })
        })
    }

    /// The local name under which `qualified` is reachable (`functools` when
    /// `import functools`, `ft` for `import functools as ft`), if any.
    pub fn local_name_for(&self, qualified: &str) -> Option<String> {
        std::iter::successors(Some(self), |l| l.parent.as_deref()).find_map(|l| {
            l.bound
                .iter()
                .filter(|(_, q)| *q == qualified)
                .map(|(local, _)| local.clone())
                .min()
        })
    }
}

fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

pub(crate) fn node_text<'t>(node: Node, text: &'t str) -> &'t str {
    text.get(node.byte_range()).unwrap_or("")
}

/// What a node kind means to the import table, and whether names can be
/// bound below it (see [`may_bind_inside`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Import,
    ImportFrom,
    Function,
    Class,
    Lambda,
    /// Binds the names in its `left` (assignments, `for` targets).
    Target,
    Parameters,
    /// Binds its `alias` or `name` (`as`, walrus, `global`).
    Alias,
    Other,
}

struct KindInfo {
    role: Role,
    /// Always walked into (statements, clauses, blocks, patterns, assignments).
    entered: bool,
}

fn kind_info(id: u16) -> Option<&'static KindInfo> {
    static TABLE: std::sync::OnceLock<Vec<KindInfo>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let language = crate::text::language();
        super::node::kind_names()
            .iter()
            .enumerate()
            .map(|(id, &kind)| {
                // Anonymous tokens share some names with named kinds (`lambda`).
                let named = u16::try_from(id).is_ok_and(|id| language.node_kind_is_named(id));
                let role = match kind {
                    _ if !named => Role::Other,
                    "import_statement" => Role::Import,
                    "import_from_statement" => Role::ImportFrom,
                    "function_definition" => Role::Function,
                    "class_definition" => Role::Class,
                    "lambda" => Role::Lambda,
                    "assignment" | "augmented_assignment" | "for_statement" | "for_in_clause" => Role::Target,
                    "parameters" | "lambda_parameters" => Role::Parameters,
                    "as_pattern" | "with_item" | "named_expression" | "global_statement" => Role::Alias,
                    _ => Role::Other,
                };
                let entered = kind.ends_with("_statement")
                    || kind.ends_with("_clause")
                    || kind.ends_with("_pattern")
                    || matches!(
                        kind,
                        "module"
                            | "block"
                            | "decorated_definition"
                            | "function_definition"
                            | "class_definition"
                            | "assignment"
                            | "augmented_assignment"
                            | "with_item"
                    );
                KindInfo { role, entered }
            })
            .collect()
    });
    table.get(usize::from(id))
}

fn role(node: Node) -> Role {
    kind_info(node.kind_id()).map_or(Role::Other, |k| k.role)
}

/// Whether a name can be bound somewhere below `node`. Statements, clauses,
/// blocks, patterns and assignments are always entered (and `ERROR` nodes,
/// which are outside the kind table). Inside an expression only a walrus, a
/// lambda's parameters and a comprehension's `for` bind names, so an
/// expression whose text has none of `:=`, `lambda` and `for` is skipped:
/// most of a function's nodes are in such expressions.
fn may_bind_inside(node: Node, text: &str) -> bool {
    if kind_info(node.kind_id()).is_none_or(|k| k.entered) {
        return true;
    }
    may_bind(node_text(node, text).as_bytes())
}

/// Whether `code` contains `:=`, `lambda` or `for` (as parts of longer
/// words too: this only decides what to look at).
fn may_bind(code: &[u8]) -> bool {
    code.iter().enumerate().any(|(i, b)| {
        let rest = &code[i..];
        match b {
            b':' => rest.starts_with(b":="),
            b'l' => rest.starts_with(b"lambda"),
            b'f' => rest.starts_with(b"for"),
            _ => false,
        }
    })
}

fn collect_identifiers(node: Node, text: &str, out: &mut HashSet<String>) {
    if node.kind_str() == "identifier" {
        out.insert(node_text(node, text).to_string());
        return;
    }
    if node.kind_str() == "attribute" || node.kind_str() == "subscript" {
        return;
    }
    for c in node.named_children(&mut node.walk()) {
        collect_identifiers(c, text, out);
    }
}

/// Python's builtin names (3.9–3.13).
pub fn is_builtin(name: &str) -> bool {
    BUILTINS.binary_search(&name).is_ok()
}

const BUILTINS: &[&str] = &[
    "ArithmeticError",
    "AssertionError",
    "AttributeError",
    "BaseException",
    "BaseExceptionGroup",
    "BlockingIOError",
    "BrokenPipeError",
    "BufferError",
    "BytesWarning",
    "ChildProcessError",
    "ConnectionAbortedError",
    "ConnectionError",
    "ConnectionRefusedError",
    "ConnectionResetError",
    "DeprecationWarning",
    "EOFError",
    "EncodingWarning",
    "EnvironmentError",
    "Exception",
    "ExceptionGroup",
    "FileExistsError",
    "FileNotFoundError",
    "FloatingPointError",
    "FutureWarning",
    "GeneratorExit",
    "IOError",
    "ImportError",
    "ImportWarning",
    "IndentationError",
    "IndexError",
    "InterruptedError",
    "IsADirectoryError",
    "KeyError",
    "KeyboardInterrupt",
    "LookupError",
    "MemoryError",
    "ModuleNotFoundError",
    "NameError",
    "NotADirectoryError",
    "NotImplemented",
    "NotImplementedError",
    "OSError",
    "OverflowError",
    "PendingDeprecationWarning",
    "PermissionError",
    "ProcessLookupError",
    "RecursionError",
    "ReferenceError",
    "ResourceWarning",
    "RuntimeError",
    "RuntimeWarning",
    "StopAsyncIteration",
    "StopIteration",
    "SyntaxError",
    "SyntaxWarning",
    "SystemError",
    "SystemExit",
    "TabError",
    "TimeoutError",
    "TypeError",
    "UnboundLocalError",
    "UnicodeDecodeError",
    "UnicodeEncodeError",
    "UnicodeError",
    "UnicodeTranslateError",
    "UnicodeWarning",
    "UserWarning",
    "ValueError",
    "Warning",
    "ZeroDivisionError",
    "__import__",
    "abs",
    "aiter",
    "all",
    "anext",
    "any",
    "ascii",
    "bin",
    "bool",
    "breakpoint",
    "bytearray",
    "bytes",
    "callable",
    "chr",
    "classmethod",
    "compile",
    "complex",
    "delattr",
    "dict",
    "dir",
    "divmod",
    "enumerate",
    "eval",
    "exec",
    "filter",
    "float",
    "format",
    "frozenset",
    "getattr",
    "globals",
    "hasattr",
    "hash",
    "help",
    "hex",
    "id",
    "input",
    "int",
    "isinstance",
    "issubclass",
    "iter",
    "len",
    "list",
    "locals",
    "map",
    "max",
    "memoryview",
    "min",
    "next",
    "object",
    "oct",
    "open",
    "ord",
    "pow",
    "print",
    "property",
    "range",
    "repr",
    "reversed",
    "round",
    "set",
    "setattr",
    "slice",
    "sorted",
    "staticmethod",
    "str",
    "sum",
    "super",
    "tuple",
    "type",
    "vars",
    "zip",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Document;

    fn resolve_call(src: &str, call_text: &str) -> Option<String> {
        let doc = Document::new(src);
        let imports = Imports::from_tree(doc.tree(), doc.text());
        let start = src.rfind(call_text).unwrap();
        let node = doc
            .tree()
            .root_node()
            .named_descendant_for_byte_range(start, start + call_text.len())?;
        imports.resolve(node, src)
    }

    #[test]
    fn outside_functions_sees_the_class_body_but_not_method_locals() {
        let src = "import json\nclass C:\n    dumps = json.dumps\n    def m(self):\n        json = 1\n        return json\n    @staticmethod\n    def n(): pass\n";
        let doc = Document::new(src);
        let module = Arc::new(Imports::module_level(doc.tree(), src));
        let class = doc.tree().root_node().named_child(1).unwrap();
        let outside = Imports::outside_functions(&module, class, src);
        let at = src.find("json.dumps").unwrap();
        // `json = 1` inside `m` does not shadow the import in the class body.
        assert_eq!(outside.resolve_name_at("json", at).as_deref(), Some("json"));
        assert!(!outside.is_unbound("dumps", at));
        assert!(!outside.is_unbound("m", at));
        let full = Imports::with_statement(&module, class, src);
        let inside = src.find("return json").unwrap();
        assert_eq!(full.resolve_name_at("json", inside), None);
    }

    #[test]
    fn module_table_knows_classes_and_first_assignments() {
        let src = "x = y = 1\nclass A: pass\nif True:\n    class A: pass\n    x = 2\ndef f():\n    class B: pass\n    z = 3\n";
        let doc = Document::new(src);
        let module = Arc::new(Imports::module_level(doc.tree(), src));
        let statement = Imports::with_statement(&module, doc.tree().root_node().named_child(3).unwrap(), src);
        assert_eq!(statement.first_module_assignment("x"), Some(0));
        assert_eq!(statement.first_module_assignment("y"), Some(4));
        assert_eq!(statement.first_module_assignment("z"), None);
        // The last definition wins, as at the end of the module.
        assert_eq!(statement.module_class_start("A"), src.rfind("class A"));
        assert_eq!(statement.module_class_start("B"), None);
    }

    /// Skipping expressions that cannot bind changes nothing in the tables:
    /// a sample with every binding form inside expressions, and every Python
    /// fixture of the test suite.
    #[test]
    fn pruned_walk_collects_what_the_full_walk_does() {
        let sample = r#"
import os
def f(a, b=lambda q, *r: q + 1, *, c=[y for y in range(3)]):
    print(x := 1, [z for z in a if (w := z)], {k: v for k, v in b}, f"{(u := 2)}")
    g = lambda m: (lambda n: n)(m)
    with open(a) as fh, ctx() as (p1, p2):
        pass
    try:
        pass
    except (ValueError, OSError) as err:
        pass
    for i, (j, k2) in enumerate(a):
        s, *t = j
    match a:
        case [first, (second as alias)] if (guard := first):
            pass
    global G
    import json as js
    from collections import OrderedDict as OD
    class Inner:
        attr = sum(x for x in range(3))
        def meth(self, v=lambda: None):
            return (yield from v())
    h = lambda: (yield)
    foreach = format(before=1)
"#;
        let sources = crate::analysis::test_support::fixture_sources(sample);
        for src in &sources {
            let doc = Document::new(src.as_str());
            let module = Arc::new(Imports::module_level(doc.tree(), src));
            let root = doc.tree().root_node();
            for statement in root.named_children(&mut root.walk()) {
                for into_functions in [true, false] {
                    let pruned = Imports::collect(&module, statement, src, into_functions, may_bind_inside);
                    let full = Imports::collect(&module, statement, src, into_functions, |_, _| true);
                    assert_eq!(pruned, full, "{}", &src[statement.byte_range()]);
                }
            }
        }
    }

    #[test]
    fn may_bind_finds_the_three_spellings() {
        assert!(may_bind(b"f(x := 1)"));
        assert!(may_bind(b"sorted(a, key=lambda v: v)"));
        assert!(may_bind(b"[v for v in a]"));
        assert!(!may_bind(b"print(a: int = 1, b == c)"));
        assert!(!may_bind(b""));
    }

    #[test]
    fn builtins_are_sorted() {
        assert!(BUILTINS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn aliases_resolve() {
        assert_eq!(
            resolve_call("import functools as ft\nft.lru_cache\n", "ft.lru_cache").as_deref(),
            Some("functools.lru_cache")
        );
        assert_eq!(
            resolve_call("from contextlib import contextmanager as cm\ncm\n", "cm").as_deref(),
            Some("contextlib.contextmanager")
        );
        assert_eq!(resolve_call("from . import x\nx\n", "x"), None);
        assert_eq!(resolve_call("open\n", "open").as_deref(), Some("builtins.open"));
        assert_eq!(resolve_call("def open(): pass\nopen\n", "open"), None);
        assert_eq!(
            resolve_call("import os.path\nos.path.join\n", "os.path.join").as_deref(),
            Some("os.path.join")
        );
        assert_eq!(
            resolve_call("def f():\n    import pickle as p\n    p.loads\n", "p.loads").as_deref(),
            Some("pickle.loads")
        );
        assert_eq!(
            resolve_call("import requests\nrequests.get(u).json\n", "requests.get(u).json"),
            None
        );
    }
}
