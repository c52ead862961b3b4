//! Reproducible training: fixed seed, sorted file order, no hash-map iteration order in any
//! output. Training data: UD EWT train plus all GUM documents (`GUM_*.conllu`; the GENTLE
//! out-of-domain test files are left out). Tuning uses EWT dev only.

use crate::conllu::{read_conllu, ConllSentence};
use crate::eval::{eval_parser, eval_tagger};
use crate::{parser, tagger, NlpError, Parser, Tagger};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Pruning thresholds tried in order (quantized units; the largest weight is 8000).
const PRUNE_STEPS: [i32; 18] = [
    1, 16, 32, 48, 64, 72, 80, 88, 96, 112, 128, 160, 192, 256, 384, 512, 768, 1024,
];

/// Training settings.
#[derive(Clone, Debug)]
pub struct TrainOptions {
    /// The `shared` folder holding `corpora/ud-ewt` and `corpora/gum`.
    pub shared: PathBuf,
    /// Where `tagger.bin` / `parser.bin` are written (and `tagger.bin` read by the parser's
    /// dev evaluation).
    pub out_dir: PathBuf,
    pub tagger_epochs: usize,
    pub parser_epochs: usize,
    /// Folds for jack-knifed training tags of the parser.
    pub folds: usize,
    pub seed: u64,
    /// Size budget of `tagger.bin`: the smallest weights are pruned until it fits.
    pub tagger_max_bytes: usize,
    /// Size budget of `parser.bin`.
    pub parser_max_bytes: usize,
    /// Print per-epoch dev scores to stderr.
    pub verbose: bool,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            shared: default_shared_dir(),
            out_dir: PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../models")),
            tagger_epochs: 8,
            parser_epochs: 10,
            folds: 4,
            seed: 7,
            tagger_max_bytes: 6_000_000,
            parser_max_bytes: 12_000_000,
            verbose: true,
        }
    }
}

/// `HEADWATER_SHARED`, else `../shared` next to the workspace.
pub fn default_shared_dir() -> PathBuf {
    std::env::var_os("HEADWATER_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")))
}

/// What a training run did.
#[derive(Clone, Debug, Default)]
pub struct TrainReport {
    pub sentences: usize,
    pub words: usize,
    /// Per-epoch dev scores: (UPOS, XPOS) for the tagger, (UAS, LAS) for the parser.
    pub dev_curve: Vec<(f64, f64)>,
    pub model_path: PathBuf,
    pub model_bytes: usize,
    pub n_weights: usize,
    pub seconds: f64,
}

/// Paths of the EWT split files.
pub fn ewt_path(shared: &Path, split: &str) -> PathBuf {
    shared
        .join("corpora/ud-ewt")
        .join(format!("en_ewt-ud-{split}.conllu"))
}

/// EWT train followed by every `GUM_*.conllu` in sorted order.
pub fn load_training(shared: &Path) -> Result<Vec<ConllSentence>, NlpError> {
    let ewt = ewt_path(shared, "train");
    if !ewt.is_file() {
        return Err(NlpError::MissingData(ewt.display().to_string()));
    }
    let mut sents = read_conllu(&ewt)?;
    for f in gum_files(shared)? {
        sents.extend(read_conllu(&f)?);
    }
    Ok(sents)
}

/// Every `GUM_*.conllu` under `corpora/gum/dep`, sorted (the GENTLE test files are left out).
pub(crate) fn gum_files(shared: &Path) -> Result<Vec<PathBuf>, NlpError> {
    let gum = shared.join("corpora/gum/dep");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&gum)
        .map_err(|e| NlpError::Io {
            path: gum.display().to_string(),
            source: e,
        })?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("GUM_") && n.ends_with(".conllu"))
        })
        .collect();
    files.sort();
    Ok(files)
}

