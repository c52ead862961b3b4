//! Rule-based sentence splitter over tokens.

use crate::abbrev::{is_non_final_abbreviation, is_sentence_starter};
use crate::chars::{char_at, is_closing_quote};
use headwater_doc::{Sentence, Span, Token, TokenKind};

/// Lines up to this many tokens without final punctuation count as headings.
const HEADING_MAX_TOKENS: usize = 16;

/// Groups `tokens` (as produced by [`crate::tokenize`] on `text`) into sentences, appending to
/// `out`.
///
/// Every token lands in exactly one sentence, in order. Sentences never cross paragraph
/// boundaries (tokens outside every paragraph are grouped between them), a short line without
/// final punctuation followed by a capitalized line is its own sentence (headings), closing
/// quotes, brackets and footnote markers stay with the sentence they close (a closed question
/// or exclamation also with a following `Name said`), abbreviations
/// only end a sentence when a typical sentence opener follows, and a news dateline
/// (`LONDON, March 3 (Reuters) - …`) is its own sentence, so that what follows reads as the
/// sentence it is.
pub fn split_sentences(text: &str, tokens: &[Token], paragraphs: &[Span], out: &mut Vec<Sentence>) {
    let first = out.len();
    split_plain(text, tokens, paragraphs, out);
    split_datelines(text, tokens, first, out);
}

fn split_plain(text: &str, tokens: &[Token], paragraphs: &[Span], out: &mut Vec<Sentence>) {
    let n = tokens.len();
    if n == 0 {
        return;
    }
    let mut pc = ParCursor { paragraphs, p: 0 };
    let tok = |k: usize| {
        tokens
            .get(k)
            .map(|t| text.get(t.span.range()).unwrap_or(""))
            .unwrap_or("")
    };
    let mut s = 0usize;
    let mut cur_key = tokens.first().map(|t| pc.key(t.span.start)).unwrap_or(0);
    let mut line_start = 0usize;
    let mut t = 0usize;
    let emit = |out: &mut Vec<Sentence>, a: usize, b: usize| {
        if let (Some(first), Some(last)) = (tokens.get(a), tokens.get(b.wrapping_sub(1))) {
            if b > a {
                out.push(Sentence {
                    span: Span::new(first.span.start, last.span.end),
                    tokens: a as u32..b as u32,
                });
            }
        }
    };
    while t < n {
        let Some(cur) = tokens.get(t) else { break };
        let key = pc.key(cur.span.start);
        if t > s {
            let newline = t > 0 && gap_has_newline(text, tokens, t);
            // A heading is a whole short line that starts a sentence; a hard-wrapped line
            // usually ends in a function word (`... that the\nGovernment`) and is not one.
            let heading = newline
                && line_start == s
                && t - line_start <= HEADING_MAX_TOKENS
                && !line_ends_sentence(tokens, t - 1, &tok)
                && !is_sentence_starter(tok(t - 1))
                && !matches!(tok(t - 1), "of" | "to" | "said" | "says")
                && opens_sentence(tok(t));
            if key != cur_key || heading {
                emit(out, s, t);
                s = t;
            }
            if newline {
                line_start = t;
            }
        } else if t > 0 && gap_has_newline(text, tokens, t) {
            line_start = t;
        }
        cur_key = key;
        if is_terminal(cur, tok(t)) {
            let mut e = t + 1;
            while e < n {
                let (Some(prev), Some(nx)) = (tokens.get(e - 1), tokens.get(e)) else {
                    break;
                };
                if pc.key_peek(nx.span.start) != key || !absorbs(prev, nx, tok(e)) {
                    break;
                }
                e += 1;
            }
            if should_split(tokens, t, e, &tok) {
                emit(out, s, e);
                s = e;
            }
            t = e;
            continue;
        }
        t += 1;
    }
    emit(out, s, n);
}

/// Most tokens a dateline takes before its dash.
const DATELINE_MAX_TOKENS: usize = 14;

