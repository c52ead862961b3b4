//! POS tagger, lemmatizer and dependency parser for headwater.
//!
//! * [`Tagger`]: greedy averaged-perceptron tagger filling UPOS and XPOS, plus a learned
//!   [`Lemmatizer`] (suffix rules per tag with an exception table).
//! * [`Parser`]: labelled arc-hybrid transition parser with a dynamic oracle.
//! * [`NlpAnnotator`]: the pipeline stage; fills [`Document::syntax`] and
//!   [`Document::lemma_arena`] for every sentence.
//!
//! Models are embedded at build time from `models/tagger.bin` and `models/parser.bin` when they
//! exist (see `build.rs`); the `HEADWATER_MODELS` environment variable names a directory whose
//! files take precedence at run time. Without any model the annotator leaves `syntax` empty.
//!
//! ```
//! use headwater_doc::{Annotator, Document};
//! let nlp = headwater_nlp::NlpAnnotator::load().unwrap();
//! let mut doc = Document::new("a.txt", String::new());
//! nlp.annotate(&mut doc); // empty documents are fine
//! assert!(doc.syntax.is_empty());
//! ```

pub mod clusters;
pub mod conllu;
pub mod eval;
mod lemma;
mod model;
mod parser;
mod tagger;
pub mod train;
mod words;

pub use conllu::{parse_conllu, read_conllu, write_conllu, ConllSentence, Word};
pub use lemma::Lemmatizer;
pub use parser::{parse_conllu as parse_conllu_sentences, ParseScratch, Parser, MAX_CHUNK};
pub use tagger::{tag_conllu, TagScratch, Tagger};
pub use words::{word_infos, WordInfo};

use headwater_doc::{Annotator, DepRel, Document, TokenSyntax, Upos};
use std::cell::RefCell;
use std::path::{Path, PathBuf};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_models.rs"));
}

/// Errors loading, reading or training models.
#[derive(Debug, thiserror::Error)]
pub enum NlpError {
    /// A model file is malformed or was written by an incompatible version.
    #[error("model file {path}: {reason}")]
    Model { path: String, reason: String },
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// Malformed CoNLL-U input.
    #[error("CoNLL-U line {line}: {reason}")]
    Conllu { line: usize, reason: String },
    /// Training or evaluation data is missing.
    #[error("missing data: {0}")]
    MissingData(String),
}

/// Directory of models overriding the embedded ones (`HEADWATER_MODELS`), if set.
pub fn models_dir_override() -> Option<PathBuf> {
    std::env::var_os("HEADWATER_MODELS").map(PathBuf::from)
}

fn read_file(path: &Path) -> Result<Vec<u8>, NlpError> {
    std::fs::read(path).map_err(|e| NlpError::Io {
        path: path.display().to_string(),
        source: e,
    })
}

impl Tagger {
    /// Loads `tagger.bin` from `dir`.
    pub fn load_from(dir: &Path) -> Result<Tagger, NlpError> {
        let path = dir.join("tagger.bin");
        Tagger::from_bytes(&read_file(&path)?, &path.display().to_string())
    }

    /// Loads the tagger from `HEADWATER_MODELS` or the embedded model; `Ok(None)` when neither
    /// exists.
    pub fn load() -> Result<Option<Tagger>, NlpError> {
        if let Some(dir) = models_dir_override() {
            if dir.join("tagger.bin").is_file() {
                return Tagger::load_from(&dir).map(Some);
            }
        }
        embedded::TAGGER
            .map(|b| Tagger::from_bytes(b, "embedded tagger.bin"))
            .transpose()
    }
}

impl Parser {
    /// Loads `parser.bin` from `dir`.
    pub fn load_from(dir: &Path) -> Result<Parser, NlpError> {
        let path = dir.join("parser.bin");
        Parser::from_bytes(&read_file(&path)?, &path.display().to_string())
    }

    /// Loads the parser from `HEADWATER_MODELS` or the embedded model; `Ok(None)` when neither
    /// exists.
    pub fn load() -> Result<Option<Parser>, NlpError> {
        if let Some(dir) = models_dir_override() {
            if dir.join("parser.bin").is_file() {
                return Parser::load_from(&dir).map(Some);
            }
        }
        embedded::PARSER
            .map(|b| Parser::from_bytes(b, "embedded parser.bin"))
            .transpose()
    }
}

