//! Lead lines: a card's `[[lead]]` templates, filled from a query match.

use tree_sitter::Query;

/// One piece of a lead template.
#[derive(Debug, PartialEq, Eq)]
enum Piece<'t> {
    Text(&'t str),
    Capture { name: &'t str, case: Case },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Case {
    AsWritten,
    Upper,
    Lower,
}

fn parse(template: &str) -> Result<Vec<Piece<'_>>, String> {
    let mut pieces = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            pieces.push(Piece::Text(&rest[..open]));
        }
        let after = &rest[open + 1..];
        let close = after.find('}').ok_or_else(|| {
            format!(
                "`{{` at byte {} of the lead text is never closed",
                template.len() - rest.len() + open
            )
        })?;
        let inner = &after[..close];
        let (name, case) = match inner.split_once(':') {
            None => (inner, Case::AsWritten),
            Some((n, "upper")) => (n, Case::Upper),
            Some((n, "lower")) => (n, Case::Lower),
            Some((_, other)) => {
                return Err(format!("unknown lead filter `{other}` (use `upper` or `lower`)"))
            }
        };
        if name.is_empty() {
            return Err("an empty `{}` in the lead text".into());
        }
        pieces.push(Piece::Capture { name, case });
        rest = &after[close + 1..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest));
    }
    Ok(pieces)
}

/// Whether `template` only names captures that `query` defines.
pub fn validate(query: &Query, template: &str) -> Result<(), String> {
    for piece in parse(template)? {
        if let Piece::Capture { name, .. } = piece {
            if !query.capture_names().contains(&name) {
                return Err(format!(
                    "the lead text uses `{{{name}}}`, but the lead query has no `@{name}` capture"
                ));
            }
        }
    }
    Ok(())
}

/// The template with each `{capture}` replaced by `capture(name)`: `None`
/// when the template is malformed or a capture is missing from the match.
/// Captured source is cut to its first line and at most 60 characters.
pub fn fill(template: &str, capture: impl Fn(&str) -> Option<String>) -> Option<String> {
    let mut out = String::new();
    for piece in parse(template).ok()? {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Capture { name, case } => {
                let raw = capture(name)?;
                let line = raw.lines().next().unwrap_or("").trim();
                let mut shown: String = line.chars().take(60).collect();
                if shown.len() < line.len() {
                    shown.push('…');
                }
                // A backtick in the source would end the template's code span.
                let shown = shown.replace('`', "'");
                out.push_str(&match case {
                    Case::AsWritten => shown,
                    Case::Upper => shown.to_uppercase(),
                    Case::Lower => shown.to_lowercase(),
                });
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_captures_with_case_filters() {
        let got = fill("`@app.{m}` is a {m:upper} route for {p}", |n| match n {
            "m" => Some("get".into()),
            "p" => Some("\"/items\"".into()),
            _ => None,
        });
        assert_eq!(got.as_deref(), Some("`@app.get` is a GET route for \"/items\""));
    }

    #[test]
    fn missing_capture_or_bad_template_gives_nothing() {
        assert_eq!(fill("{a} and {b}", |n| (n == "a").then(|| "x".to_string())), None);
        assert_eq!(fill("{a", |_| Some("x".into())), None);
        assert_eq!(fill("{a:shout}", |_| Some("x".into())), None);
    }

    #[test]
    fn long_and_multiline_captures_are_cut() {
        let long = "x".repeat(100);
        let got = fill("{a}", |_| Some(format!("{long}\nmore"))).unwrap();
        assert_eq!(got.chars().count(), 61);
        assert!(got.ends_with('…'));
        assert_eq!(fill("{a}", |_| Some("a`b".into())).as_deref(), Some("a'b"));
    }

    #[test]
    fn validation_names_the_unknown_capture() {
        let q = Query::new(&crate::text::language(), "(call function: (identifier) @fn)").unwrap();
        assert!(validate(&q, "`{fn}()`").is_ok());
        let e = validate(&q, "`{func}()`").unwrap_err();
        assert!(e.contains("@func"), "{e}");
        assert!(validate(&q, "{fn:title}").unwrap_err().contains("title"));
    }
}
