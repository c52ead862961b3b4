//! `headwater ner --pretokenized --format iob2 FILE`: the UNER format in, predicted tags out.

use anyhow::Context;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::ValueEnum, Clone, Copy)]
pub enum Format {
    /// One token per line with its IOB2 tag (PER/ORG/LOC), blank lines between sentences.
    Iob2,
}

#[derive(clap::Args)]
pub struct Args {
    /// Keep the tokens of the input (required: raw text goes through `analyze`).
    #[arg(long, required = true)]
    pretokenized: bool,
    #[arg(long, value_enum, default_value = "iob2")]
    format: Format,
    /// The input file (`-` for standard input).
    file: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut input = String::new();
    if args.file.as_os_str() == "-" {
        std::io::stdin()
            .read_to_string(&mut input)
            .context("cannot read standard input")?;
    } else {
        input = std::fs::read_to_string(&args.file)
            .with_context(|| format!("cannot read {}", args.file.display()))?;
    }
    let ner = headwater_ner::NerAnnotator::load();
    let out = headwater_ner::tag_iob2(&ner, &input);
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    match lock.write_all(out.as_bytes()).and_then(|_| lock.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(e).context("cannot write the output")
        }
        _ => Ok(ExitCode::SUCCESS),
    }
}