/// Splits a dateline off the front of sentences `out[first..]`: a place in capitals
/// (`ARDEN FALLS`, `WASHINGTON`), then optionally a comma with a region or date
/// (`, Ukraine`, `, March 3`, `, Jan. 5`) and an agency in brackets (`(Reuters)`), then a dash,
/// then a capitalized word.
fn split_datelines(text: &str, tokens: &[Token], first: usize, out: &mut Vec<Sentence>) {
    let tok = |k: usize| {
        tokens
            .get(k)
            .map(|t| text.get(t.span.range()).unwrap_or(""))
            .unwrap_or("")
    };
    let mut k = first;
    while k < out.len() {
        let Some(sent) = out.get(k) else { break };
        let (a, b) = (sent.tokens.start as usize, sent.tokens.end as usize);
        if let Some(dash) = dateline_end(a, b, &tok) {
            if let (Some(t0), Some(td), Some(tn), Some(tl)) = (
                tokens.get(a),
                tokens.get(dash),
                tokens.get(dash + 1),
                tokens.get(b.saturating_sub(1)),
            ) {
                let head = Sentence {
                    span: Span::new(t0.span.start, td.span.end),
                    tokens: a as u32..dash as u32 + 1,
                };
                let rest = Sentence {
                    span: Span::new(tn.span.start, tl.span.end),
                    tokens: dash as u32 + 1..b as u32,
                };
                if let Some(slot) = out.get_mut(k) {
                    *slot = head;
                }
                out.insert(k + 1, rest);
                k += 1;
            }
        }
        k += 1;
    }
}

/// The dash token ending a dateline that opens tokens `[a, b)`, if there is one.
fn dateline_end<'a>(a: usize, b: usize, tok: &impl Fn(usize) -> &'a str) -> Option<usize> {
    // Three letters at least: `PS -- …` in an e-mail is no dateline.
    let capitals = |s: &str| {
        s.chars().filter(|c| c.is_alphabetic()).count() >= 3
            && s.chars()
                .all(|c| c.is_uppercase() || c == '.' || c == '\'' || c == '-')
    };
    let dash = |s: &str| matches!(s, "-" | "--" | "–" | "—" | "―");
    let mut k = a;
    while k < b && capitals(tok(k)) {
        k += 1;
    }
    if k == a {
        return None;
    }
    let limit = (a + DATELINE_MAX_TOKENS).min(b);
    // Words after the capitals must follow a comma (`, March 3`) or sit in brackets, so that
    // `FBI Director Jane Roe - …` is not taken for a dateline.
    let (mut in_brackets, mut after_comma) = (false, false);
    while k < limit {
        let s = tok(k);
        if dash(s) && !in_brackets {
            let next = tok(k + 1);
            let opens = k + 1 < b && next.chars().next().is_some_and(|c| c.is_uppercase());
            return opens.then_some(k);
        }
        let c = s.chars().next().unwrap_or(' ');
        let ok = match s {
            "," => {
                after_comma = true;
                !in_brackets
            }
            "(" => !std::mem::replace(&mut in_brackets, true),
            ")" => std::mem::replace(&mut in_brackets, false),
            _ if in_brackets => c.is_alphabetic(),
            _ => after_comma && (c.is_uppercase() || c.is_ascii_digit()),
        };
        if !ok {
            return None;
        }
        k += 1;
    }
    None
}

/// Tracks which paragraph (or gap between paragraphs) a monotonically advancing offset is in.
struct ParCursor<'a> {
    paragraphs: &'a [Span],
    p: usize,
}

impl ParCursor<'_> {
    /// Odd keys: inside paragraph `k / 2`; even keys: the gap before it.
    fn key(&mut self, off: u32) -> usize {
        while self.paragraphs.get(self.p).is_some_and(|p| p.end <= off) {
            self.p += 1;
        }
        self.key_at(self.p, off)
    }

    fn key_peek(&self, off: u32) -> usize {
        let mut p = self.p;
        while self.paragraphs.get(p).is_some_and(|x| x.end <= off) {
            p += 1;
        }
        self.key_at(p, off)
    }

    fn key_at(&self, p: usize, off: u32) -> usize {
        match self.paragraphs.get(p) {
            Some(x) if x.start <= off => 2 * p + 1,
            _ => 2 * p,
        }
    }
}

fn gap_has_newline(text: &str, tokens: &[Token], t: usize) -> bool {
    let (Some(a), Some(b)) = (tokens.get(t.wrapping_sub(1)), tokens.get(t)) else {
        return false;
    };
    a.space_after
        && text
            .as_bytes()
            .get(a.span.end as usize..b.span.start as usize)
            .is_some_and(|g| g.contains(&b'\n'))
}

fn is_terminal(t: &Token, s: &str) -> bool {
    match t.kind {
        TokenKind::Punct => s.starts_with(['.', '?', '!', '…']),
        TokenKind::Word => s.len() > 1 && s.ends_with('.'),
        _ => false,
    }
}

/// Whether the line ending at token `k` already ends in sentence punctuation.
fn line_ends_sentence<'a>(tokens: &[Token], k: usize, tok: &impl Fn(usize) -> &'a str) -> bool {
    let s = tok(k);
    tokens.get(k).is_some_and(|t| {
        is_terminal(t, s)
            || matches!(t.kind, TokenKind::Quote | TokenKind::FootnoteMarker)
            || s.ends_with([':', ';', ',', ')', '-', '—', '–'])
    })
}

