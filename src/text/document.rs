//! A Python source text and its syntax tree, kept in step under edits.
//!
//! Every edit is applied to the text, described to the old tree with
//! [`tree_sitter::Tree::edit`], and the text is reparsed against the edited old
//! tree, so tree-sitter reuses every subtree the edit did not touch.
//!
//! For valid code the result is identical to a fresh parse of the new text.
//! Where the text has syntax errors, tree-sitter's error recovery can place
//! ERROR nodes differently when it reuses old subtrees, even for an empty edit.
//! Such a document reports [`Document::needs_reconcile`]; the server then
//! re-parses it from scratch off the keystroke path ([`Document::reconcile`]),
//! so its tree converges to the fresh parse. Both facts are property-tested
//! in `tests/incremental.rs`.

use std::cell::RefCell;

use tree_sitter::{InputEdit, Parser, Point, Tree};

use super::position::{floor_char_boundary, LineIndex, TextRange};

thread_local! {
    static PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
}

/// Parses `text`, reusing `old` (already edited) when given. Falls back to a
/// fresh parse, then to an empty module, so it never fails.
pub fn parse(text: &str, old: Option<&Tree>) -> Tree {
    PARSER.with(|cell| {
        let mut slot = cell.borrow_mut();
        let parser = slot.get_or_insert_with(new_parser);
        if let Some(tree) = parser.parse(text, old) {
            return tree;
        }
        tracing::error!("tree-sitter returned no tree; retrying without the old tree");
        parser.reset();
        if let Some(tree) = parser.parse(text, None) {
            return tree;
        }
        tracing::error!("tree-sitter could not parse the text; using an empty module");
        parser.reset();
        match parser.parse("", None) {
            Some(tree) => tree,
            // Only reachable when the grammar failed to load, which `new_parser` logs.
            None => unreachable_empty_tree(),
        }
    })
}

fn new_parser() -> Parser {
    let mut parser = Parser::new();
    if let Err(err) = parser.set_language(&tree_sitter_python::LANGUAGE.into()) {
        tracing::error!("the Python grammar is incompatible with this tree-sitter: {err}");
    }
    parser
}

#[cold]
fn unreachable_empty_tree() -> Tree {
    // The grammar is compiled into the binary and checked by the test suite, so a
    // parser without a language cannot occur in a released build; exit cleanly
    // rather than unwinding through the server.
    tracing::error!("fatal: the built-in Python grammar could not be loaded");
    std::process::exit(2)
}

/// The Python language tree-sitter uses, for queries.
pub fn language() -> tree_sitter::Language {
    tree_sitter_python::LANGUAGE.into()
}

/// One change to a document: replace `range` (all of it when `None`) with `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub range: Option<TextRange>,
    pub text: String,
}

/// Above this size a document is kept in sync but not parsed or analysed.
pub const MAX_ANALYSED_BYTES: usize = 5 * 1024 * 1024;
/// A line longer than this (minified or generated code) has the same effect:
/// every position conversion on it would scan up to a megabyte.
pub const MAX_LINE_BYTES: usize = 1024 * 1024;

/// A source text with its syntax tree and line index.
#[derive(Clone, Debug)]
pub struct Document {
    text: String,
    tree: Tree,
    lines: LineIndex,
    /// The tree came from a parse without an old tree.
    fresh: bool,
    /// Why the text is not parsed (its tree is an empty module), if it is not.
    oversized: Option<String>,
}

impl Document {
    pub fn new(text: impl Into<String>) -> Self {
        let text = text.into();
        let lines = LineIndex::new(&text);
        let oversized = oversized(&text, &lines);
        let tree = if oversized.is_some() {
            parse("", None)
        } else {
            parse(&text, None)
        };
        Document {
            text,
            tree,
            lines,
            fresh: true,
            oversized,
        }
    }

    /// Why this document is not analysed (too large, or a line too long), if so.
    pub fn oversized(&self) -> Option<&str> {
        self.oversized.as_deref()
    }

    /// Whether the tree has syntax errors and came from an incremental parse,
    /// so that a fresh parse might recover from the errors differently.
    pub fn needs_reconcile(&self) -> bool {
        !self.fresh && self.oversized.is_none() && self.tree.root_node().has_error()
    }

    /// Re-parses from scratch (see the module documentation).
    pub fn reconcile(&mut self) {
        if self.oversized.is_none() {
            self.tree = parse(&self.text, None);
        }
        self.fresh = true;
    }

    pub fn text(&self) -> &str {
        &self.text
    }
    pub fn tree(&self) -> &Tree {
        &self.tree
    }
    pub fn lines(&self) -> &LineIndex {
        &self.lines
    }

