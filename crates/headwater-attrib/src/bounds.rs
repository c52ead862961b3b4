//! A learned choice of where a content ends: the rules propose one end, the parse and the
//! punctuation propose others (every clause or phrase boundary up to the sentence end), and a
//! ranking perceptron over hashed features of each candidate picks one. PolNeAR contents stop
//! at places no single rule finds (after an object's infinitive, before a coordinated clause
//! of the speaker's own, at a dash), so the choice is learned from train gold contents.
//!
//! The weights travel in the cue detector's file (`attribution.bin`), after its own section.

/// Size of the weight table: a few ten thousand weights are set, and a small table stays in
/// cache while a document's candidates are scored.
pub(crate) const END_SIZE: usize = 1 << 16;

/// A feature id in the end ranker's table.
#[inline]
pub(crate) fn end_hash(template: u8, parts: &[&str]) -> u32 {
    crate::cuemodel::hash(template, parts) & (END_SIZE as u32 - 1)
}

/// Number of feature templates per candidate end.
pub(crate) const NEND: usize = 26;

/// The trained ranking weights.
#[derive(Clone, Debug)]
pub struct EndModel {
    weights: Vec<f32>,
}

impl EndModel {
    /// Score of one candidate given its feature ids.
    #[inline]
    pub(crate) fn score(&self, f: &[u32; NEND]) -> f32 {
        f.iter()
            .map(|&i| self.weights.get(i as usize).copied().unwrap_or(0.0))
            .sum()
    }

    /// Non-zero weights as (index, weight) pairs, for serialization.
    pub(crate) fn nonzero(&self) -> Vec<(u32, f32)> {
        self.weights
            .iter()
            .enumerate()
            .filter(|(_, w)| **w != 0.0)
            .map(|(i, w)| (i as u32, *w))
            .collect()
    }

    /// A model from (index, weight) pairs; indexes outside the table are ignored.
    pub(crate) fn from_pairs(pairs: impl Iterator<Item = (u32, f32)>) -> EndModel {
        let mut weights = vec![0.0; END_SIZE];
        for (i, w) in pairs {
            if let Some(x) = weights.get_mut(i as usize) {
                *x = w;
            }
        }
        EndModel { weights }
    }
}

/// One training example: the candidates' features and how well each matches the gold content
/// (token F1).
pub(crate) struct EndExample {
    pub feats: Vec<[u32; NEND]>,
    pub gain: Vec<f32>,
}

/// Averaged ranking perceptron: an update only when the predicted candidate matches gold worse
/// than the best one, so equally good ends are never penalized.
pub(crate) fn train_ends(data: &[EndExample], epochs: usize) -> EndModel {
    let mut w = vec![0.0f32; END_SIZE];
    let mut acc = vec![0.0f32; END_SIZE];
    let mut stamp = vec![0u32; END_SIZE];
    let mut t: u32 = 1;
    let score = |w: &[f32], f: &[u32; NEND]| -> f32 {
        f.iter()
            .map(|&i| w.get(i as usize).copied().unwrap_or(0.0))
            .sum()
    };
    for _ in 0..epochs {
        for ex in data {
            let best_gain = ex.gain.iter().copied().fold(f32::MIN, f32::max);
            let mut pred: Option<(usize, f32)> = None;
            let mut target: Option<(usize, f32)> = None;
            for (k, f) in ex.feats.iter().enumerate() {
                let s = score(&w, f);
                if pred.is_none_or(|(_, b)| s > b) {
                    pred = Some((k, s));
                }
                let g = ex.gain.get(k).copied().unwrap_or(0.0);
                if g >= best_gain - 1e-6 && target.is_none_or(|(_, b)| s > b) {
                    target = Some((k, s));
                }
            }
            if let (Some((p, _)), Some((g, _))) = (pred, target) {
                let pg = ex.gain.get(p).copied().unwrap_or(0.0);
                if pg < best_gain - 1e-6 {
                    for (k, d) in [(g, 1.0f32), (p, -1.0)] {
                        let Some(f) = ex.feats.get(k) else { continue };
                        for &i in f {
                            let i = i as usize;
                            if let (Some(wi), Some(ai), Some(si)) =
                                (w.get_mut(i), acc.get_mut(i), stamp.get_mut(i))
                            {
                                *ai += (t - *si) as f32 * *wi;
                                *si = t;
                                *wi += d;
                            }
                        }
                    }
                }
            }
            t += 1;
        }
    }
    for ((wi, ai), si) in w.iter_mut().zip(acc.iter_mut()).zip(stamp.iter()) {
        *ai += (t - *si) as f32 * *wi;
        *wi = *ai / t as f32;
        if wi.abs() < 1e-4 {
            *wi = 0.0;
        }
    }
    EndModel { weights: w }
}
