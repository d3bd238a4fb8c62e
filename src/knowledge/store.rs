//! The knowledge store: every card, built-in and user-supplied, checked and indexed.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use tree_sitter::Query;

use super::card::{Card, CardError, CardKind};
use super::guides::Guides;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/knowledge_files.rs"));
}

/// Recognisers written in Rust that a card may name as `logic` (see `analysis::recognize`).
pub const LOGIC_RECOGNISERS: &[&str] = &[
    "generator-function",
    "async-generator-function",
    "decorator-factory",
    "closure",
    "recursive-function",
    "context-manager-class",
    "iterator-class",
    "descriptor-class",
    "first-binding",
    "method-override",
    "module-attribute-patch",
    "class-based-decorator",
    "method-definition",
    "method-self-parameter",
    "class-attribute",
];

/// A card's trigger, compiled against the Python grammar. Queries compile on
/// first use (compiling every built-in query takes a noticeable fraction of a
/// second, which a `pyguide check` run should not pay).
#[derive(Debug, Default)]
pub struct CompiledTrigger {
    pub node_kinds: Vec<u16>,
    pub keyword_kinds: Vec<u16>,
    query_source: Option<String>,
    query: OnceLock<Option<Query>>,
    lead_sources: Vec<String>,
    leads: OnceLock<Vec<Option<Query>>>,
}

impl CompiledTrigger {
    /// The compiled query, if the card has one that compiles.
    pub fn query(&self) -> Option<&Query> {
        self.query
            .get_or_init(|| {
                let source = self.query_source.as_deref()?;
                match Query::new(&crate::text::language(), source) {
                    Ok(q) => Some(q),
                    Err(e) => {
                        tracing::error!("a trigger query does not compile: {}", e.message);
                        None
                    }
                }
            })
            .as_ref()
    }

    /// The card's lead queries, in order (`None` for one that does not compile).
    pub fn leads(&self) -> &[Option<Query>] {
        self.leads.get_or_init(|| {
            self.lead_sources
                .iter()
                .map(|source| match Query::new(&crate::text::language(), source) {
                    Ok(q) => Some(q),
                    Err(e) => {
                        tracing::error!("a lead query does not compile: {}", e.message);
                        None
                    }
                })
                .collect()
        })
    }
}

/// Compiles and checks a card's `[[lead]]` entries.
fn compile_leads(card: &Card, language: &tree_sitter::Language) -> Result<Vec<Option<Query>>, CardError> {
    card.lead
        .iter()
        .enumerate()
        .map(|(i, lead)| {
            let line = card.key_lines.get(&format!("lead#{i}")).copied().unwrap_or(2);
            let query = Query::new(language, &lead.query)
                .map_err(|e| err(card, line, format!("lead query does not compile: {}", e.message)))?;
            super::lead::validate(&query, &lead.text).map_err(|m| err(card, line, m))?;
            Ok(Some(query))
        })
        .collect()
}

/// A card with its compiled trigger.
#[derive(Debug)]
pub struct Entry {
    pub card: Card,
    pub trigger: CompiledTrigger,
}

/// All cards pyguide knows, by id (concepts) and by code and name (rules).
#[derive(Debug, Default)]
pub struct Knowledge {
    concepts: BTreeMap<String, Arc<Entry>>,
    rules: BTreeMap<String, Arc<Entry>>,
    rule_names: HashMap<String, String>,
    guides: Guides,
    index: OnceLock<super::index::TriggerIndex>,
}

static BUILTIN: OnceLock<Arc<Knowledge>> = OnceLock::new();

impl Knowledge {
    /// The cards embedded in the binary. Problems in them are bugs caught by the
    /// test suite; at runtime they are logged and the card is left out.
    pub fn builtin() -> Arc<Knowledge> {
        BUILTIN
            .get_or_init(|| {
                let (kb, errors) = Knowledge::load_builtin();
                for e in errors {
                    tracing::error!("built-in knowledge: {e}");
                }
                Arc::new(kb)
            })
            .clone()
    }

