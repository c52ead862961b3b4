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

/// How many blocks after a candidate teaser are searched for the text it repeats.
const TEASER_WINDOW: usize = 200;

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

/// Words in `s`, counted up to [`WORD_CAP`]: every caller compares with a small threshold, and
/// stopping early keeps long paragraphs cheap.
fn words(s: &str) -> usize {
    let mut n = 0;
    let mut in_word = false;
    for &b in s.as_bytes() {
        let space = b.is_ascii_whitespace();
        if !space && !in_word {
            n += 1;
            if n > WORD_CAP {
                break;
            }
        }
        in_word = !space;
    }
    n
}

/// See [`words`].
const WORD_CAP: usize = 200;

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
                    x.chars().next().is_some_and(|c| c.is_uppercase())
                        || matches!(*x, "de" | "van" | "von" | "der" | "bin" | "al")
                })
        })
        .map(str::to_string)
        .collect()
}

/// Phrases looked for anywhere in a block, ASCII case-insensitively, in one pass.
const PHRASES: &[&str] = &[
    // 0..=6: disclaimers.
    "all rights reserved",
    "copyrighted material",
    "fair use",
    "sole responsibility of the author",
    "do not necessarily reflect",
    "not be responsible for",
    "views expressed",
    // 7..=12: comment prompts.
    "comment",
    "facebook",
    "our page",
    "leave a",
    "join the discussion",
    "join the conversation",
    // 13..: membership and sharing prompts.
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

/// One automaton for [`PHRASES`]; built once. Matching runs in the optimized dependency, so even
/// debug builds scan large files quickly.
fn phrases() -> Option<&'static aho_corasick::AhoCorasick> {
    static AC: std::sync::OnceLock<Option<aho_corasick::AhoCorasick>> = std::sync::OnceLock::new();
    AC.get_or_init(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(PHRASES)
            .ok()
    })
    .as_ref()
}

/// Bit `i` set when `PHRASES[i]` occurs in `block`.
fn phrase_mask(block: &str) -> u32 {
    let Some(ac) = phrases() else {
        return 0;
    };
    let mut mask = 0u32;
    for m in ac.find_overlapping_iter(block) {
        mask |= 1 << m.pattern().as_u32();
    }
    mask
}

fn has(mask: u32, phrase: &str) -> bool {
    PHRASES
        .iter()
        .position(|p| *p == phrase)
        .is_some_and(|i| mask & (1 << i) != 0)
}

