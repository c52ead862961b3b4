//! Pre-parse guard against pathological nesting.
//!
//! html5ever checks element scopes by walking its stack of open elements, so a page with N
//! nested containers costs O(N²) to parse (100,000 nested `<div>`s take half a minute). Real
//! pages stay far below a few hundred levels; when a cheap byte scan finds nesting beyond
//! [`MAX_DEPTH`], start tags past that depth (and their matching end tags) are dropped before
//! parsing. Text is never dropped, only the excess structure.

use std::borrow::Cow;

/// Nesting deeper than this is flattened.
pub(crate) const MAX_DEPTH: usize = 1_000;

/// Elements that never hold children or that close implicitly, so they do not count as depth.
fn no_depth(name: &[u8]) -> bool {
    const NAMES: [&[u8]; 30] = [
        b"area",
        b"base",
        b"br",
        b"col",
        b"embed",
        b"hr",
        b"img",
        b"input",
        b"link",
        b"meta",
        b"param",
        b"source",
        b"track",
        b"wbr",
        b"p",
        b"li",
        b"dt",
        b"dd",
        b"option",
        b"optgroup",
        b"tr",
        b"td",
        b"th",
        b"tbody",
        b"thead",
        b"tfoot",
        b"colgroup",
        b"rb",
        b"rp",
        b"rt",
    ];
    NAMES.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// Elements whose content is raw text: a `<` inside them is not a tag.
fn raw_text(name: &[u8]) -> bool {
    const NAMES: [&[u8]; 8] = [
        b"script",
        b"style",
        b"textarea",
        b"title",
        b"xmp",
        b"iframe",
        b"noembed",
        b"noframes",
    ];
    NAMES.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// Finds `needle` (ASCII, case-insensitive) in `hay` from `from`.
fn find_ci(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let first = needle.first()?.to_ascii_lowercase();
    let mut i = from;
    while i + needle.len() <= hay.len() {
        if hay.get(i).map(u8::to_ascii_lowercase) == Some(first)
            && hay
                .get(i..i + needle.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(needle))
        {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// End of a tag starting at `lt` (index just past `>`), honouring quoted attribute values.
fn tag_end(b: &[u8], lt: usize) -> usize {
    let mut quote = 0u8;
    let mut i = lt + 1;
    while let Some(&c) = b.get(i) {
        if quote != 0 {
            if c == quote {
                quote = 0;
            }
        } else if c == b'"' || c == b'\'' {
            quote = c;
        } else if c == b'>' {
            return i + 1;
        }
        i += 1;
    }
    b.len()
}

/// Returns the page unchanged, or with excess nesting removed when it is pathologically deep.
pub(crate) fn limit_nesting(html: &str) -> Cow<'_, str> {
    if scan(html, None) {
        let mut out = String::with_capacity(html.len());
        scan(html, Some(&mut out));
        Cow::Owned(out)
    } else {
        Cow::Borrowed(html)
    }
}

/// One pass over the tags. Without `out`, reports whether the limit is exceeded; with it, copies
/// the page minus the excess tags.
fn scan(html: &str, mut out: Option<&mut String>) -> bool {
    let b = html.as_bytes();
    let mut depth = 0usize;
    let mut dropped = 0usize;
    let mut copied = 0usize;
    let mut i = 0usize;
    let mut exceeded = false;
    while i < b.len() {
        let Some(off) = b.get(i..).and_then(|r| r.iter().position(|&c| c == b'<')) else {
            break;
        };
        let lt = i + off;
        let next = b.get(lt + 1).copied().unwrap_or(0);
        if next == b'!' {
            i = if b.get(lt..lt + 4) == Some(b"<!--") {
                find_ci(b, lt + 4, b"-->").map(|e| e + 3).unwrap_or(b.len())
            } else {
                tag_end(b, lt)
            };
            continue;
        }
        let (is_end, name_start) = if next == b'/' {
            (true, lt + 2)
        } else {
            (false, lt + 1)
        };
        let mut ne = name_start;
        while b.get(ne).is_some_and(|c| c.is_ascii_alphanumeric()) {
            ne += 1;
        }
        if ne == name_start {
            i = lt + 1;
            continue;
        }
        let name = b.get(name_start..ne).unwrap_or(&[]);
        let end = tag_end(b, lt);
        let self_closing = end >= 2 && b.get(end - 2) == Some(&b'/');
        let mut drop_tag = false;
        if !no_depth(name) && !self_closing {
            if is_end {
                if dropped > 0 {
                    dropped -= 1;
                    drop_tag = true;
                } else {
                    depth = depth.saturating_sub(1);
                }
            } else if depth >= MAX_DEPTH {
                exceeded = true;
                if out.is_none() {
                    return true;
                }
                dropped += 1;
                drop_tag = true;
            } else {
                depth += 1;
            }
        }
        if drop_tag {
            if let Some(o) = out.as_deref_mut() {
                o.push_str(html.get(copied..lt).unwrap_or(""));
                copied = end;
            }
        }
        i = end;
        if !is_end && raw_text(name) {
            let mut close = Vec::with_capacity(name.len() + 2);
            close.extend_from_slice(b"</");
            close.extend_from_slice(name);
            i = find_ci(b, end, &close).unwrap_or(b.len());
        }
    }
    if let Some(o) = out {
        o.push_str(html.get(copied..).unwrap_or(""));
    }
    exceeded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shallow_pages_are_untouched() {
        let h = "<div><p>a<p>b</div><script>if (a<b) {}</script>";
        assert!(matches!(limit_nesting(h), Cow::Borrowed(_)));
    }

    #[test]
    fn deep_pages_keep_text() {
        let h = format!(
            "{}text{}",
            "<div class='x>y'>".repeat(3000),
            "</div>".repeat(3000)
        );
        let out = limit_nesting(&h);
        assert!(out.contains("text"));
        assert_eq!(out.matches("<div").count(), MAX_DEPTH);
        assert_eq!(out.matches("</div>").count(), MAX_DEPTH);
    }
}
