//! Requests: each reads a snapshot and answers; none mutates documents.

pub mod code_action;
pub mod concepts_at;
pub mod diagnostic;
pub mod document_state;
pub mod execute_command;
pub mod hover;
pub mod initialize;
