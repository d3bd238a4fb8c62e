//! PG4: functions, decorators, resources.

use super::Rule;

mod common;
mod contextmanager_missing_finally;
mod decorator_missing_wraps;
mod decorator_wrapper_signature;
mod exit_suppresses_exceptions;
mod lambda_assignment;
mod lru_cache_on_method;
mod mutable_default_argument;
mod open_without_with;
mod read_whole_file;

pub const RULES: &[&dyn Rule] = &[
    &mutable_default_argument::MutableDefaultArgument,
    &decorator_missing_wraps::DecoratorMissingWraps,
    &decorator_wrapper_signature::DecoratorWrapperSignature,
    &open_without_with::OpenWithoutWith,
    &contextmanager_missing_finally::ContextmanagerMissingFinally,
    &exit_suppresses_exceptions::ExitSuppressesExceptions,
    &lru_cache_on_method::LruCacheOnMethod,
    &lambda_assignment::LambdaAssignment,
    &read_whole_file::ReadWholeFile,
];
