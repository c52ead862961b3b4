//! A learned choice of where a content ends: the rules propose one end, the parse and the
//! punctuation propose others (every clause or phrase boundary up to the sentence end), and a
//! linear ranker over hashed features of each candidate picks one (trained as a softmax over
//! the candidates by L-BFGS, so retraining on nearly the same examples gives nearly the same
//! weights). PolNeAR contents stop
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
pub(crate) const NEND: usize = 28;

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

/// Softmax ranking trained by L-BFGS: each example's candidates get probabilities from their
/// scores, and the loss is the cross-entropy against the uniform distribution over the
/// candidates that match gold best, plus `l2 / 2` times the squared weights. Convex, so the
/// weights depend on the examples only, not on their order.
pub(crate) fn train_ends(data: &[EndExample], l2: f64, max_iters: usize) -> EndModel {
    // Each example's candidate scores, reused across examples.
    let mut scores: Vec<f64> = Vec::new();
    let w = crate::logistic::minimize(END_SIZE, l2, max_iters, |w, g, mut loss| {
        for ex in data {
            let best = ex.gain.iter().copied().fold(f32::MIN, f32::max);
            let n_best = ex.gain.iter().filter(|&&x| x >= best - 1e-6).count();
            if n_best == 0 || n_best == ex.feats.len() {
                continue;
            }
            scores.clear();
            scores.extend(ex.feats.iter().map(|f| {
                f.iter()
                    .map(|&i| w.get(i as usize).copied().unwrap_or(0.0))
                    .sum::<f64>()
            }));
            let top = scores.iter().copied().fold(f64::MIN, f64::max);
            let z: f64 = scores.iter().map(|s| (s - top).exp()).sum();
            let lse = top + z.ln();
            let q = 1.0 / n_best as f64;
            for ((s, f), gain) in scores.iter().zip(&ex.feats).zip(&ex.gain) {
                let target = if *gain >= best - 1e-6 { q } else { 0.0 };
                loss -= target * (s - lse);
                let d = (s - lse).exp() - target;
                for &i in f {
                    if let Some(gi) = g.get_mut(i as usize) {
                        *gi += d;
                    }
                }
            }
        }
        loss
    });
    EndModel {
        weights: crate::logistic::pruned(w),
    }
}
