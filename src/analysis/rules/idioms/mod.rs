//! PG6: idioms and performance.

use super::Rule;

mod append_loop_to_comprehension;
mod common;
mod is_literal_comparison;
mod legacy_string_formatting;
mod list_comp_in_reducer;
mod list_pop_front;
mod manual_key_initialisation;
mod membership_test_on_list;
mod none_comparison;
mod range_len_loop;
mod sort_returns_none;
mod string_concat_in_loop;
mod type_isinstance;
mod uncached_exponential_recursion;

pub const RULES: &[&dyn Rule] = &[
    &none_comparison::NoneComparison,
    &type_isinstance::TypeIsinstance,
    &legacy_string_formatting::LegacyStringFormatting,
    &string_concat_in_loop::StringConcatInLoop,
    &sort_returns_none::SortReturnsNone,
    &append_loop_to_comprehension::AppendLoopToComprehension,
    &membership_test_on_list::MembershipTestOnList,
    &manual_key_initialisation::ManualKeyInitialisation,
    &list_pop_front::ListPopFront,
    &uncached_exponential_recursion::UncachedExponentialRecursion,
    &range_len_loop::RangeLenLoop,
    &list_comp_in_reducer::ListCompInReducer,
    &is_literal_comparison::IsLiteralComparison,
];
