//! Rule-based tokenizer producing Universal Dependencies English (EWT) token boundaries.

use crate::abbrev::{ascii_lower, is_abbreviation};
use crate::chars::{
    char_at, char_before, is_extender, is_quote, is_superscript_digit, is_symbol, is_word_char,
};
use headwater_doc::{Span, Token, TokenKind};

/// Appends the tokens of `text` to `out`, in order, with byte spans into `text`.
///
/// Boundaries follow UD English EWT: clitics are split (`do|n't`, `John|'s`, `can|not`,
/// `gon|na`), hyphens between letters and slashes are their own tokens, `$` and `%` are split
/// from numbers, while abbreviations (`U.S.`, `Mr.`, `a.m.`), initials (`M.`), decimals and
/// thousands (`3.5`, `1,200`), URLs and e-mail addresses stay whole. Texts longer than
/// `u32::MAX` bytes are tokenized up to that limit because spans are 32-bit.
pub fn tokenize(text: &str, out: &mut Vec<Token>) {
    let mut limit = text.len().min(u32::MAX as usize);
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    let text = text.get(..limit).unwrap_or("");
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut i = 0usize;
    let mut t = Tok { text, out };
    while i < n {
        let Some((c, l)) = char_at(text, i) else {
            break;
        };
        if is_space(c) {
            i += l;
            continue;
        }
        let mut j = i + l;
        while j < n {
            match char_at(text, j) {
                Some((c2, l2)) if !is_space(c2) => j += l2,
                _ => break,
            }
        }
        t.chunk(i, j);
        i = j;
    }
}

#[inline]
fn is_space(c: char) -> bool {
    c == ' ' || c == '\n' || c == '\t' || c == '\r' || (!c.is_ascii() && c.is_whitespace())
}

struct Tok<'a, 'o> {
    text: &'a str,
    out: &'o mut Vec<Token>,
}

impl Tok<'_, '_> {
    #[inline]
    fn push(&mut self, s: usize, e: usize, kind: TokenKind) {
        if e <= s {
            return;
        }
        let space_after = char_at(self.text, e).is_some_and(|(c, _)| is_space(c));
        self.out.push(Token {
            span: Span::new(s as u32, e as u32),
            kind,
            space_after,
        });
    }

    #[inline]
    fn c(&self, i: usize) -> Option<(char, usize)> {
        char_at(self.text, i)
    }

    /// Tokenizes one whitespace-free chunk `[s, e)`.
    fn chunk(&mut self, s: usize, e: usize) {
        let chunk = self.text.get(s..e).unwrap_or("");
        let maybe_url = chunk.contains("://")
            || chunk.contains("www.")
            || chunk.contains("WWW.")
            || chunk.contains("mailto:");
        let maybe_email = chunk.contains('@');
        let mut i = s;
        while i < e {
            let Some((c, l)) = self.c(i) else { return };
            if maybe_url {
                if let Some(end) = self.url_at(i, e) {
                    self.push(i, end, TokenKind::Url);
                    i = end;
                    continue;
                }
            }
            // Only at the start of a local part, so a long `a-a-a-...@` chunk stays linear.
            let local_start = i == s
                || !self
                    .text
                    .as_bytes()
                    .get(i - 1)
                    .is_some_and(|&x| x.is_ascii_alphanumeric() || b"._%+-".contains(&x));
            if maybe_email && local_start && is_word_char(c) {
                if let Some(end) = self.email_at(i, e) {
                    self.push(i, end, TokenKind::Email);
                    i = end;
                    continue;
                }
            }
            if is_word_char(c) {
                i = self.word(i, e);
                continue;
            }
            i = self.punct(i, c, l, e);
        }
    }

