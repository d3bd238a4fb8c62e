//! PG7: logging and debugging.

use super::Rule;

pub const RULES: &[&dyn Rule] = &[];
