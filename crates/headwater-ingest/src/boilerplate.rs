//! Boilerplate in plain-text and Markdown articles: bylines, publisher/date lines, disclaimers and
//! copyright notices, comment/share/membership prompts, contact lines, navigation labels, "New
//! Articles" / "Most viewed" / "Related" teaser lists, and a teaser paragraph that repeats the
//! body. Each removed block goes to `removed` with its kind; the metadata it states (authors,
//! publisher, date) is kept. Paragraphs split mid-sentence by scraping are joined again.

use headwater_doc::{Link, Removed, RemovedKind, Span};

/// The body after boilerplate removal, with what was learned on the way.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CleanText {
    pub text: String,
    pub paragraphs: Vec<Span>,
    pub links: Vec<Link>,
    pub removed: Vec<Removed>,
    pub authors: Vec<String>,
    pub publisher: Option<String>,
    /// ISO 8601.
    pub published: Option<String>,
}

/// Headings that open a list of other articles; everything after them is that list.
const LIST_HEADINGS: &[&str] = &[
    "new articles",
    "most viewed",
    "most read",
    "most popular",
    "popular",
    "trending",
    "related",
    "related articles",
    "related stories",
    "related posts",
    "related news",
    "read more",
    "read next",
    "more stories",
    "more from",
    "you may also like",
    "you might also like",
    "recommended",
    "recommended for you",
    "latest",
    "latest news",
    "latest articles",
    "top stories",
    "see also",
    "further reading",
    "more on this story",
];

const NAV_LABELS: &[&str] = &[
    "region:",
    "theme:",
    "themes:",
    "tags:",
    "tag:",
    "topics:",
    "topic:",
    "category:",
    "categories:",
    "in-depth report:",
    "filed under:",
    "section:",
    "posted in:",
    "keywords:",
];

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

fn lower(s: &str) -> String {
    s.trim().to_lowercase()
}

/// A name list after `By`: `Imogen Vale and Tobias Oduya` → two names (titles like `Dr.` kept).
fn names_after_by(rest: &str) -> Vec<String> {
    let rest = rest.trim().trim_end_matches(['.', ',']);
    let rest = rest.split(['|', '·', '•']).next().unwrap_or(rest);
    let rest = rest.split(" on ").next().unwrap_or(rest);
    rest.split(" and ")
        .flat_map(|p| p.split(", "))
        .flat_map(|p| p.split(" & "))
        .map(|p| p.trim())
        .filter(|p| {
            let w: Vec<&str> = p.split_whitespace().collect();
            (2..=5).contains(&w.len())
                && w.iter().all(|x| {
                    x.chars().next().is_some_and(|c| c.is_uppercase()) || matches!(*x, "de" | "van" | "von" | "der" | "bin" | "al")
                })
        })
        .map(str::to_string)
        .collect()
}

/// What one block is, if boilerplate.
fn classify(block: &str, meta: &mut CleanText) -> Option<RemovedKind> {
    let l = lower(block);
    let n = words(block);
    // Bylines.
    for prefix in ["by ", "articles by:", "articles by ", "written by ", "author:", "authors:", "posted by "] {
        if l.starts_with(prefix) && n <= 10 && !block.trim_end().ends_with(['.', '!', '?']) || (l.starts_with(prefix) && n <= 6) {
            let names = names_after_by(&block.trim()[prefix.len()..]);
            if !names.is_empty() {
                for name in names {
                    if !meta.authors.contains(&name) {
                        meta.authors.push(name);
                    }
                }
                return Some(RemovedKind::Byline);
            }
        }
    }
    // "The original source of this article is X".
    if let Some(rest) = l.strip_prefix("the original source of this article is") {
        let original = block.trim();
        let name = original[original.len() - rest.len()..].trim().trim_end_matches('.');
        if meta.publisher.is_none() && !name.is_empty() {
            meta.publisher = Some(name.to_string());
        }
        return Some(RemovedKind::Byline);
    }
    // "Publisher, January 08, 2015".
    if n <= 8 {
        if let Some(d) = headwater_cite::dates::find_dates(block).into_iter().next() {
            let before = block[..d.start].trim().trim_end_matches(',').trim();
            let after = block[d.end..].trim();
            if after.is_empty() && words(before) <= 5 && before.chars().next().is_some_and(|c| c.is_uppercase()) {
                if meta.published.is_none() {
                    meta.published = Some(d.iso);
                }
                if !before.is_empty() && meta.publisher.is_none() && !before.to_lowercase().starts_with("updated") {
                    meta.publisher = Some(before.to_string());
                }
                return Some(RemovedKind::Byline);
            }
            if before.is_empty() && after.is_empty() {
                if meta.published.is_none() {
                    meta.published = Some(d.iso);
                }
                return Some(RemovedKind::Byline);
            }
        }
    }
    if l.starts_with("copyright") || l.starts_with('©') || l.contains("all rights reserved") {
        return Some(RemovedKind::Disclaimer);
    }
    if l.starts_with("disclaimer")
        || l.contains("copyrighted material")
        || l.contains("fair use")
        || l.contains("sole responsibility of the author")
        || l.contains("do not necessarily reflect")
        || l.contains("not be responsible for")
        || l.contains("views expressed")
    {
        return Some(RemovedKind::Disclaimer);
    }
    if n <= 30 {
        if l.contains("comment") && (l.contains("facebook") || l.contains("our page") || l.starts_with("comment") || l.contains("leave a"))
            || l.starts_with("comments")
            || l.contains("join the discussion")
            || l.contains("join the conversation")
        {
            return Some(RemovedKind::Comments);
        }
        let prompts = [
            "become a member",
            "subscribe",
            "sign up",
            "newsletter",
            "share this",
            "share on",
            "follow us",
            "donate",
            "support our",
            "click here",
            "download our app",
            "tweet this",
        ];
        if prompts.iter().any(|p| l.contains(p)) {
            return Some(RemovedKind::Share);
        }
        if l.starts_with("for media inquiries")
            || l.starts_with("contact us")
            || l.starts_with("contact:")
            || l.starts_with("email:")
            || l.starts_with("e-mail:")
            || l.starts_with("for inquiries")
        {
            return Some(RemovedKind::Other);
        }
        if NAV_LABELS.iter().any(|p| l.starts_with(p)) {
            return Some(RemovedKind::Navigation);
        }
    }
    if !l.is_empty() && l.chars().all(|c| matches!(c, '-' | '*' | '_' | '=' | ' ' | '—')) {
        return Some(RemovedKind::Navigation);
    }
    None
}

