//! Character classes shared by the tokenizer and the sentence splitter.

/// Decodes the char starting at byte `i` (must be a char boundary) and its UTF-8 length.
///
/// ASCII gets a fast path because news text is overwhelmingly ASCII.
#[inline]
pub(crate) fn char_at(text: &str, i: usize) -> Option<(char, usize)> {
    let b = *text.as_bytes().get(i)?;
    if b < 0x80 {
        return Some((b as char, 1));
    }
    let c = text.get(i..)?.chars().next()?;
    Some((c, c.len_utf8()))
}

/// Decodes the char ending at byte `i` (exclusive).
#[inline]
pub(crate) fn char_before(text: &str, i: usize) -> Option<char> {
    text.get(..i)?.chars().next_back()
}

/// Combining marks and joiners that never start a token: they extend whatever precedes them.
#[inline]
pub(crate) fn is_extender(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x0610..=0x061A | 0x064B..=0x065F
        | 0x0670 | 0x06D6..=0x06DC | 0x0900..=0x0903 | 0x093A..=0x094F | 0x0E31 | 0x0E34..=0x0E3A
        | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x200C | 0x200D | 0x20D0..=0x20FF | 0xFE00..=0xFE0F
        | 0xFE20..=0xFE2F | 0x1F3FB..=0x1F3FF | 0xE0020..=0xE007F | 0xE0100..=0xE01EF)
}

/// Superscript digits used as footnote markers (`¹`, `²`, ...).
#[inline]
pub(crate) fn is_superscript_digit(c: char) -> bool {
    matches!(c, '¹' | '²' | '³' | '\u{2070}' | '\u{2074}'..='\u{2079}')
}

/// Letters and digits that build words (superscripts are footnote markers instead).
#[inline]
pub(crate) fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric() && !is_superscript_digit(c)
    }
}

/// Quotation marks of every style the news wires use.
#[inline]
pub(crate) fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '`'
            | '“'
            | '”'
            | '„'
            | '‟'
            | '‘'
            | '’'
            | '‚'
            | '‛'
            | '«'
            | '»'
            | '‹'
            | '›'
            | '「'
            | '」'
            | '『'
            | '』'
            | '＂'
    )
}

/// Quotes that can only close a quotation (as opposed to the ambiguous straight ones).
#[inline]
pub(crate) fn is_closing_quote(c: char) -> bool {
    matches!(c, '”' | '’' | '»' | '›' | '」' | '』')
}

/// Symbol characters (currency, math, emoji) as opposed to punctuation.
#[inline]
pub(crate) fn is_symbol(c: char) -> bool {
    if c.is_ascii() {
        return matches!(
            c,
            '$' | '%' | '&' | '+' | '=' | '<' | '>' | '^' | '|' | '~' | '*' | '#' | '@'
        );
    }
    let u = c as u32;
    // Latin-1 and general punctuation blocks hold the non-ASCII punctuation; everything else
    // that is neither a letter nor a digit (currency, arrows, math, dingbats, emoji) is a symbol.
    !matches!(u, 0x00A1 | 0x00A7 | 0x00AB | 0x00B6 | 0x00B7 | 0x00BB | 0x00BF
        | 0x2010..=0x2027 | 0x2030..=0x205E | 0x3000..=0x303F | 0xFF01..=0xFF0F
        | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65)
}
