//! Running tree-sitter queries with a time budget: user knowledge directories
//! can bring their own queries, and a pathological one must not stall a hover.

use std::cell::Cell;
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use tree_sitter::{
    Node, Query, QueryCursor, QueryCursorOptions, QueryCursorState, QueryMatch, StreamingIterator,
};

/// How long one query run around a position may take. The built-in queries
/// need well under a millisecond.
pub const BUDGET: Duration = Duration::from_millis(50);

/// Calls `f` for each match of `query` under `node` until `f` breaks, the
/// matches run out, or `budget` is spent. Returns `false` when the budget
/// stopped the run (logged once per process).
pub fn for_each_match(
    cursor: &mut QueryCursor,
    query: &Query,
    node: Node,
    text: &str,
    budget: Duration,
    mut f: impl FnMut(&QueryMatch) -> ControlFlow<()>,
) -> bool {
    let deadline = Instant::now() + budget;
    let timed_out = Cell::new(false);
    let mut progress = |_: &QueryCursorState| {
        if Instant::now() >= deadline {
            timed_out.set(true);
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    };
    {
        let options = QueryCursorOptions::new().progress_callback(&mut progress);
        let mut matches = cursor.matches_with_options(query, node, text.as_bytes(), options);
        while let Some(m) = matches.next() {
            if f(m).is_break() {
                break;
            }
            if Instant::now() >= deadline {
                timed_out.set(true);
                break;
            }
        }
    }
    if timed_out.get() {
        static WARNED: AtomicBool = AtomicBool::new(false);
        if !WARNED.swap(true, Ordering::Relaxed) {
            tracing::warn!(
                "a knowledge query ran for more than {} ms and was stopped; a card in a user knowledge \
                 directory may have a query that is too expensive (further cases are not logged)",
                budget.as_millis()
            );
        }
    }
    !timed_out.get()
}
