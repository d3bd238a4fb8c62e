//! The rules: one file each, named after the rule. A rule says which node kinds
//! it looks at and reports [`Hit`]s; its code, message, severity and
//! documentation come from its card in `knowledge/rules/<name>.md`.
//!
//! Rules live in one folder per area (the `PGn` hundreds of their codes):
//! `errors` PG1, `concurrency` PG2, `security` PG3, `functions` PG4, `classes`
//! PG5, `idioms` PG6, `logging` PG7, `style` PG8, `libraries` PG9.
//!
//! To add a rule: write `knowledge/rules/<name>.md`, add `<area>/<name>.rs`
//! with a `Rule` impl, list it in `<area>/mod.rs`, and add fixtures under
//! `tests/fixtures/rules/<name>/` (see `tests/rules.rs`).

use tree_sitter::Node;

use super::{Context, Hit};

pub mod util;

mod classes;
mod concurrency;
mod errors;
mod functions;
mod idioms;
mod libraries;
mod logging;
mod security;
mod style;

/// A check over some node kinds.
pub trait Rule: Sync {
    /// The rule's name: the `id` of its card.
    fn name(&self) -> &'static str;
    /// The tree-sitter node kinds `check` wants to see.
    fn kinds(&self) -> &'static [&'static str];
    /// Looks at one node of a wanted kind and reports what is wrong with it.
    fn check(&self, node: Node, ctx: &Context, out: &mut Vec<Hit>);
}

/// Every rule pyguide implements.
pub fn all() -> &'static [&'static dyn Rule] {
    static ALL: std::sync::OnceLock<Vec<&'static dyn Rule>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        [
            errors::RULES,
            concurrency::RULES,
            security::RULES,
            functions::RULES,
            classes::RULES,
            idioms::RULES,
            logging::RULES,
            style::RULES,
            libraries::RULES,
        ]
        .concat()
    })
}

/// Node kind → the enabled rules that want it.
pub(crate) struct Dispatch {
    by_kind: Vec<Vec<usize>>,
}

impl Dispatch {
    pub(crate) fn new<'r>(rules: impl Iterator<Item = &'r dyn Rule>) -> Self {
        let language = crate::text::language();
        let mut by_kind = vec![Vec::new(); language.node_kind_count()];
        for (i, rule) in rules.enumerate() {
            for kind in rule.kinds() {
                let id = language.id_for_node_kind(kind, true) as usize;
                if id != 0 && id < by_kind.len() {
                    by_kind[id].push(i);
                } else {
                    tracing::error!("rule {} asks for unknown node kind `{kind}`", rule.name());
                }
            }
        }
        Dispatch { by_kind }
    }

    pub(crate) fn rules_for(&self, kind: u16) -> &[usize] {
        self.by_kind.get(kind as usize).map(Vec::as_slice).unwrap_or(&[])
    }
}
