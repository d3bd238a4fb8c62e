//! The knowledge base: concept and rule cards (data in `knowledge/`), their
//! parsing, checking and rendering.

pub mod card;
pub mod guides;
pub mod index;
pub mod lead;
pub mod render;
pub mod store;

pub use card::{Card, CardError, CardKind, FixAvailability, Lead, Level, RuleMeta, Severity, Trigger};
pub use store::{Entry, Knowledge};
