//! Choosing a reader: from the file name first, then from the first bytes of the content.

use std::path::Path;

/// The container or markup of an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Plain text, one article.
    Text,
    /// Markdown, one article.
    Markdown,
    /// One HTML page.
    Html,
    /// One JSON object per line, one article each.
    Jsonl,
    /// A WARC archive: every HTML response record is an article.
    Warc,
}

/// What a file name says: the format (if the extension is known) and whether it ends in `.gz`.
pub fn format_from_name(name: &str) -> (Option<Format>, bool) {
    let lower = name.to_ascii_lowercase();
    let (stem, gz) = match lower.strip_suffix(".gz") {
        Some(s) => (s, true),
        None => match lower.strip_suffix(".tgz") {
            Some(s) => (s, true),
            None => (lower.as_str(), false),
        },
    };
    let ext = Path::new(stem)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("");
    let format = match ext {
        "txt" | "text" => Some(Format::Text),
        "md" | "markdown" | "mdown" | "mkd" | "mkdn" => Some(Format::Markdown),
        "html" | "htm" | "xhtml" | "shtml" => Some(Format::Html),
        "jsonl" | "ndjson" | "jsonlines" => Some(Format::Jsonl),
        "warc" | "arc" => Some(Format::Warc),
        _ => None,
    };
    (format, gz)
}

/// Whether bytes start with the gzip magic number.
pub fn is_gzip(head: &[u8]) -> bool {
    head.starts_with(&[0x1f, 0x8b])
}

/// Guesses the format from the first bytes of a (decompressed) input. `complete` says whether
/// `head` is the whole input, so its last line can be judged too.
pub fn sniff(head: &[u8], complete: bool) -> Format {
    let trimmed = trim_start(head);
    if trimmed.starts_with(b"WARC/") {
        return Format::Warc;
    }
    if looks_like_html(trimmed) {
        return Format::Html;
    }
    if looks_like_jsonl(trimmed, complete) {
        return Format::Jsonl;
    }
    if looks_like_markdown(trimmed) {
        return Format::Markdown;
    }
    Format::Text
}

/// The format to use when the name says `named` and the content starts with `head`: the name
/// wins, except that a text or Markdown file that is plainly an HTML page is read as HTML, and a
/// text file that is plainly Markdown is read as Markdown.
pub fn resolve(named: Option<Format>, head: &[u8], complete: bool) -> Format {
    match named {
        Some(Format::Text | Format::Markdown) if starts_like_html_page(trim_start(head)) => {
            Format::Html
        }
        // Scrapers often save Markdown as `.txt` (headings, `[anchor](url)` links): render it.
        Some(Format::Text) if looks_like_markdown(trim_start(head)) => Format::Markdown,
        Some(f) => f,
        None => sniff(head, complete),
    }
}

fn trim_start(head: &[u8]) -> &[u8] {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let skip = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    head.get(skip..).unwrap_or(&[])
}

fn starts_with_ci(hay: &[u8], prefix: &[u8]) -> bool {
    hay.get(..prefix.len())
        .is_some_and(|h| h.eq_ignore_ascii_case(prefix))
}

fn starts_like_html_page(t: &[u8]) -> bool {
    starts_with_ci(t, b"<!doctype html") || starts_with_ci(t, b"<html")
}

/// Tags that only HTML uses (Markdown may hold a stray `<br>`, so one tag is not enough).
const HTML_TAGS: &[&[u8]] = &[
    b"<p>",
    b"<p ",
    b"<div",
    b"<a href",
    b"<br",
    b"<body",
    b"<head",
    b"<span",
    b"<h1",
    b"<h2",
    b"<h3",
    b"<article",
    b"<section",
    b"<meta ",
    b"<title",
    b"<li>",
    b"<ul",
    b"<table",
    b"<script",
    b"<em>",
    b"<strong>",
    b"</p>",
    b"</div>",
    b"</a>",
];

