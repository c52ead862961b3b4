//! Bytes to normalized text: BOM handling, UTF-8 with a Windows-1252 fallback, binary detection,
//! line-ending and Unicode (NFC) normalization. Every step is a single linear pass, so a 100 MB
//! file costs a few passes over memory and never anything quadratic.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Why some bytes are not text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NotText {
    /// Nothing but whitespace (or nothing at all).
    Empty,
    /// NUL bytes or many control characters; the detail says which.
    Binary(String),
}

/// Text decoded from bytes, with a note when the decoding had to guess.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Decoded {
    pub text: String,
    pub warning: Option<String>,
}

/// How many leading bytes the binary check samples for control characters.
const SAMPLE: usize = 64 * 1024;

/// Whether `bytes` look like a binary file rather than text; the reason if so.
///
/// UTF-16 text is recognized by its BOM before this check, so NUL bytes here mean binary.
pub(crate) fn binary_reason(bytes: &[u8]) -> Option<String> {
    if let Some(at) = memchr::memchr(0, bytes) {
        return Some(format!("NUL byte at offset {at}"));
    }
    let sample = bytes.get(..SAMPLE).unwrap_or(bytes);
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c | 0x1b))
        .count();
    // A few stray control characters occur in scraped text; a tenth of the bytes does not.
    if sample.len() >= 16 && controls * 10 > sample.len() {
        return Some(format!(
            "{controls} control characters in the first {} bytes",
            sample.len()
        ));
    }
    None
}

/// Decodes `bytes` as an article's text: strips a BOM, decodes UTF-16 when a BOM says so, UTF-8
/// otherwise. Bytes that are not valid UTF-8 are decoded with the `declared` encoding (an HTML
/// charset) or else as Windows-1252 with a warning. Line endings and Unicode are normalized.
pub(crate) fn decode(
    bytes: Vec<u8>,
    declared: Option<&'static encoding_rs::Encoding>,
) -> Result<Decoded, NotText> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(&bytes) {
        if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
            let (text, had_errors) =
                enc.decode_without_bom_handling(bytes.get(bom_len..).unwrap_or(&[]));
            let warning = had_errors
                .then(|| format!("invalid {} sequences replaced with U+FFFD", enc.name()));
            return finish(text.into_owned(), warning);
        }
    }
    if let Some(reason) = binary_reason(&bytes) {
        return Err(NotText::Binary(reason));
    }
    let mut bytes = bytes;
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(text) => finish(text, None),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            if let Some(enc) = declared {
                // The page said which encoding it uses: no guess, no warning.
                let (text, _, _) = enc.decode(&bytes);
                return finish(text.into_owned(), None);
            }
            let enc = encoding_rs::WINDOWS_1252;
            let (text, _, _) = enc.decode(&bytes);
            let warning = format!(
                "not valid UTF-8 (first bad byte at offset {at}); decoded as {}: check accented \
                 letters and currency signs, or re-save the file as UTF-8",
                enc.name()
            );
            finish(text.into_owned(), Some(warning))
        }
    }
}

fn finish(text: String, warning: Option<String>) -> Result<Decoded, NotText> {
    let text = normalize(text);
    if text.trim().is_empty() {
        return Err(NotText::Empty);
    }
    Ok(Decoded { text, warning })
}

/// Line endings to `\n` and Unicode to NFC; returns the input untouched (no copy) when it already
/// is, which is the common case.
pub fn normalize(text: String) -> String {
    let text = if memchr::memchr(b'\r', text.as_bytes()).is_some() {
        normalize_newlines(&text)
    } else {
        text
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    if text.is_ascii() || is_nfc_quick(text.chars()) == IsNormalized::Yes {
        text
    } else {
        text.nfc().collect()
    }
}

/// `\r\n` and lone `\r` to `\n`, in one pass.
fn normalize_newlines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('\r') {
        out.push_str(rest.get(..i).unwrap_or(""));
        out.push('\n');
        rest = rest.get(i + 1..).unwrap_or("");
        if let Some(r) = rest.strip_prefix('\n') {
            rest = r;
        }
    }
    out.push_str(rest);
    out
}

/// The encoding an HTML page declares in its first 2 KB (`<meta charset>` or
/// `http-equiv=Content-Type`), for pages that are not valid UTF-8.
pub(crate) fn html_declared_encoding(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = bytes.get(..2048).unwrap_or(bytes);
    let lower = head.to_ascii_lowercase();
    let at = find_sub(&lower, b"charset=")?;
    let rest = lower.get(at + 8..)?;
    let rest = rest
        .iter()
        .position(|&b| !matches!(b, b'"' | b'\'' | b' '))
        .and_then(|s| rest.get(s..))?;
    let end = rest
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')))
        .unwrap_or(rest.len());
    let enc = encoding_rs::Encoding::for_label(rest.get(..end)?)?;
    // A page that claims UTF-8 but is not valid UTF-8 is most often Windows-1252.
    (enc != encoding_rs::UTF_8).then_some(enc)
}

/// Position of `needle` in `hay` (both short: no need for anything clever).
pub(crate) fn find_sub(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newlines_bom_and_nfc() {
        let d = decode(b"\xEF\xBB\xBFOne\r\ntwo\rthree\n".to_vec(), None).unwrap();
        assert_eq!(d.text, "One\ntwo\nthree\n");
        assert!(d.warning.is_none());
        // e + combining acute becomes the precomposed letter; curly quotes stay.
        let d = decode("Cafe\u{301} “open”".as_bytes().to_vec(), None).unwrap();
        assert_eq!(d.text, "Café “open”");
    }

    #[test]
    fn latin1_falls_back_with_a_warning() {
        let d = decode(b"The fee was \xA35 per visit.".to_vec(), None).unwrap();
        assert_eq!(d.text, "The fee was £5 per visit.");
        assert!(d.warning.unwrap().contains("windows-1252"));
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Hello there".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(bytes, None).unwrap().text, "Hello there");
    }

    #[test]
    fn binary_and_empty() {
        assert!(matches!(
            decode(b"PK\x03\x04\x00\x00".to_vec(), None),
            Err(NotText::Binary(_))
        ));
        let noise: Vec<u8> = (0..200u8).map(|i| i % 31 + 1).collect();
        assert!(matches!(decode(noise, None), Err(NotText::Binary(_))));
        assert_eq!(decode(b"  \n\t\r\n".to_vec(), None), Err(NotText::Empty));
        assert_eq!(decode(Vec::new(), None), Err(NotText::Empty));
    }

    #[test]
    fn declared_charset() {
        let page = b"<html><head><meta charset=\"iso-8859-1\"></head>";
        assert_eq!(
            html_declared_encoding(page),
            Some(encoding_rs::WINDOWS_1252)
        );
        assert_eq!(html_declared_encoding(b"<meta charset=utf-8>"), None);
    }
}
