//! Text, positions and the incrementally parsed document.

pub mod document;
pub mod position;

pub use document::{language, parse, Change, Document};
pub use position::{floor_char_boundary, Encoding, LineCol, LineIndex, SourceLocation, TextRange};
