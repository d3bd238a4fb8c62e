//! pyguide: a Python language server that explains the concepts your code uses
//! and warns about the pitfalls good Python guides warn about.
//!
//! Layers, bottom to top (see `ARCHITECTURE.md`):
//! - [`text`]: byte offsets ⇄ positions, and the incrementally parsed [`text::Document`];
//! - [`knowledge`]: the cards (data in `knowledge/`), parsed, checked and rendered;
//! - [`settings`]: what the user configured;
//! - [`analysis`]: the pure core: findings, fixes and the concepts at a position;
//! - [`lsp`] and [`cli`]: thin adapters over the core.

pub mod analysis;
pub mod cli;
pub mod knowledge;
pub mod lsp;
pub mod settings;
pub mod text;
