//! Incremental parsing equals a fresh parse, whatever the edits: at once for
//! valid code, and after `reconcile()` where the text has syntax errors
//! (tree-sitter's error recovery may place ERROR nodes differently when it
//! reuses old subtrees).
//!
//! `PYGUIDE_PROPTEST_CASES` sets the number of cases (default 10,000).

use proptest::prelude::*;
use pyguide::text::{Change, Document, TextRange};

const SEEDS: &[&str] = &[
    "",
    "def f(x):\n    return x\n",
    "class A:\n    def __init__(self):\n        self.x = [i for i in range(3)]\n",
    "s = 'héllo 😀'\r\nif s:\r\n    print(s)\r\n",
    "x = 1\ry = 2\r",
    "async def main():\n    async with lock:\n        await asyncio.sleep(1)\n",
    "try:\n    pass\nexcept:\n    pass\n",
    "print 'python 2'\n",
    "def broken(:\n  x = \"unterminated\n",
    "type Point = tuple[float, float]\ndef f[T](x: T) -> T: ...\n",
    "\t\tmixed\n    indent\n",
    "中文 = 1\n# 注释\n",
];

const FRAGMENTS: &[&str] = &[
    "",
    "x",
    "def ",
    "(",
    ")",
    ":",
    "\n",
    "    ",
    "'",
    "\"\"\"",
    "é",
    "😀",
    "\r\n",
    "\r",
    "#",
    "lambda: 0",
    "if ",
    "else:",
    "\t",
    "\0",
    "[",
    "]",
    "async ",
    "await ",
    "yield",
    "@d\n",
    "with open(p) as f:\n",
    "中",
];

#[derive(Clone, Debug)]
struct EditSpec {
    start: f64,
    len: f64,
    text: &'static str,
}

fn edit_strategy() -> impl Strategy<Value = EditSpec> {
    (0.0..=1.0f64, 0.0..=0.3f64, prop::sample::select(FRAGMENTS)).prop_map(|(start, len, text)| EditSpec {
        start,
        len,
        text,
    })
}

fn boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn cases() -> u32 {
    std::env::var("PYGUIDE_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]
    #[test]
    fn incremental_equals_fresh(seed in prop::sample::select(SEEDS),
                                batches in prop::collection::vec(prop::collection::vec(edit_strategy(), 1..4), 1..6),
                                whole_at in prop::option::of(0usize..6)) {
        let mut doc = Document::new(seed);
        let mut expected = seed.to_string();
        for (bi, batch) in batches.iter().enumerate() {
            let mut changes = Vec::new();
            if whole_at == Some(bi) {
                // A whole-document replacement between incremental edits.
                expected = format!("{expected}# replaced\n");
                changes.push(Change { range: None, text: expected.clone() });
            }
            for e in batch {
                let start = boundary(&expected, (e.start * expected.len() as f64) as usize);
                let end = boundary(&expected, start + (e.len * expected.len() as f64) as usize);
                expected.replace_range(start..end, e.text);
                changes.push(Change { range: Some(TextRange::new(start, end)), text: e.text.to_string() });
            }
            let clamped = doc.apply(&changes);
            prop_assert!(clamped.is_empty());
            prop_assert_eq!(doc.text(), expected.as_str());
            let fresh = Document::new(expected.clone());
            prop_assert_eq!(doc.lines(), fresh.lines());
            let fresh_sexp = fresh.tree().root_node().to_sexp();
            if fresh.tree().root_node().has_error() {
                prop_assert!(doc.tree().root_node().has_error());
                // The server reconciles such documents; the next edits continue from either tree.
                if bi % 2 == 0 {
                    doc.reconcile();
                    prop_assert_eq!(doc.tree().root_node().to_sexp(), fresh_sexp);
                }
            } else {
                prop_assert_eq!(doc.tree().root_node().to_sexp(), fresh_sexp);
            }
        }
    }
}
