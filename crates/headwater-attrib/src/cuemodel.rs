//! A learned cue detector: a logistic regression over hashed context features that scores
//! each word token as the head of an attribution cue (`said`, `according`, `called` in
//! `called for`). It replaces the lexicon weight test when a model is loaded; the lexicon still
//! tells which frame (verb, noun, `according to`) a cue takes.
//!
//! Features are hashed into a fixed table, so scoring allocates nothing per token.

use crate::bounds::EndModel;
use crate::AttribError;
use std::path::Path;

/// log2 of the feature table size.
const BITS: u32 = 18;
pub(crate) const SIZE: usize = 1 << BITS;

/// Number of feature templates per token.
pub(crate) const NFEAT: usize = 22;

/// FNV-1a over a template id and some strings, folded into the table.
#[inline]
pub(crate) fn hash(template: u8, parts: &[&str]) -> u32 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ template as u64;
    h = h.wrapping_mul(0x0000_0100_0000_01b3);
    for p in parts {
        for &b in p.as_bytes() {
            h ^= b as u64;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        h ^= 0xff;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    ((h >> 20) as u32) & (SIZE as u32 - 1)
}

/// What the feature extractor needs to know about a token's neighbourhood.
pub(crate) struct TokenView<'a> {
    /// Lowercased words at offsets -2..=2 (empty outside the sentence).
    pub w: [&'a str; 5],
    /// Capitalization at offsets -1, 0.
    pub cap: [bool; 2],
    /// Inside a direct quotation.
    pub in_quote: bool,
    /// Tokens left to the end of the sentence (bucketed).
    pub to_end: usize,
    /// Tokens from the sentence start (bucketed).
    pub from_start: usize,
    /// Lexicon bucket of the word (0 unknown, 1..=4 by weight), plus class id.
    pub lex: (u8, u8),
    /// UPOS at offsets -1, 0, +1 (empty without tags or outside the sentence).
    pub pos: [&'a str; 3],
    /// Penn tag of the word (empty without tags).
    pub xpos: &'a str,
    /// Lemma of the word (its lowercase form without tags).
    pub lemma: &'a str,
}

/// Computes the feature ids of one token.
pub(crate) fn features(v: &TokenView, out: &mut [u32; NFEAT]) {
    let w0 = v.w[2];
    let suf = w0
        .char_indices()
        .rev()
        .nth(2)
        .map_or(w0, |(i, _)| w0.get(i..).unwrap_or(w0));
    let b = |x: bool| if x { "1" } else { "0" };
    let bucket = |n: usize| match n {
        0 => "0",
        1 => "1",
        2 => "2",
        3..=5 => "3",
        6..=10 => "4",
        _ => "5",
    };
    let lexs = [
        "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15",
    ];
    let lx = lexs
        .get((v.lex.0 as usize) * 3 + v.lex.1 as usize)
        .copied()
        .unwrap_or("15");
    *out = [
        hash(0, &[]),
        hash(1, &[w0]),
        hash(2, &[v.w[1]]),
        hash(3, &[v.w[3]]),
        hash(4, &[v.w[1], w0]),
        hash(5, &[w0, v.w[3]]),
        hash(6, &[suf]),
        hash(7, &[v.w[0]]),
        hash(8, &[v.w[4]]),
        hash(9, &[b(v.cap[0]), b(v.cap[1])]),
        hash(10, &[lx]),
        hash(11, &[b(v.in_quote), lx]),
        hash(12, &[bucket(v.to_end), lx]),
        hash(13, &[bucket(v.from_start), lx]),
        hash(14, &[w0, v.w[4]]),
        hash(15, &[v.w[1], w0, v.w[3]]),
        // Tags and lemmas exist before the parse, so the parse filter sees the same features.
        hash(16, &[v.xpos]),
        hash(17, &[v.pos[0], v.xpos]),
        hash(18, &[v.xpos, v.pos[2]]),
        hash(19, &[v.lemma]),
        hash(20, &[v.lemma, v.w[3]]),
        hash(21, &[v.xpos, lx]),
    ];
}

/// The trained weights and decision threshold.
#[derive(Clone, Debug)]
pub struct CueModel {
    weights: Vec<f32>,
    /// Score above which a token is a cue head.
    pub threshold: f32,
    /// The learned content-end ranker, when trained.
    pub ends: Option<EndModel>,
    /// The learned candidate filter, when trained: the detector then only proposes cues (at a
    /// loose threshold) and the filter judges each whole candidate.
    pub filter: Option<FilterModel>,
}

impl CueModel {
    /// An all-zero model (every score 0).
    pub fn zero() -> CueModel {
        CueModel::from_weights(vec![0.0; SIZE])
    }

    /// A detector with the given weights (one per table slot) and threshold 0.
    pub(crate) fn from_weights(weights: Vec<f32>) -> CueModel {
        CueModel {
            weights,
            threshold: 0.0,
            ends: None,
            filter: None,
        }
    }

    /// Score of a token given its feature ids.
    #[inline]
    pub(crate) fn score(&self, f: &[u32; NFEAT]) -> f32 {
        f.iter()
            .map(|&i| self.weights.get(i as usize).copied().unwrap_or(0.0))
            .sum()
    }

    /// Serializes as `HWCUE1`, threshold, count, then (index u32, weight f32) pairs (LE); the
    /// end ranker follows as `HWEND1`, count and pairs, and the candidate filter as `HWFLT1`,
    /// its threshold, the strict detector threshold, count and pairs.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut v = b"HWCUE1".to_vec();
        v.extend_from_slice(&self.threshold.to_le_bytes());
        let nz: Vec<(u32, f32)> = self
            .weights
            .iter()
            .enumerate()
            .filter(|(_, w)| **w != 0.0)
            .map(|(i, w)| (i as u32, *w))
            .collect();
        v.extend_from_slice(&(nz.len() as u32).to_le_bytes());
        for (i, w) in nz {
            v.extend_from_slice(&i.to_le_bytes());
            v.extend_from_slice(&w.to_le_bytes());
        }
        if let Some(e) = &self.ends {
            let nz = e.nonzero();
            v.extend_from_slice(b"HWEND1");
            v.extend_from_slice(&(nz.len() as u32).to_le_bytes());
            for (i, w) in nz {
                v.extend_from_slice(&i.to_le_bytes());
                v.extend_from_slice(&w.to_le_bytes());
            }
        }
        if let Some(f) = &self.filter {
            let nz = f.nonzero();
            v.extend_from_slice(b"HWFLT1");
            v.extend_from_slice(&f.threshold.to_le_bytes());
            v.extend_from_slice(&f.detector_threshold.to_le_bytes());
            v.extend_from_slice(&(nz.len() as u32).to_le_bytes());
            for (i, w) in nz {
                v.extend_from_slice(&i.to_le_bytes());
                v.extend_from_slice(&w.to_le_bytes());
            }
        }
        v
    }

    /// Parses [`CueModel::to_bytes`] output; `None` when empty or malformed.
    pub fn from_bytes(b: &[u8]) -> Option<CueModel> {
        let rest = b.strip_prefix(b"HWCUE1")?;
        let word = |s: &[u8], k: usize| -> Option<[u8; 4]> { s.get(k..k + 4)?.try_into().ok() };
        let threshold = f32::from_le_bytes(word(rest, 0)?);
        let n = u32::from_le_bytes(word(rest, 4)?) as usize;
        let mut m = CueModel::zero();
        m.threshold = threshold;
        for k in 0..n {
            let off = 8 + k * 8;
            let i = u32::from_le_bytes(word(rest, off)?) as usize;
            let w = f32::from_le_bytes(word(rest, off + 4)?);
            if let Some(x) = m.weights.get_mut(i) {
                *x = w;
            }
        }
        // An older file without an end ranker or filter ends here.
        let mut rest = rest.get(8 + n * 8..).unwrap_or(&[]);
        if let Some(tail) = rest.strip_prefix(b"HWEND1") {
            if let Some(c) = word(tail, 0) {
                let c = u32::from_le_bytes(c) as usize;
                let pairs = (0..c).map_while(|k| {
                    let off = 4 + k * 8;
                    Some((
                        u32::from_le_bytes(word(tail, off)?),
                        f32::from_le_bytes(word(tail, off + 4)?),
                    ))
                });
                m.ends = Some(EndModel::from_pairs(pairs));
                rest = tail.get(4 + c * 8..).unwrap_or(&[]);
            }
        }
        if let Some(tail) = rest.strip_prefix(b"HWFLT1") {
            if let (Some(t), Some(d), Some(c)) = (word(tail, 0), word(tail, 4), word(tail, 8)) {
                let c = u32::from_le_bytes(c) as usize;
                let pairs = (0..c).map_while(|k| {
                    let off = 12 + k * 8;
                    Some((
                        u32::from_le_bytes(word(tail, off)?),
                        f32::from_le_bytes(word(tail, off + 4)?),
                    ))
                });
                let mut f = FilterModel::from_pairs(pairs);
                f.threshold = f32::from_le_bytes(t);
                f.detector_threshold = f32::from_le_bytes(d);
                m.filter = Some(f);
            }
        }
        Some(m)
    }

    /// Writes the model to `path`.
    pub fn save(&self, path: &Path) -> Result<(), AttribError> {
        std::fs::write(path, self.to_bytes()).map_err(|source| AttribError::Io {
            path: path.to_path_buf(),
            source,
        })
    }

    /// Reads a model from `path`.
    pub fn load(path: &Path) -> Result<Option<CueModel>, AttribError> {
        let b = std::fs::read(path).map_err(|source| AttribError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(CueModel::from_bytes(&b))
    }
}

/// Size of the candidate filter's weight table.
pub(crate) const FILT_SIZE: usize = 1 << 17;

/// Number of feature templates per candidate.
pub(crate) const NFILT: usize = 41 + NFEAT;

/// A feature id in the candidate filter's table.
#[inline]
pub(crate) fn filt_hash(template: u8, parts: &[&str]) -> u32 {
    hash(template, parts) & (FILT_SIZE as u32 - 1)
}

/// A second opinion on each candidate the frame rules build around a detected cue. The
/// detector sees only a token's neighbourhood; the filter sees the whole candidate (the cue's
/// parsed dependents, where the content lies and how long it is, whether a source was found),
/// which tells a stance verb with a reported clause from the same verb used as plain narration.
#[derive(Clone, Debug)]
pub struct FilterModel {
    weights: Vec<f32>,
    /// Score a candidate needs to be kept.
    pub threshold: f32,
    /// The detector threshold that applies where the filter cannot (untagged text, which it
    /// never saw in training).
    pub detector_threshold: f32,
}

impl FilterModel {
    /// Score of one candidate given its feature ids.
    #[inline]
    pub(crate) fn score(&self, f: &[u32; NFILT]) -> f32 {
        f.iter()
            .map(|&i| self.weights.get(i as usize).copied().unwrap_or(0.0))
            .sum()
    }

    fn nonzero(&self) -> Vec<(u32, f32)> {
        self.weights
            .iter()
            .enumerate()
            .filter(|(_, w)| **w != 0.0)
            .map(|(i, w)| (i as u32, *w))
            .collect()
    }

    fn from_pairs(pairs: impl Iterator<Item = (u32, f32)>) -> FilterModel {
        let mut weights = vec![0.0; FILT_SIZE];
        for (i, w) in pairs {
            if let Some(x) = weights.get_mut(i as usize) {
                *x = w;
            }
        }
        FilterModel {
            weights,
            threshold: 0.0,
            detector_threshold: 0.0,
        }
    }
}

/// Trains the candidate filter on (features, is a gold attribution) pairs: L2-regularised
/// logistic regression ([`crate::logistic`]), so a score is a log-odds and the same examples
/// give the same weights whatever their order.
pub(crate) fn train_filter(
    data: &[([u32; NFILT], bool)],
    l2: f64,
    max_iters: usize,
) -> FilterModel {
    let weights = crate::logistic::pruned(crate::logistic::train(data, FILT_SIZE, l2, max_iters));
    FilterModel {
        weights,
        threshold: 0.0,
        detector_threshold: 0.0,
    }
}
