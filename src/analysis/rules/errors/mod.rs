//! PG1: exceptions.

use super::Rule;

mod bare_except;

pub const RULES: &[&dyn Rule] = &[&bare_except::BareExcept];
