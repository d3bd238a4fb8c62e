//! PG6: idioms and performance.

use super::Rule;

mod none_comparison;

pub const RULES: &[&dyn Rule] = &[&none_comparison::NoneComparison];
