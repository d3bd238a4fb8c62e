//! Suppression comments: `# noqa`, `# noqa: PG101, E722` and
//! `# pyguide: ignore[PG101]` on the line where a finding starts.
//! A `noqa` naming a ruff/pylint equivalent of a rule suppresses the rule too.

use crate::analysis::node::NodeExt;
use std::collections::HashMap;

use crate::text::{Document, TextRange};

/// What a suppression comment covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    /// The comment's byte range.
    pub range: TextRange,
    /// Codes listed; empty means every rule.
    pub codes: Vec<String>,
    /// Byte ranges of each listed code inside the text.
    pub code_ranges: Vec<TextRange>,
}

#[derive(Debug, Default)]
pub struct Suppressions {
    by_line: HashMap<usize, Vec<Suppression>>,
}

impl Suppressions {
    pub fn parse(doc: &Document) -> Self {
        let mut by_line: HashMap<usize, Vec<Suppression>> = HashMap::new();
        let text = doc.text();
        // Comments are found by the tree so `# noqa` inside a string does not count.
        let mut cursor = doc.tree().walk();
        'walk: loop {
            let node = cursor.node();
            if node.kind_str() == "comment" {
                if let Some(s) = parse_comment(text, TextRange::new(node.start_byte(), node.end_byte())) {
                    by_line
                        .entry(doc.lines().line_of(node.start_byte()))
                        .or_default()
                        .push(s);
                }
            }
            if node.kind_str() != "string" && cursor.goto_first_child() {
                continue;
            }
            loop {
                if cursor.goto_next_sibling() {
                    continue 'walk;
                }
                if !cursor.goto_parent() {
                    break 'walk;
                }
            }
        }
        Suppressions { by_line }
    }

    pub fn is_suppressed(&self, doc: &Document, offset: usize, code: &str, equivalents: &[String]) -> bool {
        let line = doc.lines().line_of(offset);
        self.by_line.get(&line).is_some_and(|list| {
            list.iter().any(|s| {
                s.codes.is_empty()
                    || s.codes.iter().any(|c| {
                        c.eq_ignore_ascii_case(code) || equivalents.iter().any(|e| e.eq_ignore_ascii_case(c))
                    })
            })
        })
    }

    /// The suppression comment covering `offset`, if any (for hovers over it).
    pub fn at(&self, doc: &Document, offset: usize) -> Option<&Suppression> {
        let line = doc.lines().line_of(offset);
        self.by_line.get(&line)?.iter().find(|s| s.range.touches(offset))
    }
}

/// Whether a suppression comment on the line of `offset` covers `code`.
/// Cost: the length of that line (a substring search, then one tree lookup).
pub fn suppressed(doc: &Document, offset: usize, code: &str, equivalents: &[String]) -> bool {
    let text = doc.text();
    let line = doc.lines().line_of(offset);
    let Some(range) = doc.lines().line_range(text, line) else {
        return false;
    };
    let line_text = &text[range.start..range.end];
    let Some(hash) = line_text.find('#') else {
        return false;
    };
    let lower = line_text.to_ascii_lowercase();
    if !lower.contains("noqa") && !lower.contains("pyguide: ignore") {
        return false;
    }
    // Every `#` on the line could start the comment (the first may be in a string).
    let mut search = hash;
    while let Some(rel) = line_text[search..].find('#') {
        let at = range.start + search + rel;
        if let Some(node) = doc.tree().root_node().descendant_for_byte_range(at, at + 1) {
            if node.kind_str() == "comment" {
                let c = TextRange::new(node.start_byte(), node.end_byte());
                return parse_comment(text, c).is_some_and(|s| {
                    s.codes.is_empty()
                        || s.codes.iter().any(|c| {
                            c.eq_ignore_ascii_case(code)
                                || equivalents.iter().any(|e| e.eq_ignore_ascii_case(c))
                        })
                });
            }
        }
        search += rel + 1;
    }
    false
}

