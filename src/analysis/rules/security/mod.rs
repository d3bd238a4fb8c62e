//! PG3: security.

use super::Rule;

pub const RULES: &[&dyn Rule] = &[];
