//! Per-keystroke costs on 1k/10k/50k-line files: the incremental reparse of a
//! one-character edit, the analysis pass, the import table, and the position
//! query behind a hover (which must not grow with the file), and a whole
//! hover at the worst kind of position, in a long function.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use pyguide::analysis::{self, concepts_at, Imports};
use pyguide::knowledge::Knowledge;
use pyguide::settings::Settings;
use pyguide::text::{Change, Document, TextRange};

/// Deterministic, realistic Python of about `lines` lines.
fn source(lines: usize) -> String {
    let block = r#"
class Service{n}(Base):
    """A service."""

    def __init__(self, client, retries=3):
        super().__init__()
        self.client = client
        self.retries = retries

    @functools.lru_cache(maxsize=128)
    def lookup(self, key):
        try:
            return self.client.get(key)
        except KeyError as err:
            raise LookupError(key) from err

    async def fetch_all(self, keys):
        results = [await self.client.fetch(k) for k in keys if k]
        return {k: v for k, v in zip(keys, results)}


def helper_{n}(items, factor=2):
    total = 0
    for i, item in enumerate(items):
        if item is None:
            continue
        total += item * factor
    with open("data.txt") as handle:
        return total + len(handle.read())
"#;
    let mut out = String::from("import functools\nimport json\nfrom base import Base\n");
    let per = block.lines().count();
    for n in 0..lines.div_ceil(per) {
        out.push_str(&block.replace("{n}", &n.to_string()));
    }
    out
}

fn benches(c: &mut Criterion) {
    let kb = Knowledge::builtin();
    kb.compile_all_queries();
    let settings = Settings::defaults(&kb);
    for lines in [1_000usize, 10_000, 50_000] {
        let text = source(lines);
        let doc = Document::new(text.clone());
        let mid = text.len() / 2;
        let at = text[mid..]
            .find("total += item")
            .map(|i| mid + i + 1)
            .unwrap_or(mid);

        c.bench_with_input(
            BenchmarkId::new("reparse_one_char_edit", lines),
            &doc,
            |b, doc| {
                let mut doc = doc.clone();
                b.iter(|| {
                    doc.apply(&[Change {
                        range: Some(TextRange::new(at, at)),
                        text: "x".into(),
                    }]);
                    doc.apply(&[Change {
                        range: Some(TextRange::new(at, at + 1)),
                        text: String::new(),
                    }]);
                })
            },
        );
        c.bench_with_input(BenchmarkId::new("analysis_check_full", lines), &doc, |b, doc| {
            b.iter(|| analysis::check(doc, &settings, &kb, None))
        });
        // What a keystroke costs: a one-character edit, the reparse, and the
        // re-check of what the edit touched, starting from the previous analysis.
        c.bench_with_input(
            BenchmarkId::new("keystroke_edit_and_recheck", lines),
            &doc,
            |b, doc| {
                let mut doc = doc.clone();
                let (_, mut cache) = analysis::check_incremental(&doc, &settings, &kb, None, None);
                let mut inserted = false;
                b.iter(|| {
                    let change = if inserted {
                        Change {
                            range: Some(TextRange::new(at, at + 1)),
                            text: String::new(),
                        }
                    } else {
                        Change {
                            range: Some(TextRange::new(at, at)),
                            text: "x".into(),
                        }
                    };
                    inserted = !inserted;
                    doc.apply(&[change]);
                    let (findings, next) =
                        analysis::check_incremental(&doc, &settings, &kb, None, Some(&cache));
                    cache = next;
                    findings.len()
                })
            },
        );
        c.bench_with_input(BenchmarkId::new("module_imports", lines), &doc, |b, doc| {
            b.iter(|| Imports::module_level(doc.tree(), doc.text()))
        });
        let imports = std::sync::Arc::new(Imports::module_level(doc.tree(), doc.text()));
        let hover_at = text[mid..].find("lru_cache").map(|i| mid + i + 2).unwrap_or(mid);
        let imports = analysis::imports_at(&doc, &imports, hover_at);
        c.bench_with_input(BenchmarkId::new("concepts_at", lines), &doc, |b, doc| {
            b.iter(|| concepts_at(doc, &imports, &kb, hover_at))
        });
    }
}

/// A module with one function of about `lines` lines (the kind of statement
/// a long function body is made of), between ordinary code.
fn long_function(lines: usize) -> String {
    let mut out = source(2_000);
    out.push_str("\n\ndef long_one(metacls, cls, bases, classdict, *, boundary=None, **kwds):\n");
    for i in 0..lines / 4 {
        out.push_str(&format!(
            "    value_{i} = classdict.get('k{i}', {i})\n    if value_{i} is not None and boundary:\n        kwds[str(value_{i})] = cls(value_{i}, bases)\n    metacls.register(value_{i})\n"
        ));
    }
    out.push_str("    return kwds\n\n");
    out.push_str(&source(2_000));
    out
}

/// The worst positions seen in the hover benchmark: a parameter in the header
/// of a long function (the header recognisers, the function's scope table,
/// built on the first hover inside it) and an assignment in its body.
fn long_function_benches(c: &mut Criterion) {
    let kb = Knowledge::builtin();
    kb.compile_all_queries();
    let settings = Settings::defaults(&kb);
    for lines in [50usize, 200, 800] {
        let text = long_function(lines);
        let doc = Document::new(text.clone());
        let findings = analysis::check(&doc, &settings, &kb, None);
        let module = std::sync::Arc::new(Imports::module_level(doc.tree(), doc.text()));
        let header = text.find("cls, bases").map_or(0, |i| i + 1);
        let body = text.find("value_0 =").map_or(0, |i| i + 2);
        for (name, at) in [
            ("hover_long_function_header", header),
            ("hover_long_function_body", body),
        ] {
            c.bench_with_input(BenchmarkId::new(name, lines), &doc, |b, doc| {
                b.iter(|| {
                    let imports = analysis::imports_at(doc, &module, at);
                    analysis::hover::hover_at(doc, &imports, &findings, &kb, &settings, at)
                        .map(|h| h.markdown.len())
                })
            });
        }
    }
}

criterion_group! {
    name = group;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(3));
    targets = benches, long_function_benches
}
criterion_main!(group);