    /// Loads the embedded cards and returns every problem found.
    pub fn load_builtin() -> (Knowledge, Vec<CardError>) {
        let mut errors = Vec::new();
        let guides = match embedded::FILES.iter().find(|(p, _)| *p == "guides.toml") {
            Some((_, text)) => Guides::parse(text).unwrap_or_else(|e| {
                errors.push(CardError {
                    file: "knowledge/guides.toml".into(),
                    line: 1,
                    message: e,
                });
                Guides::default()
            }),
            None => Guides::default(),
        };
        let mut cards = Vec::new();
        for (path, text) in embedded::FILES {
            if !path.ends_with(".md") {
                continue;
            }
            match Card::parse(&format!("knowledge/{path}"), text) {
                Ok(card) => cards.push(card),
                Err(e) => errors.push(e),
            }
        }
        let mut kb = Knowledge {
            guides,
            ..Knowledge::default()
        };
        kb.insert_all(cards, &mut errors, true);
        (kb, errors)
    }

    /// A copy of `self` with the cards of `dirs` added; a user card with the id of
    /// an existing one replaces it. Bad cards are reported and left out; the rest
    /// keeps working.
    pub fn with_user_dirs(&self, dirs: &[PathBuf]) -> (Knowledge, Vec<CardError>) {
        let mut errors = Vec::new();
        let mut cards = Vec::new();
        for dir in dirs {
            read_dir_cards(dir, &mut cards, &mut errors);
        }
        let mut kb = Knowledge {
            concepts: self.concepts.clone(),
            rules: self.rules.clone(),
            rule_names: self.rule_names.clone(),
            guides: self.guides.clone(),
            index: OnceLock::new(),
        };
        kb.insert_all(cards, &mut errors, false);
        (kb, errors)
    }

    /// Checks a directory of user cards on its own (and against the built-in ones
    /// for `related` ids): `pyguide knowledge check DIR`.
    pub fn check_dir(dir: &Path) -> (usize, Vec<CardError>) {
        let mut errors = Vec::new();
        let mut cards = Vec::new();
        read_dir_cards(dir, &mut cards, &mut errors);
        let n = cards.len() + errors.len();
        let base = Knowledge::builtin();
        let mut kb = Knowledge {
            concepts: base.concepts.clone(),
            rules: base.rules.clone(),
            rule_names: base.rule_names.clone(),
            guides: base.guides.clone(),
            index: OnceLock::new(),
        };
        kb.insert_all(cards, &mut errors, false);
        (n, errors)
    }

