//! `headwater eval …`: quality measurements on public gold data; `--min-*` turns each into a CI gate.

use anyhow::Context;
use headwater::Pipeline;
use headwater_doc::Document;
use headwater_link::entity_eval::{self, EcbCluster, EcbDocRecord};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Subcommand)]
pub enum What {
    /// POS tagging and lemmas on a UD CoNLL-U file (gold tokens): UPOS/XPOS/lemma accuracy.
    Tagger {
        /// e.g. ../shared/corpora/ud-ewt/en_ewt-ud-test.conllu
        file: PathBuf,
        #[arg(long)]
        min_upos: Option<f64>,
    },
    /// Dependency parsing on a UD CoNLL-U file (gold tokens, predicted tags): UAS/LAS.
    Parser {
        /// e.g. ../shared/corpora/ud-ewt/en_ewt-ud-test.conllu
        file: PathBuf,
        #[arg(long)]
        min_uas: Option<f64>,
        #[arg(long)]
        min_las: Option<f64>,
    },
    /// Named-entity recognition on UNER EWT (exact span + type P/R/F1, PER/ORG/LOC).
    Ner {
        /// e.g. ../shared/corpora/uner-ewt/en_ewt-ud-test.iob2
        file: PathBuf,
        /// Fail (exit 1) when F1 is below this.
        #[arg(long)]
        min_f1: Option<f64>,
    },
    /// Attribution extraction on PolNeAR (content partial/exact, content+source, content+cue, all three).
    Attribution {
        /// A PolNeAR split folder, e.g. ../shared/corpora/polnear/data/test
        dir: PathBuf,
        /// Fail (exit 1) when content partial F1 is below this.
        #[arg(long)]
        min_content_f1: Option<f64>,
        /// Fail (exit 1) when all-three F1 is below this.
        #[arg(long)]
        min_all_three_f1: Option<f64>,
    },
    /// HTML main-text extraction: the Zyte article-extraction benchmark (4-gram shingle P/R/F1)
    /// and/or trafilatura's must-include / must-exclude snippets, by what each folder holds.
    Extraction {
        /// ../shared/corpora/article-extraction-benchmark and/or ../shared/corpora/trafilatura-eval
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// Fail (exit 1) when the Zyte F1 is below this.
        #[arg(long)]
        min_f1: Option<f64>,
        /// Fail (exit 1) when the trafilatura snippet F1 is below this.
        #[arg(long)]
        min_snippet_f1: Option<f64>,
    },
    /// Token and sentence boundaries against UD English EWT (a .conllu file).
    Tokenizer {
        /// A CoNLL-U file, e.g. ../shared/corpora/ud-ewt/en_ewt-ud-test.conllu
        file: PathBuf,
        /// Fail (exit 1) when token F1 is below this.
        #[arg(long)]
        min_token_f1: Option<f64>,
        /// Fail (exit 1) when sentence-end F1 is below this.
        #[arg(long)]
        min_sentence_f1: Option<f64>,
    },
    /// Same-story pair prediction on news-story-chains (pairwise P/R/F1).
    Linking {
        /// The news-story-chains folder (e.g. ../shared/corpora/news-story-chains).
        dir: PathBuf,
        /// Fail (exit 1) when the all-pairs F1 is below this.
        #[arg(long)]
        min_f1: Option<f64>,
    },
    /// Cross-document entity linking on ECB+: named gold mentions aligned to headwater's
    /// mentions, pairwise P/R/F1 over pairs in different documents, B-cubed, coverage.
    Entities {
        /// The ECB+ folder (e.g. ../shared/corpora/ecbplus), read through its derived/ files.
        dir: PathBuf,
        /// Fail (exit 1) when the all-pairs F1 is below this.
        #[arg(long)]
        min_f1: Option<f64>,
        /// Only these topics (e.g. `--topics 1,2`), for quick checks: linking then sees fewer
        /// distractors, so the scores are not comparable with a full run.
        #[arg(long, value_delimiter = ',')]
        topics: Vec<u32>,
        /// Also print the most over-merged corpus entities, the most split gold clusters and the
        /// most frequent unaligned gold names.
        #[arg(long)]
        verbose: bool,
    },
}

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    what: What,
}

