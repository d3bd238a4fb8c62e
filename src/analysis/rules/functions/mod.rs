//! PG4: functions, decorators, resources.

use super::Rule;

mod mutable_default_argument;

pub const RULES: &[&dyn Rule] = &[&mutable_default_argument::MutableDefaultArgument];
