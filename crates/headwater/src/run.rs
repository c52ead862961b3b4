use crate::Pipeline;
use headwater_doc::{Corpus, Document};
use headwater_ingest::{Input, RawArticle};
use rayon::prelude::*;
use std::sync::mpsc;

/// How to run the pipeline over a set of inputs.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Keep the token-level layers (tokens, sentences, syntax) in the returned documents. The JSON
    /// output does not need them, so a large run drops them to save memory.
    pub keep_token_layers: bool,
    /// Link the corpus (entities, works, claims across documents).
    pub link: bool,
    /// User-supplied aliases for corpus entity linking.
    pub aliases: headwater_link::AliasFile,
    /// Largest article body analysed, in bytes. A bigger "article" is almost always a dump of
    /// many articles; it is reported (not silently cut) so the user can split it.
    pub max_document_bytes: usize,
}

/// Default for [`RunOptions::max_document_bytes`]: 16 MiB, far beyond any real article.
pub const MAX_DOCUMENT_BYTES: usize = 16 << 20;

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            keep_token_layers: false,
            link: true,
            aliases: headwater_link::AliasFile::default(),
            max_document_bytes: MAX_DOCUMENT_BYTES,
        }
    }
}

/// An input (file or record) that could not be analysed, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub origin: String,
    pub reason: String,
}

/// Progress events, for a progress bar.
#[derive(Debug, Clone, Copy)]
pub enum Progress {
    /// An input file was read completely; `bytes` is its size on disk (0 for stdin).
    InputRead { bytes: u64 },
    /// One document went through every stage.
    DocumentDone,
}

/// What a run produced.
#[derive(Debug, Default)]
pub struct RunOutcome {
    /// Analysed documents, in input order (file order, then record order within a file).
    pub documents: Vec<Document>,
    pub corpus: Corpus,
    /// Inputs that failed, in input order.
    pub failures: Vec<Failure>,
}

type Item = (
    (usize, usize),
    Result<RawArticle, headwater_ingest::IngestError>,
);

/// Reads every input, cleans and annotates each article in parallel (on the current rayon pool),
/// then links the corpus. Never stops at a bad input: its failure is recorded and the run goes on.
///
/// Reading happens on one thread that streams records into a bounded channel, so a huge JSONL or
/// WARC file is never held in memory whole.
pub fn run(
    inputs: &[Input],
    pipeline: &Pipeline,
    options: &RunOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> RunOutcome {
    let (tx, rx) = mpsc::sync_channel::<Item>(rayon::current_num_threads() * 4 + 4);
    let mut results: Vec<((usize, usize), Result<Document, Failure>)> = Vec::new();
    std::thread::scope(|scope| {
        scope.spawn(move || {
            for (i, input) in inputs.iter().enumerate() {
                let mut record = 0usize;
                headwater_ingest::read_input(input, &mut |item| {
                    // A send error means the consumer is gone; nothing useful is left to do.
                    let _ = tx.send(((i, record), item));
                    record += 1;
                });
                let bytes = match input {
                    Input::File { path, .. } => {
                        std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
                    }
                    Input::Stdin => 0,
                };
                progress(Progress::InputRead { bytes });
            }
        });
        results = rx
            .into_iter()
            .par_bridge()
            .map(|(key, item)| {
                let out = match item {
                    Ok(raw) => {
                        let mut doc = headwater_ingest::clean(raw);
                        if doc.text.len() > options.max_document_bytes {
                            let failure = Failure {
                                origin: doc.path.clone(),
                                reason: format!(
                                    "{}: the article text is {:.1} MB, over the {:.0} MB limit for one article; \
                                     split the file into articles (for example JSONL, one per line)",
                                    doc.path,
                                    doc.text.len() as f64 / 1e6,
                                    options.max_document_bytes as f64 / (1 << 20) as f64
                                ),
                            };
                            progress(Progress::DocumentDone);
                            return (key, Err(failure));
                        }
                        pipeline.annotate(&mut doc);
                        if !options.keep_token_layers {
                            drop_token_layers(&mut doc);
                        }
                        Ok(doc)
                    }
                    Err(e) => Err(Failure {
                        origin: e.origin().to_string(),
                        reason: e.to_string(),
                    }),
                };
                progress(Progress::DocumentDone);
                (key, out)
            })
            .collect();
    });
    results.sort_by_key(|(key, _)| *key);
    let mut outcome = RunOutcome::default();
    for (_, r) in results {
        match r {
            Ok(doc) => outcome.documents.push(doc),
            Err(f) => outcome.failures.push(f),
        }
    }
    if options.link {
        outcome.corpus = headwater_link::link_with(&outcome.documents, &options.aliases);
    }
    outcome
}

/// Frees the token-level layers, which the output and the linker do not read.
fn drop_token_layers(doc: &mut Document) {
    doc.tokens = Vec::new();
    doc.sentences = Vec::new();
    doc.syntax = Vec::new();
    doc.lemma_arena = String::new();
}
