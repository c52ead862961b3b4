//! Full-text search over documents, attributions and corpus entities.

use crate::schema::date_number;
use crate::{Store, StoreError};
use serde::{Deserialize, Serialize};
use std::ops::Bound;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{TantivyDocument, Term};

/// Longest query accepted, in bytes: longer ones are refused rather than parsed.
pub const MAX_QUERY_BYTES: usize = 2048;

/// What a search hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HitKind {
    Document,
    Attribution,
    Entity,
}

impl HitKind {
    /// The spelling used in the index, the API and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            HitKind::Document => "document",
            HitKind::Attribution => "attribution",
            HitKind::Entity => "entity",
        }
    }

    /// Parses `document`, `attribution` or `entity` (also the plurals).
    pub fn parse(s: &str) -> Option<HitKind> {
        match s.trim().trim_end_matches('s') {
            "document" | "doc" => Some(HitKind::Document),
            "attribution" => Some(HitKind::Attribution),
            "entity" | "entitie" => Some(HitKind::Entity),
            _ => None,
        }
    }
}

/// Restrictions on a search. Empty fields restrict nothing.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SearchFilters {
    /// Only these kinds of hits.
    pub kinds: Vec<HitKind>,
    /// Attributions whose source is of this kind (`person`, `anonymous`, …).
    pub source_kind: Option<String>,
    /// Documents mentioning, or attributions sourced to, this entity: a corpus entity id
    /// (`E12`, expanded to its name and aliases) or a name (case-insensitive, exact).
    pub entity: Option<String>,
    /// Documents (and their attributions) from this publisher (case-insensitive, exact).
    pub outlet: Option<String>,
    /// Published on or after this date (`2015`, `2015-01`, `2015-01-08`).
    pub date_from: Option<String>,
    /// Published on or before this date.
    pub date_to: Option<String>,
}

/// A short passage around the matched words.
#[derive(Debug, Clone, Serialize)]
pub struct Snippet {
    pub text: String,
    /// Code point ranges of `text` that matched the query.
    pub highlights: Vec<[u32; 2]>,
}

/// One search hit. Which fields are set depends on `kind`.
#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    pub kind: HitKind,
    pub score: f32,
    /// Document id (`d-…`) of a document or attribution hit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// Attribution id (`a3`) within the document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribution: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", rename = "type")]
    pub attribution_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cue: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// Corpus entity id (`E12`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aliases: Option<String>,
    pub snippet: Snippet,
}

/// The answer to a search.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    pub query: String,
    /// How many entries matched in all (hits holds at most `limit` of them).
    pub total: usize,
    pub hits: Vec<SearchHit>,
    pub took_ms: f64,
}

fn term_any(field: Field, values: &[String]) -> Box<dyn Query> {
    let clauses: Vec<(Occur, Box<dyn Query>)> = values
        .iter()
        .map(|v| {
            let q: Box<dyn Query> = Box::new(TermQuery::new(
                Term::from_field_text(field, v),
                IndexRecordOption::Basic,
            ));
            (Occur::Should, q)
        })
        .collect();
    Box::new(BooleanQuery::new(clauses))
}

fn get_str(doc: &TantivyDocument, field: Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str().map(str::to_string))
}

/// Byte ranges inside `text` → code point ranges.
fn snippet(s: &tantivy::snippet::Snippet) -> Snippet {
    let text = s.fragment();
    let cp = |b: usize| text.get(..b).map(|p| p.chars().count()).unwrap_or(0) as u32;
    Snippet {
        text: text.to_string(),
        highlights: s
            .highlighted()
            .iter()
            .map(|r| [cp(r.start), cp(r.end)])
            .collect(),
    }
}

fn first_chars(text: &str, n: usize) -> Snippet {
    let end = text
        .char_indices()
        .nth(n)
        .map(|(i, _)| i)
        .unwrap_or(text.len());
    Snippet {
        text: text.get(..end).unwrap_or("").to_string(),
        highlights: Vec::new(),
    }
}