fn write_model(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, NlpError> {
    std::fs::create_dir_all(dir).map_err(|e| NlpError::Io {
        path: dir.display().to_string(),
        source: e,
    })?;
    let path = dir.join(name);
    std::fs::write(&path, bytes).map_err(|e| NlpError::Io {
        path: path.display().to_string(),
        source: e,
    })?;
    Ok(path)
}

fn words(s: &[ConllSentence]) -> usize {
    s.iter().map(|s| s.words.len()).sum()
}

/// Learns the word classes from unlabelled text and writes `clusters.bin` into `opts.out_dir`
/// (see [`crate::clusters`]).
pub fn train_clusters(opts: &TrainOptions) -> Result<TrainReport, NlpError> {
    let t0 = Instant::now();
    let corpus = crate::clusters::load_unlabelled(&opts.shared)?;
    if opts.verbose {
        eprintln!(
            "clusters: {} sentences, {} words of unlabelled text",
            corpus.sentences(),
            corpus.tokens()
        );
    }
    let wc = corpus.cluster(CLUSTER_MIN_COUNT, CLUSTER_PASSES);
    let bytes = wc.to_bytes();
    let path = opts.out_dir.join("clusters.bin");
    std::fs::write(&path, &bytes).map_err(|e| NlpError::Io {
        path: path.display().to_string(),
        source: e,
    })?;
    Ok(TrainReport {
        sentences: corpus.sentences(),
        words: corpus.tokens(),
        dev_curve: Vec::new(),
        model_path: path,
        model_bytes: bytes.len(),
        n_weights: wc.len(),
        seconds: t0.elapsed().as_secs_f64(),
    })
}

/// Words seen fewer times get no class (their contexts are too few to place them).
const CLUSTER_MIN_COUNT: u64 = 3;
/// Exchange passes; later passes move few words.
const CLUSTER_PASSES: usize = 12;

/// Trains the tagger and lemmatizer and writes `tagger.bin` into `opts.out_dir`.
pub fn train_tagger(opts: &TrainOptions) -> Result<TrainReport, NlpError> {
    let t0 = Instant::now();
    let train = load_training(&opts.shared)?;
    let dev = read_conllu(&ewt_path(&opts.shared, "dev"))?;
    let mut curve = Vec::new();
    let (t, p) = tagger::train(&train, opts.tagger_epochs, opts.seed, |e, t| {
        let s = eval_tagger(t, &dev);
        if opts.verbose {
            eprintln!(
                "tagger epoch {e}: dev UPOS {:.4} XPOS {:.4} lemma {:.4} ({:.0}s)",
                s.upos,
                s.xpos,
                s.lemma,
                t0.elapsed().as_secs_f64()
            );
        }
        curve.push((s.upos, s.xpos));
    });
    let mut t = t;
    let mut bytes = t.to_bytes();
    for min_q in PRUNE_STEPS {
        t = t.with_model(p.freeze(min_q));
        bytes = t.to_bytes();
        if bytes.len() > opts.tagger_max_bytes {
            if opts.verbose {
                eprintln!(
                    "tagger prune |q|>={min_q}: {} bytes, over budget",
                    bytes.len()
                );
            }
            continue;
        }
        let s = eval_tagger(&t, &dev);
        if opts.verbose {
            eprintln!(
                "tagger prune |q|>={min_q}: {} weights, {} bytes, dev UPOS {:.4} XPOS {:.4}",
                t.n_weights(),
                bytes.len(),
                s.upos,
                s.xpos
            );
        }
        if bytes.len() <= opts.tagger_max_bytes {
            break;
        }
    }
    let path = write_model(&opts.out_dir, "tagger.bin", &bytes)?;
    Ok(TrainReport {
        sentences: train.len(),
        words: words(&train),
        dev_curve: curve,
        model_path: path,
        model_bytes: bytes.len(),
        n_weights: t.n_weights(),
        seconds: t0.elapsed().as_secs_f64(),
    })
}

/// Jack-knifed XPOS tags for `train`: each fold tagged by a tagger trained on the others.
fn jackknife(train: &[ConllSentence], opts: &TrainOptions) -> Vec<Vec<u8>> {
    let k = opts.folds.max(2);
    let mut tags: Vec<Vec<u8>> = vec![Vec::new(); train.len()];
    for fold in 0..k {
        let rest: Vec<ConllSentence> = train
            .iter()
            .enumerate()
            .filter(|(i, _)| i % k != fold)
            .map(|(_, s)| s.clone())
            .collect();
        let (t, _) = tagger::train(
            &rest,
            opts.tagger_epochs,
            opts.seed + fold as u64,
            |_, _| {},
        );
        let mut held: Vec<ConllSentence> = train
            .iter()
            .enumerate()
            .filter(|(i, _)| i % k == fold)
            .map(|(_, s)| s.clone())
            .collect();
        crate::tag_conllu(&t, &mut held);
        let idx = (0..train.len()).filter(|i| i % k == fold);
        for (i, s) in idx.zip(held) {
            tags[i] = s.words.iter().map(|w| w.xpos).collect();
        }
        if opts.verbose {
            eprintln!("jack-knife fold {fold} done");
        }
    }
    tags
}

/// Trains the parser on jack-knifed tags and writes `parser.bin` into `opts.out_dir`. Dev
/// scores use `out_dir/tagger.bin` (trained first when missing).
pub fn train_parser(opts: &TrainOptions) -> Result<TrainReport, NlpError> {
    let t0 = Instant::now();
    let train = load_training(&opts.shared)?;
    let dev = read_conllu(&ewt_path(&opts.shared, "dev"))?;
    let tagger = match Tagger::load_from(&opts.out_dir) {
        Ok(t) => t,
        Err(_) => {
            train_tagger(opts)?;
            Tagger::load_from(&opts.out_dir)?
        }
    };
    let tags = jackknife(&train, opts);
    let data = parser::prepare(&train, &tags);
    let mut curve = Vec::new();
    let (p, perc) = parser::train(&data, opts.parser_epochs, opts.seed, |e, p| {
        let s = eval_parser(&tagger, p, &dev);
        if opts.verbose {
            eprintln!(
                "parser epoch {e}: dev UAS {:.4} LAS {:.4} ({:.0}s)",
                s.uas,
                s.las,
                t0.elapsed().as_secs_f64()
            );
        }
        curve.push((s.uas, s.las));
    });
    let mut p: Parser = p;
    let mut bytes = p.to_bytes();
    for min_q in PRUNE_STEPS {
        p = p.with_model(perc.freeze(min_q));
        bytes = p.to_bytes();
        if bytes.len() > opts.parser_max_bytes {
            if opts.verbose {
                eprintln!(
                    "parser prune |q|>={min_q}: {} bytes, over budget",
                    bytes.len()
                );
            }
            continue;
        }
        let s = eval_parser(&tagger, &p, &dev);
        if opts.verbose {
            eprintln!(
                "parser prune |q|>={min_q}: {} weights, {} bytes, dev UAS {:.4} LAS {:.4}",
                p.n_weights(),
                bytes.len(),
                s.uas,
                s.las
            );
        }
        if bytes.len() <= opts.parser_max_bytes {
            break;
        }
    }
    let path = write_model(&opts.out_dir, "parser.bin", &bytes)?;
    Ok(TrainReport {
        sentences: train.len(),
        words: words(&train),
        dev_curve: curve,
        model_path: path,
        model_bytes: bytes.len(),
        n_weights: p.n_weights(),
        seconds: t0.elapsed().as_secs_f64(),
    })
}
