//! Thin command line over the library (the real CLI wires the same calls):
//!
//! ```text
//! nlp train tagger|parser [--out DIR] [--epochs N] [--min-rel X]
//! nlp eval tagger|parser [--split dev|test] [--models DIR]
//! nlp parse [--pretokenized] FILE        (CoNLL-U in, CoNLL-U out; raw text otherwise)
//! nlp bench [DIR] [--rounds N]
//! ```

use headwater_doc::{Annotator, Document};
use headwater_nlp::train::{default_shared_dir, ewt_path, TrainOptions};
use headwater_nlp::{eval, read_conllu, write_conllu, NlpAnnotator, Parser, Tagger};
use std::path::PathBuf;
use std::time::Instant;

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let cmd = args.first().map(String::as_str).unwrap_or("");
    let what = args.get(1).map(String::as_str).unwrap_or("");
    let models = arg(&args, "--models")
        .map(PathBuf::from)
        .unwrap_or_else(|| TrainOptions::default().out_dir);
    match cmd {
        "train" => {
            let mut o = TrainOptions::default();
            if let Some(d) = arg(&args, "--out") {
                o.out_dir = PathBuf::from(d);
            }
            if let Some(e) = arg(&args, "--epochs") {
                o.tagger_epochs = e.parse()?;
                o.parser_epochs = e.parse()?;
            }
            if let Some(e) = arg(&args, "--tagger-epochs") {
                o.tagger_epochs = e.parse()?;
            }
            if let Some(m) = arg(&args, "--max-bytes") {
                o.tagger_max_bytes = m.parse()?;
                o.parser_max_bytes = m.parse()?;
            }
            if let Some(f) = arg(&args, "--folds") {
                o.folds = f.parse()?;
            }
            let r = match what {
                "tagger" => headwater_nlp::train::train_tagger(&o)?,
                "parser" => headwater_nlp::train::train_parser(&o)?,
                "clusters" => headwater_nlp::train::train_clusters(&o)?,
                _ => return Err("usage: train tagger|parser".into()),
            };
            println!(
                "trained {what}: {} sentences, {} words, {} weights, {} bytes -> {} in {:.1}s",
                r.sentences,
                r.words,
                r.n_weights,
                r.model_bytes,
                r.model_path.display(),
                r.seconds
            );
        }
        "eval" => {
            let split = arg(&args, "--split").unwrap_or_else(|| "test".into());
            let gold = read_conllu(&ewt_path(&default_shared_dir(), &split))?;
            let t0 = Instant::now();
            let tagger = Tagger::load_from(&models)?;
            let load_t = t0.elapsed();
            match what {
                "tagger" => {
                    let t1 = Instant::now();
                    let s = eval::eval_tagger(&tagger, &gold);
                    println!(
                        "EWT {split}: words {} UPOS {:.4} XPOS {:.4} lemma {:.4} (load {:.1} ms, tag {:.2}s)",
                        s.words,
                        s.upos,
                        s.xpos,
                        s.lemma,
                        load_t.as_secs_f64() * 1e3,
                        t1.elapsed().as_secs_f64()
                    );
                }
                "parser" => {
                    let t0 = Instant::now();
                    let parser = Parser::load_from(&models)?;
                    let load_p = t0.elapsed();
                    let s = eval::eval_parser(&tagger, &parser, &gold);
                    let tg = eval::eval_tagger(&tagger, &gold);
                    println!(
                        "EWT {split}: words {} UAS {:.4} LAS {:.4} (UPOS {:.4}; load tagger {:.1} ms, parser {:.1} ms)",
                        s.words,
                        s.uas,
                        s.las,
                        tg.upos,
                        load_t.as_secs_f64() * 1e3,
                        load_p.as_secs_f64() * 1e3
                    );
                }
                _ => return Err("usage: eval tagger|parser".into()),
            }
        }
        "parse" => {
            let nlp = NlpAnnotator::load_from(&models)?;
            let file = args
                .iter()
                .skip(1)
                .find(|a| !a.starts_with("--"))
                .ok_or("usage: parse [--pretokenized] FILE")?;
            if args.iter().any(|a| a == "--pretokenized") {
                let mut sents = read_conllu(std::path::Path::new(file))?;
                nlp.annotate_conllu(&mut sents);
                print!("{}", write_conllu(&sents));
            } else {
                let text = std::fs::read_to_string(file)?;
                let mut doc = Document::new(file.clone(), text);
                headwater_text::TextAnnotator.annotate(&mut doc);
                nlp.annotate(&mut doc);
                for s in &doc.sentences {
                    for i in s.token_range() {
                        let sx = doc.syntax.get(i).copied().unwrap_or_default();
                        let head = if sx.is_root() {
                            0
                        } else {
                            sx.head - s.tokens.start + 1
                        };
                        println!(
                            "{}\t{}\t{}\t{}\t{}\t_\t{}\t{}\t_\t_",
                            i as u32 - s.tokens.start + 1,
                            doc.token_text(i),
                            doc.lemma(i),
                            sx.upos.as_str(),
                            sx.xpos_str(),
                            head,
                            sx.deprel.as_str()
                        );
                    }
                    println!();
                }
            }
        }
        "classes" => {
            let wc = headwater_nlp::clusters::WordClusters::load_from(&models)?;
            for w in args.iter().skip(1).filter(|a| !a.starts_with("--")) {
                println!("{w}\t{:?}", wc.classes(w));
            }
        }
        "bench" => {
            let dir = args
                .get(1)
                .filter(|a| !a.starts_with("--"))
                .map(PathBuf::from)
                .unwrap_or_else(|| default_shared_dir().join("corpora/bbc-news"));
            let rounds = arg(&args, "--rounds")
                .map(|r| r.parse())
                .transpose()?
                .unwrap_or(1);
            let nlp = NlpAnnotator::load_from(&models)?;
            let r = eval::bench(&nlp, &dir, rounds)?;
            println!(
                "bench: {} docs, {} tokens, {:.3}s wall tag+parse, {:.0} tokens/s wall; {:.3}s CPU, {:.0} tokens/CPU-s (1 thread)",
                r.documents, r.tokens, r.seconds, r.tokens_per_sec, r.cpu_seconds, r.tokens_per_cpu_sec
            );
        }
        _ => {
            eprintln!("usage: nlp train|eval tagger|parser, nlp parse [--pretokenized] FILE, nlp bench [DIR]");
        }
    }
    Ok(())
}
