//! PG2: async, threads and processes.

use super::Rule;

mod aiohttp_session_not_closed;
mod asyncio_run_misuse;
mod blocking_call_in_async;
mod common;
mod coroutine_not_awaited;
mod executor_not_shutdown;
mod lock_acquire_without_with;
mod multiprocessing_main_guard;
mod sequential_awaits;
mod thread_args_not_tuple;
mod unpicklable_process_target;

pub const RULES: &[&dyn Rule] = &[
    &coroutine_not_awaited::CoroutineNotAwaited,
    &blocking_call_in_async::BlockingCallInAsync,
    &sequential_awaits::SequentialAwaits,
    &asyncio_run_misuse::AsyncioRunMisuse,
    &aiohttp_session_not_closed::AiohttpSessionNotClosed,
    &thread_args_not_tuple::ThreadArgsNotTuple,
    &lock_acquire_without_with::LockAcquireWithoutWith,
    &multiprocessing_main_guard::MultiprocessingMainGuard,
    &unpicklable_process_target::UnpicklableProcessTarget,
    &executor_not_shutdown::ExecutorNotShutdown,
];
