/// Converts byte offsets into a text to Unicode code point offsets, as the JSON contract needs.
///
/// ASCII text converts for free; otherwise a checkpoint every 256 bytes bounds the counting work
/// per lookup, so memory stays at 1/64 of the text size.
///
/// ```
/// use headwater_doc::OffsetMap;
/// let text = "“Yes,” she said.";
/// let map = OffsetMap::new(text);
/// assert_eq!(map.char_offset(text.find("she").unwrap() as u32), 7);
/// ```
pub struct OffsetMap<'a> {
    text: &'a str,
    ascii: bool,
    /// `checkpoints[k]` = number of chars in `text[..k * STEP]` (counting a char at its first byte).
    checkpoints: Vec<u32>,
}

const STEP: usize = 256;

impl<'a> OffsetMap<'a> {
    /// Builds the map for `text`.
    pub fn new(text: &'a str) -> OffsetMap<'a> {
        let ascii = text.is_ascii();
        let mut checkpoints = Vec::new();
        if !ascii {
            let bytes = text.as_bytes();
            let mut count = 0u32;
            checkpoints.push(0);
            for chunk in bytes.chunks(STEP) {
                count += chunk.iter().filter(|&&b| (b & 0xC0) != 0x80).count() as u32;
                checkpoints.push(count);
            }
        }
        OffsetMap {
            text,
            ascii,
            checkpoints,
        }
    }

    /// The code point offset of byte offset `byte` (clamped to the text length).
    pub fn char_offset(&self, byte: u32) -> u32 {
        let byte = (byte as usize).min(self.text.len());
        if self.ascii {
            return byte as u32;
        }
        let k = byte / STEP;
        let base = self.checkpoints.get(k).copied().unwrap_or(0);
        let from = k * STEP;
        let extra = self.text.as_bytes()[from..byte]
            .iter()
            .filter(|&&b| (b & 0xC0) != 0x80)
            .count() as u32;
        base + extra
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_char_indices_on_mixed_text() {
        let text = "Ünïcödé “quotes” — and 日本語 text ".repeat(40);
        let map = OffsetMap::new(&text);
        for (ci, (bi, _)) in text.char_indices().enumerate() {
            assert_eq!(map.char_offset(bi as u32), ci as u32);
        }
        assert_eq!(
            map.char_offset(text.len() as u32),
            text.chars().count() as u32
        );
    }
}
