//! PG106 unreachable-except: an `except` clause shadowed by an earlier clause
//! of the same `try` that catches a base class of every type it names.

use crate::analysis::node::NodeExt;
use std::collections::HashMap;

use tree_sitter::Node;

use super::common::{builtin_bases, builtin_exception, except_types, header_range, is_bare};
use crate::analysis::{Context, Hit};

pub struct UnreachableExcept;

impl super::Rule for UnreachableExcept {
    fn name(&self) -> &'static str {
        "unreachable-except"
    }
    fn kinds(&self) -> &'static [&'static str] {
        &["try_statement"]
    }
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>) {
        let mut cursor = node.walk();
        let clauses: Vec<Node> = node
            .named_children(&mut cursor)
            .filter(|c| c.kind_str() == "except_clause")
            .collect();
        if clauses.len() < 2 {
            return;
        }
        // Classes of this statement matter only when some name is not a builtin.
        let needs_local = clauses
            .iter()
            .flat_map(|c| except_types(*c))
            .any(|t| t.kind_str() == "identifier" && builtin_exception(t, ctx).is_none());
        let classes = if needs_local {
            LocalClasses::of(node, ctx)
        } else {
            LocalClasses::default()
        };
        // What each clause catches: `None` for a bare `except:` (everything),
        // else the types pyguide could identify.
        let caught: Vec<Option<Vec<Type>>> = clauses
            .iter()
            .map(|c| {
                if is_bare(*c) {
                    None
                } else {
                    Some(
                        except_types(*c)
                            .into_iter()
                            .filter_map(|t| classes.resolve(t, ctx))
                            .collect(),
                    )
                }
            })
            .collect();
        for (i, clause) in clauses.iter().enumerate().skip(1) {
            if is_bare(*clause) {
                continue; // nothing to name; Python requires it last anyway
            }
            let types = except_types(*clause);
            if types.is_empty() {
                continue;
            }
            let mut covering: Option<usize> = None;
            let mut all_covered = true;
            for t in &types {
                let Some(ty) = classes.resolve(*t, ctx) else {
                    all_covered = false;
                    break;
                };
                let ancestors = classes.ancestors(&ty, ctx);
                let by = (0..i).find(|&j| match &caught[j] {
                    None => true,
                    Some(earlier) => earlier.iter().any(|e| ancestors.contains(e)),
                });
                match by {
                    Some(j) => covering = Some(covering.map_or(j, |c: usize| c.min(j))),
                    None => {
                        all_covered = false;
                        break;
                    }
                }
            }
            let (true, Some(j)) = (all_covered, covering) else {
                continue;
            };
            let Some(earlier) = clauses.get(j) else { continue };
            let range = header_range(*clause);
            let name = label(*clause, ctx);
            let earlier_text = label(*earlier, ctx);
            out.push(
                Hit::new(range)
                    .arg("name", one_line(&name))
                    .arg("earlier", one_line(&earlier_text)),
            );
        }
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `except ValueError`, `except* (A, B)` or `except:`, without the `as` part.
fn label(clause: Node, ctx: &Context) -> String {
    let star = clause.child(1).is_some_and(|c| c.kind_str() == "*");
    let keyword = if star { "except*" } else { "except" };
    let mut cursor = clause.walk();
    let types: Vec<&str> = clause
        .children_by_field_name("value", &mut cursor)
        .map(|v| match v.kind_str() {
            "as_pattern" => v.named_child(0).map_or("", |t| ctx.text_of(t)),
            _ => ctx.text_of(v),
        })
        .collect();
    if types.is_empty() {
        format!("{keyword}:")
    } else {
        format!("{keyword} {}", types.join(", "))
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Type {
    Builtin(&'static str),
    Local(String),
}

/// Exception classes defined in the same top-level statement, by name, with
/// their base expressions. A name defined twice is left out.
#[derive(Default)]
struct LocalClasses<'t> {
    bases: HashMap<String, Option<Vec<Node<'t>>>>,
}

impl<'t> LocalClasses<'t> {
    fn of(node: Node<'t>, ctx: &Context) -> Self {
        let mut top = node;
        while let Some(p) = top.parent() {
            if p.kind_str() == "module" {
                break;
            }
            top = p;
        }
        let mut bases: HashMap<String, Option<Vec<Node<'t>>>> = HashMap::new();
        crate::analysis::walk::preorder(top, |n| {
            if n.kind_str() == "class_definition" {
                if let Some(name) = n.field("name") {
                    let list: Vec<Node<'t>> = n
                        .field("superclasses")
                        .map(|s| {
                            let mut c = s.walk();
                            s.named_children(&mut c)
                                .filter(|b| matches!(b.kind_str(), "identifier" | "attribute"))
                                .collect()
                        })
                        .unwrap_or_default();
                    bases
                        .entry(ctx.text_of(name).to_string())
                        .and_modify(|e| *e = None)
                        .or_insert(Some(list));
                }
            }
            true
        });
        LocalClasses { bases }
    }

    fn resolve(&self, node: Node, ctx: &Context) -> Option<Type> {
        if let Some(b) = builtin_exception(node, ctx) {
            return Some(Type::Builtin(b));
        }
        if node.kind_str() != "identifier" {
            return None;
        }
        let name = ctx.text_of(node);
        // A class of this statement: the name is not an import or a builtin.
        if ctx.imports.resolve_name(name).is_some() {
            return None;
        }
        match self.bases.get(name) {
            Some(Some(_)) => Some(Type::Local(name.to_string())),
            _ => None,
        }
    }

    /// `ty` and every class it derives from that pyguide can identify.
    fn ancestors(&self, ty: &Type, ctx: &Context) -> Vec<Type> {
        let mut out: Vec<Type> = Vec::new();
        let mut todo = vec![ty.clone()];
        while let Some(t) = todo.pop() {
            if out.contains(&t) || out.len() > 200 {
                continue;
            }
            match &t {
                Type::Builtin(name) => {
                    todo.extend(builtin_bases(name).iter().map(|b| Type::Builtin(b)));
                }
                Type::Local(name) => {
                    if let Some(Some(bases)) = self.bases.get(name) {
                        todo.extend(bases.iter().filter_map(|b| self.resolve(*b, ctx)));
                    }
                }
            }
            out.push(t);
        }
        out
    }
}