    fn insert_all(&mut self, cards: Vec<Card>, errors: &mut Vec<CardError>, builtin: bool) {
        let language = crate::text::language();
        let mut accepted = Vec::new();
        for card in cards {
            match compile_trigger(&card, &language, !builtin) {
                Ok(trigger) => accepted.push(Entry { card, trigger }),
                Err(e) => errors.push(e),
            }
        }
        let mut seen: HashMap<(CardKind, String), String> = HashMap::new();
        for entry in &accepted {
            let key = (entry.card.kind, entry.card.id.clone());
            if let Some(other) = seen.insert(key, entry.card.source.clone()) {
                errors.push(err(
                    &entry.card,
                    line_of(&entry.card, "id"),
                    format!("id `{}` is also defined in {other}", entry.card.id),
                ));
            }
        }
        for entry in accepted {
            let entry = Arc::new(entry);
            match entry.card.kind {
                CardKind::Concept => {
                    self.concepts.insert(entry.card.id.clone(), entry);
                }
                CardKind::Rule => {
                    let code = entry
                        .card
                        .rule
                        .as_ref()
                        .map(|r| r.code.clone())
                        .unwrap_or_default();
                    if let Some(old) = self.rule_names.insert(entry.card.id.clone(), code.clone()) {
                        if old != code {
                            self.rules.remove(&old);
                        }
                    }
                    self.rules.insert(code, entry);
                }
            }
        }
        // Cross-references are checked once every card is in.
        let mut bad: Vec<(CardKind, String)> = Vec::new();
        for entry in self.concepts.values().chain(self.rules.values()) {
            let card = &entry.card;
            if !builtin && card.source.starts_with("knowledge/") {
                continue;
            }
            let mut problems = Vec::new();
            for r in &card.related {
                if !self.concepts.contains_key(r) && !self.rule_names.contains_key(r) {
                    problems.push(err(
                        card,
                        line_of(card, "related"),
                        format!("related id `{r}` names no card"),
                    ));
                }
            }
            for g in &card.guides {
                if builtin {
                    if let Err(e) = self.guides.check(g) {
                        problems.push(err(card, line_of(card, "guides"), e));
                    }
                }
            }
            if let Some(rule) = &card.rule {
                if !self.concepts.contains_key(&rule.concept) {
                    problems.push(err(
                        card,
                        line_of(card, "concept"),
                        format!("concept `{}` names no concept card", rule.concept),
                    ));
                }
            }
            if !problems.is_empty() {
                errors.extend(problems);
                if !builtin {
                    bad.push((card.kind, card.id.clone()));
                }
            }
        }
        for (kind, id) in bad {
            match kind {
                CardKind::Concept => {
                    self.concepts.remove(&id);
                }
                CardKind::Rule => {
                    if let Some(code) = self.rule_names.remove(&id) {
                        self.rules.remove(&code);
                    }
                }
            }
        }
    }

    /// Compiles every trigger query now (the server does this in the background
    /// at start-up, so the first hover is fast) and returns the ones that fail.
    pub fn compile_all_queries(&self) -> Vec<CardError> {
        let mut errors = Vec::new();
        for entry in self.concepts.values() {
            if let Some(source) = &entry.card.trigger.query {
                if entry.trigger.query().is_none() {
                    let message = match Query::new(&crate::text::language(), source) {
                        Err(e) => format!("trigger query does not compile: {}", e.message),
                        Ok(_) => "trigger query could not be compiled".into(),
                    };
                    errors.push(err(&entry.card, line_of(&entry.card, "query"), message));
                }
            }
            if let Err(e) = compile_leads(&entry.card, &crate::text::language()) {
                errors.push(e);
            }
        }
        errors
    }

    /// Compiles everything hovers use lazily (the trigger index and the lead
    /// queries), so that no hover pays for it. The server calls this in the
    /// background at start-up.
    pub fn warm(&self) {
        self.triggers();
        for entry in self.concepts.values() {
            entry.trigger.leads();
        }
    }

    /// The concepts' triggers, indexed (built on first use; the server builds
    /// it in the background at start-up).
    pub fn triggers(&self) -> &super::index::TriggerIndex {
        self.index
            .get_or_init(|| super::index::TriggerIndex::build(self.concepts.values()))
    }

    pub fn concept(&self, id: &str) -> Option<&Arc<Entry>> {
        self.concepts.get(id)
    }

    /// A rule by code (`PG101`) or name (`bare-except`).
    pub fn rule(&self, code_or_name: &str) -> Option<&Arc<Entry>> {
        let upper = code_or_name.to_ascii_uppercase();
        self.rules.get(&upper).or_else(|| {
            self.rule_names
                .get(code_or_name)
                .and_then(|code| self.rules.get(code))
        })
    }

    pub fn concepts(&self) -> impl Iterator<Item = &Arc<Entry>> {
        self.concepts.values()
    }

    pub fn rules(&self) -> impl Iterator<Item = &Arc<Entry>> {
        self.rules.values()
    }

    pub fn guides(&self) -> &Guides {
        &self.guides
    }
}