/// Parses one comment (its text starts with `#`).
pub fn parse_comment(text: &str, range: TextRange) -> Option<Suppression> {
    let comment = text.get(range.start..range.end)?;
    let lower = comment.to_ascii_lowercase();
    // `# pyguide: ignore[PG101, PG102]` or `# pyguide: ignore`
    if let Some(at) = lower.find("pyguide: ignore") {
        let after = at + "pyguide: ignore".len();
        let rest = &comment[after..];
        if let Some(inner) = rest.strip_prefix('[') {
            let close = inner.find(']')?;
            let (codes, code_ranges) = split_codes(&inner[..close], range.start + after + 1);
            return Some(Suppression {
                range,
                codes,
                code_ranges,
            });
        }
        return Some(Suppression {
            range,
            codes: Vec::new(),
            code_ranges: Vec::new(),
        });
    }
    // `# noqa` or `# noqa: A1, B2`
    let at = lower.find("noqa")?;
    let rest = &comment[at + 4..];
    if let Some(list) = rest.trim_start().strip_prefix(':') {
        let skipped = rest.len() - rest.trim_start().len() + 1;
        let start = range.start + at + 4 + skipped;
        let end = list
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == ',' || c == ' '))
            .unwrap_or(list.len());
        let (codes, code_ranges) = split_codes(&list[..end], start);
        if !codes.is_empty() {
            return Some(Suppression {
                range,
                codes,
                code_ranges,
            });
        }
    }
    Some(Suppression {
        range,
        codes: Vec::new(),
        code_ranges: Vec::new(),
    })
}

fn split_codes(list: &str, base: usize) -> (Vec<String>, Vec<TextRange>) {
    let mut codes = Vec::new();
    let mut ranges = Vec::new();
    let mut offset = 0;
    for part in list.split([',', ' ']) {
        let start = offset;
        offset += part.len() + 1;
        if part.is_empty() {
            continue;
        }
        let letters = part.chars().take_while(|c| c.is_ascii_alphabetic()).count();
        let is_code =
            letters > 0 && letters < part.len() && part[letters..].chars().all(|c| c.is_ascii_digit());
        if !is_code {
            break;
        }
        codes.push(part.to_ascii_uppercase());
        ranges.push(TextRange::new(base + start, base + start + part.len()));
    }
    (codes, ranges)
}

/// The edit that silences `code` on the line where `offset` is: appends
/// `  # pyguide: ignore[CODE]`, or adds the code to such a comment already there.
/// `None` when the line ends inside a string (a comment cannot go there).
pub fn disable_edit(doc: &Document, offset: usize, code: &str) -> Option<crate::analysis::Edit> {
    let text = doc.text();
    let line = doc.lines().line_of(offset);
    let range = doc.lines().line_range(text, line)?;
    let root = doc.tree().root_node();
    if range.end > range.start {
        let last = root.descendant_for_byte_range(range.end - 1, range.end)?;
        let mut n = Some(last);
        while let Some(node) = n {
            if node.kind_str() == "comment" {
                let c = TextRange::new(node.start_byte(), node.end_byte());
                if let Some(s) = parse_comment(text, c) {
                    let body = &text[c.start..c.end];
                    if let (Some(at), false) = (body.find("pyguide: ignore["), s.codes.is_empty()) {
                        let close = body[at..].find(']')? + at;
                        return Some(crate::analysis::Edit::insert(
                            c.start + close,
                            format!(", {code}"),
                        ));
                    }
                }
                break;
            }
            if matches!(
                node.kind_str(),
                "string" | "string_content" | "concatenated_string"
            ) && node.end_byte() > range.end
            {
                return None;
            }
            n = node.parent();
        }
    }
    Some(crate::analysis::Edit::insert(
        range.end,
        format!("  # pyguide: ignore[{code}]"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(c: &str) -> Suppression {
        parse_comment(c, TextRange::new(0, c.len())).unwrap()
    }

    #[test]
    fn forms() {
        assert_eq!(parse("# noqa").codes, Vec::<String>::new());
        assert_eq!(parse("# noqa: PG101,E722").codes, vec!["PG101", "E722"]);
        assert_eq!(
            parse("# noqa: PG101, E722 trailing words").codes,
            vec!["PG101", "E722"]
        );
        let s = parse("# pyguide: ignore[PG101]");
        assert_eq!(s.codes, vec!["PG101"]);
        assert_eq!(s.code_ranges[0], TextRange::new(18, 23));
        assert!(parse_comment("# plain comment", TextRange::new(0, 15)).is_none());
    }
}
