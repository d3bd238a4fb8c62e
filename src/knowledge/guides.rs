//! The five guides pyguide is built from (`knowledge/guides.toml`), and the
//! check that a card's citation names a real section of one of them.

use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct GuidesFile {
    guide: Vec<Guide>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Guide {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub unnumbered: Vec<String>,
    #[serde(default)]
    pub section: Vec<GuideSection>,
    #[serde(default)]
    pub wiki_links: Vec<String>,
    #[serde(default)]
    pub tables: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct GuideSection {
    pub number: u32,
    pub heading: String,
    #[serde(default)]
    pub subsections: Vec<String>,
}

#[derive(Clone, Debug, Default)]
pub struct Guides {
    guides: Vec<Guide>,
}

impl Guides {
    pub fn parse(text: &str) -> Result<Guides, String> {
        let file: GuidesFile = toml::from_str(text).map_err(|e| e.to_string())?;
        Ok(Guides { guides: file.guide })
    }

    pub fn get(&self, id: &str) -> Option<&Guide> {
        self.guides.iter().find(|g| g.id == id)
    }

    /// Checks one citation (forms in `docs/knowledge-format.md`); `Err` says what is wrong.
    pub fn check(&self, citation: &str) -> Result<(), String> {
        let (gid, rest) = citation
            .split_once(' ')
            .ok_or_else(|| format!("citation `{citation}` has no guide number"))?;
        let guide = self
            .get(gid)
            .ok_or_else(|| format!("citation `{citation}`: there is no guide {gid}"))?;
        let rest = rest.trim();
        if let Some(link) = rest.strip_prefix("[[").and_then(|r| r.strip_suffix("]]")) {
            return if guide.wiki_links.iter().any(|l| l == link) {
                Ok(())
            } else {
                Err(format!(
                    "citation `{citation}`: guide {gid} has no note [[{link}]]"
                ))
            };
        }
        if let Some(table) = rest.strip_prefix("table: ") {
            return if guide.tables.iter().any(|t| t == table) {
                Ok(())
            } else {
                Err(format!(
                    "citation `{citation}`: guide {gid} has no table category `{table}`"
                ))
            };
        }
        let without_note = strip_note(rest);
        if let Some(numbered) = rest.strip_prefix('§') {
            let digits: String = numbered.chars().take_while(|c| c.is_ascii_digit()).collect();
            let number: u32 = digits
                .parse()
                .map_err(|_| format!("citation `{citation}`: `§` must be followed by a section number"))?;
            let section = guide
                .section
                .iter()
                .find(|s| s.number == number)
                .ok_or_else(|| format!("citation `{citation}`: guide {gid} has no §{number}"))?;
            let after = strip_note(&numbered[digits.len()..]);
            if let Some((_, sub)) = after.split_once(" > ") {
                let first = sub.split(" > ").next().unwrap_or(sub).trim().to_lowercase();
                if !section
                    .subsections
                    .iter()
                    .any(|s| s.to_lowercase().starts_with(&first))
                {
                    return Err(format!(
                        "citation `{citation}`: §{number} `{}` has no subsection `{first}`",
                        section.heading
                    ));
                }
            }
            return Ok(());
        }
        if guide.unnumbered.iter().any(|u| u == without_note) {
            return Ok(());
        }
        Err(format!("citation `{citation}` is not of a known form"))
    }
}

/// Drops a trailing parenthesised note: `Decorators (wraps)` → `Decorators`.
fn strip_note(s: &str) -> &str {
    let s = s.trim();
    if s.ends_with(')') {
        if let Some(open) = s.find(" (") {
            return s[..open].trim();
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guides() -> Guides {
        Guides::parse(
            r#"
[[guide]]
id = "001"
title = "G"
unnumbered = ["Next Steps"]
[[guide.section]]
number = 6
heading = "Advanced Features"
subsections = ["Decorators", "Generators"]
[[guide]]
id = "004"
title = "O"
wiki_links = ["Decorators"]
tables = ["Memory & Performance"]
"#,
        )
        .unwrap()
    }

    #[test]
    fn accepts_the_documented_forms() {
        let g = guides();
        for ok in [
            "001 §6 Advanced Features > Decorators",
            "001 §6 Advanced > Decorators (wraps)",
            "001 §6",
            "001 Next Steps",
            "004 [[Decorators]]",
            "004 table: Memory & Performance",
        ] {
            assert_eq!(g.check(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn rejects_unknown_sections() {
        let g = guides();
        for bad in [
            "001 §7 X",
            "001 §6 Advanced Features > Closures",
            "002 §1",
            "004 [[Nope]]",
        ] {
            assert!(g.check(bad).is_err(), "{bad}");
        }
    }
}