    /// Non-word characters starting at `i`; returns the next position.
    fn punct(&mut self, i: usize, c: char, l: usize, e: usize) -> usize {
        let next = self.c(i + l).map(|x| x.0);
        match c {
            '`' | '\'' if next == Some(c) => {
                self.push(i, i + 2, TokenKind::Quote);
                i + 2
            }
            _ if is_quote(c) => {
                self.push(i, i + l, TokenKind::Quote);
                i + l
            }
            '.' | '?' | '!' | '…' => {
                let j = self.run_while(i, e, |c| matches!(c, '.' | '?' | '!' | '…'));
                self.push(i, j, TokenKind::Punct);
                j
            }
            '=' | '*' | '_' | '~' | '-'
                if next.is_some_and(|x| matches!(x, '=' | '*' | '_' | '~' | '-')) =>
            {
                // Rules and separators (`=====`, `*****`, `--`) are one token.
                let j = self.run_while(i, e, |x| matches!(x, '=' | '*' | '_' | '~' | '-'));
                self.push(i, j, TokenKind::Punct);
                j
            }
            '—' | '–' | '―' | '‒' => {
                let j = self.run_while(i, e, |x| x == c);
                self.push(i, j, TokenKind::Punct);
                j
            }
            '[' => {
                // `[4]`: a footnote marker if 1-3 digits are bracketed.
                let b = self.text.as_bytes();
                let mut j = i + 1;
                while j < e && j - i <= 3 && b.get(j).is_some_and(u8::is_ascii_digit) {
                    j += 1;
                }
                if j > i + 1 && j < e && b.get(j) == Some(&b']') {
                    self.push(i, j + 1, TokenKind::FootnoteMarker);
                    return j + 1;
                }
                self.push(i, i + 1, TokenKind::Punct);
                i + 1
            }
            '#' | '@' if next.is_some_and(is_word_char) => {
                // Hashtags and handles are one token.
                let j = self.run_while(i + 1, e, |c| is_word_char(c) || c == '_' || is_extender(c));
                self.push(i, j, TokenKind::Word);
                j
            }
            _ if is_superscript_digit(c) => {
                let j = self.run_while(i, e, is_superscript_digit);
                self.push(i, j, TokenKind::FootnoteMarker);
                j
            }
            _ if is_extender(c) => {
                // A combining mark or joiner glued to the previous token extends it.
                if let Some(last) = self.out.last_mut() {
                    if last.span.end as usize == i {
                        last.span.end = (i + l) as u32;
                        last.space_after =
                            char_at(self.text, i + l).is_some_and(|(c, _)| is_space(c));
                        return i + l;
                    }
                }
                self.push(i, i + l, TokenKind::Symbol);
                i + l
            }
            _ if is_symbol(c) => {
                let j = if c.is_ascii() {
                    self.run_while(i, e, |x| x == c)
                } else {
                    self.symbol_end(i, c, l, e)
                };
                self.push(i, j, TokenKind::Symbol);
                j
            }
            _ => {
                self.push(i, i + l, TokenKind::Punct);
                i + l
            }
        }
    }

    /// End of an emoji-like symbol sequence: modifiers, ZWJ sequences and flag pairs.
    fn symbol_end(&self, i: usize, c: char, l: usize, e: usize) -> usize {
        let mut j = i + l;
        let flag = ('\u{1F1E6}'..='\u{1F1FF}').contains(&c);
        if flag {
            if let Some((c2, l2)) = self.c(j) {
                if j < e && ('\u{1F1E6}'..='\u{1F1FF}').contains(&c2) {
                    return j + l2;
                }
            }
            return j;
        }
        if c.is_ascii() {
            return j;
        }
        while j < e {
            let Some((c2, l2)) = self.c(j) else { break };
            if c2 == '\u{200D}' {
                j += l2;
                if let Some((c3, l3)) = self.c(j) {
                    if j < e && !is_space(c3) {
                        j += l3;
                    }
                }
            } else if is_extender(c2) {
                j += l2;
            } else {
                break;
            }
        }
        j
    }

    fn run_while(&self, i: usize, e: usize, f: impl Fn(char) -> bool) -> usize {
        let mut j = i;
        while j < e {
            match self.c(j) {
                Some((c, l)) if f(c) => j += l,
                _ => break,
            }
        }
        j
    }

