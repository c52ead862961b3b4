//! Named-entity recognition and document-level entity grouping.
//!
//! [`NerAnnotator`] reads `doc.tokens` / `doc.sentences` and fills `doc.mentions` (span + label)
//! and `doc.entities` (mentions of one referent grouped, with a canonical name and aliases).
//!
//! # How labels are produced
//!
//! An averaged structured perceptron over BILOU tags predicts three classes, PER, ORG and LOC,
//! from hashed word, shape, affix, context, previous-tag, lexicon and UPOS features
//! (`features.rs`), plus a mid-sentence capitalisation class per word counted on unlabelled text
//! (`distrib.rs`), the word classes of `headwater-nlp`'s clusters (`models/clusters.bin`, three
//! granularities, for the word and its neighbours and with the previous tag), and gazetteer
//! span features: each token's position (B/I/L/U) inside the longest match of a place name
//! (`data/places.txt`: GeoNames countries, US states and cities of 15,000+ people, CC BY 4.0, plus
//! the lexicon's) or a listed organization or brand (`data/orgs.txt`, written for this project,
//! plus the outlet lexicon). Decoding is first-order Viterbi (beam of 4 previous states) under
//! BILOU transition constraints, in training as at run time (`model::viterbi`).
//! UPOS comes from `doc.syntax` when the NLP stage filled it; otherwise the annotator runs the
//! `headwater-nlp` tagger itself (loaded on first need), and without any tagger model the POS
//! templates are simply absent (lower accuracy, no failure). Words seen once in training lose
//! their identity features there, so the model learns how unseen names look. Rules
//! (`rules.rs`) then give the contract labels:
//!
//! | model / rule                                    | label    |
//! |-------------------------------------------------|----------|
//! | PER                                             | `PERSON` |
//! | ORG, text in the outlet lexicon or ending in an outlet word (`News`, `Times`, `Post`…) | `MEDIA` |
//! | ORG otherwise                                   | `ORG`    |
//! | LOC, text in the country/state/city gazetteer   | `GPE`    |
//! | LOC, a continent/region or containing a feature word (`River`, `Mountains`, `Street`…) | `LOC` |
//! | LOC otherwise (most unlisted places in news are towns) | `GPE` |
//! | any chunk whose text is a listed outlet          | `MEDIA`  |
//! | capitalised nationality / religious / political group word outside a chunk | `NORP` |
//! | dates: `March 3, 2014`, `3 March`, weekdays, `in 2010`, `the 1990s`, `last week`, `two years ago`, `yesterday` | `DATE` |
//!
//! | PER or LOC chunk whose text is a nationality / group word (`Americans`, `Muslims`) | `NORP` |
//! | PER or LOC chunk that is exactly a listed organization or brand (`Pepsi`) | `ORG` |
//! | capitalised listed organization outside a chunk (`went to Starbucks`)          | `ORG` |
//! | lowercase place outside a chunk: a curated gazetteer entry, or a GeoNames place whose words unlabelled text capitalises mid-sentence or never shows (`going to fiji`) | `GPE` |
//!
//! Before that, a PER chunk that runs on through `of` into an affiliation (`Jane Roe of Acme
//! Television`) is cut into the person and an ORG (or a place the gazetteer knows), unless a
//! title precedes the `of` (`Secretary of State …`): [`rules::split_affiliations`]. PER and LOC
//! chunks are cut at an inner `and`/`or`/preposition, LOC chunks at a comma (`Midland , Texas`),
//! PER chunks made only of title words are dropped, and an all-capitals acronym in parentheses
//! right after an ORG chunk becomes an ORG too: [`rules::split_coordinations`],
//! [`rules::acronyms_after_orgs`].
//!
//! # Training data and label mapping
//!
//! * **GUM** (`dep/*.conllu`, MISC `Entity=` brackets): a mention is *named* when its head (the
//!   token whose syntactic head lies outside the bracket) is a `PROPN`; the chunk is the run of
//!   proper nouns joined to that head through proper nouns, so determiners, titles (`President`,
//!   `Dr.`) and relative clauses are left out. `person` → PER, `organization` → ORG, `place` →
//!   LOC. Other GUM types (event, abstract, object, time…) are outside (`O`), as in UNER. Nested
//!   names lose to the outer one (`University of Chicago` stays one ORG).
//! * **UNER EWT dev** (`en_ewt-ud-dev.iob2`): PER/ORG/LOC map one to one. It is the only
//!   in-domain labelled data, so each of its sentences counts 8 times per epoch
//!   ([`train::Options::uner_weight`]; 3, 6, 8, 10 and 12 were compared by cross-validation).
//! * UNER's conventions, as its dev set shows them (they shaped the rules above): nationalities
//!   and religious groups are outside (`Americans`, `Israelis`: O); determiners and titles are
//!   mostly left out (`the` before 54 LOC and 53 ORG chunks, `Dr.`/`President` before PER), with
//!   exceptions (`The Mozilla Foundation`, `Capt. Spastic`); a place never holds a comma, `and`
//!   or a preposition (`Midland , Texas` is two LOCs), while `Last , First` is one PER and
//!   `Google , Inc.` one ORG; products and web services are usually ORG (`Firefox`, `Gmail`)
//!   but not always; restaurants and shops are sometimes LOC (`Burger King`, `Slice Pizza`);
//!   storms and planets are outside (`Rita`, `Venus`); 7% of chunks are all lowercase
//!   (`tampa bay`, `kerala`) and 8% all capitals (`HANO`, `CPA`). GUM's `person`,
//!   `organization` and `place` match PER, ORG and LOC; its `event` names (`Hurricane Katrina`)
//!   are outside, as in UNER.
//! * Holding out: [`train::Options::holdout`] keeps every fifth block of 50 UNER dev sentences
//!   aside ([`train::Options::fold`] picks which of the five); the example's `cv` command runs
//!   all five folds and pools the scores, which is what the options were chosen on. UNER test is
//!   only ever used by [`train::eval_uner`].
//!
//! For evaluation against UNER the contract labels map back: PERSON → PER, ORG and MEDIA → ORG,
//! GPE and LOC → LOC; NORP and DATE are ignored.
//!
//! # Model file
//!
//! `models/ner.bin` (3.7 MB): a header, `2^18 × 13` one-byte weights on a logarithmic scale and
//! a `2^18`-byte capitalisation table (UD EWT train + BBC News text, built during training).
//! The model was trained on the `headwater-nlp` tagger's output and word classes: retrain it
//! (seconds) after the tagger or `clusters.bin` changes. A model trained with word classes
//! (file version 4) that runs without a cluster file sees every word as class 0. It is embedded at build
//! time when present (`build.rs`); `HEADWATER_MODELS=DIR` loads `DIR/ner.bin` instead. Without a
//! model the annotator still runs the lexicon and date rules.

