//! PG1: exceptions.

use super::Rule;

mod bare_except;
mod broad_exception;
mod common;
mod exception_from_baseexception;
mod raise_without_from;
mod silent_exception_swallow;
mod unreachable_except;

pub const RULES: &[&dyn Rule] = &[
    &bare_except::BareExcept,
    &silent_exception_swallow::SilentExceptionSwallow,
    &broad_exception::BroadException,
    &raise_without_from::RaiseWithoutFrom,
    &exception_from_baseexception::ExceptionFromBaseException,
    &unreachable_except::UnreachableExcept,
];
