//! Per-word hashed attributes, computed once per token and shared by the tagger and the parser.

use crate::clusters::{WordClusters, LEVELS};
use crate::model::{hash_bytes, hash_lower, mix};

/// Hashed views of one word (no strings kept, so the scratch buffer has no lifetime).
#[derive(Clone, Copy, Debug, Default)]
pub struct WordInfo {
    pub exact: u64,
    pub lower: u64,
    pub suf: [u64; 4],
    pub pre: [u64; 2],
    pub shape: u64,
    pub flags: u64,
    /// Hashed word classes (see [`crate::clusters`]), coarse to fine; unknown words get the
    /// class-0 value, itself a useful signal (a rare word).
    pub cls: [u64; LEVELS],
}

/// Sentinel for positions before the sentence start.
pub(crate) const START: WordInfo = WordInfo {
    exact: 0x5354_4152_5431,
    lower: 0x5354_4152_5432,
    suf: [0x5354_4152_5433; 4],
    pre: [0x5354_4152_5434; 2],
    shape: 0x5354_4152_5435,
    flags: 0x5354_4152_5436,
    cls: [0x5354_4152_5437; LEVELS],
};

/// Sentinel for positions after the sentence end.
pub(crate) const END: WordInfo = WordInfo {
    exact: 0x454e_4431,
    lower: 0x454e_4432,
    suf: [0x454e_4433; 4],
    pre: [0x454e_4434; 2],
    shape: 0x454e_4435,
    flags: 0x454e_4436,
    cls: [0x454e_4437; LEVELS],
};

/// Byte offset where the last `k` chars of `s` start.
#[inline]
fn suffix_start(s: &str, k: usize) -> usize {
    s.char_indices()
        .rev()
        .nth(k.saturating_sub(1))
        .map(|(i, _)| i)
        .unwrap_or(0)
}

/// Byte offset where the first `k` chars of `s` end.
#[inline]
fn prefix_end(s: &str, k: usize) -> usize {
    s.char_indices().nth(k).map(|(i, _)| i).unwrap_or(s.len())
}

impl WordInfo {
    /// Computes the hashed attributes of `w` (first word of a sentence when `first`).
    pub fn new(w: &str, first: bool) -> WordInfo {
        let b = w.as_bytes();
        let mut suf = [0u64; 4];
        for (k, s) in suf.iter_mut().enumerate() {
            let st = suffix_start(w, k + 1);
            *s = mix(hash_lower(b.get(st..).unwrap_or(b)), k as u64 + 1);
        }
        let mut pre = [0u64; 2];
        for (k, p) in pre.iter_mut().enumerate() {
            let e = prefix_end(w, k + 1);
            *p = mix(hash_lower(b.get(..e).unwrap_or(b)), k as u64 + 11);
        }
        // Shape: character classes with runs capped at 2 (`Xxx` for "Paris", `dd,ddd` for numbers).
        let mut shape: u64 = 0x1234;
        let mut last = 0u8;
        let mut run = 0;
        let mut n = 0;
        let (mut digit, mut hyphen, mut upper, mut lower) = (false, false, false, false);
        for c in w.chars() {
            let cls = if c.is_uppercase() {
                upper = true;
                b'X'
            } else if c.is_lowercase() {
                lower = true;
                b'x'
            } else if c.is_numeric() {
                digit = true;
                b'd'
            } else if c.is_ascii() {
                if c == '-' {
                    hyphen = true;
                }
                c as u8
            } else {
                b'u'
            };
            if cls == last {
                run += 1;
            } else {
                run = 1;
                last = cls;
            }
            if run <= 2 && n < 16 {
                shape = mix(shape, cls as u64);
                n += 1;
            }
        }
        let init_cap = w.chars().next().is_some_and(|c| c.is_uppercase());
        let flags = (digit as u64)
            | (hyphen as u64) << 1
            | (upper as u64) << 2
            | (lower as u64) << 3
            | (init_cap as u64) << 4
            | (first as u64) << 5;
        let (exact, lower) = (hash_bytes(b), hash_lower(b));
        let classes = WordClusters::embedded()
            .map(|c| c.classes_of_hashes(exact, lower))
            .unwrap_or([0; LEVELS]);
        let mut cls = [0u64; LEVELS];
        for (k, (h, &c)) in cls.iter_mut().zip(&classes).enumerate() {
            *h = mix(c as u64, 0xc1a5 + k as u64);
        }
        WordInfo {
            exact,
            lower,
            cls,
            suf,
            pre,
            shape,
            flags: mix(flags, 0xf1a9),
        }
    }
}

/// Fills `out` with the attributes of `words` (cleared first; capacity reused).
pub fn word_infos<'a>(words: impl Iterator<Item = &'a str>, out: &mut Vec<WordInfo>) {
    out.clear();
    for (i, w) in words.enumerate() {
        out.push(WordInfo::new(w, i == 0));
    }
}
