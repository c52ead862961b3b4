//! The output formats: the JSON contract (`shared/spec/output.md`) and a readable text report.
//!
//! This is the one place where byte spans become Unicode code point offsets, and where layer
//! indices become the string ids (`e1`, `a1`, `c1`) of the contract.

use crate::{RunOutcome, VERSION};
use headwater_doc::{Corpus, Document, OffsetMap, Span};
use serde::Serialize;
use std::io::{self, Write};

/// A span in the contract's shape: code point offsets plus the covered text.
#[derive(Serialize)]
pub struct OutSpan<'a> {
    pub start: u32,
    pub end: u32,
    pub text: &'a str,
}

#[derive(Serialize)]
struct OutRemoved<'a> {
    kind: headwater_doc::RemovedKind,
    text: &'a str,
}

#[derive(Serialize)]
struct OutEntity<'a> {
    id: String,
    label: &'static str,
    name: &'a str,
    aliases: &'a [String],
    mentions: Vec<OutSpan<'a>>,
}

#[derive(Serialize)]
struct OutSource<'a> {
    start: u32,
    end: u32,
    text: &'a str,
    entity: Option<String>,
    kind: &'static str,
}

#[derive(Serialize)]
struct OutAttribution<'a> {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    cue: Option<OutSpan<'a>>,
    source: Option<OutSource<'a>>,
    content: OutSpan<'a>,
    parent: Option<String>,
    citations: Vec<String>,
}

#[derive(Serialize)]
struct OutCitation<'a> {
    id: String,
    kind: Option<headwater_doc::CitationKind>,
    marker: Option<&'a str>,
    text: &'a str,
    outlet: Option<&'a str>,
    authors: &'a [String],
    title: Option<&'a str>,
    date: Option<&'a str>,
    url: Option<&'a str>,
    same_as: Option<String>,
    /// Where the marker, anchor or phrase occurs in the text (an addition to the contract).
    spans: Vec<OutSpan<'a>>,
}

#[derive(Serialize)]
struct OutLink<'a> {
    start: u32,
    end: u32,
    text: &'a str,
    url: &'a str,
}

/// One document in the contract's shape.
#[derive(Serialize)]
pub struct OutDocument<'a> {
    id: &'a str,
    path: &'a str,
    url: Option<&'a str>,
    title: Option<&'a str>,
    authors: &'a [String],
    publisher: Option<&'a str>,
    published: Option<&'a str>,
    language: &'a str,
    text: &'a str,
    removed: Vec<OutRemoved<'a>>,
    entities: Vec<OutEntity<'a>>,
    attributions: Vec<OutAttribution<'a>>,
    citations: Vec<OutCitation<'a>>,
    warnings: &'a [String],
    /// Hyperlinks kept from Markdown/HTML (an addition to the contract).
    links: Vec<OutLink<'a>>,
}

impl<'a> OutDocument<'a> {
    /// Converts a document into the contract's shape.
    pub fn new(doc: &'a Document) -> OutDocument<'a> {
        let map = OffsetMap::new(&doc.text);
        let span = |s: Span| OutSpan {
            start: map.char_offset(s.start),
            end: map.char_offset(s.end),
            text: doc.slice(s),
        };
        let entities = doc
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| OutEntity {
                id: format!("e{}", i + 1),
                label: e.label.as_str(),
                name: &e.name,
                aliases: &e.aliases,
                mentions: e
                    .mentions
                    .iter()
                    .filter_map(|&m| doc.mentions.get(m as usize))
                    .map(|m| span(m.span))
                    .collect(),
            })
            .collect();
        let attributions = doc
            .attributions
            .iter()
            .enumerate()
            .map(|(i, a)| OutAttribution {
                id: format!("a{}", i + 1),
                kind: a.kind.as_str(),
                cue: a.cue.map(span),
                source: a.source.as_ref().map(|s| OutSource {
                    start: map.char_offset(s.span.start),
                    end: map.char_offset(s.span.end),
                    text: doc.slice(s.span),
                    entity: s.entity.map(|e| format!("e{}", e + 1)),
                    kind: s.kind.as_str(),
                }),
                content: span(a.content),
                parent: a.parent.map(|p| format!("a{}", p + 1)),
                citations: a.citations.iter().map(|c| format!("c{}", c + 1)).collect(),
            })
            .collect();
        let citations = doc
            .citations
            .iter()
            .enumerate()
            .map(|(i, c)| OutCitation {
                id: format!("c{}", i + 1),
                kind: c.kind,
                marker: c.marker.as_deref(),
                text: &c.text,
                outlet: c.outlet.as_deref(),
                authors: &c.authors,
                title: c.title.as_deref(),
                date: c.date.as_deref(),
                url: c.url.as_deref(),
                same_as: c.same_as.map(|s| format!("c{}", s + 1)),
                spans: c.spans.iter().map(|&s| span(s)).collect(),
            })
            .collect();
        let links = doc
            .links
            .iter()
            .map(|l| OutLink {
                start: map.char_offset(l.span.start),
                end: map.char_offset(l.span.end),
                text: doc.slice(l.span),
                url: &l.url,
            })
            .collect();
        OutDocument {
            id: &doc.id,
            path: &doc.path,
            url: doc.url.as_deref(),
            title: doc.title.as_deref(),
            authors: &doc.authors,
            publisher: doc.publisher.as_deref(),
            published: doc.published.as_deref(),
            language: &doc.language,
            text: &doc.text,
            removed: doc
                .removed
                .iter()
                .map(|r| OutRemoved {
                    kind: r.kind,
                    text: &r.text,
                })
                .collect(),
            entities,
            attributions,
            citations,
            warnings: &doc.warnings,
            links,
        }
    }
}

