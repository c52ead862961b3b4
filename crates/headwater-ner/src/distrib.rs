//! Distributional word features from unlabelled text: how often a word is capitalised when it
//! is not sentence-initial. Names (`Firefox`, `Fiji`) keep their capital mid-sentence; common
//! words written with one in a heading or at a sentence start do not, so the ratio separates the
//! two where the labelled data never saw the word.
//!
//! The table is a fixed `2^CAPR_BITS`-byte array indexed by the word's lowercase hash (collisions
//! are tolerated: the more frequent word keeps the slot), stored at the end of the model file.

use crate::features::hash_lower;
use std::path::Path;

/// Table size exponent.
pub const CAPR_BITS: u32 = 18;
/// Table length in bytes.
pub const CAPR_LEN: usize = 1 << CAPR_BITS;

/// Slot of a lowercase word hash.
#[inline]
pub fn capr_slot(lower: u64) -> usize {
    (lower.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - CAPR_BITS)) as usize
}

/// Counts capitalised / total non-initial occurrences.
#[derive(Default)]
pub struct CaprCounter {
    // Per slot: (capitalised, total, owner hash).
    slots: Vec<(u32, u32, u64)>,
}

impl CaprCounter {
    /// An empty counter.
    pub fn new() -> Self {
        CaprCounter {
            slots: vec![(0, 0, 0); CAPR_LEN],
        }
    }

    /// Records one occurrence of `word` that is not sentence-initial.
    pub fn add(&mut self, word: &str) {
        let Some(c) = word.chars().next() else {
            return;
        };
        if !c.is_alphabetic() {
            return;
        }
        let h = hash_lower(word);
        let Some(slot) = self.slots.get_mut(capr_slot(h)) else {
            return;
        };
        if slot.2 != h {
            // Collision: the slot belongs to whichever word has been seen more.
            if slot.1 > 1 {
                slot.1 -= 1;
                return;
            }
            *slot = (0, 0, h);
        }
        slot.1 += 1;
        if c.is_uppercase() {
            slot.0 += 1;
        }
    }

    /// Adds the token forms of a CoNLL-U file (sentence-initial tokens skipped).
    pub fn add_conllu(&mut self, text: &str) {
        let mut first = true;
        for line in text.lines() {
            if line.trim().is_empty() {
                first = true;
                continue;
            }
            if line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            let id = cols.next().unwrap_or("");
            if id.contains('-') || id.contains('.') {
                continue;
            }
            let form = cols.next().unwrap_or("");
            if !first {
                self.add(form);
            }
            if form.chars().any(|c| c.is_alphanumeric()) {
                first = false;
            }
        }
    }

    /// Adds raw text: whitespace tokens with edge punctuation trimmed; a token after a line
    /// start, a colon or sentence-final punctuation counts as initial and is skipped.
    pub fn add_raw(&mut self, text: &str) {
        for line in text.lines() {
            let mut initial = true;
            for tok in line.split_whitespace() {
                let w = tok.trim_matches(|c: char| !c.is_alphanumeric());
                let opens = tok.starts_with(['"', '\'', '(', '\u{201c}', '\u{2018}']);
                if !initial && !opens && !w.is_empty() {
                    self.add(w);
                }
                if !w.is_empty() {
                    initial = false;
                }
                if tok.ends_with(['.', '!', '?', ':', '"', '\u{201d}']) {
                    initial = true;
                }
            }
        }
    }

    /// The byte table: 0 for unseen, else a ratio class 1–5 plus 8 when seen 10 times or more.
    pub fn table(&self) -> Vec<u8> {
        self.slots
            .iter()
            .map(|&(cap, total, _)| {
                if total == 0 {
                    return 0;
                }
                let r = cap as f64 / total as f64;
                let class = if r < 0.05 {
                    1
                } else if r < 0.3 {
                    2
                } else if r < 0.7 {
                    3
                } else if r < 0.95 {
                    4
                } else {
                    5
                };
                class | if total >= 10 { 8 } else { 0 }
            })
            .collect()
    }
}

/// Builds the table from UD EWT train (`corpora/ud-ewt/en_ewt-ud-train.conllu`) and BBC News
/// texts (`corpora/bbc-news/**/*.txt`) under `shared`; missing sources are skipped.
pub fn build_capr(shared: &Path) -> Vec<u8> {
    let mut c = CaprCounter::new();
    if let Ok(t) = std::fs::read_to_string(shared.join("corpora/ud-ewt/en_ewt-ud-train.conllu")) {
        c.add_conllu(&t);
    }
    let mut files = Vec::new();
    let mut stack = vec![shared.join("corpora/bbc-news")];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "txt") {
                files.push(p);
            }
        }
    }
    // Sorted so the collision policy, and so the table, is deterministic.
    files.sort();
    for f in files {
        if let Ok(b) = std::fs::read(&f) {
            c.add_raw(&String::from_utf8_lossy(&b));
        }
    }
    c.table()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_capitals_mid_sentence() {
        let mut c = CaprCounter::new();
        c.add_raw(
            "We met Quillan at the harbour. The harbour was quiet.\nThe ferry left Quillan late.",
        );
        c.add_conllu("1\tThe\n2\tferry\n3\tsaw\n4\tQuillan\n\n1\tFerry\n2\tdelays\n");
        let t = c.table();
        let at = |w: &str| t.get(capr_slot(hash_lower(w))).copied().unwrap_or(0) & 7;
        assert_eq!(at("quillan"), 5);
        assert_eq!(at("harbour"), 1);
        // Only ever seen sentence-initially: unknown.
        assert_eq!(at("the") & 7, 1, "lowercase `the` mid-sentence");
        c.add_raw("");
        c.add_raw("\u{201c}\u{201d} . ! ?");
    }
}
