//! Re-checking after an edit with the previous analysis equals a full check.
//!
//! `PYGUIDE_PROPTEST_CASES` scales the case count (default: a tenth of it, 1,000).

use proptest::prelude::*;
use pyguide::analysis::{check, check_incremental};
use pyguide::knowledge::Knowledge;
use pyguide::settings::{RawSettings, Settings};
use pyguide::text::{Change, Document, TextRange};

const BASE: &str = r#"import functools
import time

def f(items=[], opts={}):
    try:
        return items
    except:
        return None == items

class Service:
    def run(self, x=[]):
        if x == None:
            pass

async def main():
    time.sleep(1)

x = 1
y = x == None
"#;

const FRAGMENTS: &[&str] = &[
    "",
    "x",
    " == None",
    "\n",
    "    ",
    "except:\n    pass\n",
    "try:\n    pass\n",
    "def g(a=[]):\n    return a\n",
    "#",
    "import functools as ft\n",
    "(",
    ")",
    ":",
    "'",
    "# noqa\n",
    "  # pyguide: ignore[PG101]",
    "= []",
    "é",
];

fn cases() -> u32 {
    std::env::var("PYGUIDE_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse::<u32>().ok())
        .map_or(1_000, |n| (n / 10).max(1))
}

fn replay(edits: &[(f64, f64, &str)]) -> Result<(), String> {
    let kb = Knowledge::builtin();
    let raw = RawSettings {
        select: Some(vec!["ALL".into()]),
        ..RawSettings::default()
    };
    let settings = Settings::resolve(&raw, &kb).0;
    let mut doc = Document::new(BASE);
    let (_, mut cache) = check_incremental(&doc, &settings, &kb, None, None);
    for &(start, len, text) in edits {
        let t = doc.text().to_string();
        let mut s = (start * t.len() as f64) as usize;
        while !t.is_char_boundary(s) {
            s -= 1;
        }
        let mut e = (s + (len * t.len() as f64) as usize).min(t.len());
        while !t.is_char_boundary(e) {
            e -= 1;
        }
        doc.apply(&[Change {
            range: Some(TextRange::new(s, e)),
            text: text.to_string(),
        }]);
        let (incremental, next) = check_incremental(&doc, &settings, &kb, None, Some(&cache));
        let full = check(&doc, &settings, &kb, None);
        if incremental != full {
            return Err(format!(
                "text {:?}\nincremental {incremental:#?}\nfull {full:#?}",
                doc.text()
            ));
        }
        cache = next;
    }
    Ok(())
}

/// Found by CI: error recovery parsed an unchanged statement differently after
/// the second edit, and its cached result (a bare `except`) went missing.
#[test]
fn unchanged_text_with_parse_errors_is_rechecked() {
    replay(&[
        (0.4363811512340062, 0.19068242655573533, "try:\n    pass\n"),
        (0.542831141436905, 0.0, "\n"),
    ])
    .unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]
    #[test]
    fn incremental_check_equals_full_check(edits in prop::collection::vec((0.0..=1.0f64, 0.0..=0.2f64, prop::sample::select(FRAGMENTS)), 1..8)) {
        if let Err(e) = replay(&edits) {
            prop_assert!(false, "{}", e);
        }
    }
}