/// Per-thread buffers so that annotating allocates nothing per token once warm.
#[derive(Default)]
struct Scratch {
    ws: Vec<WordInfo>,
    upos: Vec<Upos>,
    xpos: Vec<u8>,
    heads: Vec<u32>,
    labels: Vec<DepRel>,
    norm: String,
    tag: TagScratch,
    parse: ParseScratch,
    /// Word views and tags of the whole document, kept from tagging for the parse pass.
    doc_ws: Vec<WordInfo>,
    doc_xpos: Vec<u8>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Maps typographic quotes and apostrophes to the ASCII forms the treebanks use.
fn normalize_into(s: &str, out: &mut String) {
    out.clear();
    for c in s.chars() {
        out.push(match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{2032}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' => '"',
            '\u{2013}' | '\u{2014}' => '-',
            c => c,
        });
    }
}

/// Decides, for a document whose tags and lemmas are filled, which of its sentences a later
/// stage will read dependency arcs of: one flag per entry of `doc.sentences` (missing flags
/// count as `true`). See [`NlpAnnotator::with_parse_filter`].
#[derive(Clone)]
pub struct ParseFilter(std::sync::Arc<SentencePredicate>);

/// `document -> parse sentence k?` for every k.
type SentencePredicate = dyn Fn(&Document) -> Vec<bool> + Send + Sync;

impl ParseFilter {
    /// Wraps a function from a tagged document to one flag per sentence.
    pub fn new(f: impl Fn(&Document) -> Vec<bool> + Send + Sync + 'static) -> Self {
        ParseFilter(std::sync::Arc::new(f))
    }
}

impl std::fmt::Debug for ParseFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ParseFilter")
    }
}

/// Pipeline stage: fills `syntax` (tags, lemmas, dependency arcs) for every sentence.
#[derive(Debug, Default, Clone)]
pub struct NlpAnnotator {
    tagger: Option<Tagger>,
    parser: Option<Parser>,
    parse_filter: Option<ParseFilter>,
}

impl NlpAnnotator {
    /// Loads the models (from `HEADWATER_MODELS` or the embedded copies). Missing models give
    /// an annotator that leaves `syntax` empty; malformed ones give an error.
    pub fn load() -> Result<Self, NlpError> {
        // Decoding the models is most of a short run's start-up: the parser decodes on its
        // own thread while this one decodes the tagger and the word classes.
        let (tagger, parser) = std::thread::scope(|s| {
            let parser = s.spawn(Parser::load);
            let tagger = Tagger::load();
            let _ = clusters::WordClusters::embedded();
            (tagger, parser.join())
        });
        let parser = parser.map_err(|_| NlpError::Model {
            path: "parser.bin".into(),
            reason: "the loading thread panicked".into(),
        })??;
        Ok(NlpAnnotator {
            tagger: tagger?,
            parser,
            parse_filter: None,
        })
    }

    /// Loads the models from a directory: the tagger is required, the parser optional (absent
    /// `parser.bin` leaves heads unset: every token its own root).
    pub fn load_from(dir: &Path) -> Result<Self, NlpError> {
        let parser = if dir.join("parser.bin").is_file() {
            Some(Parser::load_from(dir)?)
        } else {
            None
        };
        Ok(NlpAnnotator {
            tagger: Some(Tagger::load_from(dir)?),
            parser,
            parse_filter: None,
        })
    }

    /// Builds an annotator from already loaded models.
    pub fn from_models(tagger: Option<Tagger>, parser: Option<Parser>) -> Self {
        NlpAnnotator {
            tagger,
            parser,
            parse_filter: None,
        }
    }

    /// Parses only the sentences `filter` accepts (it sees the document with every sentence
    /// tagged and lemmatized); the others keep tags and lemmas, every token its own root (as
    /// without a parser model). Parsing is most of the
    /// stage's cost, and in the analysis pipeline only sentences holding a possible
    /// attribution cue are ever read for arcs, so the pipeline skips the rest.
    pub fn with_parse_filter(mut self, filter: ParseFilter) -> Self {
        self.parse_filter = Some(filter);
        self
    }

    /// The tagger, when a model was found.
    pub fn tagger(&self) -> Option<&Tagger> {
        self.tagger.as_ref()
    }

    /// The parser, when a model was found.
    pub fn parser(&self) -> Option<&Parser> {
        self.parser.as_ref()
    }

    /// Tags, lemmatizes and parses gold-tokenized CoNLL-U sentences in place (UPOS, XPOS,
    /// LEMMA, HEAD, DEPREL), keeping their tokens.
    pub fn annotate_conllu(&self, sents: &mut [ConllSentence]) {
        if let Some(t) = &self.tagger {
            tag_conllu(t, sents);
        }
        if let Some(p) = &self.parser {
            parser::parse_conllu(p, sents);
        }
    }