impl Store {
    /// Searches with tantivy query syntax (`reservoir AND source:minister`, `"exact phrase"`,
    /// `title:budget`); words are required by default. An empty query lists everything that
    /// passes the filters. `limit` is capped at 1,000.
    pub fn search(
        &self,
        query: &str,
        filters: &SearchFilters,
        limit: usize,
    ) -> Result<SearchResults, StoreError> {
        let start = std::time::Instant::now();
        if query.len() > MAX_QUERY_BYTES {
            return Err(StoreError::InvalidQuery(format!(
                "query longer than {MAX_QUERY_BYTES} bytes"
            )));
        }
        let f = self.fields;
        let mut parser = QueryParser::for_index(
            &self.index,
            vec![
                f.title,
                f.text,
                f.content,
                f.source,
                f.cue,
                f.name,
                f.aliases,
                f.publisher,
            ],
        );
        parser.set_conjunction_by_default();
        parser.set_field_boost(f.title, 2.0);
        parser.set_field_boost(f.name, 2.0);
        let user: Box<dyn Query> = if query.trim().is_empty() {
            Box::new(AllQuery)
        } else {
            parser
                .parse_query(query)
                .map_err(|e| StoreError::InvalidQuery(e.to_string()))?
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, user.box_clone())];
        if !filters.kinds.is_empty() {
            let kinds: Vec<String> = filters
                .kinds
                .iter()
                .map(|k| k.as_str().to_string())
                .collect();
            clauses.push((Occur::Must, term_any(f.kind, &kinds)));
        }
        if let Some(sk) = filters.source_kind.as_deref().filter(|s| !s.is_empty()) {
            clauses.push((
                Occur::Must,
                term_any(f.source_kind, &[sk.trim().to_lowercase()]),
            ));
        }
        if let Some(e) = filters.entity.as_deref().filter(|s| !s.trim().is_empty()) {
            let names = match self.corpus_entity(e.trim())? {
                Some(ce) => std::iter::once(ce.name)
                    .chain(ce.aliases)
                    .map(|n| n.to_lowercase())
                    .collect(),
                None => vec![e.trim().to_lowercase()],
            };
            clauses.push((Occur::Must, term_any(f.entity, &names)));
        }
        if let Some(o) = filters.outlet.as_deref().filter(|s| !s.trim().is_empty()) {
            clauses.push((Occur::Must, term_any(f.outlet, &[o.trim().to_lowercase()])));
        }
        let bound = |d: &Option<String>, upper: bool| -> Result<Bound<Term>, StoreError> {
            match d.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                None => Ok(Bound::Unbounded),
                Some(s) => date_number(s, upper)
                    .map(|n| Bound::Included(Term::from_field_i64(f.date, n)))
                    .ok_or_else(|| {
                        StoreError::InvalidQuery(format!(
                            "date {s:?} is not YYYY, YYYY-MM or YYYY-MM-DD"
                        ))
                    }),
            }
        };
        let (lo, hi) = (
            bound(&filters.date_from, false)?,
            bound(&filters.date_to, true)?,
        );
        // tantivy needs at least one bound; no bound means no date filter at all.
        if !matches!((&lo, &hi), (Bound::Unbounded, Bound::Unbounded)) {
            clauses.push((Occur::Must, Box::new(RangeQuery::new(lo, hi))));
        }
        let full = BooleanQuery::new(clauses);
        let searcher = self.reader.searcher();
        let limit = limit.clamp(1, 1000);
        let (top, total) =
            searcher.search(&full, &(TopDocs::with_limit(limit).order_by_score(), Count))?;
        let mut gens = std::collections::HashMap::new();
        for field in [f.text, f.content, f.name] {
            let mut g = SnippetGenerator::create(&searcher, &*user, field)?;
            g.set_max_num_chars(200);
            gens.insert(field, g);
        }
        let mut text_stmt = self
            .conn
            .prepare_cached("SELECT text FROM documents WHERE key = ?1")?;
        let mut hits = Vec::with_capacity(top.len());
        for (score, addr) in top {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let kind = match get_str(&doc, f.kind).as_deref() {
                Some("attribution") => HitKind::Attribution,
                Some("entity") => HitKind::Entity,
                _ => HitKind::Document,
            };
            let gen_snip = |field: Field, text: &str| match gens.get(&field) {
                Some(g) => {
                    let s = g.snippet(text);
                    if s.fragment().is_empty() {
                        first_chars(text, 200)
                    } else {
                        snippet(&s)
                    }
                }
                None => first_chars(text, 200),
            };
            let snip = match kind {
                HitKind::Document => {
                    let key = doc.get_first(f.doc_key).and_then(|v| v.as_u64());
                    let text: Option<String> = match key {
                        Some(k) => {
                            use rusqlite::OptionalExtension;
                            text_stmt.query_row([k as i64], |r| r.get(0)).optional()?
                        }
                        None => None,
                    };
                    gen_snip(f.text, text.as_deref().unwrap_or(""))
                }
                HitKind::Attribution => {
                    gen_snip(f.content, get_str(&doc, f.content).as_deref().unwrap_or(""))
                }
                HitKind::Entity => gen_snip(f.name, get_str(&doc, f.name).as_deref().unwrap_or("")),
            };
            let is_entity = kind == HitKind::Entity;
            hits.push(SearchHit {
                kind,
                score,
                document: get_str(&doc, f.doc_id),
                path: get_str(&doc, f.path),
                title: get_str(&doc, f.title),
                publisher: get_str(&doc, f.publisher),
                published: get_str(&doc, f.published),
                attribution: if is_entity {
                    None
                } else {
                    get_str(&doc, f.item)
                },
                attribution_type: get_str(&doc, f.attribution_type),
                source: get_str(&doc, f.source),
                source_kind: get_str(&doc, f.source_kind),
                cue: get_str(&doc, f.cue),
                content: get_str(&doc, f.content),
                entity: if is_entity {
                    get_str(&doc, f.item)
                } else {
                    None
                },
                name: get_str(&doc, f.name),
                label: get_str(&doc, f.label),
                aliases: get_str(&doc, f.aliases).filter(|a| !a.is_empty()),
                snippet: snip,
            });
        }
        Ok(SearchResults {
            query: query.to_string(),
            total,
            hits,
            took_ms: start.elapsed().as_secs_f64() * 1000.0,
        })
    }
}
