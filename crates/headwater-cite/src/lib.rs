//! Citations: what an article says it rests on.
//!
//! [`CitationAnnotator`] fills `Document::citations` with
//! - **footnotes**: the numbered notes at the end (`[1] Reuters, Title, July 11, 2013`), each parsed into
//!   authors, title, outlet, date and url, linked to their markers in the body (`[1]`, `.[1]`, `¹`);
//!   `ibid` / `op. cit.` and repeated references point to the earlier entry through `same_as`;
//! - **links** from Markdown/HTML with their anchor text;
//! - **inline references** in running text (`a report carried by CBS News in March 2014`,
//!   `published by Gareth Porter at IPS`, `reported the AFP`).
//!
//! It also adds a warning when the sentence carrying marker `[n]` names a source that note `n` does
//! not mention but another note does. [`AttachCitations`] later fills `Attribution::citations`.

pub mod dates;
mod footnotes;
mod inline;
pub mod outlets;

use headwater_doc::{Annotator, Citation, CitationKind, Document, Span};

/// Pipeline stage: fills `citations` (and consistency `warnings`).
#[derive(Debug, Default, Clone, Copy)]
pub struct CitationAnnotator;

impl Annotator for CitationAnnotator {
    fn name(&self) -> &'static str {
        "citations"
    }

    fn annotate(&self, doc: &mut Document) {
        doc.citations.clear();
        let notes = footnotes::extract(doc);
        let notes_start = notes.section_start;
        doc.citations.extend(notes.citations);
        doc.warnings.extend(notes.warnings);
        for link in &doc.links {
            let url = link.url.trim();
            // Fragment-only and empty targets are scraping leftovers, not references.
            if url.is_empty() || url.starts_with('#') || url.starts_with("javascript:") {
                continue;
            }
            doc.citations.push(Citation {
                kind: Some(CitationKind::Link),
                spans: vec![link.span],
                text: doc.slice(link.span).to_string(),
                url: Some(url.to_string()),
                outlet: outlets::outlet_of_url(url).map(str::to_string),
                ..Citation::default()
            });
        }
        let inline = inline::extract(doc, notes_start);
        doc.citations.extend(inline);
    }
}

/// Pipeline stage run after attribution: each attribution lists the citations whose marker,
/// anchor or phrase lies in the sentences the attribution spans.
#[derive(Debug, Default, Clone, Copy)]
pub struct AttachCitations;

impl Annotator for AttachCitations {
    fn name(&self) -> &'static str {
        "attach-citations"
    }

    fn annotate(&self, doc: &mut Document) {
        if doc.citations.is_empty() || doc.attributions.is_empty() {
            return;
        }
        let sentence_spans: Vec<Span> = doc.sentences.iter().map(|s| s.span).collect();
        let widen = |span: Span| -> Span {
            // From the start of the first sentence to the end of the last one the span touches.
            let first = sentence_spans.partition_point(|s| s.end <= span.start);
            let last = sentence_spans.partition_point(|s| s.start < span.end);
            match (
                sentence_spans.get(first),
                last.checked_sub(1).and_then(|l| sentence_spans.get(l)),
            ) {
                (Some(a), Some(b)) if a.start <= b.end => {
                    Span::new(a.start.min(span.start), b.end.max(span.end))
                }
                _ => span,
            }
        };
        // Every marker/anchor/phrase span in the body, sorted, so each attribution looks up only
        // the spans inside its window.
        let mut anchors: Vec<(Span, u32)> = doc
            .citations
            .iter()
            .enumerate()
            .flat_map(|(i, c)| {
                c.spans
                    .iter()
                    .filter(|s| !c.is_note_entry(**s))
                    .map(move |s| (*s, i as u32))
            })
            .collect();
        anchors.sort_unstable();
        let mut lists = Vec::with_capacity(doc.attributions.len());
        for a in &doc.attributions {
            let mut span = a.content;
            if let Some(s) = &a.source {
                span = span.cover(s.span);
            }
            if let Some(c) = a.cue {
                span = span.cover(c);
            }
            let window = widen(span);
            // A footnote marker right after the sentence end (`.[1]`) belongs to it too.
            let window = Span::new(window.start, window.end.saturating_add(8));
            let first = anchors.partition_point(|(s, _)| s.start < window.start);
            let mut list: Vec<u32> = anchors[first..]
                .iter()
                .take_while(|(s, _)| s.start < window.end)
                .filter(|(s, _)| window.contains(*s))
                .map(|(_, i)| *i)
                .collect();
            list.sort_unstable();
            list.dedup();
            lists.push(list);
        }
        for (a, list) in doc.attributions.iter_mut().zip(lists) {
            a.citations = list;
        }
    }
}

/// Helpers on citations used by this crate.
trait CitationExt {
    fn is_note_entry(&self, span: Span) -> bool;
}

impl CitationExt for Citation {
    /// The first span of a footnote is its entry in the notes list, not a marker in the body.
    fn is_note_entry(&self, span: Span) -> bool {
        self.kind == Some(CitationKind::Footnote) && self.spans.first() == Some(&span)
    }
}
