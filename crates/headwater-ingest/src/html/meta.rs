//! Page metadata: `<title>`, OpenGraph, `article:*`, `<meta name=author>`, JSON-LD, `<time>`,
//! `rel=author`, canonical link, `<html lang>`.

// One `if` per metadata field reads better than guards folded into the match arms.
#![allow(clippy::collapsible_match)]

use super::flat::{FNode, Kind, Tag};
use serde_json::Value;

/// Everything the page says about itself, before choosing between sources.
#[derive(Default, Debug)]
pub(crate) struct Meta {
    pub html_title: Option<String>,
    pub og_title: Option<String>,
    pub h1: Option<String>,
    pub site_name: Option<String>,
    pub og_url: Option<String>,
    pub canonical: Option<String>,
    pub lang: Option<String>,
    pub meta_published: Option<String>,
    pub time_datetime: Option<String>,
    pub meta_authors: Vec<String>,
    pub rel_authors: Vec<String>,
    pub ld: LdArticle,
}

/// The fields read from a JSON-LD `Article` (or subtype).
#[derive(Default, Debug)]
pub(crate) struct LdArticle {
    pub headline: Option<String>,
    pub authors: Vec<String>,
    pub published: Option<String>,
    pub publisher: Option<String>,
    pub body: Option<String>,
    pub url: Option<String>,
}

fn direct_text(nodes: &[FNode<'_>], i: usize, cap: usize) -> String {
    let end = nodes.get(i).map(|x| x.end as usize).unwrap_or(i);
    let mut out = String::new();
    for n in nodes.get(i + 1..end).unwrap_or(&[]) {
        if let Kind::Text(t) = n.kind {
            for w in t.split(char::is_whitespace).filter(|w| !w.is_empty()) {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(w);
            }
            if out.len() > cap {
                break;
            }
        }
    }
    out
}

/// Collapses whitespace and drops anything that looks like markup, so hostile titles
/// (`<script>` inside `<title>`) come out as plain words.
pub(crate) fn clean_str(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    let mut pending = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if in_tag {
            if c == '>' {
                in_tag = false;
                pending = true;
            }
            continue;
        }
        if c == '<'
            && chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphabetic() || *n == '/' || *n == '!')
        {
            in_tag = true;
            continue;
        }
        if c.is_whitespace() || c.is_control() {
            pending = true;
            continue;
        }
        if pending && !out.is_empty() {
            out.push(' ');
        }
        pending = false;
        out.push(c);
    }
    if out.is_empty() {
        None
    } else {
        Some(decode_entities(&out))
    }
}

/// Decodes the handful of entities that survive in JSON-LD strings.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#039;", "'")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

/// Strips byline decoration from an author string: a leading "By" / "Analysis by", and a
/// trailing role ("…, Senior Reporter").
pub(crate) fn clean_author(s: &str) -> Option<String> {
    let mut a = s.trim();
    let lower = a.to_lowercase();
    if let Some(pos) = lower.find("by ") {
        if pos + 3 <= 24 && (pos == 0 || lower.as_bytes().get(pos - 1) == Some(&b' ')) {
            a = a.get(pos + 3..).unwrap_or(a).trim();
        }
    }
    if let Some((name, role)) = a.split_once(", ") {
        let r = role.to_lowercase();
        const ROLES: [&str; 10] = [
            "editor",
            "correspondent",
            "reporter",
            "writer",
            "staff",
            "contributor",
            "columnist",
            "producer",
            "analyst",
            "journalist",
        ];
        if ROLES.iter().any(|x| r.contains(x)) {
            a = name;
        }
    }
    clean_str(a)
}

fn push_unique(v: &mut Vec<String>, s: Option<String>) {
    if let Some(s) = s {
        if s.len() < 200 && !v.iter().any(|x| x.eq_ignore_ascii_case(&s)) {
            v.push(s);
        }
    }
}

