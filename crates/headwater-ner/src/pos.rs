//! UPOS tags for text that arrives without them (pre-tokenized training and evaluation data, or
//! a pipeline run whose NLP stage left `doc.syntax` empty), from the `headwater-nlp` tagger.

use headwater_doc::Upos;
use headwater_nlp::{word_infos, TagScratch, Tagger, WordInfo};

/// Reusable buffers for [`PosTagger::upos_into`].
#[derive(Default)]
pub struct PosScratch {
    ws: Vec<WordInfo>,
    up: Vec<Upos>,
    xp: Vec<u8>,
    tag: TagScratch,
}

/// The NLP crate's tagger, reduced to "UPOS index + 1 per word".
#[derive(Clone, Debug)]
pub struct PosTagger {
    tagger: Tagger,
}

impl PosTagger {
    /// Loads the tagger the way `headwater-nlp` does (`HEADWATER_MODELS` or embedded); `None`
    /// when it has no model.
    pub fn load() -> Option<PosTagger> {
        let tagger = Tagger::load().ok().flatten()?;
        Some(PosTagger { tagger })
    }

    /// Writes UPOS index + 1 for each word into `out` (cleared first).
    pub fn upos_into(&self, words: &[&str], scratch: &mut PosScratch, out: &mut Vec<u8>) {
        out.clear();
        word_infos(words.iter().copied(), &mut scratch.ws);
        self.tagger.tag(
            &scratch.ws,
            &mut scratch.up,
            &mut scratch.xp,
            &mut scratch.tag,
        );
        out.extend(scratch.up.iter().map(|u| u.index() as u8 + 1));
    }
}
