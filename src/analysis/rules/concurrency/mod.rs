//! PG2: async, threads and processes.

use super::Rule;

pub const RULES: &[&dyn Rule] = &[];