/// Reads all metadata in one pass over the flat tree.
pub(crate) fn read_meta(nodes: &[FNode<'_>]) -> Meta {
    let mut m = Meta::default();
    for (i, node) in nodes.iter().enumerate() {
        let Kind::Elem(tag, e) = node.kind else {
            continue;
        };
        match tag {
            Tag::Html => {
                if m.lang.is_none() {
                    m.lang = e
                        .attr("lang")
                        .or_else(|| e.attr("xml:lang"))
                        .and_then(norm_lang);
                }
            }
            Tag::Title => {
                if m.html_title.is_none() {
                    m.html_title = clean_str(&direct_text(nodes, i, 1000));
                }
            }
            Tag::H1 => {
                if m.h1.is_none() {
                    m.h1 = clean_str(&direct_text(nodes, i, 1000));
                }
            }
            Tag::Meta => {
                let key = e
                    .attr("property")
                    .or_else(|| e.attr("name"))
                    .or_else(|| e.attr("itemprop"))
                    .or_else(|| e.attr("http-equiv"));
                let (Some(key), Some(content)) = (key, e.attr("content")) else {
                    continue;
                };
                let key = key.trim().to_ascii_lowercase();
                match key.as_str() {
                    "og:title" | "twitter:title" => {
                        if m.og_title.is_none() {
                            m.og_title = clean_str(content);
                        }
                    }
                    "og:site_name" | "application-name" | "publisher" => {
                        if m.site_name.is_none() {
                            m.site_name = clean_str(content);
                        }
                    }
                    "og:url" => {
                        if m.og_url.is_none() {
                            m.og_url = clean_str(content);
                        }
                    }
                    "article:published_time"
                    | "datepublished"
                    | "pubdate"
                    | "publishdate"
                    | "date"
                    | "dc.date"
                    | "dc.date.issued"
                    | "dcterms.created"
                    | "dcterms.date"
                    | "parsely-pub-date"
                    | "sailthru.date"
                    | "article.published"
                    | "og:published_time"
                    | "publish-date"
                    | "citation_publication_date" => {
                        if m.meta_published.is_none() {
                            m.meta_published = iso_date(content);
                        }
                    }
                    "article:author" | "author" | "dc.creator" | "parsely-author"
                    | "sailthru.author" | "byl" => {
                        // Facebook profile URLs are not names.
                        if !content.contains("://") {
                            push_unique(&mut m.meta_authors, clean_author(content));
                        }
                    }
                    "content-language" | "og:locale" | "language" => {
                        if m.lang.is_none() {
                            m.lang = norm_lang(content);
                        }
                    }
                    _ => {}
                }
            }
            Tag::Link => {
                if let (Some(rel), Some(href)) = (e.attr("rel"), e.attr("href")) {
                    if rel
                        .split_ascii_whitespace()
                        .any(|r| r.eq_ignore_ascii_case("canonical"))
                        && m.canonical.is_none()
                    {
                        m.canonical = clean_str(href);
                    }
                }
            }
            Tag::A => {
                if let Some(rel) = e.attr("rel") {
                    if rel
                        .split_ascii_whitespace()
                        .any(|r| r.eq_ignore_ascii_case("author"))
                    {
                        push_unique(
                            &mut m.rel_authors,
                            clean_author(&direct_text(nodes, i, 200)),
                        );
                    }
                }
            }
            Tag::Time => {
                if m.time_datetime.is_none() {
                    m.time_datetime = e.attr("datetime").and_then(iso_date);
                }
            }
            Tag::Script => {
                let is_ld = e
                    .attr("type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
                if is_ld {
                    for c in nodes.get(i + 1..node.end as usize).unwrap_or(&[]) {
                        if let Kind::Text(t) = c.kind {
                            read_ld(t, &mut m.ld);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    m
}

fn norm_lang(s: &str) -> Option<String> {
    let p = s.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    if (2..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic()) {
        Some(p)
    } else {
        None
    }
}

fn is_article_type(v: &Value) -> bool {
    let t = |s: &str| {
        s.ends_with("Article")
            || matches!(
                s,
                "BlogPosting" | "Report" | "LiveBlogPosting" | "SocialMediaPosting"
            )
    };
    match v {
        Value::String(s) => t(s),
        Value::Array(a) => a.iter().any(|x| x.as_str().is_some_and(t)),
        _ => false,
    }
}

fn name_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => clean_author(s),
        Value::Object(o) => o.get("name").and_then(|n| match n {
            Value::String(s) => clean_author(s),
            _ => None,
        }),
        _ => None,
    }
}

/// Parses one JSON-LD block and fills the first article-like object found (iteratively, through
/// arrays and `@graph`).
fn read_ld(src: &str, out: &mut LdArticle) {
    let Ok(v) = serde_json::from_str::<Value>(src.trim()) else {
        return;
    };
    let mut stack: Vec<&Value> = vec![&v];
    let mut steps = 0;
    while let Some(v) = stack.pop() {
        steps += 1;
        if steps > 10_000 {
            break;
        }
        match v {
            Value::Array(a) => stack.extend(a.iter().rev()),
            Value::Object(o) => {
                if let Some(g) = o.get("@graph") {
                    stack.push(g);
                }
                if !o.get("@type").is_some_and(is_article_type) {
                    if let Some(me) = o.get("mainEntity") {
                        stack.push(me);
                    }
                    continue;
                }
                if out.headline.is_none() {
                    out.headline = o
                        .get("headline")
                        .and_then(|h| h.as_str())
                        .and_then(clean_str);
                }
                if out.authors.is_empty() {
                    match o.get("author").or_else(|| o.get("creator")) {
                        Some(Value::Array(a)) => {
                            for x in a {
                                push_unique(&mut out.authors, name_of(x));
                            }
                        }
                        Some(x) => push_unique(&mut out.authors, name_of(x)),
                        None => {}
                    }
                }
                if out.published.is_none() {
                    out.published = o
                        .get("datePublished")
                        .or_else(|| o.get("dateCreated"))
                        .and_then(|d| d.as_str())
                        .and_then(iso_date);
                }
                if out.publisher.is_none() {
                    out.publisher = o.get("publisher").and_then(|p| match p {
                        Value::Array(a) => a.first().and_then(name_of),
                        x => name_of(x),
                    });
                }
                if out.body.is_none() {
                    out.body = o
                        .get("articleBody")
                        .and_then(|b| b.as_str())
                        .map(str::to_string);
                }
                if out.url.is_none() {
                    out.url = o.get("url").and_then(|u| u.as_str()).and_then(clean_str);
                }
            }
            _ => {}
        }
    }
}

/// Normalizes a date to ISO `YYYY-MM-DD`: accepts ISO timestamps, `YYYY/MM/DD`, `YYYYMMDD`,
/// `Month D, YYYY` and `D Month YYYY`.
pub(crate) fn iso_date(s: &str) -> Option<String> {
    let b = s.trim().as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let w = b.get(r)?;
        if w.iter().all(u8::is_ascii_digit) {
            std::str::from_utf8(w).ok()?.parse().ok()
        } else {
            None
        }
    };
    let fmt = |y: u32, mo: u32, d: u32| -> Option<String> {
        if (1900..=2100).contains(&y) && (1..=12).contains(&mo) && (1..=31).contains(&d) {
            Some(format!("{y:04}-{mo:02}-{d:02}"))
        } else {
            None
        }
    };
    // Numeric forms anywhere in the string.
    for start in 0..b.len() {
        if let Some(y) = digits(start..start + 4) {
            if start > 0 && b.get(start - 1).is_some_and(u8::is_ascii_digit) {
                continue;
            }
            let sep = b.get(start + 4).copied();
            if matches!(sep, Some(b'-' | b'/' | b'.')) {
                if let (Some(mo), Some(d)) =
                    (digits(start + 5..start + 7), digits(start + 8..start + 10))
                {
                    if b.get(start + 7).copied() == sep {
                        if let Some(r) = fmt(y, mo, d) {
                            return Some(r);
                        }
                    }
                }
            } else if let (Some(mo), Some(d)) =
                (digits(start + 4..start + 6), digits(start + 6..start + 8))
            {
                if !b.get(start + 8).is_some_and(u8::is_ascii_digit) {
                    if let Some(r) = fmt(y, mo, d) {
                        return Some(r);
                    }
                }
            }
        }
    }
    // Month names.
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let lower = s.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    for (k, w) in words.iter().enumerate() {
        let Some(mo) = MONTHS.iter().position(|m| w.len() >= 3 && w.starts_with(m)) else {
            continue;
        };
        let num = |x: Option<&&str>| {
            x.and_then(|x| {
                x.trim_end_matches(['s', 't', 'n', 'd', 'r', 'h'])
                    .parse::<u32>()
                    .ok()
            })
        };
        // Month D, YYYY
        if let (Some(d), Some(y)) = (num(words.get(k + 1)), num(words.get(k + 2))) {
            if let Some(r) = fmt(y, mo as u32 + 1, d) {
                return Some(r);
            }
        }
        // D Month YYYY
        if k > 0 {
            if let (Some(d), Some(y)) = (num(words.get(k - 1)), num(words.get(k + 1))) {
                if let Some(r) = fmt(y, mo as u32 + 1, d) {
                    return Some(r);
                }
            }
        }
    }
    None
}
