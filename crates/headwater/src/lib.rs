//! The headwater pipeline: read → clean → annotate → attribute → link → output.
//!
//! [`Pipeline`] holds the per-document stages (each an [`Annotator`] adding one layer);
//! [`run`] streams inputs through it in parallel and links the corpus; [`output`] turns the
//! result into the JSON contract (`shared/spec/output.md`) or a readable text report.
//!
//! ```
//! use headwater::Pipeline;
//! let pipeline = Pipeline::standard().unwrap();
//! let doc = pipeline.analyze_text("note.txt", "“We will reopen the bridge,” the mayor said.");
//! assert!(!doc.tokens.is_empty());
//! ```

pub mod output;
pub mod prov;
mod run;

pub use run::{run, Failure, Progress, RunOptions, RunOutcome, MAX_DOCUMENT_BYTES};

use headwater_doc::{Annotator, Document};
use std::time::Duration;

/// The version written into every output (`headwater_version`).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Errors building the pipeline.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error("loading the NLP models failed: {0}")]
    Nlp(#[from] headwater_nlp::NlpError),
    #[error("cannot read the cue file: {0}")]
    Cues(#[from] headwater_attrib::AttribError),
}

/// The ordered per-document stages.
pub struct Pipeline {
    stages: Vec<Box<dyn Annotator>>,
}

impl Pipeline {
    /// The standard stages: tokens and sentences, syntax, entities, citations, attributions, and
    /// finally the citations each attribution rests on.
    pub fn standard() -> Result<Pipeline, PipelineError> {
        Pipeline::standard_with_cues(&[])
    }

    /// The standard stages, with extra attribution cues read from `cue_files` (one lemma per line,
    /// see `headwater_attrib::CueLexicon::extend_from_file`).
    pub fn standard_with_cues(cue_files: &[std::path::PathBuf]) -> Result<Pipeline, PipelineError> {
        Pipeline::build(cue_files, true)
    }

    /// The standard stages with every sentence parsed, not only those that may hold an
    /// attribution cue. The output is the same except for the arcs of the other sentences (which
    /// no later stage reads); benchmarks use it to time the whole syntax core.
    pub fn standard_parsing_all() -> Result<Pipeline, PipelineError> {
        Pipeline::build(&[], false)
    }

    fn build(
        cue_files: &[std::path::PathBuf],
        filter_parses: bool,
    ) -> Result<Pipeline, PipelineError> {
        let mut attribution = headwater_attrib::AttributionAnnotator::new();
        for file in cue_files {
            attribution.lexicon_mut().extend_from_file(file)?;
        }
        // Only sentences that may hold an attribution cue are parsed: nothing else reads arcs.
        let parse_filter = headwater_nlp::ParseFilter::new(attribution.syntax_filter());
        // The NER model decodes beside the tagger and parser (start-up time of short runs).
        let (nlp, ner) = std::thread::scope(|s| {
            let ner = s.spawn(headwater_ner::NerAnnotator::load);
            (headwater_nlp::NlpAnnotator::load(), ner.join())
        });
        let ner = ner.unwrap_or_else(|_| headwater_ner::NerAnnotator::from_model(None));
        Ok(Pipeline {
            stages: vec![
                Box::new(headwater_text::TextAnnotator),
                Box::new(if filter_parses {
                    nlp?.with_parse_filter(parse_filter)
                } else {
                    nlp?
                }),
                Box::new(ner),
                Box::new(headwater_cite::CitationAnnotator),
                Box::new(attribution),
                Box::new(headwater_cite::AttachCitations),
            ],
        })
    }

    /// A pipeline with the given stages, in order.
    pub fn with_stages(stages: Vec<Box<dyn Annotator>>) -> Pipeline {
        Pipeline { stages }
    }

    /// Names of the stages, in order.
    pub fn stage_names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|s| s.name()).collect()
    }

    /// Runs every stage over `doc`.
    pub fn annotate(&self, doc: &mut Document) {
        for stage in &self.stages {
            stage.annotate(doc);
        }
    }

    /// Runs every stage over `doc`, adding each stage's time to `timings` (same order as stages).
    pub fn annotate_timed(&self, doc: &mut Document, timings: &mut [Duration]) {
        for (stage, t) in self.stages.iter().zip(timings.iter_mut()) {
            let start = std::time::Instant::now();
            stage.annotate(doc);
            *t += start.elapsed();
        }
    }

    /// Cleans nothing: treats `text` as an article body and annotates it.
    pub fn analyze_text(&self, path: &str, text: &str) -> Document {
        let mut doc = Document::new(path, text.to_string());
        self.annotate(&mut doc);
        doc
    }
}