/// Prints a report on stdout; a closed pipe (`| head`) is not an error.
fn emit(report: &dyn std::fmt::Display) {
    use std::io::Write;
    let _ = write!(std::io::stdout().lock(), "{report}");
}

/// Checks a gate: prints and returns failure when `value` is under `min`.
fn gate(name: &str, value: f64, min: Option<f64>) -> bool {
    match min {
        Some(m) if value < m => {
            eprintln!("headwater eval: GATE FAILED: {name} = {value:.4} < {m:.4}");
            false
        }
        Some(m) => {
            eprintln!("headwater eval: gate ok: {name} = {value:.4} ≥ {m:.4}");
            true
        }
        None => true,
    }
}

/// Reads ECB+'s derived files (JSON decoding stays here: the linking crate has no JSON parser).
fn read_ecbplus(dir: &Path) -> anyhow::Result<(Vec<EcbDocRecord>, BTreeMap<String, EcbCluster>)> {
    let path = dir.join(entity_eval::DOCS_FILE);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let records = text
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            serde_json::from_str(line).with_context(|| {
                format!(
                    "{}:{}: not an ECB+ document ({{doc, topic, sentences}})",
                    path.display(),
                    i + 1
                )
            })
        })
        .collect::<anyhow::Result<Vec<EcbDocRecord>>>()?;
    let path = dir.join(entity_eval::CLUSTERS_FILE);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let clusters = serde_json::from_str(&text).with_context(|| {
        format!(
            "{}: not ECB+ clusters ({{id: {{type, mentions: [{{doc, text, sentence}}]}}}})",
            path.display()
        )
    })?;
    Ok((records, clusters))
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let ok = match args.what {
        What::Tagger { file, min_upos } => {
            let nlp = headwater_nlp::NlpAnnotator::load().context("cannot load the NLP models")?;
            let tagger = nlp
                .tagger()
                .context("no tagger model is built into this binary")?;
            let gold = headwater_nlp::read_conllu(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let s = headwater_nlp::eval::eval_tagger(tagger, &gold);
            emit(&format_args!(
                "{}: {} words  UPOS {:.4}  XPOS {:.4}  lemma {:.4}\n",
                file.display(),
                s.words,
                s.upos,
                s.xpos,
                s.lemma
            ));
            gate("UPOS accuracy", s.upos, min_upos)
        }
        What::Parser {
            file,
            min_uas,
            min_las,
        } => {
            let nlp = headwater_nlp::NlpAnnotator::load().context("cannot load the NLP models")?;
            let tagger = nlp
                .tagger()
                .context("no tagger model is built into this binary")?;
            let parser = nlp
                .parser()
                .context("no parser model is built into this binary")?;
            let gold = headwater_nlp::read_conllu(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let s = headwater_nlp::eval::eval_parser(tagger, parser, &gold);
            emit(&format_args!(
                "{}: {} words  UAS {:.4}  LAS {:.4}\n",
                file.display(),
                s.words,
                s.uas,
                s.las
            ));
            gate("UAS", s.uas, min_uas) & gate("LAS", s.las, min_las)
        }
        What::Ner { file, min_f1 } => {
            let report = headwater_ner::eval_uner(&file)
                .with_context(|| format!("cannot evaluate on {}", file.display()))?;
            emit(&report);
            gate("NER F1", report.overall.f1(), min_f1)
        }
        What::Attribution {
            dir,
            min_content_f1,
            min_all_three_f1,
        } => {
            let pipeline = Pipeline::standard().context("cannot build the analysis pipeline")?;
            let report = headwater_attrib::eval_polnear(&dir, &|text| {
                pipeline.analyze_text("polnear", text)
            })
            .with_context(|| format!("cannot evaluate on {}", dir.display()))?;
            emit(&report);
            gate(
                "content partial F1",
                report.content_partial.f1(),
                min_content_f1,
            ) & gate("all-three F1", report.all_three.f1(), min_all_three_f1)
        }
        What::Extraction {
            dirs,
            min_f1,
            min_snippet_f1,
        } => {
            let mut ok = true;
            for dir in dirs {
                if dir.join("ground-truth.json").is_file() {
                    let report = headwater_ingest::html::eval::eval_zyte(&dir)
                        .with_context(|| format!("cannot evaluate on {}", dir.display()))?;
                    emit(&report);
                    ok &= gate("Zyte extraction F1", report.f1, min_f1);
                } else if dir.join("evaldata.json").is_file() {
                    let report = headwater_ingest::html::eval::eval_trafilatura(&dir)
                        .with_context(|| format!("cannot evaluate on {}", dir.display()))?;
                    emit(&report);
                    ok &= gate("trafilatura snippet F1", report.f1(), min_snippet_f1);
                } else {
                    anyhow::bail!(
                        "{} holds neither ground-truth.json (Zyte benchmark) nor evaldata.json (trafilatura eval)",
                        dir.display()
                    );
                }
            }
            ok
        }
        What::Tokenizer {
            file,
            min_token_f1,
            min_sentence_f1,
        } => {
            let report = headwater_text::eval::eval_ud(&file)
                .with_context(|| format!("cannot evaluate on {}", file.display()))?;
            emit(&report);
            gate("token F1", report.tokens.f1(), min_token_f1)
                & gate(
                    "sentence-end F1",
                    report.sentence_ends.f1(),
                    min_sentence_f1,
                )
        }
        What::Linking { dir, min_f1 } => {
            let pipeline = Pipeline::standard().context("cannot build the analysis pipeline")?;
            let report = headwater_link::eval::eval_story_chains(&dir, &|articles| {
                let docs: Vec<Document> = articles
                    .par_iter()
                    .map(|a| {
                        let mut doc = Document::new(a.url.clone(), a.text.clone());
                        doc.title = Some(a.title.clone()).filter(|t| !t.is_empty());
                        doc.published = Some(a.date.clone()).filter(|d| !d.is_empty());
                        pipeline.annotate(&mut doc);
                        doc
                    })
                    .collect();
                let corpus = headwater_link::link(&docs);
                (docs, corpus)
            })
            .with_context(|| format!("cannot evaluate on {}", dir.display()))?;
            emit(&report);
            gate("linking all-pairs F1", report.all.f1(), min_f1)
        }
        What::Entities {
            dir,
            min_f1,
            topics,
            verbose,
        } => {
            let (mut records, clusters) = read_ecbplus(&dir)?;
            if !topics.is_empty() {
                records.retain(|r| topics.contains(&r.topic));
            }
            let kept: HashSet<String> = records.iter().map(|r| r.doc.clone()).collect();
            let clusters: BTreeMap<String, EcbCluster> = clusters
                .into_iter()
                .filter_map(|(id, mut c)| {
                    c.mentions.retain(|m| kept.contains(&m.doc));
                    (!c.mentions.is_empty()).then_some((id, c))
                })
                .collect();
            let pipeline = Pipeline::standard().context("cannot build the analysis pipeline")?;
            let report = entity_eval::eval_ecbplus(&records, &clusters, &|texts| {
                texts
                    .par_iter()
                    .map(|t| {
                        let mut doc = Document::new(t.name.clone(), t.text.clone());
                        pipeline.annotate(&mut doc);
                        doc
                    })
                    .collect()
            })
            .with_context(|| format!("cannot evaluate on {}", dir.display()))?;
            emit(&report);
            if verbose {
                emit(&report.diagnostics());
            }
            gate("ECB+ entity all-pairs F1", report.scores.all.f1(), min_f1)
        }
    };
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
