//! PG5: classes and objects.

use super::Rule;

pub const RULES: &[&dyn Rule] = &[];
