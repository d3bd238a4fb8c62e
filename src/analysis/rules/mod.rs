//! The rules: one file each, named after the rule. A rule says which node kinds
//! it looks at and reports [`Hit`]s; its code, message, severity and
//! documentation come from its card in `knowledge/rules/<name>.md`.
//!
//! To add a rule: write `knowledge/rules/<name>.md`, add `<name>.rs` here with a
//! `Rule` impl, list it in [`all`], and add fixtures under `tests/fixtures/rules/`.

use tree_sitter::Node;

use super::{Context, Hit};

mod bare_except;
mod mutable_default_argument;
mod none_comparison;

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
    &[
        &bare_except::BareExcept,
        &mutable_default_argument::MutableDefaultArgument,
        &none_comparison::NoneComparison,
    ]
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
