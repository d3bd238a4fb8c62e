//! PG504 abstractmethod-without-abc: `@abstractmethod` in a class that is not built on ABCMeta.

use crate::analysis::node::NodeExt;
use tree_sitter::Node;

use super::common::{base_name, bases, class_keyword, decorators, methods, visible_class};
use crate::analysis::rules::util::add_from_import;
use crate::analysis::{Applicability, Context, Edit, Fix, Hit};

pub struct AbstractmethodWithoutAbc;

const ABSTRACT: &[&str] = &[
    "abc.abstractmethod",
    "abc.abstractproperty",
    "abc.abstractclassmethod",
    "abc.abstractstaticmethod",
];

impl super::Rule for AbstractmethodWithoutAbc {
    fn name(&self) -> &'static str {
        "abstractmethod-without-abc"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["class_definition"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let Some(name) = node.field("name") else {
            return;
        };
        let has_abstract = methods(node).into_iter().any(|m| {
            decorators(m)
                .into_iter()
                .any(|d| ctx.qualified(d).is_some_and(|q| ABSTRACT.contains(&q.as_str())))
        });
        if !has_abstract || !known_plain(node, node, ctx, 0) {
            return;
        }
        let mut hit = Hit::new(ctx.range(name)).arg("name", ctx.text_of(name));
        if let Some(fix) = add_abc_fix(node, ctx) {
            hit = hit.with_fix(fix);
        }
        out.push(hit);
    }
}

/// Whether the class is certainly not built on `ABCMeta`: no metaclass, and
/// every base is `object`, `typing.Generic`, or a class in view of `at` (the
/// class being checked) that is itself plain. Other builtin bases (`Exception`,
/// `dict`) are left out: their constructors skip ABCMeta's check, so deriving
/// from `ABC` would not help.
fn known_plain(class: Node, at: Node, ctx: &Context, depth: usize) -> bool {
    if depth > 3 || class_keyword(class, "metaclass", ctx).is_some() {
        return false;
    }
    bases(class).into_iter().all(|b| match base_name(b, ctx) {
        Some(q) => q == "builtins.object" || q == "typing.Generic",
        None => {
            b.kind_str() == "identifier"
                && visible_class(ctx.text_of(b), at, ctx).is_some_and(|c| known_plain(c, at, ctx, depth + 1))
        }
    })
}

/// Adds `ABC` to the bases (replacing an explicit `object`), plus the import.
fn add_abc_fix(class: Node, ctx: &Context) -> Option<Fix> {
    let mut edits = Vec::new();
    let abc = if let Some(local) = ctx.imports.local_name_for("abc.ABC") {
        local
    } else if let Some(local) = ctx.imports.local_name_for("abc") {
        format!("{local}.ABC")
    } else {
        // `ABC` must not already mean something else here.
        if ctx.imports.resolve_name("ABC").is_some() || ctx.module.classes.contains("ABC") {
            return None;
        }
        edits.extend(add_from_import(ctx, "abc", "ABC"));
        "ABC".to_string()
    };
    let list = class.field("superclasses");
    let positional = bases(class);
    match list {
        None => {
            let name = class.field("name")?;
            let type_params = class.field("type_parameters");
            let at = type_params.unwrap_or(name).end_byte();
            edits.push(Edit::insert(at, format!("({abc})")));
        }
        Some(list) => {
            if let Some(object) = positional
                .iter()
                .find(|b| base_name(**b, ctx).as_deref() == Some("builtins.object"))
            {
                edits.push(Edit::replace(ctx.range(*object), abc.clone()));
            } else if let Some(last) = positional.last() {
                edits.push(Edit::insert(last.end_byte(), format!(", {abc}")));
            } else {
                // `class C():` or `class C(flag=True):`
                let mut cursor = list.walk();
                let has_keywords = list
                    .named_children(&mut cursor)
                    .any(|c| c.kind_str() == "keyword_argument");
                if !ctx.text_of(list).starts_with('(') {
                    return None;
                }
                let open = list.start_byte() + 1;
                edits.push(Edit::insert(
                    open,
                    if has_keywords {
                        format!("{abc}, ")
                    } else {
                        abc.clone()
                    },
                ));
            }
        }
    }
    Some(Fix::new(
        Applicability::Unsafe,
        format!("Derive the class from `{abc}`"),
        edits,
    ))
}
