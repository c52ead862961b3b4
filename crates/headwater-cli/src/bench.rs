use anyhow::Context;
use headwater::Pipeline;
use headwater_ingest::RawArticle;
use rayon::prelude::*;
use std::process::ExitCode;
use std::time::{Duration, Instant};

#[derive(clap::Args)]
pub struct Args {
    /// Files or directories to benchmark on (e.g. ../shared/corpora/bbc-news).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<String>,
    /// Worker threads; 1 (the default) measures one core.
    #[arg(long, short = 'j', default_value_t = 1)]
    jobs: usize,
    /// Passes over the corpus; the best pass is reported.
    #[arg(long, default_value_t = 3)]
    repeat: usize,
    /// Also time corpus linking at 1× and at this many copies of the corpus (copies get their
    /// own document ids), to show how linking scales.
    #[arg(long, value_name = "N")]
    link_scale: Option<usize>,
    /// Parse every sentence, not only those attribution reads arcs of (times the whole syntax
    /// core, as `headwater parse` runs it).
    #[arg(long)]
    parse_all: bool,
}

/// Reads every input into memory first, so that only cleaning and analysis are timed.
fn load(paths: &[String]) -> (Vec<RawArticle>, usize) {
    let (inputs, missing) = headwater_ingest::expand_inputs(paths);
    let mut articles = Vec::new();
    let mut failed = missing.len();
    for input in &inputs {
        headwater_ingest::read_input(input, &mut |item| match item {
            Ok(a) => articles.push(a),
            Err(_) => failed += 1,
        });
    }
    (articles, failed)
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let (articles, failed) = load(&args.paths);
    if articles.is_empty() {
        anyhow::bail!("no readable articles under {}", args.paths.join(", "));
    }
    let pipeline = if args.parse_all {
        Pipeline::standard_parsing_all()
    } else {
        Pipeline::standard()
    }
    .context("cannot build the analysis pipeline")?;
    let names = pipeline.stage_names();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.max(1))
        .build()
        .context("cannot start worker threads")?;
    let input_bytes: usize = articles
        .iter()
        .map(|a| match &a.content {
            headwater_ingest::Content::Text(t)
            | headwater_ingest::Content::Markdown(t)
            | headwater_ingest::Content::Html(t) => t.len(),
        })
        .sum();

    let mut best: Option<(Duration, usize, Duration, Vec<Duration>)> = None;
    let mut last_docs = Vec::new();
    for _ in 0..args.repeat.max(1) {
        let start = Instant::now();
        let per_doc: Vec<(usize, Duration, Vec<Duration>, headwater_doc::Document)> =
            pool.install(|| {
                articles
                    .par_iter()
                    .map(|raw| {
                        let t0 = Instant::now();
                        let mut doc = headwater_ingest::clean(raw.clone());
                        let clean_time = t0.elapsed();
                        let mut stages = vec![Duration::ZERO; names.len()];
                        pipeline.annotate_timed(&mut doc, &mut stages);
                        (doc.word_count(), clean_time, stages, doc)
                    })
                    .collect()
            });
        let wall = start.elapsed();
        let mut pass_docs = Vec::with_capacity(per_doc.len());
        let per_doc: Vec<(usize, Duration, Vec<Duration>)> = per_doc
            .into_iter()
            .map(|(w, c, s, d)| {
                pass_docs.push(d);
                (w, c, s)
            })
            .collect();
        last_docs = pass_docs;
        let words = per_doc.iter().map(|d| d.0).sum();
        let clean: Duration = per_doc.iter().map(|d| d.1).sum();
        let mut stages = vec![Duration::ZERO; names.len()];
        for (_, _, s) in &per_doc {
            for (acc, t) in stages.iter_mut().zip(s) {
                *acc += *t;
            }
        }
        if best.as_ref().is_none_or(|b| wall < b.0) {
            best = Some((wall, words, clean, stages));
        }
    }
    let Some((wall, words, clean, stages)) = best else {
        anyhow::bail!("no benchmark pass ran");
    };
    let secs = wall.as_secs_f64().max(1e-9);
    println!(
        "headwater bench: {} documents, {} words, {:.1} MB, {} thread(s), best of {}",
        articles.len(),
        words,
        input_bytes as f64 / 1e6,
        args.jobs.max(1),
        args.repeat.max(1)
    );
    println!("  wall time     {:>10.3} s", secs);
    println!("  documents/s   {:>10.0}", articles.len() as f64 / secs);
    println!("  words/s       {:>10.0}", words as f64 / secs);
    println!("  MB/s          {:>10.2}", input_bytes as f64 / 1e6 / secs);
    let busy: f64 = clean.as_secs_f64() + stages.iter().map(|d| d.as_secs_f64()).sum::<f64>();
    let busy = busy.max(1e-9);
    println!("  stage          cpu-time   share   words/s (cpu)");
    let row = |name: &str, d: Duration| {
        let s = d.as_secs_f64();
        println!(
            "  {:<12} {:>8.3} s  {:>5.1}%  {:>12.0}",
            name,
            s,
            100.0 * s / busy,
            words as f64 / s.max(1e-9)
        );
    };
    row("clean", clean);
    for (name, d) in names.iter().zip(&stages) {
        row(name, *d);
    }
    // Issue-level figure for the syntax core: tokens (punctuation included) over the CPU time
    // of tagging, parsing and entity recognition together.
    let core: f64 = names
        .iter()
        .zip(&stages)
        .filter(|(n, _)| matches!(**n, "nlp" | "ner"))
        .map(|(_, d)| d.as_secs_f64())
        .sum();
    let (tokens, parsed, sentences) = core_counts(&last_docs);
    println!(
        "  tag+parse+NER {:>9.0} tokens/s (cpu): {} tokens, {:.3} s; {} of {} sentences parsed{}",
        tokens as f64 / core.max(1e-9),
        tokens,
        core,
        parsed,
        sentences,
        if args.parse_all {
            ""
        } else {
            " (those attribution reads; --parse-all parses all)"
        }
    );
    if let Some(scale) = args.link_scale {
        let docs = last_docs;
        let time_link = |docs: &[headwater_doc::Document]| {
            let start = Instant::now();
            let corpus = headwater_link::link(docs);
            (start.elapsed(), corpus)
        };
        let (t1, c1) = time_link(&docs);
        let mut scaled = Vec::with_capacity(docs.len() * scale.max(1));
        for copy in 0..scale.max(1) {
            for d in &docs {
                let mut d = d.clone();
                d.id = format!("{}-{copy}", d.id);
                scaled.push(d);
            }
        }
        let (tn, cn) = time_link(&scaled);
        println!(
            "  linking 1×:   {:>6} documents {:>9.3} s  ({} entities, {} works, {} claims)",
            docs.len(),
            t1.as_secs_f64(),
            c1.entities.len(),
            c1.works.len(),
            c1.claims.len()
        );
        println!(
            "  linking {}×: {:>6} documents {:>9.3} s  ({} entities, {} works, {} claims) — {:.1}× the time",
            scale,
            scaled.len(),
            tn.as_secs_f64(),
            cn.entities.len(),
            cn.works.len(),
            cn.claims.len(),
            tn.as_secs_f64() / t1.as_secs_f64().max(1e-9)
        );
    }
    if failed > 0 {
        eprintln!("headwater bench: {failed} input(s) could not be read and were left out");
    }
    Ok(ExitCode::SUCCESS)
}

/// Tokens, parsed sentences and sentences of `docs`. A parsed sentence has one root; the
/// sentences the parse filter skips leave every token a root.
fn core_counts(docs: &[headwater_doc::Document]) -> (usize, usize, usize) {
    let (mut tokens, mut parsed, mut sentences) = (0, 0, 0);
    for doc in docs {
        tokens += doc.tokens.len();
        for s in &doc.sentences {
            sentences += 1;
            let roots = s
                .token_range()
                .filter(|&i| doc.syntax.get(i).is_some_and(|t| t.head == u32::MAX))
                .count();
            if roots <= 1 && !doc.syntax.is_empty() {
                parsed += 1;
            }
        }
    }
    (tokens, parsed, sentences)
}