#[derive(Serialize)]
struct OutAll<'a> {
    headwater_version: &'static str,
    documents: Vec<OutDocument<'a>>,
    corpus: &'a Corpus,
}

#[derive(Serialize)]
struct OutCorpusLine<'a> {
    corpus: &'a Corpus,
}

/// Writes the whole run as one JSON object (`--format json`).
pub fn write_json(out: &mut dyn Write, outcome: &RunOutcome) -> io::Result<()> {
    let all = OutAll {
        headwater_version: VERSION,
        documents: outcome.documents.iter().map(OutDocument::new).collect(),
        corpus: &outcome.corpus,
    };
    serde_json::to_writer(&mut *out, &all)?;
    out.write_all(b"\n")
}

/// Writes one document object per line, then `{"corpus": …}` (`--format jsonl`).
pub fn write_jsonl(out: &mut dyn Write, outcome: &RunOutcome) -> io::Result<()> {
    for doc in &outcome.documents {
        serde_json::to_writer(&mut *out, &OutDocument::new(doc))?;
        out.write_all(b"\n")?;
    }
    serde_json::to_writer(
        &mut *out,
        &OutCorpusLine {
            corpus: &outcome.corpus,
        },
    )?;
    out.write_all(b"\n")
}

/// Shortens `s` to about `max` characters for the text report, on a char boundary.
fn clip(s: &str, max: usize) -> String {
    let one_line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &one_line[..i]),
        None => one_line,
    }
}

/// Writes a readable report (`--format text`): per document its metadata and attributions as
/// `SOURCE —cue→ "content"`, then a corpus summary.
pub fn write_text(out: &mut dyn Write, outcome: &RunOutcome) -> io::Result<()> {
    for doc in &outcome.documents {
        writeln!(
            out,
            "━━ {} ({})",
            doc.title.as_deref().unwrap_or("(untitled)"),
            doc.path
        )?;
        if !doc.authors.is_empty() {
            writeln!(out, "   by {}", doc.authors.join(", "))?;
        }
        let mut meta = Vec::new();
        if let Some(p) = &doc.publisher {
            meta.push(p.as_str());
        }
        if let Some(d) = &doc.published {
            meta.push(d.as_str());
        }
        if !meta.is_empty() {
            writeln!(out, "   {}", meta.join(", "))?;
        }
        writeln!(
            out,
            "   {}, {}, {}, {}, {} removed",
            count(doc.text.split_whitespace().count(), "word"),
            count(doc.entities.len(), "entity"),
            count(doc.attributions.len(), "attribution"),
            count(doc.citations.len(), "citation"),
            count(doc.removed.len(), "boilerplate block")
        )?;
        for (i, a) in doc.attributions.iter().enumerate() {
            let source = match &a.source {
                Some(s) => {
                    let entity = s
                        .entity
                        .and_then(|e| doc.entities.get(e as usize))
                        .map(|e| format!(" = {}", e.name))
                        .unwrap_or_default();
                    format!(
                        "{} [{}{}]",
                        clip(doc.slice(s.span), 60),
                        s.kind.as_str(),
                        entity
                    )
                }
                None => "(unknown source)".to_string(),
            };
            let cue = a.cue.map(|c| doc.slice(c)).unwrap_or("");
            let nested = a
                .parent
                .map(|p| format!("  (inside a{})", p + 1))
                .unwrap_or_default();
            writeln!(
                out,
                "   a{} {} —{}→ \"{}\"{}",
                i + 1,
                source,
                cue,
                clip(doc.slice(a.content), 160),
                nested
            )?;
        }
        for w in &doc.warnings {
            writeln!(out, "   warning: {w}")?;
        }
        writeln!(out)?;
    }
    let c = &outcome.corpus;
    writeln!(
        out,
        "━━ corpus: {}, {}, {}, {}",
        count(outcome.documents.len(), "document"),
        count(c.entities.len(), "entity"),
        count(c.works.len(), "cited work"),
        count(c.claims.len(), "claim")
    )?;
    for e in c.entities.iter().filter(|e| !e.aliases.is_empty()) {
        writeln!(
            out,
            "   entity {} {} [{}] aka {} ({})",
            e.id,
            e.name,
            e.label.as_str(),
            e.aliases.join(" / "),
            count(e.documents.len(), "document")
        )?;
    }
    for k in c.claims.iter().filter(|k| k.members.len() > 1) {
        writeln!(
            out,
            "   claim {} \"{}\": {}, {}{}",
            k.id,
            clip(&k.text, 100),
            count(k.members.len(), "statement"),
            count(k.independent_sources as usize, "independent source"),
            if k.flags.is_empty() {
                String::new()
            } else {
                format!(" [{}]", k.flags.join(", "))
            }
        )?;
    }
    if !outcome.failures.is_empty() {
        writeln!(
            out,
            "   {} input(s) failed (see stderr)",
            outcome.failures.len()
        )?;
    }
    Ok(())
}

/// Writes the run as W3C PROV-JSON (`--format prov-json`).
pub fn write_prov(out: &mut dyn Write, outcome: &RunOutcome) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &crate::prov::prov_json(outcome))?;
    out.write_all(b"\n")
}

/// `1 claim`, `2 claims`, `1 entity`, `3 entities`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else if let Some(stem) = noun.strip_suffix('y') {
        format!("{n} {stem}ies")
    } else {
        format!("{n} {noun}s")
    }
}