/// Word 4-gram shingles, for teaser detection.
fn shingles(s: &str) -> Vec<u64> {
    let w: Vec<String> = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect();
    let mut out: Vec<u64> = w.windows(4).map(|g| headwater_doc::stable_hash(g.join(" ").as_bytes())).collect();
    out.sort_unstable();
    out.dedup();
    out
}

fn contained(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() {
        return 0.0;
    }
    a.iter().filter(|x| b.binary_search(x).is_ok()).count() as f64 / a.len() as f64
}

fn is_sentence_end(s: &str) -> bool {
    s.trim_end().ends_with(['.', '!', '?', '"', '”', '’', ':', ')', ']', '…'])
}

/// Removes boilerplate from `text` (paragraph spans and links as byte spans into it).
pub fn strip(text: &str, paragraphs: &[Span], links: &[Link]) -> CleanText {
    let mut meta = CleanText::default();
    let blocks: Vec<(Span, &str)> = paragraphs
        .iter()
        .filter_map(|p| text.get(p.range()).map(|t| (*p, t)))
        .filter(|(_, t)| !t.trim().is_empty())
        .collect();
    let mut kinds: Vec<Option<RemovedKind>> = vec![None; blocks.len()];

    // A list of other articles runs from its heading to the end, unless the article's own
    // numbered notes follow.
    for (i, (_, t)) in blocks.iter().enumerate() {
        let l = lower(t).trim_end_matches(':').to_string();
        if words(t) <= 5 && LIST_HEADINGS.iter().any(|h| l == *h || (l.starts_with(h) && words(t) <= 3)) && i * 2 >= blocks.len() {
            for (j, k) in kinds.iter_mut().enumerate().skip(i) {
                let note = blocks[j].1.trim_start().starts_with('[');
                if note {
                    break;
                }
                *k = Some(RemovedKind::Related);
            }
            break;
        }
    }
    for (i, (_, t)) in blocks.iter().enumerate() {
        if kinds[i].is_none() {
            kinds[i] = classify(t, &mut meta);
        }
    }
    // A teaser: an early paragraph repeated later in the body.
    let sh: Vec<Vec<u64>> = blocks.iter().map(|(_, t)| shingles(t)).collect();
    for i in 0..blocks.len().min(4) {
        if kinds[i].is_some() || sh[i].len() < 5 {
            continue;
        }
        if (i + 1..blocks.len()).any(|j| kinds[j].is_none() && contained(&sh[i], &sh[j]) >= 0.8) {
            kinds[i] = Some(RemovedKind::Related);
        }
    }
    // Short non-sentence lines before the body starts (a site name under the teaser).
    let first_body = (0..blocks.len()).find(|&i| kinds[i].is_none() && words(blocks[i].1) >= 12);
    if let Some(fb) = first_body {
        for i in 0..fb {
            if kinds[i].is_none() && words(blocks[i].1) <= 4 && !is_sentence_end(blocks[i].1) {
                kinds[i] = Some(RemovedKind::Navigation);
            }
        }
    }

    // Rebuild the text from the kept blocks, joining blocks broken mid-sentence.
    let mut out = String::with_capacity(text.len());
    let mut mapping: Vec<(Span, u32)> = Vec::new(); // original block span → new start
    for (i, (span, t)) in blocks.iter().enumerate() {
        if let Some(kind) = kinds[i] {
            meta.removed.push(Removed {
                kind,
                text: t.trim().to_string(),
            });
            continue;
        }
        let continues = t.trim_start().starts_with(|c: char| c.is_lowercase())
            && !out.is_empty()
            && !is_sentence_end(&out);
        if continues {
            out.push(' ');
            if let Some(last) = meta.paragraphs.last_mut() {
                let lead = (t.len() - t.trim_start().len()) as u32;
                mapping.push((Span::new(span.start + lead, span.end), out.len() as u32));
                out.push_str(t.trim());
                last.end = out.len() as u32;
                continue;
            }
        } else if !out.is_empty() {
            out.push_str("\n\n");
        }
        let lead = (t.len() - t.trim_start().len()) as u32;
        let start = out.len() as u32;
        mapping.push((Span::new(span.start + lead, span.end), start));
        out.push_str(t.trim());
        meta.paragraphs.push(Span::new(start, out.len() as u32));
    }
    for link in links {
        if let Some((orig, new_start)) = mapping.iter().find(|(orig, _)| orig.contains(link.span)) {
            let shift = |x: u32| x - orig.start + new_start;
            let span = Span::new(shift(link.span.start), shift(link.span.end));
            if out.get(span.range()).is_some() {
                meta.links.push(Link {
                    span,
                    url: link.url.clone(),
                });
            }
        }
    }
    meta.text = out;
    meta
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraphs_of(text: &str) -> Vec<Span> {
        let mut out = Vec::new();
        let mut pos = 0;
        for block in text.split("\n\n") {
            out.push(Span::new(pos as u32, (pos + block.len()) as u32));
            pos += block.len() + 2;
        }
        out
    }

    #[test]
    fn strips_the_usual_boilerplate_and_keeps_metadata() {
        let text = "By Imogen Vale\n\nHarbor Ledger, March 3, 2031\n\nRegion: Coast\n\n\
                    The harbor council voted on Tuesday to extend the ferry timetable, officials said, and \
                    the new boats will sail in April.\n\nThe chair said the vote was close and that\n\n\
                    more talks would follow next week.\n\n\
                    Copyright © Imogen Vale, Harbor Ledger, 2031\n\n\
                    Comment on Harbor Ledger articles on our Facebook page\n\n\
                    Disclaimer: The views expressed are the author's own.\n\n\
                    Most viewed\n\nTide tables revised\n\nThe tide tables were revised again this week.";
        let c = strip(text, &paragraphs_of(text), &[]);
        assert_eq!(c.authors, ["Imogen Vale"]);
        assert_eq!(c.publisher.as_deref(), Some("Harbor Ledger"));
        assert_eq!(c.published.as_deref(), Some("2031-03-03"));
        assert!(c.text.starts_with("The harbor council voted"));
        assert!(c.text.contains("close and that more talks would follow"), "{}", c.text);
        assert!(!c.text.contains("Copyright") && !c.text.contains("Facebook") && !c.text.contains("Tide tables"));
        let kinds: Vec<RemovedKind> = c.removed.iter().map(|r| r.kind).collect();
        assert!(kinds.contains(&RemovedKind::Disclaimer));
        assert!(kinds.contains(&RemovedKind::Comments));
        assert!(kinds.contains(&RemovedKind::Related));
        assert!(kinds.contains(&RemovedKind::Navigation));
        assert_eq!(c.paragraphs.len(), 2);
        // A sentence that starts with "By" is not a byline.
        let text = "By Tuesday, it was over.\n\nThe harbor reopened.";
        let c = strip(text, &paragraphs_of(text), &[]);
        assert!(c.authors.is_empty() && c.text.starts_with("By Tuesday"));
    }

    #[test]
    fn removes_a_teaser_that_repeats_the_body() {
        let body = "The ferry operator said the new route would open in April after the council approved the budget.";
        let text = format!("{body}\n\nCoastal Notes\n\nA first paragraph of the article that is long enough to be body text here.\n\n{body}");
        let c = strip(&text, &paragraphs_of(&text), &[]);
        assert_eq!(c.text.matches("ferry operator").count(), 1);
        assert!(!c.text.contains("Coastal Notes"));
    }

    #[test]
    fn links_follow_their_text() {
        let text = "By Imogen Vale\n\nThe council published its report on the tides.";
        let at = text.find("report").unwrap() as u32;
        let links = [Link {
            span: Span::new(at, at + 6),
            url: "https://example.org/r".into(),
        }];
        let c = strip(text, &paragraphs_of(text), &links);
        assert_eq!(&c.text[c.links[0].span.range()], "report");
    }
}
