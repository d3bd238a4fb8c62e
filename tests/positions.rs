//! Byte offsets ⇄ line/column round trips in every encoding.

use proptest::prelude::*;
use pyguide::text::{Encoding, LineCol, LineIndex, SourceLocation};

const PIECES: &[&str] = &[
    "a", "Z", " ", "\t", "é", "中文", "😀", "𝄞", "\n", "\r\n", "\r", "x = 1", "'''", "#",
];

fn text_strategy() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|v| v.concat())
}

fn check_round_trip(text: &str) {
    let idx = LineIndex::new(text);
    for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
        for (offset, _) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
            // An offset between the \r and \n of a CRLF is not a position of its own.
            if offset > 0
                && text.as_bytes()[offset - 1] == b'\r'
                && text.as_bytes().get(offset) == Some(&b'\n')
            {
                continue;
            }
            let lc = idx.to_line_col(text, offset, enc);
            let (back, clamped) = idx.to_offset(text, lc, enc);
            assert_eq!(back, offset, "{enc:?} {text:?} offset {offset} -> {lc:?}");
            assert!(!clamped);
        }
        let loc = SourceLocation::of(&idx, text, text.len());
        assert_eq!(loc.to_offset(&idx, text), text.len());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    #[test]
    fn offsets_round_trip(text in text_strategy()) {
        check_round_trip(&text);
    }
}

#[test]
fn known_positions() {
    // Non-ASCII on an earlier line than the position asked for.
    let text = "s = '😀中'\r\nt = 1\rlast";
    let idx = LineIndex::new(text);
    let t = text.find('t').unwrap();
    assert_eq!(
        idx.to_line_col(text, t, Encoding::Utf16),
        LineCol { line: 1, col: 0 }
    );
    let quote = text.rfind('\'').unwrap();
    assert_eq!(
        idx.to_line_col(text, quote, Encoding::Utf8),
        LineCol { line: 0, col: 12 }
    );
    assert_eq!(
        idx.to_line_col(text, quote, Encoding::Utf16),
        LineCol { line: 0, col: 8 }
    );
    assert_eq!(
        idx.to_line_col(text, quote, Encoding::Utf32),
        LineCol { line: 0, col: 7 }
    );
    let last = text.find("last").unwrap();
    assert_eq!(
        idx.to_line_col(text, last, Encoding::Utf16),
        LineCol { line: 2, col: 0 }
    );
    // End of a last line without a newline.
    assert_eq!(
        idx.to_line_col(text, text.len(), Encoding::Utf16),
        LineCol { line: 2, col: 4 }
    );
    // Past the end of a line: clamped to the line's end, before the CRLF.
    let (off, clamped) = idx.to_offset(text, LineCol { line: 0, col: 99 }, Encoding::Utf16);
    assert!(clamped);
    assert_eq!(&text[off..off + 2], "\r\n");
    // Inside a surrogate pair: clamped to the pair's start.
    let (off, clamped) = idx.to_offset(text, LineCol { line: 0, col: 6 }, Encoding::Utf16);
    assert!(clamped);
    assert_eq!(&text[off..off + 4], "😀");
    // A line past the end: the end of the text.
    assert_eq!(
        idx.to_offset(text, LineCol { line: 9, col: 0 }, Encoding::Utf8),
        (text.len(), true)
    );
    // CLI locations are 1-based characters.
    assert_eq!(
        SourceLocation::of(&idx, text, quote),
        SourceLocation { row: 1, column: 8 }
    );
}
