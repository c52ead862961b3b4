//! `headwater`: who claims what, on whose authority, citing what.

mod analyze;
mod bench;
mod eval;
mod ner;
mod parse;
mod store;
mod trace;
mod train;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "headwater",
    version,
    about = "Who claims what, on whose authority, citing what — and how many independent sources stand behind each claim.",
    propagate_version = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyse articles (files, directories, `-` for stdin) and print attributions, entities,
    /// citations and the cross-document claims.
    Analyze(analyze::Args),
    /// Measure pipeline throughput (documents/s, words/s, MB/s) over a corpus; reading excluded.
    Bench(bench::Args),
    /// Evaluate quality on public gold data (with `--min-*` thresholds for CI gates).
    Eval(eval::Args),
    /// Trace the claims matching a query back to their root sources.
    Trace(trace::Args),
    /// Train a model from ../shared/corpora (seeded, deterministic) into models/.
    Train(train::Args),
    /// Named entities for pre-tokenized input (UNER IOB2 in, predicted tags out).
    Ner(ner::Args),
    /// Tag, lemmatize and parse: raw text or pre-tokenized CoNLL-U in, CoNLL-U out.
    Parse(parse::Args),
    /// Analyse articles into the embedded store (incremental: unchanged documents are skipped).
    Ingest(store::IngestArgs),
    /// Search the store: documents, attributions and entities.
    Search(store::SearchArgs),
    /// Serve the store's JSON API and web UI on loopback.
    Serve(store::ServeArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(args) => analyze::run(args),
        Command::Bench(args) => bench::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Trace(args) => trace::run(args),
        Command::Train(args) => train::run(args),
        Command::Ner(args) => ner::run(args),
        Command::Parse(args) => parse::run(args),
        Command::Ingest(args) => store::ingest(args),
        Command::Search(args) => store::search(args),
        Command::Serve(args) => store::serve(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("headwater: error: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// Sets the size of the global rayon pool; `None` or 0 keeps one thread per core.
pub(crate) fn init_threads(jobs: Option<usize>) -> anyhow::Result<()> {
    if let Some(n) = jobs.filter(|&n| n > 0) {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .map_err(|e| anyhow::anyhow!("cannot start {n} worker threads: {e}"))?;
    }
    Ok(())
}