    /// Tags and lemmatizes the tokens `range` of `doc`, writing into `doc.syntax` (which must
    /// already be parallel to `doc.tokens`); every token is left its own root.
    fn tag_sentence(&self, doc: &mut Document, range: std::ops::Range<usize>, sc: &mut Scratch) {
        let Some(tagger) = &self.tagger else {
            return;
        };
        let Scratch {
            ws,
            upos,
            xpos,
            norm,
            tag,
            doc_ws,
            doc_xpos,
            ..
        } = sc;
        ws.clear();
        for i in range.clone() {
            normalize_into(doc.token_text(i), norm);
            ws.push(WordInfo::new(norm, ws.is_empty()));
        }
        tagger.tag(ws, upos, xpos, tag);
        if let (Some(d), Some(w)) = (doc_ws.get_mut(range.clone()), ws.get(..range.len())) {
            d.copy_from_slice(w);
        }
        if let (Some(d), Some(x)) = (doc_xpos.get_mut(range.clone()), xpos.get(..range.len())) {
            d.copy_from_slice(x);
        }
        for (k, i) in range.clone().enumerate() {
            let x = xpos.get(k).copied().unwrap_or(0);
            normalize_into(doc.token_text(i), norm);
            let l0 = doc.lemma_arena.len();
            tagger
                .lemmatizer()
                .lemmatize_into(norm, x, &mut doc.lemma_arena);
            let l1 = doc.lemma_arena.len();
            if let Some(s) = doc.syntax.get_mut(i) {
                *s = TokenSyntax {
                    upos: upos.get(k).copied().unwrap_or_default(),
                    xpos: x,
                    head: u32::MAX,
                    deprel: DepRel(1),
                    lemma: (l0 as u32, l1 as u32),
                };
            }
        }
    }

    /// Parses the tokens `range` of `doc` from the tags already in `doc.syntax`.
    fn parse_sentence(&self, doc: &mut Document, range: std::ops::Range<usize>, sc: &mut Scratch) {
        let Some(p) = &self.parser else {
            return;
        };
        let Scratch {
            heads,
            labels,
            parse,
            doc_ws,
            doc_xpos,
            ..
        } = sc;
        let (Some(ws), Some(xpos)) = (doc_ws.get(range.clone()), doc_xpos.get(range.clone()))
        else {
            return;
        };
        let start = range.start;
        p.parse(ws, xpos, heads, labels, parse);
        for (k, i) in range.enumerate() {
            if let Some(s) = doc.syntax.get_mut(i) {
                if let Some(&h) = heads.get(k).filter(|&&h| h != u32::MAX) {
                    s.head = (h as usize + start) as u32;
                }
                if let Some(&l) = labels.get(k) {
                    s.deprel = l;
                }
            }
        }
    }
}

impl Annotator for NlpAnnotator {
    fn name(&self) -> &'static str {
        "nlp"
    }

    fn annotate(&self, doc: &mut Document) {
        if self.tagger.is_none() {
            return;
        }
        let n = doc.tokens.len();
        doc.syntax.clear();
        doc.syntax.resize(
            n,
            TokenSyntax {
                head: u32::MAX,
                deprel: DepRel(1),
                ..TokenSyntax::default()
            },
        );
        doc.lemma_arena.clear();
        let ranges: Vec<(usize, std::ops::Range<usize>)> = doc
            .sentences
            .iter()
            .map(|s| {
                let r = s.token_range();
                r.start.min(n)..r.end.min(n)
            })
            .enumerate()
            .filter(|(_, r)| r.start < r.end)
            .collect();
        SCRATCH.with(|cell| {
            let Ok(mut sc) = cell.try_borrow_mut() else {
                return;
            };
            sc.doc_ws.clear();
            sc.doc_ws.resize(n, WordInfo::default());
            sc.doc_xpos.clear();
            sc.doc_xpos.resize(n, 0);
            for (_, r) in &ranges {
                self.tag_sentence(doc, r.clone(), &mut sc);
            }
            if self.parser.is_none() {
                return;
            }
            let wanted = self.parse_filter.as_ref().map(|f| (f.0)(doc));
            for (k, r) in ranges {
                if wanted
                    .as_ref()
                    .is_none_or(|w| w.get(k).copied().unwrap_or(true))
                {
                    self.parse_sentence(doc, r, &mut sc);
                }
            }
        });
    }
}