    /// `http://...`, `https://...`, `www....` up to the chunk end, minus trailing punctuation.
    fn url_at(&self, i: usize, e: usize) -> Option<usize> {
        let rest = self.text.get(i..e)?;
        let b = rest.as_bytes();
        let lower_starts = |p: &str| {
            b.len() > p.len()
                && b.get(..p.len())
                    .is_some_and(|x| x.eq_ignore_ascii_case(p.as_bytes()))
        };
        if !(lower_starts("http://")
            || lower_starts("https://")
            || lower_starts("ftp://")
            || lower_starts("www.")
            || lower_starts("mailto:"))
        {
            return None;
        }
        let mut end = e;
        let open_paren = rest.contains('(');
        while end > i {
            let c = char_before(self.text, end)?;
            let strip = matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ']' | '}' | '>')
                || (c == ')' && !open_paren)
                || is_quote(c);
            if !strip {
                break;
            }
            end -= c.len_utf8();
        }
        // `www.` alone is not a URL.
        (end > i + 4).then_some(end)
    }

    /// `local@domain.tld` starting at `i`.
    fn email_at(&self, i: usize, e: usize) -> Option<usize> {
        let b = self.text.as_bytes();
        let mut j = i;
        while j < e
            && b.get(j)
                .is_some_and(|&x| x.is_ascii_alphanumeric() || b"._%+-".contains(&x))
        {
            j += 1;
        }
        if j == i || b.get(j) != Some(&b'@') {
            return None;
        }
        let d = j + 1;
        let mut k = d;
        let mut dot = false;
        while k < e
            && b.get(k)
                .is_some_and(|&x| x.is_ascii_alphanumeric() || x == b'.' || x == b'-')
        {
            dot |= b.get(k) == Some(&b'.');
            k += 1;
        }
        while k > d && !b.get(k - 1).is_some_and(u8::is_ascii_alphanumeric) {
            k -= 1;
        }
        let domain = self.text.get(d..k)?;
        (dot && domain.contains('.') && !domain.starts_with('.')).then_some(k)
    }

    /// A word or number starting at `i` (a word char); pushes it, split into UD tokens.
    fn word(&mut self, i: usize, e: usize) -> usize {
        let mut j = i;
        let mut has_dot = false;
        let mut has_apos = false;
        let mut max_seg = 0usize;
        let mut seg = 0usize;
        let mut prev = '\0';
        while j < e {
            let Some((c, l)) = self.c(j) else { break };
            if is_word_char(c) || c == '_' || is_extender(c) {
                j += l;
                seg += 1;
                prev = c;
                continue;
            }
            let next = self.c(j + l).filter(|_| j + l < e).map(|x| x.0);
            let Some(nc) = next else { break };
            let joins = match c {
                '.' => is_word_char(nc),
                ',' => prev.is_ascii_digit() && self.thousands_group(j + 1, e),
                '-' if is_word_char(nc) && is_prefix(self.text.get(i..j).unwrap_or("")) => true,
                '-' | ':' | '/' => prev.is_ascii_digit() && nc.is_ascii_digit(),
                '\'' | '’' => prev.is_alphabetic() && nc.is_alphabetic(),
                '&' => prev.is_ascii_uppercase() && nc.is_ascii_uppercase(),
                _ => false,
            };
            if !joins {
                break;
            }
            if c == '.' {
                has_dot = true;
                max_seg = max_seg.max(seg);
                seg = 0;
            }
            has_apos |= c == '\'' || c == '’';
            prev = c;
            j += l;
        }
        max_seg = max_seg.max(seg);
        let first = self.c(i).map(|x| x.0).unwrap_or('a');
        let kind = if first.is_numeric() {
            TokenKind::Number
        } else {
            TokenKind::Word
        };
        // A trailing period belongs to abbreviations and initials, not to ordinary words.
        if self.c(j).is_some_and(|x| x.0 == '.') && j < e {
            let after = self.c(j + 1).filter(|_| j + 1 < e).map(|x| x.0);
            let ellipsis = after == Some('.');
            let w = self.text.get(i..j).unwrap_or("");
            let absorb = !ellipsis
                && kind == TokenKind::Word
                && ((has_dot && max_seg <= 2 && !has_apos)
                    || (w.len() == 1 && first.is_ascii_uppercase() && first != 'I')
                    || (w != "No" && w != "Nos" && is_abbreviation(w))
                    || ((w == "No" || w == "Nos") && self.next_nonspace_is_digit(j + 1)));
            if absorb {
                self.push(i, j + 1, TokenKind::Word);
                return j + 1;
            }
        }
        self.push_word(i, j, kind, has_apos);
        j
    }

    fn thousands_group(&self, d: usize, e: usize) -> bool {
        let b = self.text.as_bytes();
        let digits = (d..e)
            .take_while(|&k| b.get(k).is_some_and(u8::is_ascii_digit))
            .count();
        digits == 3
    }

    fn next_nonspace_is_digit(&self, mut k: usize) -> bool {
        while let Some((c, l)) = self.c(k) {
            if is_space(c) {
                k += l;
            } else {
                return c.is_ascii_digit();
            }
        }
        false
    }

    /// Pushes `[s, e)`, splitting off English clitics the way EWT does.
    fn push_word(&mut self, s: usize, e: usize, kind: TokenKind, has_apos: bool) {
        let w = self.text.get(s..e).unwrap_or("");
        if kind == TokenKind::Word {
            if let Some(cut) = clitic_cut(w, has_apos) {
                if cut > 0 && cut < w.len() && w.is_char_boundary(cut) {
                    self.push(s, s + cut, kind);
                    self.push(s + cut, e, kind);
                    return;
                }
            }
        }
        self.push(s, e, kind);
    }
}

