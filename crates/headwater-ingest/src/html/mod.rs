//! HTML main-text extraction and metadata.
//!
//! [`extract`] parses the page with html5ever (through `scraper`), flattens the DOM into a
//! pre-order array (no recursion anywhere, so pathological nesting is safe), drops boilerplate by
//! element name and class/id hints, scores paragraph containers readability-style (text length,
//! commas, link density, class hints), renders the winning container and its qualifying
//! siblings as paragraphs separated by a blank line, and reads metadata from `<title>`,
//! OpenGraph, `article:*`, JSON-LD, `<time>`, `rel=author`, the canonical link and `<html lang>`.
//! A JSON-LD `articleBody` replaces the DOM text when the DOM result is clearly incomplete.

mod content;
pub mod eval;
mod flat;
mod guard;
mod meta;

use headwater_doc::{Link, Removed, Span};

/// What extraction found in one HTML page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HtmlArticle {
    /// Main body text; paragraphs separated by a blank line.
    pub text: String,
    /// Paragraph spans (bytes) in `text`.
    pub paragraphs: Vec<Span>,
    /// Links whose anchor text lies in `text`.
    pub links: Vec<Link>,
    /// Boilerplate that was left out.
    pub removed: Vec<Removed>,
    /// Headline: OpenGraph, then JSON-LD `headline`, then `<h1>`, then `<title>`.
    pub title: Option<String>,
    /// Author names (JSON-LD, `article:author`, `<meta name=author>`, `rel=author`).
    pub authors: Vec<String>,
    /// Site or publisher name.
    pub publisher: Option<String>,
    /// ISO 8601 date.
    pub published: Option<String>,
    /// Canonical URL when the page states one.
    pub url: Option<String>,
    /// Primary language subtag, lowercase (`en`), from `<html lang>` or meta tags.
    pub language: Option<String>,
}

/// Pages larger than this are cut (at a char boundary) before parsing, to bound time and memory.
const MAX_HTML_BYTES: usize = 16 << 20;

/// Extracts the main article from an HTML page. Never panics, whatever the input.
pub fn extract(html: &str, base_url: Option<&str>) -> HtmlArticle {
    let html = if html.len() > MAX_HTML_BYTES {
        let mut c = MAX_HTML_BYTES;
        while c > 0 && !html.is_char_boundary(c) {
            c -= 1;
        }
        html.get(..c).unwrap_or("")
    } else {
        html
    };
    let html = guard::limit_nesting(html);
    let doc = scraper::Html::parse_document(&html);
    let nodes = flat::flatten(&doc);
    let m = meta::read_meta(&nodes);

    let base = base_url.and_then(|b| url::Url::parse(b).ok());
    // A relative canonical link needs a base: the caller's, else the page's own og:url.
    let og = m.og_url.as_deref().and_then(|u| url::Url::parse(u).ok());
    let canon_base = base.clone().or(og);
    let canonical = m
        .canonical
        .as_deref()
        .or(m.og_url.as_deref())
        .or(m.ld.url.as_deref())
        .and_then(|c| match &canon_base {
            Some(b) => b.join(c).ok(),
            None => url::Url::parse(c).ok(),
        })
        .filter(|u| matches!(u.scheme(), "http" | "https"));
    let link_base = base.clone().or_else(|| canonical.clone());
    let resolve = |href: &str| -> Option<String> {
        let h = href.trim();
        if h.is_empty() {
            return None;
        }
        if h.starts_with('#') {
            return Some(h.to_string());
        }
        let lower = h.get(..11).unwrap_or(h).to_ascii_lowercase();
        if lower.starts_with("javascript:") || lower.starts_with("data:") {
            return None;
        }
        match &link_base {
            Some(b) => b.join(h).ok().map(String::from),
            None => Some(h.to_string()),
        }
    };
    let mut body = content::extract_body(&nodes, &resolve);

    if let Some(ld_body) = m.ld.body.as_deref() {
        maybe_use_ld_body(&mut body, ld_body);
    }

    let title = m
        .og_title
        .clone()
        .or_else(|| m.ld.headline.clone())
        .or_else(|| m.h1.clone())
        .or_else(|| m.html_title.clone());
    let mut authors = m.ld.authors.clone();
    for a in m.meta_authors.iter().chain(m.rel_authors.iter()) {
        if !authors.iter().any(|x| x.eq_ignore_ascii_case(a)) {
            authors.push(a.clone());
        }
    }
    HtmlArticle {
        text: body.text,
        paragraphs: body.paragraphs,
        links: body.links,
        removed: body.removed,
        title,
        authors,
        publisher: m.site_name.or(m.ld.publisher),
        published: m.meta_published.or(m.ld.published).or(m.time_datetime),
        url: canonical.map(String::from),
        language: m.lang,
    }
}

/// Words in a text, cheaply.
fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Uses the JSON-LD `articleBody` when the DOM text looks truncated (paywall stubs, script-built
/// pages) and the structured body is plausible prose.
fn maybe_use_ld_body(body: &mut content::Body, ld: &str) {
    let ld_clean = ld_paragraphs(ld);
    let ld_words = word_count(&ld_clean);
    let dom_words = word_count(&body.text);
    if ld_words < 50 || ld_words * 2 < dom_words * 3 {
        return;
    }
    if dom_words * 2 > ld_words {
        return;
    }
    let mut text = String::with_capacity(ld_clean.len());
    let mut paragraphs = Vec::new();
    for p in ld_clean.split("\n\n") {
        if p.is_empty() {
            continue;
        }
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let s = text.len() as u32;
        text.push_str(p);
        paragraphs.push(Span::new(s, text.len() as u32));
    }
    body.text = text;
    body.paragraphs = paragraphs;
    body.links.clear();
}

/// Splits a JSON-LD body into paragraphs on line breaks and strips any markup in it.
fn ld_paragraphs(ld: &str) -> String {
    let mut out = String::with_capacity(ld.len());
    for line in ld.split(['\n', '\r']) {
        if let Some(c) = meta::clean_str(line) {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(&c);
        }
    }
    out
}

#[cfg(test)]
mod tests;