/// `t` starts with the ASCII `prefix`, ignoring ASCII case (no allocation).
fn starts_ci(t: &str, prefix: &str) -> bool {
    let (Some(a), Some(b)) = (t.as_bytes().first(), prefix.as_bytes().first()) else {
        return prefix.is_empty();
    };
    if !a.eq_ignore_ascii_case(b) {
        return false;
    }
    t.as_bytes()
        .get(..prefix.len())
        .is_some_and(|h| h.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// What one block is, if boilerplate.
/// A header block of several short lines (`By X` / `Outlet, Date`) is boilerplate when every
/// line is; each line's metadata is kept.
fn classify_block(block: &str, n: usize, meta: &mut CleanText) -> Option<RemovedKind> {
    let lines: Vec<&str> = block
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if lines.len() >= 2
        && lines.len() <= 6
        && lines.iter().all(|l| l.split_whitespace().count() <= 12)
    {
        let mut trial = meta.clone();
        let kinds: Vec<Option<RemovedKind>> = lines
            .iter()
            .map(|l| classify(l, l.split_whitespace().count(), &mut trial))
            .collect();
        if kinds.iter().all(Option::is_some) {
            *meta = trial;
            return kinds[0];
        }
    }
    classify(block, n, meta)
}

/// `By Dana Whitcombe, Harbor Ledger — March 3, 2031`: the date and the outlet come out of the
/// byline into the metadata, and the rest is the author list.
fn split_byline(rest: &str, meta: &mut CleanText) -> String {
    let mut rest = rest.trim().trim_matches(['*', '_']).to_string();
    if let Some(d) = headwater_cite::dates::find_dates(&rest).into_iter().next() {
        if meta.published.is_none() {
            meta.published = Some(d.iso.clone());
        }
        rest.replace_range(d.start..d.end, "");
    }
    let mut segments: Vec<String> = rest
        .split([',', '—', '–', '|'])
        .map(|p| p.trim().trim_matches(['*', '_', '-']).trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    if segments.len() >= 2 {
        if let Some(pos) = segments
            .iter()
            .skip(1)
            .position(|p| headwater_cite::outlets::is_outlet(p))
        {
            let outlet = segments.remove(pos + 1);
            if meta.publisher.is_none() {
                meta.publisher = Some(outlet);
            }
        }
    }
    segments.join(", ")
}

fn classify(block: &str, n: usize, meta: &mut CleanText) -> Option<RemovedKind> {
    let t = block.trim().trim_matches(['*', '_']).trim();
    // Bylines.
    for prefix in [
        "by ",
        "articles by:",
        "articles by ",
        "written by ",
        "author:",
        "authors:",
        "posted by ",
    ] {
        if starts_ci(t, prefix) && (n <= 10 && !t.ends_with(['.', '!', '?']) || n <= 6) {
            let mut trial = meta.clone();
            let rest = split_byline(t.get(prefix.len()..).unwrap_or(""), &mut trial);
            let names = names_after_by(&rest);
            if !names.is_empty() {
                meta.published = trial.published;
                meta.publisher = trial.publisher;
            }
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
    const ORIGINAL: &str = "the original source of this article is";
    if starts_ci(t, ORIGINAL) {
        let name = t
            .get(ORIGINAL.len()..)
            .unwrap_or("")
            .trim()
            .trim_end_matches('.');
        if meta.publisher.is_none() && !name.is_empty() {
            meta.publisher = Some(name.to_string());
        }
        return Some(RemovedKind::Byline);
    }
    // "Publisher, January 08, 2015".
    if n <= 8 {
        if let Some(d) = headwater_cite::dates::find_dates(block).into_iter().next() {
            let before = block
                .get(..d.start)
                .unwrap_or("")
                .trim()
                .trim_end_matches(',')
                .trim();
            let after = block.get(d.end..).unwrap_or("").trim();
            if after.is_empty()
                && words(before) <= 5
                && before.chars().next().is_some_and(|c| c.is_uppercase())
            {
                if meta.published.is_none() {
                    meta.published = Some(d.iso);
                }
                if !before.is_empty() && meta.publisher.is_none() && !starts_ci(before, "updated") {
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
    let mask = phrase_mask(t);
    if starts_ci(t, "copyright") || t.starts_with('©') || has(mask, "all rights reserved") {
        return Some(RemovedKind::Disclaimer);
    }
    // Disclaimer wording inside a long body paragraph is more likely reporting about it.
    const DISCLAIMER_BITS: u32 = 0b111_1110;
    if starts_ci(t, "disclaimer") || (mask & DISCLAIMER_BITS != 0 && n <= 120) {
        return Some(RemovedKind::Disclaimer);
    }
    if n <= 30 {
        if has(mask, "comment")
            && (has(mask, "facebook")
                || has(mask, "our page")
                || starts_ci(t, "comment")
                || has(mask, "leave a"))
            || starts_ci(t, "comments")
            || has(mask, "join the discussion")
            || has(mask, "join the conversation")
        {
            return Some(RemovedKind::Comments);
        }
        if mask >> 13 != 0 {
            return Some(RemovedKind::Share);
        }
        if [
            "for media inquiries",
            "contact us",
            "contact:",
            "email:",
            "e-mail:",
            "for inquiries",
        ]
        .iter()
        .any(|p| starts_ci(t, p))
        {
            return Some(RemovedKind::Other);
        }
        if NAV_LABELS.iter().any(|p| starts_ci(t, p)) {
            return Some(RemovedKind::Navigation);
        }
    }
    if !t.is_empty()
        && t.chars()
            .all(|c| matches!(c, '-' | '*' | '_' | '=' | ' ' | '—'))
    {
        return Some(RemovedKind::Navigation);
    }
    None
}

/// Word 4-gram shingles, for teaser detection. Words are hashed as they are read (lowercased
/// char by char), so a block costs no allocation per word; `out` is reused between blocks.
fn shingles_into(s: &str, out: &mut Vec<u64>) {
    out.clear();
    let mut window = [0u64; 4];
    let mut n = 0usize;
    for w in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for c in w.chars().flat_map(char::to_lowercase) {
            h ^= c as u64;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        window.rotate_left(1);
        window[3] = h;
        n += 1;
        if n >= 4 {
            let mut g: u64 = 0xcbf2_9ce4_8422_2325;
            for x in window {
                g = (g ^ x).wrapping_mul(0x0000_0100_0000_01b3).rotate_left(29);
            }
            out.push(g);
        }
    }
    out.sort_unstable();
    out.dedup();
}

fn shingles(s: &str) -> Vec<u64> {
    let mut out = Vec::new();
    shingles_into(s, &mut out);
    out
}

fn contained(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() {
        return 0.0;
    }
    a.iter().filter(|x| b.binary_search(x).is_ok()).count() as f64 / a.len() as f64
}

fn is_sentence_end(s: &str) -> bool {
    s.trim_end()
        .ends_with(['.', '!', '?', '"', '”', '’', ':', ')', ']', '…'])
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
    let nwords: Vec<usize> = blocks.iter().map(|(_, t)| words(t)).collect();

    // A list of other articles runs from its heading to the end, unless the article's own
    // numbered notes follow.
    for (i, (_, t)) in blocks.iter().enumerate() {
        if nwords[i] > 5 {
            continue;
        }
        let l = lower(t).trim_end_matches(':').to_string();
        if LIST_HEADINGS
            .iter()
            .any(|h| l == *h || (l.starts_with(h) && nwords[i] <= 3))
            && i * 2 >= blocks.len()
        {
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
            kinds[i] = classify_block(t, nwords[i], &mut meta);
        }
    }
    // A teaser: an early paragraph repeated later in the body.
    // Only the first four blocks can be teasers; every later block is hashed once into a reused
    // buffer, so this stays linear with no per-word allocation.
    let candidates: Vec<(usize, Vec<u64>)> = (0..blocks.len().min(4))
        .filter(|&i| kinds[i].is_none())
        .map(|i| (i, shingles(blocks[i].1)))
        .filter(|(_, sh)| sh.len() >= 5)
        .collect();
    if !candidates.is_empty() {
        let mut teaser = vec![false; candidates.len()];
        let mut sh_j = Vec::new();
        let first = candidates[0].0;
        // A teaser repeats text from the opening of the body, not from far below it.
        for j in first + 1..blocks.len().min(first + 1 + TEASER_WINDOW) {
            if kinds[j].is_some() {
                continue;
            }
            shingles_into(blocks[j].1, &mut sh_j);
            for (c, (i, sh_i)) in candidates.iter().enumerate() {
                if j > *i && !teaser[c] && contained(sh_i, &sh_j) >= 0.8 {
                    teaser[c] = true;
                }
            }
            if teaser.iter().all(|t| *t) {
                break;
            }
        }
        for (c, (i, _)) in candidates.iter().enumerate() {
            if teaser[c] {
                kinds[*i] = Some(RemovedKind::Related);
            }
        }
    }
    // Short non-sentence lines before the body starts (a site name under the teaser).
    let first_body = (0..blocks.len()).find(|&i| kinds[i].is_none() && nwords[i] >= 12);
    if let Some(fb) = first_body {
        for i in 0..fb {
            if kinds[i].is_none() && nwords[i] <= 4 && !is_sentence_end(blocks[i].1) {
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
        // `mapping` is in text order: binary search instead of a scan per link.
        let at = mapping.partition_point(|(orig, _)| orig.end < link.span.end);
        if let Some((orig, new_start)) =
            mapping.get(at).filter(|(orig, _)| orig.contains(link.span))
        {
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
        assert!(
            c.text.contains("close and that more talks would follow"),
            "{}",
            c.text
        );
        assert!(
            !c.text.contains("Copyright")
                && !c.text.contains("Facebook")
                && !c.text.contains("Tide tables")
        );
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