/// Bound prefixes that EWT keeps attached across a hyphen (`e-mail`, `non-profit`).
fn is_prefix(w: &str) -> bool {
    let mut buf = [0u8; 16];
    let Some(lw) = ascii_lower(w, &mut buf) else {
        return false;
    };
    matches!(
        lw,
        "e" | "non"
            | "pre"
            | "anti"
            | "re"
            | "mid"
            | "post"
            | "co"
            | "pro"
            | "multi"
            | "ex"
            | "sub"
            | "semi"
            | "neo"
            | "vice"
            | "un"
            | "socio"
            | "micro"
            | "intra"
            | "mis"
            | "counter"
            | "inter"
            | "psycho"
            | "bi"
            | "tri"
    )
}

/// Byte offset inside `w` where a clitic starts, if any.
fn clitic_cut(w: &str, has_apos: bool) -> Option<usize> {
    if has_apos {
        let b = w.as_bytes();
        // n't / n’t
        for apos in ["'", "’"] {
            let tail_len = 2 + apos.len();
            if b.len() > tail_len {
                let cut = b.len() - tail_len;
                let tail = w.get(cut..).unwrap_or("");
                if tail.len() == tail_len
                    && tail
                        .as_bytes()
                        .first()
                        .is_some_and(|x| x.eq_ignore_ascii_case(&b'n'))
                    && tail.get(1..1 + apos.len()) == Some(apos)
                    && tail
                        .as_bytes()
                        .last()
                        .is_some_and(|x| x.eq_ignore_ascii_case(&b't'))
                {
                    return Some(cut);
                }
            }
            if let Some(p) = w.rfind(apos) {
                let suffix = w.get(p + apos.len()..).unwrap_or("");
                let mut buf = [0u8; 16];
                let ls = ascii_lower(suffix, &mut buf).unwrap_or("");
                if p > 0 && matches!(ls, "s" | "m" | "d" | "ll" | "re" | "ve") {
                    return Some(p);
                }
            }
        }
        return None;
    }
    if w.len() > 8 || w.len() < 4 {
        return None;
    }
    let mut buf = [0u8; 16];
    let lw = ascii_lower(w, &mut buf)?;
    match lw {
        "cannot" => Some(3),
        "gonna" | "wanna" | "gotta" => Some(3),
        "dont" | "didnt" | "doesnt" | "isnt" | "wasnt" | "cant" | "havent" | "hasnt"
        | "couldnt" | "wouldnt" | "shouldnt" | "arent" | "werent" => Some(lw.len() - 2),
        _ => None,
    }
}
