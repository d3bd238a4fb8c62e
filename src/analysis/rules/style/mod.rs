//! PG8: style, naming and typing.

use super::Rule;

pub(in crate::analysis::rules) mod common;
mod import_inside_function;
mod meaningful_names;
mod missing_docstring;
mod missing_type_hints;
mod pep8_naming;
mod typing_legacy_generics;

pub const RULES: &[&dyn Rule] = &[
    &missing_docstring::MissingDocstring,
    &pep8_naming::Pep8Naming,
    &meaningful_names::MeaningfulNames,
    &missing_type_hints::MissingTypeHints,
    &typing_legacy_generics::TypingLegacyGenerics,
    &import_inside_function::ImportInsideFunction,
];
