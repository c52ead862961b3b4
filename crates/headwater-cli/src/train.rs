//! `headwater train …`: reproducible, seeded training of the committed models from
//! ../shared/corpora. Each writes its model file(s) into `--out` (default `models/`).

use anyhow::Context;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    what: What,
    /// The shared data folder holding `corpora/`.
    #[arg(long, global = true, default_value = "../shared")]
    shared: PathBuf,
    /// Where to write the model files.
    #[arg(long, global = true, default_value = "models")]
    out: PathBuf,
}

#[derive(clap::Subcommand)]
enum What {
    /// Word classes from unlabelled text (UD EWT train/dev + GUM forms, BBC News, PolNeAR
    /// train) → clusters.bin; train before the tagger, parser and NER, which use them
    Clusters,
    /// POS tagger and lemmatizer (UD EWT train + GUM) → tagger.bin
    Tagger,
    /// Dependency parser (UD EWT train + GUM, jack-knifed tags) → parser.bin
    Parser,
    /// Named-entity recognizer (GUM entities + UNER EWT dev) → ner.bin
    Ner,
    /// Attribution cue weights and cue detector (PolNeAR train; options tuned on PolNeAR dev)
    /// → attribution.cues, attribution.bin
    Attribution {
        /// The PolNeAR data folder holding train/ and dev/ [default: SHARED/corpora/polnear/data]
        data: Option<PathBuf>,
    },
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    let nlp_options = || headwater_nlp::train::TrainOptions {
        shared: args.shared.clone(),
        out_dir: args.out.clone(),
        ..headwater_nlp::train::TrainOptions::default()
    };
    match args.what {
        What::Clusters => {
            let r = headwater_nlp::train::train_clusters(&nlp_options())
                .context("word-class training failed")?;
            println!(
                "clusters: {} words of text, {} word classes → {} ({} bytes)",
                r.words,
                r.n_weights,
                r.model_path.display(),
                r.model_bytes
            );
        }
        What::Tagger => {
            let r = headwater_nlp::train::train_tagger(&nlp_options())
                .context("tagger training failed")?;
            println!(
                "tagger: {} sentences, {} words → {} ({} bytes)",
                r.sentences,
                r.words,
                r.model_path.display(),
                r.model_bytes
            );
        }
        What::Parser => {
            let r = headwater_nlp::train::train_parser(&nlp_options())
                .context("parser training failed")?;
            println!(
                "parser: {} sentences, {} words → {} ({} bytes)",
                r.sentences,
                r.words,
                r.model_path.display(),
                r.model_bytes
            );
        }
        What::Ner => {
            let opts = headwater_ner::train::Options::with_shared(
                &args.shared,
                args.out.join(headwater_ner::MODEL_FILE),
            );
            let report = headwater_ner::train_ner(&opts).context("NER training failed")?;
            println!(
                "ner: trained on {} sentences / {} tokens → {} ({} bytes)",
                report.train_sentences,
                report.train_tokens,
                args.out.join(headwater_ner::MODEL_FILE).display(),
                report.model_bytes
            );
        }
        What::Attribution { data } => {
            let data = data.unwrap_or_else(|| args.shared.join("corpora/polnear/data"));
            // Options are tuned on what the attribution stage sees in the pipeline: tokens,
            // syntax and entities.
            let before = headwater::Pipeline::with_stages(vec![
                Box::new(headwater_text::TextAnnotator),
                Box::new(
                    headwater_nlp::NlpAnnotator::load().context("cannot load the NLP models")?,
                ),
                Box::new(headwater_ner::NerAnnotator::load()),
            ]);
            let config = headwater_attrib::TrainConfig::new(&data, &args.out);
            let o = headwater_attrib::train(&config, &|text| before.analyze_text("polnear", text))
                .context("attribution training failed")?;
            let best = o.best.and_then(|i| o.grid.get(i));
            println!(
                "attribution: trained on {} documents / {} attributions ({} cue forms); tuned on {} dev documents",
                o.summary.docs, o.summary.attributions, o.summary.forms, o.dev_docs
            );
            println!(
                "  chosen on dev: detector threshold {}, min direct quote words {}, out-of-lexicon margin {} (content partial F1 {:.3}, all-three F1 {:.3})",
                o.cue_threshold,
                o.options.min_direct_words,
                o.options.oov_margin,
                best.map_or(0.0, |r| r.dev.content_partial.f1()),
                best.map_or(0.0, |r| r.dev.all_three.f1()),
            );
            for f in &o.finalists {
                let Some(r) = o.grid.get(f.grid_index) else {
                    continue;
                };
                let filter = f.filter.map_or("no filter".to_string(), |(d, t)| {
                    format!("filter {d} / {t}")
                });
                println!(
                    "  finalist: detector threshold {}, out-of-lexicon margin {}, {filter}: dev partial + all-three {:.4}{}",
                    r.cue_threshold,
                    r.options.oov_margin,
                    f.dev_value,
                    if o.best == Some(f.grid_index) { "  (chosen)" } else { "" }
                );
            }
            for path in std::iter::once(&o.cues_path).chain(&o.model_path) {
                let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
                println!("  → {} ({bytes} bytes)", path.display());
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
