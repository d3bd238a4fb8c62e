//! PG8: style, naming and typing.

use super::Rule;

pub const RULES: &[&dyn Rule] = &[];
