//! Train, evaluate and run the NER model.
//!
//! ```text
//! cargo run -p headwater-ner --release --example ner -- train [--holdout] [--no-pos] [--no-gum] [--epochs N] [--uner-weight K] [--lower-uner L] [--rare R] [--bits B] [--seed S] [--out models/ner.bin]
//!     [--self-train [--self-agree] [--self-entities] [--self-every N]] [--gum-skip PREFIX,…]   # experiments, off by default
//! cargo run -p headwater-ner --release --example ner -- cv [same options] [--reuse DIR]   # 5-fold CV over UNER dev
//! cargo run -p headwater-ner --release --example ner -- errors [FILE.iob2] [--fold F] [--model M] [--all]
//! cargo run -p headwater-ner --release --example ner -- bench [DIR] [--no-syntax]   # NER-stage speed on BBC News
//! cargo run -p headwater-ner --release --example ner -- dump-gum [--n N]            # GUM chunks, by eye
//! cargo run -p headwater-ner --release --example ner -- eval [FILE.iob2]      # default: UNER EWT test
//! cargo run -p headwater-ner --release --example ner -- tag --pretokenized --format iob2 FILE.iob2
//! cargo run -p headwater-ner --release --example ner -- tag FILE.txt         # raw text
//! ```
use headwater_doc::{Annotator, Document};
use headwater_ner::{eval_uner, tag_iob2, train_ner, NerAnnotator, Options};
use std::path::{Path, PathBuf};

