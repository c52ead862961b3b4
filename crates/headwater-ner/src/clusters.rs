//! The word classes of `headwater-nlp` (`models/clusters.bin`), as the tagger's features see
//! them: three ids per word, coarse to fine, 0 for an unknown word.

pub use headwater_nlp::clusters::WordClusters;

/// The three class ids of `word` (the cluster file's levels, coarse to fine, padded with 0).
#[inline]
pub fn cluster_classes(c: &WordClusters, word: &str) -> [u16; 3] {
    let cs = c.classes(word);
    [
        cs.first().copied().unwrap_or(0),
        cs.get(1).copied().unwrap_or(0),
        cs.get(2).copied().unwrap_or(0),
    ]
}
