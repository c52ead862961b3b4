//! Plain-text articles: the title line and paragraph spans.

use headwater_doc::Span;

/// A plain-text body split into paragraphs, with the headline taken off the top when it has one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextBody {
    pub title: Option<String>,
    pub text: String,
    pub paragraphs: Vec<Span>,
}

/// Whether a line reads like a headline: short, has letters, does not end like a sentence or a
/// label, and is not a byline or a footnote.
pub fn looks_like_headline(line: &str) -> bool {
    let line = line.trim();
    let words = line.split_whitespace().count();
    if line.is_empty() || words > 20 || line.len() > 200 {
        return false;
    }
    if line.ends_with(['.', ',', ';', ':', '-', '—']) && !line.ends_with("...") {
        return false;
    }
    if !line.chars().any(char::is_alphabetic) {
        return false;
    }
    let lower = line.to_lowercase();
    if lower.starts_with("by ") || lower.starts_with('[') || lower.starts_with("http") {
        return false;
    }
    // A headline starts with a capital, a digit or a quote, not mid-sentence.
    line.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_numeric() || "\"“‘'«".contains(c))
}

/// Takes the headline off `text` when `title` is not already known and the first line looks like
/// one; when a known title repeats as the first line, that line is dropped as well. Returns the
/// title found and the byte offset where the body starts.
pub fn split_title(text: &str, title: Option<&str>) -> (Option<String>, usize) {
    let lead = text.len() - text.trim_start().len();
    let rest = text.get(lead..).unwrap_or("");
    let (first, after) = match rest.find('\n') {
        Some(i) => (rest.get(..i).unwrap_or(""), i + 1),
        None => return (None, 0),
    };
    let first_t = first.trim();
    let body_follows = rest.get(after..).is_some_and(|b| !b.trim().is_empty());
    if !body_follows {
        return (None, 0);
    }
    match title {
        Some(t) if normalize_ws(t).eq_ignore_ascii_case(&normalize_ws(first_t)) => {
            (None, lead + after)
        }
        Some(_) => (None, 0),
        None if looks_like_headline(first_t) => (Some(first_t.to_string()), lead + after),
        None => (None, 0),
    }
}

fn normalize_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Paragraph spans of `text`: blocks between blank lines, or single lines when the text puts one
/// paragraph per line (no blank lines, and most lines end like sentences). Spans exclude the
/// surrounding whitespace.
pub fn paragraphs(text: &str) -> Vec<Span> {
    let per_line = uses_single_newlines(text);
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0usize;
    let bytes = text.as_bytes();
    let mut pos = 0usize;
    // Newlines found by memchr: the scan stays fast on 100 MB inputs even in debug builds.
    let ends = memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len()));
    for nl in ends {
        if nl < pos {
            continue;
        }
        let line = text.get(pos..nl).unwrap_or("");
        let content = line.trim_end();
        let blank = content.trim_start().is_empty();
        if blank {
            if let Some(s) = start.take() {
                out.push(Span::new(s as u32, end as u32));
            }
        } else {
            let lead = content.len() - content.trim_start().len();
            if per_line {
                if let Some(s) = start.take() {
                    out.push(Span::new(s as u32, end as u32));
                }
            }
            if start.is_none() {
                start = Some(pos + lead);
            }
            end = pos + content.len();
        }
        pos = nl + 1;
    }
    if let Some(s) = start {
        out.push(Span::new(s as u32, end as u32));
    }
    out
}

/// True when the text has no blank line between its lines and most lines end a sentence: each
/// line is then a paragraph, not a hard-wrapped piece of one.
fn uses_single_newlines(text: &str) -> bool {
    let mut lines = 0usize;
    let mut ends = 0usize;
    for line in text.trim().lines() {
        let t = line.trim();
        if t.is_empty() {
            // Any blank line: the file separates paragraphs with them.
            return false;
        }
        lines += 1;
        if t.ends_with(['.', '!', '?', '"', '”', '’', ')', ']', ':', '…']) {
            ends += 1;
        }
    }
    lines > 1 && ends * 2 >= lines
}

/// Reads a plain-text article: title (unless given), body and paragraphs.
pub fn parse(text: &str, title: Option<&str>) -> TextBody {
    let (found, start) = split_title(text, title);
    let body = text.get(start..).unwrap_or("");
    // Keep the body as written, minus the whitespace around it.
    let body = body.trim_matches(|c: char| c.is_whitespace());
    TextBody {
        title: found,
        paragraphs: paragraphs(body),
        text: body.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(b: &TextBody) -> Vec<&str> {
        b.paragraphs.iter().map(|p| &b.text[p.range()]).collect()
    }

    #[test]
    fn headline_blank_line_body() {
        let t = "Harbor ferry route to reopen\n\nThe council voted on Tuesday.\nIt will reopen in May.\n\n  Officials said the boats were ready.\n";
        let b = parse(t, None);
        assert_eq!(b.title.as_deref(), Some("Harbor ferry route to reopen"));
        assert_eq!(
            paras(&b),
            [
                "The council voted on Tuesday.\nIt will reopen in May.",
                "Officials said the boats were ready."
            ]
        );
    }

    #[test]
    fn single_newline_paragraphs() {
        let t = "Ferry plans approved\nThe council voted on Tuesday.\nOfficials said the boats were ready.\n";
        let b = parse(t, None);
        assert_eq!(b.title.as_deref(), Some("Ferry plans approved"));
        assert_eq!(paras(&b).len(), 2);
    }

    #[test]
    fn hard_wrapped_text_stays_one_paragraph() {
        let t = "the council voted on Tuesday to extend the\nferry timetable, officials said, and the\nnew boats will sail in April.";
        let b = parse(t, None);
        assert!(b.title.is_none());
        assert_eq!(paras(&b).len(), 1);
    }

    #[test]
    fn no_title_when_first_line_is_a_sentence() {
        let b = parse("The council voted.\n\nIt was close.", None);
        assert!(b.title.is_none());
        assert!(b.text.starts_with("The council voted."));
        // A single line is never a title: there would be no body.
        assert!(parse("Short headline", None).title.is_none());
        // A given title repeated as the first line is not kept twice.
        let b = parse(
            "Ferry plans approved\n\nThe council voted.",
            Some("Ferry plans  approved"),
        );
        assert!(b.title.is_none());
        assert_eq!(b.text, "The council voted.");
    }
}