pub mod clusters;
pub mod corpus;
pub mod distrib;
pub mod features;
pub mod group;
pub mod lexicon;
pub mod model;
pub mod pos;
pub mod rules;
pub mod train;

use features::TokInfo;
use headwater_doc::{Annotator, Document, EntityLabel, Mention, Span};
use model::{Class, Model};
use std::borrow::Cow;
use std::path::PathBuf;

pub use train::{eval_uner, tag_iob2, train_ner, NerReport, Options, Prf, Report};

/// Errors loading, training or evaluating.
#[derive(Debug, thiserror::Error)]
pub enum NerError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("model: {0}")]
    Model(String),
    #[error("no model available (train one with `cargo run -p headwater-ner --release --example ner -- train`)")]
    NoModel,
}

#[cfg(hw_ner_model)]
static EMBEDDED: &[u8] = include_bytes!(env!("HW_NER_MODEL"));
#[cfg(not(hw_ner_model))]
static EMBEDDED: &[u8] = &[];

/// The model file name under the models directory.
pub const MODEL_FILE: &str = "ner.bin";

/// Where `HEADWATER_MODELS` points, if set.
fn env_model_path() -> Option<PathBuf> {
    std::env::var_os("HEADWATER_MODELS").map(|d| PathBuf::from(d).join(MODEL_FILE))
}

/// Reusable per-call buffers, so tagging allocates per document, never per token.
#[derive(Default)]
pub struct Scratch {
    toks: Vec<TokInfo>,
    tags: Vec<u8>,
    lattice: model::Lattice,
    chunks: Vec<(usize, usize, Class)>,
    covered: Vec<bool>,
    pos: pos::PosScratch,
}

/// Pipeline stage: fills `mentions` and `entities`.
#[derive(Debug, Clone)]
pub struct NerAnnotator {
    model: Option<Model>,
    /// Tags sentences itself when the model wants UPOS and `doc.syntax` is empty; loaded on
    /// first need, so a pipeline whose NLP stage fills `syntax` never pays for it.
    pos: std::sync::OnceLock<Option<pos::PosTagger>>,
}

impl Default for NerAnnotator {
    fn default() -> Self {
        NerAnnotator::load()
    }
}

impl NerAnnotator {
    /// Loads the model from `$HEADWATER_MODELS/ner.bin` when that is set, else the embedded one;
    /// falls back to rules only when neither is usable (see [`NerAnnotator::try_load`]).
    pub fn load() -> Self {
        NerAnnotator::try_load().unwrap_or(NerAnnotator {
            model: None,
            pos: std::sync::OnceLock::new(),
        })
    }

    /// Like [`NerAnnotator::load`] but reports why no model could be loaded.
    pub fn try_load() -> Result<Self, NerError> {
        features::warm_up();
        if let Some(p) = env_model_path() {
            if p.exists() {
                return NerAnnotator::from_path(&p);
            }
        }
        if EMBEDDED.is_empty() {
            return Err(NerError::NoModel);
        }
        Ok(NerAnnotator::from_model(Some(Model::from_bytes(
            Cow::Borrowed(EMBEDDED),
        )?)))
    }

