//! `headwater parse`: raw text in, CoNLL-U out; or `--pretokenized FILE.conllu`, keeping the given
//! tokens and filling UPOS, XPOS, LEMMA, HEAD and DEPREL.

use anyhow::Context;
use headwater_doc::{Annotator, Document};
use std::fmt::Write as _;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::ValueEnum, Clone, Copy)]
pub enum Format {
    Conllu,
}

#[derive(clap::Args)]
pub struct Args {
    /// Input is CoNLL-U: keep its tokens and sentences.
    #[arg(long)]
    pretokenized: bool,
    #[arg(long, value_enum, default_value = "conllu")]
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
    let nlp = headwater_nlp::NlpAnnotator::load().context("cannot load the NLP models")?;
    let out = if args.pretokenized {
        let mut sents =
            headwater_nlp::parse_conllu(&input).context("the input is not valid CoNLL-U")?;
        nlp.annotate_conllu(&mut sents);
        headwater_nlp::write_conllu(&sents)
    } else {
        let mut doc = Document::new(args.file.display().to_string(), input);
        headwater_text::TextAnnotator.annotate(&mut doc);
        nlp.annotate(&mut doc);
        let mut out = String::new();
        for (n, s) in doc.sentences.iter().enumerate() {
            let _ = writeln!(out, "# sent_id = {}", n + 1);
            let _ = writeln!(out, "# text = {}", doc.slice(s.span).replace('\n', " "));
            for i in s.token_range() {
                let sx = doc.syntax.get(i).copied().unwrap_or_default();
                // Heads outside the sentence (never expected) are written as the root.
                let head = if sx.is_root() || sx.head < s.tokens.start || sx.head >= s.tokens.end {
                    0
                } else {
                    sx.head - s.tokens.start + 1
                };
                let space = doc.tokens.get(i).is_some_and(|t| t.space_after);
                let _ = writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}\t_\t{}\t{}\t_\t{}",
                    i as u32 - s.tokens.start + 1,
                    doc.token_text(i),
                    doc.lemma(i),
                    sx.upos.as_str(),
                    sx.xpos_str(),
                    head,
                    if head == 0 {
                        "root"
                    } else {
                        sx.deprel.as_str()
                    },
                    if space { "_" } else { "SpaceAfter=No" }
                );
            }
            out.push('\n');
        }
        out
    };
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    match lock.write_all(out.as_bytes()).and_then(|_| lock.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(e).context("cannot write the output")
        }
        _ => Ok(ExitCode::SUCCESS),
    }
}