fn shared_dir() -> PathBuf {
    std::env::var_os("HEADWATER_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let cmd = args.first().map(|s| s.as_str()).unwrap_or("");
    let flag = |name: &str| args.iter().any(|a| a == name);
    let value = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let positional: Vec<&String> = args
        .iter()
        .skip(1)
        .enumerate()
        .filter(|(i, a)| {
            !a.starts_with("--")
                && !args.get(*i).is_some_and(|p| {
                    matches!(
                        p.as_str(),
                        "--epochs"
                            | "--uner-weight"
                            | "--bits"
                            | "--out"
                            | "--format"
                            | "--seed"
                            | "--rare"
                            | "--n"
                            | "--rounds"
                            | "--fold"
                            | "--model"
                            | "--self-every"
                            | "--bias"
                            | "--doc-folds"
                            | "--ensemble"
                            | "--lower-uner"
                            | "--reuse"
                            | "--gum-skip"
                    )
                })
        })
        .map(|(_, a)| a)
        .collect();
    let options = |out: PathBuf| -> Result<Options, Box<dyn std::error::Error>> {
        let mut opts = Options::with_shared(&shared_dir(), out);
        opts.holdout = flag("--holdout");
        if let Some(v) = value("--epochs") {
            opts.epochs = v.parse()?;
        }
        if let Some(v) = value("--uner-weight") {
            opts.uner_weight = v.parse()?;
        }
        if let Some(v) = value("--bits") {
            opts.bits = v.parse()?;
        }
        if let Some(v) = value("--rare") {
            opts.rare = v.parse()?;
        }
        if let Some(v) = value("--seed") {
            opts.seed = v.parse()?;
        }
        if let Some(v) = value("--fold") {
            opts.fold = v.parse()?;
        }
        if flag("--no-pos") {
            opts.pos = false;
        }
        if flag("--no-capr") {
            opts.capr_from = None;
        }
        if flag("--no-gum") {
            opts.gum_dir = None;
        }
        if flag("--no-doc") {
            opts.doc_pass = false;
        }
        if flag("--no-case") {
            opts.doc_case = false;
        }
        if flag("--dual") {
            opts.doc_dual = true;
        }
        if let Some(v) = value("--lower-uner") {
            opts.lower_uner = v.parse()?;
        }
        if let Some(v) = value("--ensemble") {
            opts.ensemble = v.parse()?;
        }
        if let Some(v) = value("--doc-folds") {
            opts.doc_folds = v.parse()?;
        }
        if flag("--no-clusters") {
            opts.clusters = false;
        }
        if flag("--self-train") {
            opts.self_train = Some(shared_dir().join("corpora/ud-ewt/en_ewt-ud-train.conllu"));
        }
        if let Some(v) = value("--bias") {
            // PER,ORG,LOC
            for (slot, x) in opts.chunk_bias.iter_mut().zip(v.split(',')) {
                *slot = x.parse()?;
            }
        }
        if let Some(v) = value("--gum-skip") {
            opts.gum_skip = v.split(',').map(String::from).collect();
        }
        if flag("--self-agree") {
            opts.self_train_agree = true;
        }
        if flag("--self-entities") {
            opts.self_train_entities = true;
        }
        if let Some(v) = value("--self-every") {
            opts.self_train_every = v.parse()?;
        }
        Ok(opts)
    };
    match cmd {
        "cv" => {
            // Five-fold cross-validation over UNER dev (each fold holds out the documents that
            // start in every fifth block of 50 sentences, at a different offset); pooled scores, for tuning with less noise than
            // the one held-out part gives.
            let mut pooled = headwater_ner::NerReport::default();
            // `--reuse DIR`: score the fold models an earlier run left in DIR instead of
            // training (for changes to the rules after the tagger).
            if let Some(dir) = value("--reuse") {
                let all = headwater_ner::corpus::read_iob2(
                    &shared_dir().join("corpora/uner-ewt/en_ewt-ud-dev.iob2"),
                )?;
                for fold in 0..5 {
                    let held = headwater_ner::train::split_fold(all.clone(), fold).1;
                    let ner = NerAnnotator::from_path(
                        &Path::new(&dir).join(format!("hw-ner-cv{fold}.bin")),
                    )?;
                    let r = headwater_ner::train::evaluate(&ner, &held);
                    println!("fold {fold}: {}", r.overall);
                    pooled.add(&r);
                }
                println!("pooled\n{pooled}");
                return Ok(());
            }
            for fold in 0..5 {
                let mut opts = options(std::env::temp_dir().join(format!("hw-ner-cv{fold}.bin")))?;
                opts.holdout = true;
                opts.fold = fold;
                let r = train_ner(&opts)?;
                println!("fold {fold}: {}", r.heldout.overall);
                pooled.add(&r.heldout);
            }
            println!("pooled\n{pooled}");
        }
        "train" => {
            let out = value("--out")
                .map(PathBuf::from)
                .unwrap_or_else(|| workspace().join("models/ner.bin"));
            let mut opts = options(out)?;
            opts.holdout = flag("--holdout");
            let t = std::time::Instant::now();
            let r = train_ner(&opts)?;
            println!(
                "trained on {} sentences ({} self-labelled) / {} tokens in {:.1}s; model {} bytes -> {}",
                r.train_sentences,
                r.pseudo_sentences,
                r.train_tokens,
                t.elapsed().as_secs_f64(),
                r.model_bytes,
                opts.out.display()
            );
            if !r.heldout_f1.is_empty() {
                println!(
                    "held-out ({} sentences) F1 per epoch: {:?}",
                    r.heldout_sentences, r.heldout_f1
                );
            }
        }
        "dump-gum" => {
            // Shows the named chunks read from GUM, to check the conversion by eye.
            let dir = shared_dir().join("corpora/gum/dep");
            for s in headwater_ner::corpus::read_gum_dir(&dir)?
                .iter()
                .take(value("--n").and_then(|v| v.parse().ok()).unwrap_or(200))
            {
                let mut line = String::new();
                for (i, w) in s.words.iter().enumerate() {
                    for &(a, _, c) in &s.spans {
                        if a == i {
                            line.push('[');
                            line.push_str(c.as_str());
                            line.push(' ');
                        }
                    }
                    line.push_str(w);
                    for &(_, b, _) in &s.spans {
                        if b == i + 1 {
                            line.push(']');
                        }
                    }
                    line.push(' ');
                }
                println!("{line}");
            }
        }
        "bench" => {
            // NER stage alone over BBC News texts, after tokenization and the NLP stage (as in
            // the pipeline); one thread.
            let dir = positional
                .first()
                .map(PathBuf::from)
                .unwrap_or_else(|| shared_dir().join("corpora/bbc-news"));
            let mut files = Vec::new();
            let mut stack = vec![dir];
            while let Some(d) = stack.pop() {
                for e in std::fs::read_dir(&d)?.flatten() {
                    let p = e.path();
                    if p.is_dir() {
                        stack.push(p);
                    } else if p.extension().is_some_and(|x| x == "txt") {
                        files.push(p);
                    }
                }
            }
            files.sort();
            let nlp = headwater_nlp::NlpAnnotator::load()?;
            let mut docs = Vec::new();
            for f in &files {
                let bytes = std::fs::read(f)?;
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let mut doc = Document::new(f.display().to_string(), text);
                headwater_text::TextAnnotator.annotate(&mut doc);
                if !flag("--no-syntax") {
                    nlp.annotate(&mut doc);
                }
                docs.push(doc);
            }
            let with_syntax = docs.iter().filter(|d| !d.syntax.is_empty()).count();
            let tokens: usize = docs.iter().map(|d| d.tokens.len()).sum();
            let ner = NerAnnotator::try_load()?;
            let rounds: usize = value("--rounds").and_then(|v| v.parse().ok()).unwrap_or(3);
            let mut best = f64::MAX;
            let mut mentions = 0;
            for _ in 0..rounds {
                let t = std::time::Instant::now();
                mentions = 0;
                for d in docs.iter_mut() {
                    ner.annotate(d);
                    mentions += d.mentions.len();
                }
                best = best.min(t.elapsed().as_secs_f64());
            }
            println!(
                "{} docs ({} with syntax), {} tokens, {} mentions; NER best of {}: {:.3}s = {:.0} tokens/s",
                docs.len(),
                with_syntax,
                tokens,
                mentions,
                rounds,
                best,
                tokens as f64 / best
            );
        }
        "errors" => {
            // Held-out (or whole-file) gold vs predicted chunks, one line per sentence with an
            // error, for error analysis: `errors [FILE.iob2] [--all]`.
            let path = positional
                .first()
                .map(PathBuf::from)
                .unwrap_or_else(|| shared_dir().join("corpora/uner-ewt/en_ewt-ud-dev.iob2"));
            let all = headwater_ner::corpus::read_iob2(&path)?;
            let fold = value("--fold").and_then(|v| v.parse().ok()).unwrap_or(4);
            let gold = if flag("--all") {
                all
            } else {
                headwater_ner::train::split_fold(all, fold).1
            };
            let ner = match value("--model") {
                Some(m) => NerAnnotator::from_path(Path::new(&m))?,
                None => NerAnnotator::try_load()?,
            };
            let pos = headwater_ner::pos::PosTagger::load();
            let mut scratch = headwater_ner::Scratch::default();
            let (mut buf, mut preds) = (Vec::new(), Vec::new());
            for doc in gold.chunk_by(|a, b| a.doc == b.doc) {
                let sentences: Vec<Vec<&str>> = doc
                    .iter()
                    .map(|s| s.words.iter().map(|w| w.as_str()).collect())
                    .collect();
                headwater_ner::train::predict_uner_doc(
                    &ner,
                    pos.as_ref(),
                    &sentences,
                    &mut scratch,
                    &mut buf,
                    &mut preds,
                );
                for ((s, words), pred) in doc.iter().zip(&sentences).zip(&preds) {
                    let show = |x: &(usize, usize, headwater_ner::model::Class)| {
                        format!(
                            "{}:{}",
                            x.2.as_str(),
                            words.get(x.0..x.1).map(|w| w.join(" ")).unwrap_or_default()
                        )
                    };
                    let fnl: Vec<String> = s
                        .spans
                        .iter()
                        .filter(|g| !pred.contains(g))
                        .map(show)
                        .collect();
                    let fpl: Vec<String> = pred
                        .iter()
                        .filter(|p| !s.spans.contains(p))
                        .map(show)
                        .collect();
                    if !fnl.is_empty() || !fpl.is_empty() {
                        println!("S {}", words.join(" "));
                        for g in &fnl {
                            println!("  MISS {g}");
                        }
                        for p in &fpl {
                            println!("  FP   {p}");
                        }
                    }
                }
            }
        }
        "eval" => {
            let path = positional
                .first()
                .map(PathBuf::from)
                .unwrap_or_else(|| shared_dir().join("corpora/uner-ewt/en_ewt-ud-test.iob2"));
            let r = eval_uner(&path)?;
            println!("{}\n{r}", path.display());
        }
        "tag" => {
            let Some(path) = positional.first() else {
                return Err("tag needs a file".into());
            };
            let text = std::fs::read_to_string(path)?;
            let ner = NerAnnotator::try_load()?;
            if flag("--pretokenized") || value("--format").as_deref() == Some("iob2") {
                print!("{}", tag_iob2(&ner, &text));
            } else {
                let mut doc = Document::new(path.as_str(), text);
                headwater_text::TextAnnotator.annotate(&mut doc);
                ner.annotate(&mut doc);
                for (i, e) in doc.entities.iter().enumerate() {
                    println!(
                        "e{} {:<7} {:<30} aliases {:?} mentions {}",
                        i + 1,
                        e.label.as_str(),
                        e.name,
                        e.aliases,
                        e.mentions.len()
                    );
                }
            }
        }
        _ => {
            eprintln!("usage: ner train [--holdout] [--epochs N] | eval [FILE.iob2] | tag [--pretokenized --format iob2] FILE");
            std::process::exit(2);
        }
    }
    Ok(())
}
