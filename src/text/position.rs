//! Byte offsets ⇄ line/column positions.
//!
//! Inside pyguide every position is a byte offset into the UTF-8 text. Lines and
//! columns exist only at the edges: the LSP adapter (columns in the negotiated
//! encoding: UTF-8 bytes, UTF-16 code units or Unicode scalar values) and the CLI
//! (1-based rows, columns in Unicode characters, like ruff's JSON output).
//!
//! Line breaks follow the LSP specification: `\n`, `\r\n` and a lone `\r` each end a line.

/// How a column counts the characters before it on its line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// UTF-8 code units (bytes).
    Utf8,
    /// UTF-16 code units: the LSP default. Characters outside the BMP count twice.
    Utf16,
    /// Unicode scalar values (characters).
    Utf32,
}

impl Encoding {
    fn units(self, ch: char) -> usize {
        match self {
            Encoding::Utf8 => ch.len_utf8(),
            Encoding::Utf16 => ch.len_utf16(),
            Encoding::Utf32 => 1,
        }
    }
}

/// A zero-based line and a column counted in some [`Encoding`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

/// A half-open byte range `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct TextRange {
    pub start: usize,
    pub end: usize,
}

impl TextRange {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        TextRange { start, end }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    /// True when `offset` lies inside the range; the end counts too, so a cursor
    /// just after a word still "touches" it (as editors expect for hovers).
    pub fn touches(&self, offset: usize) -> bool {
        self.start <= offset && offset <= self.end
    }
    pub fn contains_range(&self, other: TextRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    pub fn intersects(&self, other: TextRange) -> bool {
        self.start < other.end && other.start < self.end
            || (self.is_empty() && other.touches(self.start))
            || (other.is_empty() && self.touches(other.start))
    }
}

impl From<std::ops::Range<usize>> for TextRange {
    fn from(r: std::ops::Range<usize>) -> Self {
        TextRange::new(r.start, r.end)
    }
}

/// Start offsets of every line of a text, for fast offset ⇄ line lookups.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineIndex {
    /// Byte offset where each line starts; `starts[0] == 0`.
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = Vec::with_capacity(bytes.len() / 32 + 1);
        starts.push(0);
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' => {
                    if bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    starts.push(i + 1);
                }
                _ => {}
            }
            i += 1;
        }
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    /// Updates the index after `old_end - start` bytes at `start` were replaced
    /// by `new_len` bytes; `text` is the new text. Only the lines around the
    /// edit are rescanned; later line starts are shifted.
    pub fn edit(&mut self, text: &str, start: usize, old_end: usize, new_len: usize) {
        let delta = new_len as isize - (old_end - start) as isize;
        let first = self.line_of(start).saturating_sub(1);
        let last = self.line_of(old_end);
        let scan_from = self.starts[first];
        // The first old line start at least one whole line past the edit: the
        // bytes around it are untouched, so it and everything after stay starts.
        let keep_from = last + 2;
        let (scan_to, kept): (usize, Vec<usize>) = match self.starts.get(keep_from) {
            Some(&boundary) => (
                (boundary as isize + delta) as usize,
                self.starts[keep_from + 1..]
                    .iter()
                    .map(|&s| (s as isize + delta) as usize)
                    .collect(),
            ),
            None => (text.len(), Vec::new()),
        };
        self.starts.truncate(first + 1);
        let bytes = text.as_bytes();
        let mut i = scan_from;
        while i < scan_to.min(bytes.len()) {
            match bytes[i] {
                b'\n' => self.starts.push(i + 1),
                b'\r' => {
                    if bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    self.starts.push(i + 1);
                }
                _ => {}
            }
            i += 1;
        }
        self.starts.extend(kept);
        self.len = text.len();
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The zero-based line holding `offset` (clamped to the text).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line).copied()
    }

    /// Byte range of a line's content, without its line break.
    pub fn line_range(&self, text: &str, line: usize) -> Option<TextRange> {
        let start = *self.starts.get(line)?;
        let mut end = self.starts.get(line + 1).copied().unwrap_or(self.len);
        let bytes = text.as_bytes();
        if end > start && bytes.get(end - 1) == Some(&b'\n') {
            end -= 1;
        }
        if end > start && bytes.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        Some(TextRange::new(start, end))
    }

    /// Converts a byte offset to a line and a column in `enc`. An offset inside a
    /// multi-byte character is moved back to the character's start.
    pub fn to_line_col(&self, text: &str, offset: usize, enc: Encoding) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.starts[line];
        let col = match enc {
            Encoding::Utf8 => offset - start,
            _ => text[start..offset].chars().map(|c| enc.units(c)).sum(),
        };
        LineCol {
            line: line as u32,
            col: col as u32,
        }
    }

    /// Converts a line and column in `enc` to a byte offset.
    ///
    /// Out-of-range input is clamped, never rejected: a line past the end maps to
    /// the end of the text, a column past the end of its line to the line's end,
    /// and a column inside a character (half a surrogate pair, or inside a UTF-8
    /// sequence) to that character's start. The second value tells whether
    /// anything had to be clamped, so the caller can log it.
    pub fn to_offset(&self, text: &str, pos: LineCol, enc: Encoding) -> (usize, bool) {
        let line = pos.line as usize;
        let Some(range) = self.line_range(text, line) else {
            return (text.len(), true);
        };
        let want = pos.col as usize;
        let content = &text[range.start..range.end];
        let mut units = 0;
        for (i, ch) in content.char_indices() {
            if units == want {
                return (range.start + i, false);
            }
            let next = units + enc.units(ch);
            if next > want {
                // inside a character
                return (range.start + i, true);
            }
            units = next;
        }
        (range.end, units != want)
    }
}

/// The largest char boundary not after `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    if offset >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// One-based row and column in Unicode characters, as the CLI and its JSON show them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct SourceLocation {
    pub row: usize,
    pub column: usize,
}

impl SourceLocation {
    pub fn of(index: &LineIndex, text: &str, offset: usize) -> Self {
        let lc = index.to_line_col(text, offset, Encoding::Utf32);
        SourceLocation {
            row: lc.line as usize + 1,
            column: lc.col as usize + 1,
        }
    }

    /// The byte offset of a one-based row and character column (clamped).
    pub fn to_offset(self, index: &LineIndex, text: &str) -> usize {
        let pos = LineCol {
            line: self.row.saturating_sub(1) as u32,
            col: self.column.saturating_sub(1) as u32,
        };
        index.to_offset(text, pos, Encoding::Utf32).0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lone_cr_and_crlf_end_lines() {
        let text = "a\rb\r\nc\nd";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        assert_eq!(idx.line_range(text, 1), Some(TextRange::new(2, 3)));
        assert_eq!(
            idx.to_line_col(text, 7, Encoding::Utf16),
            LineCol { line: 3, col: 0 }
        );
        assert_eq!(
            idx.to_line_col(text, 6, Encoding::Utf16),
            LineCol { line: 2, col: 1 }
        );
    }

    #[test]
    fn surrogate_pair_middle_is_clamped_to_start() {
        let text = "x😀y";
        let idx = LineIndex::new(text);
        let (off, clamped) = idx.to_offset(text, LineCol { line: 0, col: 2 }, Encoding::Utf16);
        assert_eq!((off, clamped), (1, true));
        let (off, clamped) = idx.to_offset(text, LineCol { line: 0, col: 3 }, Encoding::Utf16);
        assert_eq!((off, clamped), (5, false));
    }
}