fn err(card: &Card, line: usize, message: String) -> CardError {
    CardError {
        file: card.source.clone(),
        line,
        message,
    }
}

/// The line of a front-matter key, or the front matter's first line.
fn line_of(card: &Card, key: &str) -> usize {
    card.key_lines.get(key).copied().unwrap_or(2)
}

fn compile_trigger(
    card: &Card,
    language: &tree_sitter::Language,
    eager: bool,
) -> Result<CompiledTrigger, CardError> {
    let t = &card.trigger;
    let mut out = CompiledTrigger::default();
    for kind in &t.nodes {
        let id = language.id_for_node_kind(kind, true);
        if id == 0 {
            return Err(err(
                card,
                line_of(card, "nodes"),
                format!("trigger node `{kind}` is not a node kind of the Python grammar"),
            ));
        }
        out.node_kinds.push(id);
    }
    for kw in &t.keywords {
        let id = language.id_for_node_kind(kw, false);
        if id == 0 {
            return Err(err(
                card,
                line_of(card, "keywords"),
                format!("trigger keyword `{kw}` is not a keyword of the Python grammar"),
            ));
        }
        out.keyword_kinds.push(id);
    }
    for name in &t.names {
        let valid = name.split('.').all(is_identifier);
        if !valid {
            return Err(err(
                card,
                line_of(card, "names"),
                format!("trigger name `{name}` is not a dotted Python name"),
            ));
        }
    }
    for group in &t.methods {
        let valid = group.split('|').all(is_identifier);
        if !valid {
            return Err(err(
                card,
                line_of(card, "methods"),
                format!("trigger methods entry `{group}` is not a method name or `a|b` alternatives"),
            ));
        }
    }
    if let Some(logic) = &t.logic {
        if !LOGIC_RECOGNISERS.contains(&logic.as_str()) {
            return Err(err(
                card,
                line_of(card, "logic"),
                format!(
                    "trigger logic `{logic}` is not one of {}",
                    LOGIC_RECOGNISERS.join(", ")
                ),
            ));
        }
    }
    if let Some(source) = &t.query {
        out.query_source = Some(source.clone());
        if eager {
            let query = Query::new(language, source).map_err(|e| {
                err(
                    card,
                    line_of(card, "query") + e.row,
                    format!("trigger query does not compile: {}", e.message),
                )
            })?;
            let _ = out.query.set(Some(query));
        }
    }
    out.lead_sources = card.lead.iter().map(|l| l.query.clone()).collect();
    if eager {
        let _ = out.leads.set(compile_leads(card, language)?);
    }
    Ok(out)
}

fn read_dir_cards(dir: &Path, cards: &mut Vec<Card>, errors: &mut Vec<CardError>) {
    let walker = ignore::WalkBuilder::new(dir).standard_filters(false).build();
    let mut paths: Vec<PathBuf> = Vec::new();
    for entry in walker {
        match entry {
            Ok(e) if e.path().extension().is_some_and(|x| x == "md") && e.path().is_file() => {
                paths.push(e.into_path())
            }
            Ok(_) => {}
            Err(e) => errors.push(CardError {
                file: dir.display().to_string(),
                line: 0,
                message: format!("cannot read: {e}"),
            }),
        }
    }
    if paths.is_empty() && !dir.is_dir() {
        errors.push(CardError {
            file: dir.display().to_string(),
            line: 0,
            message: "knowledge directory not found".into(),
        });
    }
    paths.sort();
    for path in paths {
        let name = path.display().to_string();
        match std::fs::read_to_string(&path) {
            Ok(text) => match Card::parse(&name, &text) {
                Ok(card) => cards.push(card),
                Err(e) => errors.push(e),
            },
            Err(e) => errors.push(CardError {
                file: name,
                line: 0,
                message: format!("cannot read: {e}"),
            }),
        }
    }
}

/// A Python identifier: a letter or `_`, then letters, digits or `_`.
fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
}
