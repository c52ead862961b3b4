//! Attribution extraction: who said what, according to whom.
//!
//! [`AttributionAnnotator`] fills `doc.attributions` from tokens and sentences alone (quotation
//! marks, a cue lexicon with inflections, capitalization, punctuation), and uses `doc.syntax`
//! (lemmas, subjects of cue verbs) and `doc.mentions`/`doc.entities` (source kinds, resolution of
//! pronouns and definite descriptions) when earlier stages filled them.
//!
//! Cue weights and a cue detector are learned from PolNeAR train by [`train()`] (`headwater train
//! attribution`, options tuned on dev) and embedded at build time from `models/attribution.cues`
//! and `models/attribution.bin` when those files exist; without them the built-in lexicon is
//! used, so a fresh clone builds and runs. `HEADWATER_MODELS=DIR` replaces them at run time
//! with the files of the same names in `DIR`.
//!
//! ```
//! use headwater_attrib::AttributionAnnotator;
//! use headwater_doc::{Annotator, Document, Span, Token, TokenKind, Sentence};
//! let text = "The mayor said that the bridge will reopen in May.";
//! let mut doc = Document::new("a.txt", text.to_string());
//! // Minimal whitespace tokens; the real pipeline runs headwater-text first.
//! let mut pos = 0;
//! for w in text.split(' ') {
//!     let (w, dot) = w.strip_suffix('.').map(|w| (w, true)).unwrap_or((w, false));
//!     doc.tokens.push(Token { span: Span::new(pos, pos + w.len() as u32), kind: TokenKind::Word, space_after: true });
//!     pos += w.len() as u32;
//!     if dot { doc.tokens.push(Token { span: Span::new(pos, pos + 1), kind: TokenKind::Punct, space_after: false }); pos += 1; }
//!     pos += 1;
//! }
//! doc.sentences.push(Sentence { span: Span::new(0, text.len() as u32), tokens: 0..doc.tokens.len() as u32 });
//! AttributionAnnotator::new().annotate(&mut doc);
//! let a = &doc.attributions[0];
//! assert_eq!(doc.slice(a.cue.unwrap()), "said");
//! assert_eq!(doc.slice(a.source.as_ref().unwrap().span), "The mayor");
//! assert_eq!(doc.slice(a.content), "that the bridge will reopen in May");
//! ```

mod bounds;
mod cuemodel;
mod extract;
mod lexicon;
mod logistic;
pub mod polnear;
pub mod train;

pub use bounds::EndModel;
pub use cuemodel::{CueModel, FilterModel};
pub use extract::ExtractOptions;
pub use lexicon::{CueClass, CueEntry, CueLexicon};
pub use polnear::{eval_polnear, Prf, Report};
pub use train::{
    end_ranker_stats, train, train_attribution, train_end_ranker, train_filter_for, EndStats,
    TrainConfig, TrainOptions, TrainOutcome, TrainSummary, TuneRow,
};

use headwater_doc::{Annotator, Document};
use std::path::PathBuf;

/// Errors of this crate (lexicon files, corpus reading, model writing).
#[derive(Debug, thiserror::Error)]
pub enum AttribError {
    /// A file or folder could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The offending path.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The corpus folder held no usable documents.
    #[error("no usable PolNeAR documents under {0}")]
    Empty(PathBuf),
    /// The folder holds no PolNeAR `train/` and `dev/` splits.
    #[error("{0}: not a PolNeAR data folder (expected train/ and dev/ in it or in its data/)")]
    NotPolnear(PathBuf),
}

/// Cue weights learned by [`train()`], embedded by build.rs (empty when no model).
const EMBEDDED_CUES: &str = include_str!(concat!(env!("OUT_DIR"), "/attribution.cues"));
/// The cue detector learned by [`train()`], embedded by build.rs (empty when none).
const EMBEDDED_MODEL: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/attribution.bin"));

/// The model's header line carries the tuned options: `#opts\tverb_threshold\tmin_direct_words`.
fn parse_model(text: &str, lex: &mut CueLexicon, opts: &mut ExtractOptions) {
    for line in text.lines() {
        let mut f = line.split('\t');
        match f.next() {
            Some("#opts") => {
                if let Some(t) = f.next().and_then(|x| x.parse::<f32>().ok()) {
                    opts.verb_threshold = t;
                }
                if let Some(m) = f.next().and_then(|x| x.parse::<usize>().ok()) {
                    opts.min_direct_words = m;
                }
                if let Some(m) = f.next().and_then(|x| x.parse::<f32>().ok()) {
                    opts.oov_margin = m;
                }
            }
            Some(form) if !form.starts_with('#') && !form.is_empty() => {
                let w = f.next().and_then(|x| x.parse::<f32>().ok());
                let class = match f.next() {
                    Some("noun") => CueClass::Noun,
                    Some("according") => CueClass::According,
                    _ => CueClass::Verb,
                };
                if let Some(w) = w {
                    lex.set_weight(form, class, w);
                }
            }
            _ => {}
        }
    }
}

