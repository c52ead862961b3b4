//! References in running text: `a report carried by CBS News in March 2014`,
//! `published by Gareth Porter at IPS`, `reported the AFP`, `according to Reuters`.

use crate::dates::find_dates;
use crate::outlets::find_outlets;
use headwater_doc::{Citation, CitationKind, Document, EntityLabel, Span};

/// Phrases that, right before an outlet's name, make the mention a reference to its reporting.
const BEFORE: &[&str] = &[
    "according to",
    "carried by",
    "published by",
    "reported by",
    "broadcast by",
    "aired by",
    "quoted by",
    "cited by",
    "told",
    "reported",
    "report by",
    "report from",
    "report in",
    "reports by",
    "interview with",
    "article in",
    "story in",
    "wrote in",
    "writing in",
    "published in",
    "published on",
    "said in",
    "told the",
    "reported the",
];

/// Words that, right after an outlet's name, do the same (`Reuters reported`).
const AFTER: &[&str] = &[
    "reported",
    "reports",
    "said",
    "says",
    "quoted",
    "quotes",
    "cited",
    "cites",
    "wrote",
    "writes",
    "revealed",
    "published",
    "broadcast",
    "found",
    "learned",
    "obtained",
];

fn lower_ends_with_phrase(before: &str, phrase: &str) -> Option<usize> {
    let b = before.trim_end();
    let b = b
        .strip_suffix("the")
        .map(str::trim_end)
        .filter(|_| !phrase.ends_with("the"))
        .unwrap_or(b);
    if b.len() < phrase.len() {
        return None;
    }
    let tail = b.get(b.len() - phrase.len()..)?;
    if tail.eq_ignore_ascii_case(phrase) {
        let start = b.len() - phrase.len();
        let boundary = b[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        boundary.then_some(start)
    } else {
        None
    }
}

pub(crate) fn extract(doc: &Document, notes_start: Option<u32>) -> Vec<Citation> {
    let body_end = notes_start.unwrap_or(doc.text.len() as u32) as usize;
    let body = doc.text.get(..body_end).unwrap_or("");
    let mut found: Vec<(usize, usize)> = find_outlets(body);
    // Outlets the NER recognized that the lexicon does not know.
    for m in &doc.mentions {
        // A bare `Agency` (`the Agency said`) is the document's public body, not an outlet.
        if m.label == EntityLabel::Media
            && (m.span.end as usize) <= body_end
            && !doc.slice(m.span).eq_ignore_ascii_case("agency")
        {
            let r = (m.span.start as usize, m.span.end as usize);
            if !found.iter().any(|&(s, e)| s < r.1 && r.0 < e) {
                found.push(r);
            }
        }
    }
    found.sort_unstable();

    let mut out: Vec<Citation> = Vec::new();
    for (s, e) in found {
        let Some(outlet) = body.get(s..e) else {
            continue;
        };
        // The clause before the outlet, back to the last sentence or clause break.
        let window_start = body[..s]
            .char_indices()
            .rev()
            .take(80)
            .find(|&(_, c)| matches!(c, '.' | '\n' | ';' | '!' | '?'))
            .map_or_else(|| s.saturating_sub(80), |(i, c)| i + c.len_utf8());
        let window_start = (window_start..=s)
            .find(|&i| body.is_char_boundary(i))
            .unwrap_or(s);
        let before = &body[window_start..s];
        let mut start = None;
        let mut authors = Vec::new();
        for phrase in BEFORE {
            if let Some(p) = lower_ends_with_phrase(before, phrase) {
                // Take in the noun the phrase qualifies: "a report carried by …".
                let head = before[..p].trim_end();
                let p = [
                    "a report",
                    "an article",
                    "a story",
                    "an interview",
                    "an investigation",
                    "a report",
                    "the report",
                    "reports",
                    "report",
                    "article",
                    "story",
                ]
                .iter()
                .find_map(|n| lower_ends_with_phrase(head, n))
                .unwrap_or(p);
                start = Some(window_start + p);
                break;
            }
        }
        // "published by Gareth Porter at IPS": a person between "by" and "at".
        if start.is_none() {
            if let Some(at) = before
                .trim_end()
                .strip_suffix(" at")
                .or_else(|| before.trim_end().strip_suffix(" in"))
            {
                if let Some(by) = at.rfind(" by ") {
                    let name = at[by + 4..].trim().trim_end_matches(',');
                    let name = name.split(',').next().unwrap_or(name).trim();
                    if !name.is_empty()
                        && name
                            .split_whitespace()
                            .all(|w| w.starts_with(char::is_uppercase))
                    {
                        authors.push(name.to_string());
                        let verb_start = at[..by].rfind(' ').map_or(0, |p| p + 1);
                        start = Some(window_start + verb_start);
                    }
                }
            }
        }
        let after = body.get(e..).unwrap_or("");
        let after_word = after
            .trim_start()
            .split(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or("");
        if start.is_none() && AFTER.contains(&after_word) {
            start = Some(s);
        }
        let Some(start) = start else { continue };
        // A date just after ("in March 2014", ", February 9, 2012").
        let mut end = e;
        let tail = body
            .get(e..(e + 30).min(body.len()))
            .or_else(|| body.get(e..))
            .unwrap_or("");
        let mut date = None;
        if let Some(d) = find_dates(tail).into_iter().next() {
            let gap = &tail[..d.start];
            if gap.trim().is_empty() || ["in", "on", ","].contains(&gap.trim()) {
                date = Some(d.iso);
                end = e + d.end;
            }
        }
        let span = Span::new(start as u32, end as u32);
        if out.iter().any(|c| c.spans.iter().any(|x| x.overlaps(span))) {
            continue;
        }
        out.push(Citation {
            kind: Some(CitationKind::Inline),
            spans: vec![span],
            text: body.get(start..end).unwrap_or("").to_string(),
            outlet: Some(outlet.to_string()),
            authors,
            date,
            ..Citation::default()
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_reference_forms() {
        let text = "Translating worry into action, a report carried by Harbor Ledger in March 2031 revealed the plan. \
                    The account was published by Imogen Vale at Coastal Review. The tolls would rise, reported the \
                    Meridian Wire. Meridian Wire said nothing else. The Harbor Ledger building is old.";
        let doc = Document::new("t", text.to_string());
        let cites = extract(&doc, None);
        let got: Vec<(&str, Option<&str>, Option<&str>)> = cites
            .iter()
            .map(|c| (c.text.as_str(), c.outlet.as_deref(), c.date.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "a report carried by Harbor Ledger in March 2031",
                    Some("Harbor Ledger"),
                    Some("2031-03")
                ),
                (
                    "published by Imogen Vale at Coastal Review",
                    Some("Coastal Review"),
                    None
                ),
                ("reported the Meridian Wire", Some("Meridian Wire"), None),
                ("Meridian Wire", Some("Meridian Wire"), None),
            ]
        );
        assert_eq!(cites[1].authors, ["Imogen Vale"]);
    }
}
