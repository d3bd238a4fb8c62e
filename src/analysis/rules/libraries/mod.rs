//! PG9: libraries and the standard library.

use super::Rule;

pub const RULES: &[&dyn Rule] = &[];
