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
    /// POS tagger and lemmatizer (UD EWT train + GUM) → tagger.bin
    Tagger,
    /// Dependency parser (UD EWT train + GUM, jack-knifed tags) → parser.bin
    Parser,
    /// Named-entity recognizer (GUM entities + UNER EWT dev) → ner.bin
    Ner,
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
    }
    Ok(ExitCode::SUCCESS)
}