    /// Loads a model file.
    pub fn from_path(path: &std::path::Path) -> Result<Self, NerError> {
        features::warm_up();
        let bytes = std::fs::read(path).map_err(|e| NerError::Io {
            path: path.display().to_string(),
            source: e,
        })?;
        Ok(NerAnnotator::from_model(Some(Model::from_bytes(
            Cow::Owned(bytes),
        )?)))
    }

    /// Wraps an in-memory model (training and tests).
    pub fn from_model(model: Option<Model>) -> Self {
        features::warm_up();
        NerAnnotator {
            model,
            pos: std::sync::OnceLock::new(),
        }
    }

    /// True when a statistical model is loaded (otherwise only rules run).
    pub fn has_model(&self) -> bool {
        self.model.is_some()
    }

    /// Labels one sentence of words; appends `(start, end, label)` word ranges to `out`.
    /// `upos` holds UPOS index + 1 per word, or is empty.
    pub fn label_words(
        &self,
        words: &[&str],
        upos: &[u8],
        scratch: &mut Scratch,
        out: &mut Vec<(usize, usize, EntityLabel)>,
    ) {
        scratch.toks.clear();
        for (i, w) in words.iter().enumerate() {
            let mut t = TokInfo::new(w);
            t.upos = upos.get(i).copied().unwrap_or(0);
            if let Some(m) = &self.model {
                t.capr = m.capr(t.lower);
                t.cl = m.classes(w);
            }
            scratch.toks.push(t);
        }
        features::mark_names(words, &mut scratch.toks);
        scratch.chunks.clear();
        if let Some(m) = &self.model {
            m.tag(&scratch.toks, &mut scratch.lattice, &mut scratch.tags);
            model::tags_to_spans(&scratch.tags, &mut scratch.chunks);
            rules::split_affiliations(words, &scratch.toks, &mut scratch.chunks);
            rules::split_coordinations(words, &mut scratch.chunks);
            rules::acronyms_after_orgs(words, &scratch.toks, &mut scratch.chunks);
        }
        rules::hyphenated_names(words, &mut scratch.chunks);
        rules::finalize(
            words,
            &scratch.toks,
            &scratch.chunks,
            &mut scratch.covered,
            out,
        );
    }

    /// Recognizes mentions in `doc` (sentence by sentence) without grouping them.
    pub fn recognize(&self, doc: &Document) -> Vec<Mention> {
        let mut mentions = Vec::new();
        let mut scratch = Scratch::default();
        let mut words: Vec<&str> = Vec::new();
        let mut upos: Vec<u8> = Vec::new();
        let mut found: Vec<(usize, usize, EntityLabel)> = Vec::new();
        let doc_pos = self.uses_pos() && doc.syntax.len() == doc.tokens.len();
        let own_pos = if self.uses_pos() && !doc_pos && !doc.tokens.is_empty() {
            self.pos.get_or_init(pos::PosTagger::load).as_ref()
        } else {
            None
        };
        // Without sentences the whole token list is one sentence.
        let whole = std::iter::once(0..doc.tokens.len()).filter(|_| doc.sentences.is_empty());
        let ranges = whole.chain(doc.sentences.iter().map(|s| s.token_range()));
        for range in ranges {
            let Some(toks) = doc.tokens.get(range.clone()) else {
                continue;
            };
            words.clear();
            words.extend(toks.iter().map(|t| doc.slice(t.span)));
            upos.clear();
            if doc_pos {
                if let Some(syn) = doc.syntax.get(range.clone()) {
                    upos.extend(syn.iter().map(|s| s.upos.index() as u8 + 1));
                }
            } else if let Some(p) = own_pos {
                p.upos_into(&words, &mut scratch.pos, &mut upos);
            }
            found.clear();
            self.label_words(&words, &upos, &mut scratch, &mut found);
            for &(s, e, label) in &found {
                let (Some(a), Some(b)) = (toks.get(s), e.checked_sub(1).and_then(|k| toks.get(k)))
                else {
                    continue;
                };
                mentions.push(Mention {
                    span: Span::new(a.span.start, b.span.end),
                    label,
                    entity: None,
                });
            }
        }
        mentions
    }

    /// Whether the loaded model was trained with part-of-speech features.
    pub fn uses_pos(&self) -> bool {
        self.model.as_ref().is_some_and(|m| m.uses_pos())
    }
}

impl Annotator for NerAnnotator {
    fn name(&self) -> &'static str {
        "ner"
    }

    fn annotate(&self, doc: &mut Document) {
        doc.mentions = self.recognize(doc);
        doc.mentions.sort_by_key(|m| (m.span.start, m.span.end));
        group::group(doc);
    }
}