    /// Applies changes in order (each range refers to the text left by the
    /// previous one), then reparses once. Ranges are clamped to the text and to
    /// character boundaries; the returned list says which changes were clamped.
    pub fn apply(&mut self, changes: &[Change]) -> Vec<usize> {
        let mut clamped = Vec::new();
        let mut whole = false;
        for (i, change) in changes.iter().enumerate() {
            match change.range {
                None => {
                    self.text.clear();
                    self.text.push_str(&change.text);
                    self.lines = LineIndex::new(&self.text);
                    whole = true;
                }
                Some(range) => {
                    let start = floor_char_boundary(&self.text, range.start.min(self.text.len()));
                    let end = floor_char_boundary(&self.text, range.end.min(self.text.len()));
                    let (start, end) = (start.min(end), end.max(start));
                    if (start, end) != (range.start, range.end) {
                        clamped.push(i);
                    }
                    if !whole && self.oversized.is_none() {
                        let edit = InputEdit {
                            start_byte: start,
                            old_end_byte: end,
                            new_end_byte: start + change.text.len(),
                            start_position: point_at(&self.text, &self.lines, start),
                            old_end_position: point_at(&self.text, &self.lines, end),
                            new_end_position: end_point(
                                point_at(&self.text, &self.lines, start),
                                &change.text,
                            ),
                        };
                        self.tree.edit(&edit);
                    }
                    self.text.replace_range(start..end, &change.text);
                    self.lines.edit(&self.text, start, end, change.text.len());
                }
            }
        }
        let was_oversized = self.oversized.take();
        self.oversized = oversized(&self.text, &self.lines);
        self.tree = if self.oversized.is_some() {
            parse("", None)
        } else if whole || was_oversized.is_some() {
            // The old tree (an empty module) says nothing about this text.
            whole = true;
            parse(&self.text, None)
        } else {
            parse(&self.text, Some(&self.tree))
        };
        self.fresh = whole;
        clamped
    }
}

/// Why `text` is too large to analyse, if it is.
fn oversized(text: &str, lines: &LineIndex) -> Option<String> {
    let mb = |n: usize| n as f64 / (1024.0 * 1024.0);
    if text.len() > MAX_ANALYSED_BYTES {
        return Some(format!(
            "the file is {:.1} MB, above pyguide's analysis limit of {:.0} MB",
            mb(text.len()),
            mb(MAX_ANALYSED_BYTES)
        ));
    }
    if text.len() > MAX_LINE_BYTES {
        let longest = (0..lines.line_count())
            .filter_map(|l| Some(lines.line_start(l + 1).unwrap_or(text.len()) - lines.line_start(l)?))
            .max()
            .unwrap_or(0);
        if longest > MAX_LINE_BYTES {
            return Some(format!(
                "a line of the file is {:.1} MB long, above pyguide's limit of {:.0} MB per line",
                mb(longest),
                mb(MAX_LINE_BYTES)
            ));
        }
    }
    None
}

/// The tree-sitter point (row counted in `\n`, column in bytes) of `offset`.
fn point_at(text: &str, lines: &LineIndex, offset: usize) -> Point {
    if !text.as_bytes().contains(&b'\r') {
        let line = lines.line_of(offset);
        let start = lines.line_start(line).unwrap_or(0);
        return Point::new(line, offset - start);
    }
    let before = &text.as_bytes()[..offset];
    let row = before.iter().filter(|&&b| b == b'\n').count();
    let col = before.iter().rev().take_while(|&&b| b != b'\n').count();
    Point::new(row, col)
}

/// The point reached after inserting `inserted` at `start`.
fn end_point(start: Point, inserted: &str) -> Point {
    let bytes = inserted.as_bytes();
    match bytes.iter().rposition(|&b| b == b'\n') {
        None => Point::new(start.row, start.column + bytes.len()),
        Some(last) => Point::new(
            start.row + bytes.iter().filter(|&&b| b == b'\n').count(),
            bytes.len() - last - 1,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn incremental_edit_matches_fresh_parse() {
        let mut doc = Document::new("def f(x):\n    return x\n");
        doc.apply(&[Change {
            range: Some(TextRange::new(6, 7)),
            text: "value".into(),
        }]);
        assert_eq!(doc.text(), "def f(value):\n    return x\n");
        let fresh = Document::new(doc.text());
        assert_eq!(
            doc.tree().root_node().to_sexp(),
            fresh.tree().root_node().to_sexp()
        );
    }

    #[test]
    fn oversized_text_is_kept_but_not_parsed_and_edits_bring_it_back() {
        let big = "x = 1\n".repeat(MAX_ANALYSED_BYTES / 6 + 1);
        let mut doc = Document::new(big.clone());
        assert!(doc
            .oversized()
            .is_some_and(|r| r.contains("above pyguide's analysis limit")));
        assert_eq!(doc.tree().root_node().child_count(), 0);
        assert_eq!(doc.text(), big);
        // An edit that shrinks it below the limit gives a full parse again.
        doc.apply(&[Change {
            range: Some(TextRange::new(12, big.len())),
            text: String::new(),
        }]);
        assert!(doc.oversized().is_none());
        assert_eq!(doc.text(), "x = 1\nx = 1\n");
        assert_eq!(doc.tree().root_node().child_count(), 2);
        // One very long line is oversized too; a normal edit keeps the text exact.
        let long = format!("s = '{}'\n", "a".repeat(MAX_LINE_BYTES + 10));
        let mut doc = Document::new(long.clone());
        assert!(doc.oversized().is_some_and(|r| r.contains("per line")));
        doc.apply(&[Change {
            range: Some(TextRange::new(0, 1)),
            text: "t".into(),
        }]);
        assert_eq!(&doc.text()[..3], "t =");
        assert_eq!(doc.text().len(), long.len());
    }

    #[test]
    fn out_of_range_edit_is_clamped() {
        let mut doc = Document::new("x = 1");
        let clamped = doc.apply(&[Change {
            range: Some(TextRange::new(3, 99)),
            text: "2".into(),
        }]);
        assert_eq!(clamped, vec![0]);
        assert_eq!(doc.text(), "x =2");
    }
}