/// Pipeline stage: fills `attributions`.
#[derive(Debug, Clone)]
pub struct AttributionAnnotator {
    lexicon: CueLexicon,
    model: Option<CueModel>,
    options: ExtractOptions,
}

impl Default for AttributionAnnotator {
    fn default() -> Self {
        AttributionAnnotator::new()
    }
}

impl AttributionAnnotator {
    /// The annotator with the built-in cue lexicon plus the trained weights: those in
    /// `$HEADWATER_MODELS` (`attribution.cues`, `attribution.bin`) when that names a folder
    /// holding them, else the embedded ones, if any.
    pub fn new() -> Self {
        let dir = std::env::var_os("HEADWATER_MODELS").map(PathBuf::from);
        AttributionAnnotator::from_models_dir(dir.as_deref())
    }

    /// The annotator with the trained weights of `dir` (each file that is missing or unreadable
    /// there falls back to its embedded copy), or the embedded ones when `dir` is `None`.
    pub fn from_models_dir(dir: Option<&std::path::Path>) -> Self {
        let cues = dir.and_then(|d| std::fs::read_to_string(d.join(train::CUES_FILE)).ok());
        let bin = dir.and_then(|d| std::fs::read(d.join(train::MODEL_FILE)).ok());
        let mut lexicon = CueLexicon::builtin();
        let mut options = ExtractOptions::default();
        parse_model(
            cues.as_deref().unwrap_or(EMBEDDED_CUES),
            &mut lexicon,
            &mut options,
        );
        AttributionAnnotator {
            lexicon,
            model: CueModel::from_bytes(bin.as_deref().unwrap_or(EMBEDDED_MODEL)),
            options,
        }
    }

    /// The annotator with only the built-in rules (no trained weights).
    pub fn rules_only() -> Self {
        AttributionAnnotator {
            lexicon: CueLexicon::builtin(),
            model: None,
            options: ExtractOptions::default(),
        }
    }

    /// An annotator with an explicit lexicon and options.
    pub fn with(lexicon: CueLexicon, options: ExtractOptions) -> Self {
        AttributionAnnotator {
            lexicon,
            model: None,
            options,
        }
    }

    /// Sets (or removes) the learned cue detector.
    pub fn set_cue_model(&mut self, model: Option<CueModel>) {
        self.model = model;
    }

    /// The learned cue detector, if any.
    pub fn cue_model(&self) -> Option<&CueModel> {
        self.model.as_ref()
    }

    /// The lexicon.
    pub fn lexicon(&self) -> &CueLexicon {
        &self.lexicon
    }

    /// Loads trained cue weights from a model file written by [`train()`].
    pub fn load_model(&mut self, path: &std::path::Path) -> Result<(), AttribError> {
        let text = std::fs::read_to_string(path).map_err(|source| AttribError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        parse_model(&text, &mut self.lexicon, &mut self.options);
        Ok(())
    }

    /// The cue lexicon, e.g. to extend it with [`CueLexicon::extend_from_file`].
    pub fn lexicon_mut(&mut self) -> &mut CueLexicon {
        &mut self.lexicon
    }

    /// The current options.
    pub fn options(&self) -> ExtractOptions {
        self.options
    }

    /// Replaces the options.
    pub fn set_options(&mut self, options: ExtractOptions) {
        self.options = options;
    }

    /// A function from a tagged document (tags and lemmas, no parse yet) to one flag per
    /// sentence: whether this annotator may read that sentence's dependency arcs. It reads
    /// them only around tokens that can become cues, so the syntax stage can skip parsing the
    /// other sentences without changing any output. Built from the lexicon, detector and
    /// options as they are now: call it after adding user cues.
    ///
    /// ```
    /// use headwater_doc::{Annotator, Document};
    /// let attrib = headwater_attrib::AttributionAnnotator::new();
    /// let needs = attrib.syntax_filter();
    /// let mut doc = Document::new("a.txt", "The river rose. Officials said it would fall.".into());
    /// headwater_text::TextAnnotator.annotate(&mut doc);
    /// assert_eq!(needs(&doc), vec![false, true]);
    /// ```
    pub fn syntax_filter(&self) -> impl Fn(&Document) -> Vec<bool> + Send + Sync + 'static {
        let (lexicon, model, options) = (self.lexicon.clone(), self.model.clone(), self.options);
        move |doc| extract::sentences_needing_syntax(doc, &lexicon, model.as_ref(), &options)
    }
}

impl Annotator for AttributionAnnotator {
    fn name(&self) -> &'static str {
        "attribution"
    }
    fn annotate(&self, doc: &mut Document) {
        doc.attributions = extract::extract(doc, &self.lexicon, self.model.as_ref(), &self.options);
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_sources;