/// Closing quotes, brackets and footnote markers glued to the preceding terminal.
fn absorbs(prev: &Token, nx: &Token, s: &str) -> bool {
    match nx.kind {
        TokenKind::FootnoteMarker => true,
        TokenKind::Quote => {
            let c = s.chars().next().unwrap_or(' ');
            is_closing_quote(c) || !prev.space_after
        }
        TokenKind::Punct => !prev.space_after && matches!(s, ")" | "]" | "}"),
        _ => false,
    }
}

fn first_char(s: &str) -> char {
    char_at(s, 0).map(|x| x.0).unwrap_or(' ')
}

/// Whether a token can open a sentence after strong punctuation.
fn opens_sentence(s: &str) -> bool {
    let c = first_char(s);
    if c.is_lowercase() {
        return false;
    }
    !matches!(
        c,
        ',' | ';' | ':' | ')' | ']' | '}' | '%' | '.' | '?' | '!' | '…' | '-'
    )
}

/// Verbs of saying that follow a quotation's speaker (`…?" Kaur said`).
const SPEECH_AFTER_NAME: &[&str] = &[
    "said",
    "says",
    "asked",
    "asks",
    "told",
    "tells",
    "added",
    "adds",
    "wrote",
    "writes",
    "replied",
    "replies",
    "continued",
    "tweeted",
    "explained",
    "recalled",
    "shouted",
    "yelled",
    "exclaimed",
    "wondered",
    "joked",
    "declared",
    "insisted",
    "argued",
    "countered",
];

/// Whether one to four capitalized words (a name, possibly with a title) and then a verb of
/// saying start at token `k`.
fn named_speaker_follows<'a>(tokens: &[Token], k: usize, tok: &impl Fn(usize) -> &'a str) -> bool {
    let mut j = k;
    while j < k + 4
        && tokens.get(j).is_some_and(|x| x.kind == TokenKind::Word)
        && first_char(tok(j)).is_uppercase()
    {
        j += 1;
    }
    j > k && SPEECH_AFTER_NAME.contains(&tok(j))
}

/// Decides a boundary after the terminal token `t`, with `[t+1, e)` absorbed closers.
fn should_split<'a>(tokens: &[Token], t: usize, e: usize, tok: &impl Fn(usize) -> &'a str) -> bool {
    if e >= tokens.len() {
        return true;
    }
    let term = tok(t);
    // Skip an opening quote or bracket to find the first real word of the next sentence.
    let mut k = e;
    while tokens
        .get(k)
        .is_some_and(|x| x.kind == TokenKind::Quote || tok(k) == "(" || tok(k) == "[")
        && k + 1 < tokens.len()
        && k < e + 2
    {
        k += 1;
    }
    let nw = tok(k);
    if tokens.get(t).is_some_and(|x| x.kind == TokenKind::Word) {
        // An abbreviation: titles and months never end a sentence; others only before a
        // typical sentence opener (`U.S. The` splits, `U.S. Army` does not).
        if is_non_final_abbreviation(term) {
            return false;
        }
        if term == "etc." {
            return first_char(nw).is_uppercase();
        }
        return first_char(nw).is_uppercase() && is_sentence_starter(nw);
    }
    // `"Will it run again?" Kaur said on Monday.`: a question or exclamation closed by a
    // quotation mark and followed by a short name and a verb of saying is one sentence (as
    // Universal Dependencies treebanks segment it), so the quotation stays with its speaker.
    if matches!(term, "?" | "!" | "?!" | "!?")
        && (t + 1..e).any(|j| tokens.get(j).is_some_and(|x| x.kind == TokenKind::Quote))
        && named_speaker_follows(tokens, e, tok)
    {
        return false;
    }
    if !opens_sentence(tok(e)) {
        // Lowercase after a bare `.`, `?` or `!` still starts a sentence in informal text
        // (our abbreviations are already single tokens), but not after an ellipsis, and not
        // after a closed quotation (`"Why?" she asked`).
        // Title-case words before `?`/`!` suggest a title (`What's My Name? and ...`).
        let after_lower = t > 0 && first_char(tok(t - 1)).is_lowercase();
        let plain =
            term == "." || (matches!(term, "?" | "!" | "?!" | "!?" | "??" | "!!") && after_lower);
        return plain
            && e == t + 1
            && first_char(tok(e)).is_lowercase()
            && tokens.get(t).is_some_and(|x| x.space_after);
    }
    true
}
