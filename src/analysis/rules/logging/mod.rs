//! PG7: logging and debugging.

use super::Rule;

pub(in crate::analysis::rules) mod common;
mod fstring_in_logging;
mod log_error_without_traceback;
mod pdb_breakpoint;
mod print_instead_of_logging;
mod root_logger_calls;

pub const RULES: &[&dyn Rule] = &[
    &print_instead_of_logging::PrintInsteadOfLogging,
    &log_error_without_traceback::LogErrorWithoutTraceback,
    &root_logger_calls::RootLoggerCalls,
    &fstring_in_logging::FstringInLogging,
    &pdb_breakpoint::PdbBreakpoint,
];
