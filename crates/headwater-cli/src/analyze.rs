use anyhow::Context;
use clap::ValueEnum;
use headwater::{output, Pipeline, Progress, RunOptions};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{BufWriter, IsTerminal, Write};
use std::process::ExitCode;

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// One JSON object (the contract in shared/spec/output.md).
    Json,
    /// One document object per line, then a final `{"corpus": …}` line.
    Jsonl,
    /// A readable report.
    Text,
    /// W3C PROV-JSON: documents, statements, sources, works and claims as a provenance graph.
    ProvJson,
}

#[derive(clap::Args)]
pub struct Args {
    /// Files or directories to analyse (`-` reads standard input).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
    #[command(flatten)]
    pub options: AnalysisOptions,
}

/// Options shared by the commands that analyse a corpus.
#[derive(clap::Args, Clone, Default)]
pub struct AnalysisOptions {
    /// TOML file of known aliases: `[[entity]] name = "…" aliases = ["…"]`.
    #[arg(long, value_name = "FILE")]
    pub aliases: Option<std::path::PathBuf>,
    /// Extra attribution cues, one lemma per line (optionally `<TAB>verb|noun<TAB>weight`).
    #[arg(long, value_name = "FILE")]
    pub cues: Vec<std::path::PathBuf>,
}

impl AnalysisOptions {
    /// The run options these flags ask for.
    pub fn run_options(&self) -> anyhow::Result<RunOptions> {
        let mut options = RunOptions::default();
        if let Some(path) = &self.aliases {
            options.aliases = headwater_link::AliasFile::load(path)?;
        }
        Ok(options)
    }
}

/// Reads, analyses and links every input under `paths`, with a progress bar on a terminal.
/// Returns the outcome and the number of paths that did not exist.
pub fn analyze_paths(
    paths: &[String],
    options: &RunOptions,
    cues: &[std::path::PathBuf],
) -> anyhow::Result<(headwater::RunOutcome, usize)> {
    let (inputs, missing) = headwater_ingest::expand_inputs(paths);
    for e in &missing {
        eprintln!("headwater: {e}");
    }
    let pipeline =
        Pipeline::standard_with_cues(cues).context("cannot build the analysis pipeline")?;

    let total: u64 = inputs
        .iter()
        .map(|i| match i {
            headwater_ingest::Input::File { path, .. } => {
                std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
            }
            headwater_ingest::Input::Stdin => 0,
        })
        .sum();
    let bar = if std::io::stderr().is_terminal() && total > 0 {
        let bar = ProgressBar::new(total);
        if let Ok(style) = ProgressStyle::with_template(
            "{spinner} {elapsed_precise} [{bar:30}] {bytes}/{total_bytes} read · {msg}",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar
    } else {
        ProgressBar::hidden()
    };
    let done = std::sync::atomic::AtomicU64::new(0);
    let progress = |p: Progress| match p {
        Progress::InputRead { bytes } => bar.inc(bytes),
        Progress::DocumentDone => {
            let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            if n.is_multiple_of(16) {
                bar.set_message(format!("{n} documents analysed"));
            }
        }
    };
    let outcome = headwater::run(&inputs, &pipeline, options, &progress);
    bar.finish_and_clear();
    for f in &outcome.failures {
        eprintln!("headwater: skipped {}", f.reason);
    }
    Ok((outcome, missing.len()))
}

/// Exit status after a run: 0 when everything was analysed, 1 when some input failed.
pub fn exit_status(outcome: &headwater::RunOutcome, missing: usize) -> ExitCode {
    let failed = outcome.failures.len() + missing;
    if failed > 0 {
        eprintln!(
            "headwater: {} document(s) analysed, {} input(s) failed",
            outcome.documents.len(),
            failed
        );
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    crate::init_threads(args.jobs)?;
    let (outcome, missing) = analyze_paths(
        &args.paths,
        &args.options.run_options()?,
        &args.options.cues,
    )?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let written = match args.format {
        Format::Json => output::write_json(&mut out, &outcome),
        Format::Jsonl => output::write_jsonl(&mut out, &outcome),
        Format::Text => output::write_text(&mut out, &outcome),
        Format::ProvJson => output::write_prov(&mut out, &outcome),
    };
    match written.and_then(|_| out.flush()) {
        Ok(()) => {}
        // A closed pipe (`| head`) is the reader's choice, not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => return Err(e).context("cannot write the output"),
    }
    Ok(exit_status(&outcome, missing))
}
