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
            // `Richard Engel … quoted officials.[5]` where note 5 is by someone else and another
            // note is by Engel: the marker was misnumbered, and the note by the named author is
            // the one the statement rests on.
            let said = doc.slice(window);
            for id in list.iter_mut() {
                if let Some(other) = renumbered_note(&doc.citations, *id as usize, said) {
                    *id = other as u32;
                }
            }
            list.sort_unstable();
            list.dedup();
            lists.push(list);
        }
        for (a, list) in doc.attributions.iter_mut().zip(lists) {
            a.citations = list;
        }
    }
}

/// Surnames of a citation's authors.
fn surnames(c: &Citation) -> impl Iterator<Item = &str> {
    c.authors
        .iter()
        .filter_map(|a| a.split_whitespace().last())
        .filter(|s| s.chars().count() >= 3)
}

/// Whether `text` holds `word` as a whole word.
fn has_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
    })
}

/// For footnote `id` attached to a statement reading `said`: when none of the note's authors
/// is named there but exactly one other footnote's author is, that other note.
fn renumbered_note(citations: &[Citation], id: usize, said: &str) -> Option<usize> {
    let own = citations.get(id)?;
    if own.kind != Some(CitationKind::Footnote) || own.authors.is_empty() {
        return None;
    }
    if surnames(own).any(|s| has_word(said, s)) {
        return None;
    }
    let mut others = citations.iter().enumerate().filter(|(j, c)| {
        *j != id
            && c.kind == Some(CitationKind::Footnote)
            && c.same_as.is_none()
            && surnames(c).any(|s| has_word(said, s))
    });
    let (first, _) = others.next()?;
    others.next().is_none().then_some(first)
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

#[cfg(test)]
mod tests {
    use super::*;
    use headwater_doc::{Attribution, AttributionType};

    #[test]
    fn a_misnumbered_marker_attaches_the_note_by_the_named_author() {
        let text =
            "Mara Kessler wrote that the levy was final.[2] Tobias Oduya reported that tolls \
                    would rise.[1]\n\n\
                    [1] Kessler, Mara, The levy is final, Harbor Ledger, July 11, 2030\n\n\
                    [2] Oduya, Tobias, Tolls to rise, Coastal Review, August 7, 2030\n";
        let mut doc = Document::new("t.txt", text.to_string());
        CitationAnnotator.annotate(&mut doc);
        let first_end = text.find("[2]").map_or(0, |p| p + 3) as u32;
        let second_end = text.find("[1]").map_or(0, |p| p + 3) as u32;
        for span in [
            Span::new(0, first_end),
            Span::new(first_end + 1, second_end),
        ] {
            doc.attributions.push(Attribution {
                kind: AttributionType::Indirect,
                cue: None,
                source: None,
                content: span,
                parent: None,
                citations: Vec::new(),
            });
        }
        AttachCitations.annotate(&mut doc);
        let authors = |a: usize| -> Vec<String> {
            doc.attributions[a]
                .citations
                .iter()
                .flat_map(|&c| doc.citations[c as usize].authors.clone())
                .collect()
        };
        assert_eq!(authors(0), ["Mara Kessler"], "{:?}", doc.citations);
        assert_eq!(authors(1), ["Tobias Oduya"], "{:?}", doc.citations);
    }
}