fn looks_like_html(t: &[u8]) -> bool {
    if starts_like_html_page(t) || (starts_with_ci(t, b"<?xml") && contains_ci(t, b"<html")) {
        return true;
    }
    let sample = t.get(..16 * 1024).unwrap_or(t);
    let lower = sample.to_ascii_lowercase();
    let tags: usize = HTML_TAGS
        .iter()
        .map(|tag| lower.windows(tag.len()).filter(|w| w == tag).count())
        .sum();
    // Starting with a tag and holding a few more, or simply being full of tags.
    (t.first() == Some(&b'<') && tags >= 2) || tags >= 6
}

fn contains_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

fn looks_like_jsonl(t: &[u8], complete: bool) -> bool {
    if t.first() != Some(&b'{') {
        return false;
    }
    let mut lines: Vec<&[u8]> = t.split(|&b| b == b'\n').collect();
    if !complete && lines.len() > 1 {
        // The last line may be cut off by the sample's end.
        lines.pop();
    }
    let mut objects = 0;
    for line in lines {
        let line = trim_start(line);
        if line.is_empty() {
            continue;
        }
        match serde_json::from_slice::<serde_json::Value>(line) {
            Ok(serde_json::Value::Object(_)) => objects += 1,
            _ if !complete && objects == 0 => {
                // A first line longer than the sample: trust the opening brace.
                return line.first() == Some(&b'{');
            }
            _ => return false,
        }
    }
    objects > 0
}

fn looks_like_markdown(t: &[u8]) -> bool {
    let sample = t.get(..16 * 1024).unwrap_or(t);
    let mut headings = 0;
    let mut links = 0;
    for line in sample.split(|&b| b == b'\n') {
        let hashes = line.iter().take_while(|&&b| b == b'#').count();
        if (1..=6).contains(&hashes) && line.get(hashes) == Some(&b' ') {
            headings += 1;
        }
        links += line
            .windows(3)
            .filter(|w| *w == b"](h" || *w == b"](/" || *w == b"](#")
            .count();
    }
    headings > 0 && (links > 0 || headings >= 2) || links >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(
            format_from_name("a/b/story.MD"),
            (Some(Format::Markdown), false)
        );
        assert_eq!(
            format_from_name("crawl.warc.gz"),
            (Some(Format::Warc), true)
        );
        assert_eq!(format_from_name("x.ndjson"), (Some(Format::Jsonl), false));
        assert_eq!(format_from_name("notes"), (None, false));
        assert_eq!(
            format_from_name("page.xhtml.gz"),
            (Some(Format::Html), true)
        );
    }

    #[test]
    fn content() {
        assert_eq!(sniff(b"  <!DOCTYPE html><html>", true), Format::Html);
        assert_eq!(sniff(b"<div><p>Hello</p></div>", true), Format::Html);
        assert_eq!(
            sniff(b"WARC/1.1\r\nWARC-Type: warcinfo", true),
            Format::Warc
        );
        assert_eq!(
            sniff(b"{\"text\":\"a\"}\n{\"text\":\"b\"}\n", true),
            Format::Jsonl
        );
        assert_eq!(sniff(b"{\"text\":\"a\"}\nnot json\n", true), Format::Text);
        assert_eq!(
            sniff(b"{\"text\":\"a\"}\n{\"text\":\"cut of", false),
            Format::Jsonl
        );
        assert_eq!(
            sniff(b"# Title\n\nSee [the report](https://example.org).", true),
            Format::Markdown
        );
        assert_eq!(
            sniff(
                b"Council votes\n\nThe council voted 5 to 2 < 3 times.",
                true
            ),
            Format::Text
        );
        assert_eq!(
            resolve(Some(Format::Text), b"<!doctype html><p>x", true),
            Format::Html
        );
        assert_eq!(
            resolve(Some(Format::Jsonl), b"garbage", true),
            Format::Jsonl
        );
    }
}
