//! Training, evaluation on UNER, and the IOB2 round trip.

use crate::clusters::WordClusters;
use crate::corpus::{self, GoldSentence};
use crate::features::TokInfo;
use crate::model::{spans_to_tags, Class, Model, Trainer};
use crate::pos::PosTagger;
use crate::{NerAnnotator, NerError, Scratch};
use headwater_doc::EntityLabel;
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// Training settings.
#[derive(Clone, Debug)]
pub struct Options {
    /// GUM `dep/` folder (`None` to leave GUM out).
    pub gum_dir: Option<PathBuf>,
    /// GUM files left out: those whose name starts with one of these (`GUM_fiction`).
    pub gum_skip: Vec<String>,
    /// UNER EWT dev file (`None` to leave it out).
    pub uner_dev: Option<PathBuf>,
    /// Where the model is written.
    pub out: PathBuf,
    pub epochs: usize,
    /// Hash table size exponent (`2^bits` buckets × 13 tags, one byte each).
    pub bits: u32,
    pub seed: u64,
    /// How many times each UNER sentence counts per epoch (it matches the evaluation style).
    pub uner_weight: usize,
    /// Words seen at most this many times lose their identity features in training (0: off).
    pub rare: usize,
    /// Add UPOS features, predicted by the `headwater-nlp` tagger (loaded as that crate does).
    pub pos: bool,
    /// Folder holding `corpora/` for the unlabelled-text capitalisation table (`None`: no table).
    pub capr_from: Option<PathBuf>,
    /// UD EWT train (CoNLL-U; only its word forms and `# newdoc` lines are read) for
    /// self-training: its documents, labelled by a first model trained as usual (so in
    /// cross-validation without the held-out fold), join the data of a second model trained
    /// the same way (document features, jackknife, ensemble), each sentence counted once
    /// (`None`: off; it lowered cross-validated F1, see the crate docs).
    pub self_train: Option<PathBuf>,
    /// Added to the score of every PER, ORG, LOC chunk at decoding (chosen on UNER dev
    /// cross-validation): the averaged model over-predicts people and under-predicts
    /// organizations and places relative to UNER's conventions.
    pub chunk_bias: [f32; 3],
    /// Take the self-training documents whose number is a multiple of this.
    pub self_train_every: usize,
    /// Keep only the self-training sentences with at least one predicted chunk.
    pub self_train_entities: bool,
    /// Keep only the self-training sentences that a second first model (other training
    /// orders) labels the same way.
    pub self_train_agree: bool,
    /// Add word-class features from `headwater-nlp`'s cluster file (when one is available;
    /// needs `pos` and `capr_from`).
    pub clusters: bool,
    /// Keep one fifth of UNER dev aside, by whole documents ([`split_fold`]), and report scores on it per epoch.
    pub holdout: bool,
    /// Train for the document-aware second pass: the first-pass labels come from models that
    /// did not see the document (`doc_folds`-fold jackknife over documents).
    pub doc_pass: bool,
    /// Add document casing features ([`crate::features::doc_casing`]).
    pub doc_case: bool,
    /// Models trained with seeds `seed`, `seed + 1`… whose weights are averaged (1: one model).
    pub ensemble: usize,
    /// Folds of that jackknife.
    pub doc_folds: usize,
    /// Sentences with document evidence also join training without it, so the one table
    /// serves the first pass as well as the second.
    pub doc_dual: bool,
    /// Which block of five is held out (4 is the standard held-out part; 0–3 give the other
    /// folds of a cross-validation over UNER dev).
    pub fold: usize,
    /// Each UNER training document also joins this many times written all in lowercase (as
    /// much web text is), as a document of its own.
    pub lower_uner: usize,
}

impl Options {
    /// Defaults with corpora under `shared` (the folder holding `corpora/`).
    pub fn with_shared(shared: &Path, out: PathBuf) -> Options {
        Options {
            gum_dir: Some(shared.join("corpora/gum/dep")),
            gum_skip: Vec::new(),
            uner_dev: Some(shared.join("corpora/uner-ewt/en_ewt-ud-dev.iob2")),
            out,
            epochs: 4,
            bits: 18,
            seed: 7,
            uner_weight: 8,
            holdout: false,
            fold: 4,
            doc_pass: true,
            doc_folds: 4,
            ensemble: 3,
            doc_case: true,
            doc_dual: false,
            clusters: true,
            self_train: None,
            self_train_every: 1,
            self_train_entities: false,
            self_train_agree: false,
            chunk_bias: [-0.5, 0.5, 0.0],
            capr_from: Some(shared.to_path_buf()),
            rare: 1,
            pos: true,
            lower_uner: 4,
        }
    }
}

/// Precision, recall and F1 with the counts behind them.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Prf {
    pub tp: usize,
    pub predicted: usize,
    pub gold: usize,
}

impl Prf {
    pub fn precision(&self) -> f64 {
        self.tp as f64 / self.predicted.max(1) as f64
    }
    pub fn recall(&self) -> f64 {
        self.tp as f64 / self.gold.max(1) as f64
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, o: Prf) {
        self.tp += o.tp;
        self.predicted += o.predicted;
        self.gold += o.gold;
    }
}

impl std::fmt::Display for Prf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "P {:.4} R {:.4} F1 {:.4} (tp {} pred {} gold {})",
            self.precision(),
            self.recall(),
            self.f1(),
            self.tp,
            self.predicted,
            self.gold
        )
    }
}

/// Scores on a UNER-style file: overall and per class (PER, ORG, LOC).
#[derive(Clone, Debug, Default)]
pub struct NerReport {
    pub overall: Prf,
    pub per_class: [Prf; 3],
    pub sentences: usize,
    pub tokens: usize,
    /// Tokens per second of tagging (words already split), one thread.
    pub tokens_per_sec: f64,
}

impl NerReport {
    /// Pools another report's counts into this one (cross-validation folds).
    pub fn add(&mut self, o: &NerReport) {
        self.overall.add(o.overall);
        for (a, b) in self.per_class.iter_mut().zip(o.per_class.iter()) {
            a.add(*b);
        }
        self.sentences += o.sentences;
        self.tokens += o.tokens;
    }
}

impl std::fmt::Display for NerReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "sentences {} tokens {}", self.sentences, self.tokens)?;
        writeln!(f, "overall  {}", self.overall)?;
        for (c, p) in Class::ALL.iter().zip(&self.per_class) {
            writeln!(f, "{:<8} {}", c.as_str(), p)?;
        }
        write!(f, "speed    {:.0} tokens/s", self.tokens_per_sec)
    }
}

/// What training did.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub train_sentences: usize,
    pub train_tokens: usize,
    pub heldout_sentences: usize,
    /// Held-out F1 after each epoch (empty without `holdout`).
    pub heldout_f1: Vec<f64>,
    /// Held-out scores after the last epoch (empty without `holdout`).
    pub heldout: NerReport,
    pub model_bytes: usize,
    /// Self-training sentences (labelled by the first model) in the final model's data.
    pub pseudo_sentences: usize,
}

/// Maps a contract label to the UNER class (NORP and DATE have none).
pub fn uner_class(label: EntityLabel) -> Option<Class> {
    match label {
        EntityLabel::Person => Some(Class::Per),
        EntityLabel::Org | EntityLabel::Media => Some(Class::Org),
        EntityLabel::Gpe | EntityLabel::Loc => Some(Class::Loc),
        _ => None,
    }
}

/// Predicts UNER chunks for one sentence of words (`buf` and `scratch` are reusable buffers).
pub fn predict_uner(
    ner: &NerAnnotator,
    pos: Option<&PosTagger>,
    words: &[&str],
    scratch: &mut Scratch,
    buf: &mut Vec<(usize, usize, EntityLabel)>,
    out: &mut Vec<(usize, usize, Class)>,
) {
    let mut preds = Vec::new();
    predict_uner_doc(ner, pos, &[words.to_vec()], scratch, buf, &mut preds);
    out.clear();
    if let Some(p) = preds.pop() {
        *out = p;
    }
}

/// Predicts UNER chunks for the sentences of one document, together (the document pass sees
/// all of them): one chunk list per sentence, in sentence word indices, into `out`.
pub fn predict_uner_doc(
    ner: &NerAnnotator,
    pos: Option<&PosTagger>,
    sentences: &[Vec<&str>],
    scratch: &mut Scratch,
    buf: &mut Vec<(usize, usize, EntityLabel)>,
    out: &mut Vec<Vec<(usize, usize, Class)>>,
) {
    let mut words: Vec<&str> = Vec::new();
    let mut up = Vec::new();
    let mut sent_up = Vec::new();
    let mut bounds = Vec::new();
    for ws in sentences {
        let start = words.len();
        words.extend(ws.iter().copied());
        bounds.push(start..words.len());
        if let Some(p) = pos {
            p.upos_into(ws, &mut scratch.pos, &mut sent_up);
            up.extend(sent_up.iter().copied());
        }
    }
    buf.clear();
    ner.label_sentences(&words, &up, &bounds, scratch, buf);
    out.clear();
    out.resize(sentences.len(), Vec::new());
    for &(s, e, l) in buf.iter() {
        let Some(c) = uner_class(l) else { continue };
        // Mentions never cross sentences: find the sentence holding the start.
        let k = bounds.partition_point(|r| r.end <= s);
        if let (Some(r), Some(dst)) = (bounds.get(k), out.get_mut(k)) {
            dst.push((s - r.start, e.min(r.end) - r.start, c));
        }
    }
}

/// Exact span + type scores of `ner` on gold sentences (consecutive sentences of one document
/// are labelled together).
pub fn evaluate(ner: &NerAnnotator, gold: &[GoldSentence]) -> NerReport {
    let mut rep = NerReport {
        sentences: gold.len(),
        ..NerReport::default()
    };
    let mut scratch = Scratch::default();
    let mut buf = Vec::new();
    let mut preds = Vec::new();
    let pos = if ner.uses_pos() {
        PosTagger::load()
    } else {
        None
    };
    let start = std::time::Instant::now();
    for docs in gold.chunk_by(|a, b| a.doc == b.doc) {
        let sentences: Vec<Vec<&str>> = docs
            .iter()
            .map(|s| s.words.iter().map(|w| w.as_str()).collect())
            .collect();
        predict_uner_doc(
            ner,
            pos.as_ref(),
            &sentences,
            &mut scratch,
            &mut buf,
            &mut preds,
        );
        for (s, pred) in docs.iter().zip(&preds) {
            rep.tokens += s.words.len();
            for (k, c) in Class::ALL.iter().enumerate() {
                let g: Vec<_> = s.spans.iter().filter(|x| x.2 == *c).collect();
                let p: Vec<_> = pred.iter().filter(|x| x.2 == *c).collect();
                let tp = p.iter().filter(|x| g.contains(x)).count();
                let prf = Prf {
                    tp,
                    predicted: p.len(),
                    gold: g.len(),
                };
                if let Some(slot) = rep.per_class.get_mut(k) {
                    slot.add(prf);
                }
                rep.overall.add(prf);
            }
        }
    }
    let secs = start.elapsed().as_secs_f64().max(1e-9);
    rep.tokens_per_sec = rep.tokens as f64 / secs;
    rep
}

/// Evaluates the default model ([`NerAnnotator::try_load`]) on a UNER IOB2 file (use the test
/// file only for final numbers).
pub fn eval_uner(test_path: &Path) -> Result<NerReport, NerError> {
    let ner = NerAnnotator::try_load()?;
    let gold = corpus::read_iob2(test_path)?;
    Ok(evaluate(&ner, &gold))
}

/// Re-tags UNER-format IOB2 text: every token line keeps its columns except the third, which gets
/// the predicted tag (`B-PER`, `I-ORG`, `O`…); comments and blank lines pass through unchanged.
/// Sentences are labelled a document at a time (a `# newdoc` comment opens one; without any,
/// every sentence is its own), as [`evaluate`] does, so that the document pass sees how the
/// document writes each name elsewhere and this output scores what `headwater eval ner` reports.
pub fn tag_iob2(ner: &NerAnnotator, input: &str) -> String {
    let pos = if ner.uses_pos() {
        PosTagger::load()
    } else {
        None
    };
    // Sentence blocks (comment and token lines) and the blank lines between them, in order.
    let mut items: Vec<Result<Vec<&str>, &str>> = Vec::new();
    let mut block: Vec<&str> = Vec::new();
    for line in input.lines() {
        if line.trim().is_empty() {
            if !block.is_empty() {
                items.push(Ok(std::mem::take(&mut block)));
            }
            items.push(Err(line));
        } else {
            block.push(line);
        }
    }
    if !block.is_empty() {
        items.push(Ok(block));
    }
    let blocks: Vec<&[&str]> = items
        .iter()
        .filter_map(|i| i.as_ref().ok().map(|b| b.as_slice()))
        .collect();
    let words_of = |b: &[&str]| -> Vec<String> {
        b.iter()
            .filter(|l| !l.starts_with('#'))
            .map(|l| l.split('\t').nth(1).unwrap_or("").to_string())
            .collect()
    };
    let opens_doc = |b: &[&str]| b.iter().any(|l| l.starts_with("# newdoc"));
    let any_newdoc = blocks.iter().any(|b| opens_doc(b));
    let (mut scratch, mut buf, mut preds) = (Scratch::default(), Vec::new(), Vec::new());
    let mut tags: Vec<Vec<String>> = Vec::with_capacity(blocks.len());
    let mut start = 0;
    while start < blocks.len() {
        let mut end = start + 1;
        while any_newdoc && blocks.get(end).is_some_and(|b| !opens_doc(b)) {
            end += 1;
        }
        let owned: Vec<Vec<String>> = blocks
            .get(start..end)
            .unwrap_or(&[])
            .iter()
            .map(|b| words_of(b))
            .collect();
        let sentences: Vec<Vec<&str>> = owned
            .iter()
            .map(|ws| ws.iter().map(String::as_str).collect())
            .collect();
        predict_uner_doc(
            ner,
            pos.as_ref(),
            &sentences,
            &mut scratch,
            &mut buf,
            &mut preds,
        );
        for (k, ws) in sentences.iter().enumerate() {
            let mut t = vec![String::from("O"); ws.len()];
            for &(s, e, c) in preds.get(k).map(Vec::as_slice).unwrap_or(&[]) {
                for (j, x) in t.iter_mut().enumerate().take(e).skip(s) {
                    *x = format!("{}-{}", if j == s { "B" } else { "I" }, c.as_str());
                }
            }
            tags.push(t);
        }
        start = end;
    }
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    let mut sent_tags = tags.iter();
    for item in &items {
        let block = match item {
            Err(blank) => {
                out.push_str(blank);
                out.push('\n');
                continue;
            }
            Ok(block) => block,
        };
        let t = sent_tags.next().map(Vec::as_slice).unwrap_or(&[]);
        let mut wi = 0;
        for line in block {
            if line.starts_with('#') {
                out.push_str(line);
            } else {
                let cols: Vec<&str> = line.split('\t').collect();
                let tag = t.get(wi).map(|s| s.as_str()).unwrap_or("O");
                wi += 1;
                for (k, c) in cols.iter().enumerate() {
                    if k > 0 {
                        out.push('\t');
                    }
                    out.push_str(if k == 2 { tag } else { c });
                }
                if cols.len() < 3 {
                    for _ in cols.len()..2 {
                        out.push('\t');
                    }
                    out.push('\t');
                    out.push_str(tag);
                }
            }
            out.push('\n');
        }
    }
    out
}

#[derive(Clone)]
struct Prepared {
    toks: Vec<TokInfo>,
    gold: Vec<u8>,
    weight: u32,
    /// How many copies of this sentence the data holds (rare-word counts divide by it).
    weight_copies: usize,
    /// Document (unique over all training data) and distinct-sentence index (copies share it).
    doc: u32,
    sent: u32,
    /// A lowercased copy of another sentence: it does not count towards word frequencies.
    aug: bool,
}

fn prepare(
    s: &GoldSentence,
    weight: u32,
    pos: Option<&PosTagger>,
    capr: Option<&[u8]>,
    clusters: Option<&WordClusters>,
) -> Prepared {
    let mut toks: Vec<TokInfo> = s.words.iter().map(|w| TokInfo::new(w)).collect();
    if let Some(c) = capr {
        for t in &mut toks {
            t.capr = c
                .get(crate::distrib::capr_slot(t.lower))
                .copied()
                .unwrap_or(0);
        }
    }
    crate::features::mark_names(&s.words, &mut toks);
    if let Some(c) = clusters {
        for (t, w) in toks.iter_mut().zip(&s.words) {
            t.cl = crate::clusters::cluster_classes(c, w);
        }
    }
    if let Some(p) = pos {
        let words: Vec<&str> = s.words.iter().map(|w| w.as_str()).collect();
        let mut up = Vec::new();
        p.upos_into(&words, &mut crate::pos::PosScratch::default(), &mut up);
        for (t, u) in toks.iter_mut().zip(up) {
            t.upos = u;
        }
    }
    let mut gold = Vec::new();
    spans_to_tags(s.words.len(), &s.spans, &mut gold);
    Prepared {
        toks,
        gold,
        weight,
        weight_copies: 1,
        doc: 0,
        sent: 0,
        aug: false,
    }
}

fn xorshift(state: &mut u64) -> u64 {
    let mut x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    *state = x;
    x
}

/// Splits UNER dev sentences into (train, held-out) blocks.
pub fn split_holdout(all: Vec<GoldSentence>) -> (Vec<GoldSentence>, Vec<GoldSentence>) {
    split_fold(all, 4)
}

/// Splits UNER dev sentences into (train, held-out) by whole documents: a document is held
/// out when the block of 50 sentences its first sentence falls in has `(block) % 5 == fold`.
/// Whole documents, because a name a document repeats would otherwise sit on both sides of
/// the split and flatter the held-out score.
pub fn split_fold(all: Vec<GoldSentence>, fold: usize) -> (Vec<GoldSentence>, Vec<GoldSentence>) {
    let mut train = Vec::new();
    let mut held = Vec::new();
    let mut doc = None;
    let mut to_held = false;
    for (i, s) in all.into_iter().enumerate() {
        if doc != Some(s.doc) {
            doc = Some(s.doc);
            to_held = (i / 50) % 5 == fold;
        }
        if to_held {
            held.push(s);
        } else {
            train.push(s);
        }
    }
    (train, held)
}

/// Adds `bias[class]` to the chunk-opening tags (B and U) of each class in the always-on
/// feature's row, so every chunk of that class scores that much more (or less) at decoding.
fn add_chunk_bias(w: &mut [f32], bits: u32, bias: [f32; 3]) {
    let base = crate::features::bias_bucket(bits) as usize * crate::model::NTAGS;
    for (c, b) in Class::ALL.iter().zip(bias) {
        for pos in [crate::model::Bilou::B, crate::model::Bilou::U] {
            let t = crate::model::make_tag(pos, *c) as usize;
            if let Some(x) = w.get_mut(base + t) {
                *x += b;
            }
        }
    }
}

/// Runs the perceptron epochs over `data` and returns the averaged weights; with held-out
/// sentences, scores them after every epoch into `report`.
fn fit(
    opts: &Options,
    data: &[&Prepared],
    held: &[GoldSentence],
    encode: &dyn Fn(&[f32]) -> Vec<u8>,
    report: &mut Report,
) -> Result<Vec<f32>, NerError> {
    let mut trainer = Trainer::new(opts.bits);
    let mut lat = crate::model::Lattice::default();
    let mut pred = Vec::new();
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = opts.seed.max(1);
    report.heldout_f1.clear();
    for epoch in 0..opts.epochs {
        for i in (1..order.len()).rev() {
            let j = (xorshift(&mut rng) % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let mut wrong = 0;
        for &k in &order {
            if let Some(d) = data.get(k) {
                wrong += trainer.learn(&d.toks, &d.gold, d.weight, &mut lat, &mut pred);
            }
        }
        let mut line = format!("epoch {} errors {}", epoch + 1, wrong);
        if !held.is_empty() {
            let model = Model::from_bytes(Cow::Owned(encode(&trainer.averaged())))?;
            let r = evaluate(&NerAnnotator::from_model(Some(model)), held);
            report.heldout_f1.push(r.overall.f1());
            line.push_str(&format!(" held-out {}", r.overall));
            report.heldout = r;
        }
        eprintln!("{line}");
    }
    Ok(trainer.averaged())
}

/// Distinct sentences grouped by document: document order, sentence order inside.
fn documents(orig: &[Option<(u32, Vec<TokInfo>)>]) -> std::collections::BTreeMap<u32, Vec<usize>> {
    let mut docs: std::collections::BTreeMap<u32, Vec<usize>> = Default::default();
    for (i, o) in orig.iter().enumerate() {
        if let Some((doc, _)) = o {
            docs.entry(*doc).or_default().push(i);
        }
    }
    docs
}

/// Runs a document-level feature over every training document: the document's sentences are
/// joined with one `side` value per token, `apply` fills the feature in, and `get` reads it
/// back out per distinct sentence.
fn over_documents<S, R>(
    orig: &[Option<(u32, Vec<TokInfo>)>],
    side: impl Fn(usize, &[TokInfo], &mut Vec<S>),
    mut apply: impl FnMut(&mut [TokInfo], &[u64], &[S]),
    get: impl Fn(&TokInfo) -> R,
) -> Vec<Vec<R>> {
    let mut out: Vec<Vec<R>> = std::iter::repeat_with(Vec::new).take(orig.len()).collect();
    for sents in documents(orig).values() {
        let mut toks: Vec<TokInfo> = Vec::new();
        let mut sides: Vec<S> = Vec::new();
        for &i in sents {
            if let Some(Some((_, ts))) = orig.get(i) {
                toks.extend(ts.iter().copied());
                side(i, ts, &mut sides);
            }
        }
        let keys: Vec<u64> = toks.iter().map(|t| t.lower).collect();
        apply(&mut toks, &keys, &sides);
        let mut at = 0;
        for &i in sents {
            let n = orig
                .get(i)
                .and_then(|o| o.as_ref())
                .map_or(0, |(_, ts)| ts.len());
            if let Some(slot) = out.get_mut(i) {
                *slot = toks.iter().skip(at).take(n).map(&get).collect();
            }
            at += n;
        }
    }
    out
}

/// [`TokInfo::dc`] for every distinct training sentence, its document as context.
fn casing_by_document(orig: &[Option<(u32, Vec<TokInfo>)>]) -> Vec<Vec<u8>> {
    let mut counts = crate::features::DocCounts::default();
    over_documents(
        orig,
        |_, ts, initial: &mut Vec<bool>| initial.extend((0..ts.len()).map(|j| j == 0)),
        |toks, keys, initial| crate::features::doc_casing(toks, keys, initial, &mut counts),
        |t| t.dc,
    )
}

/// Document evidence ([`TokInfo::dl`]) for every distinct training sentence, from first-pass
/// tags of models trained without the sentence's document (`opts.doc_folds` folds over
/// documents), so the second pass learns how far to trust first-pass labels it has not seen
/// being fit. `orig` holds each distinct sentence's document and unhidden tokens.
fn jackknife_evidence(
    opts: &Options,
    data: &[Prepared],
    orig: &[Option<(u32, Vec<TokInfo>)>],
    encode: &dyn Fn(&[f32]) -> Vec<u8>,
) -> Result<Vec<Vec<[u8; 5]>>, NerError> {
    let k = opts.doc_folds.max(2) as u32;
    let mut first: Vec<Vec<u8>> = vec![Vec::new(); orig.len()];
    let mut lat = crate::model::Lattice::default();
    let mut tags = Vec::new();
    for f in 0..k {
        let part: Vec<&Prepared> = data.iter().filter(|d| d.doc % k != f).collect();
        let w = fit(opts, &part, &[], encode, &mut Report::default())?;
        let m = Model::from_bytes(Cow::Owned(encode(&w)))?;
        for (slot, o) in first.iter_mut().zip(orig) {
            if let Some((doc, toks)) = o {
                if doc % k == f {
                    m.tag(toks, &mut lat, &mut tags);
                    slot.clone_from(&tags);
                }
            }
        }
    }
    let mut counts = crate::features::DocCounts::default();
    let out = over_documents(
        orig,
        |i, ts, classes: &mut Vec<u8>| {
            let tg = first.get(i).map_or(&[][..], Vec::as_slice);
            classes.extend(
                (0..ts.len()).map(|j| crate::model::tag_class(tg.get(j).copied().unwrap_or(0))),
            );
        },
        |toks, keys, classes| {
            crate::features::doc_evidence(toks, keys, classes, &mut counts);
        },
        |t| t.dl,
    );
    Ok(out)
}

/// What every training stage shares: the POS tagger, capitalisation table and word classes.
struct Inputs<'a> {
    pos: Option<&'a PosTagger>,
    capr: Option<&'a [u8]>,
    clusters: Option<&'a WordClusters>,
}

impl Inputs<'_> {
    /// The model's document-feature flags for `opts`.
    fn doc_flags(&self, opts: &Options) -> u8 {
        let full = self.clusters.is_some() && opts.pos;
        (if opts.doc_pass && full {
            crate::model::DOC_EVIDENCE
        } else {
            0
        }) | if opts.doc_case && full {
            crate::model::DOC_CASE
        } else {
            0
        }
    }

    /// Encodes weights (chunk bias added) into a model with `doc_flags`.
    fn encode(&self, opts: &Options, w: &[f32], doc_flags: u8) -> Vec<u8> {
        let mut w = w.to_vec();
        add_chunk_bias(&mut w, opts.bits, opts.chunk_bias);
        Model::encode(
            opts.bits,
            &w,
            opts.pos,
            self.capr,
            self.clusters.is_some(),
            doc_flags,
        )
    }
}

/// Trains the tagger deterministically and writes the model to `opts.out`.
pub fn train_ner(opts: &Options) -> Result<Report, NerError> {
    crate::features::warm_up();
    let pos = if opts.pos {
        Some(PosTagger::load().ok_or_else(|| NerError::Model("no POS tagger model".into()))?)
    } else {
        None
    };
    let capr: Option<Vec<u8>> = if opts.pos {
        opts.capr_from.as_deref().map(crate::distrib::build_capr)
    } else {
        None
    };
    let clusters = if opts.clusters && capr.is_some() {
        WordClusters::embedded()
    } else {
        None
    };
    let inputs = Inputs {
        pos: pos.as_ref(),
        capr: capr.as_deref(),
        clusters,
    };
    let mut report = Report::default();
    let mut weights = train_weights(opts, &inputs, &[], &mut report)?;
    let doc_flags = inputs.doc_flags(opts);
    if let Some(path) = &opts.self_train {
        // Self-training: the first model (with the rules after it) labels in-domain unlabelled
        // documents, which join the data of a second model trained from scratch the same way.
        let model = Model::from_bytes(Cow::Owned(inputs.encode(opts, &weights, doc_flags)))?;
        let ner = NerAnnotator::from_model(Some(model));
        let other = if opts.self_train_agree {
            // A second first model, over training orders the first did not use.
            let mut o = opts.clone();
            o.seed = opts.seed.wrapping_add(opts.ensemble.max(1) as u64);
            let w = train_weights(&o, &inputs, &[], &mut Report::default())?;
            let m = Model::from_bytes(Cow::Owned(inputs.encode(opts, &w, doc_flags)))?;
            Some(NerAnnotator::from_model(Some(m)))
        } else {
            None
        };
        let sentences = corpus::read_conllu_forms(path)?;
        let pseudo = pseudo_label(opts, &ner, other.as_ref(), inputs.pos, sentences);
        report.pseudo_sentences = pseudo.len();
        weights = train_weights(opts, &inputs, &pseudo, &mut report)?;
    }
    let bytes = inputs.encode(opts, &weights, doc_flags);
    report.model_bytes = bytes.len();
    if let Some(dir) = opts.out.parent() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir).map_err(|e| NerError::Io {
                path: dir.display().to_string(),
                source: e,
            })?;
        }
    }
    std::fs::write(&opts.out, &bytes).map_err(|e| NerError::Io {
        path: opts.out.display().to_string(),
        source: e,
    })?;
    Ok(report)
}

/// Labels unlabelled sentences a document at a time with `ner` (as [`evaluate`] does) and keeps
/// the documents `opts.self_train_every` selects (and, with `self_train_entities`, only the
/// sentences holding a predicted chunk; with `other`, only those both models label alike).
fn pseudo_label(
    opts: &Options,
    ner: &NerAnnotator,
    other: Option<&NerAnnotator>,
    pos: Option<&PosTagger>,
    sentences: Vec<GoldSentence>,
) -> Vec<GoldSentence> {
    let step = opts.self_train_every.max(1) as u32;
    let mut scratch = Scratch::default();
    let (mut buf, mut preds, mut preds2) = (Vec::new(), Vec::new(), Vec::new());
    let mut out = Vec::new();
    for docs in sentences.chunk_by(|a, b| a.doc == b.doc) {
        if docs.first().is_none_or(|s| s.doc % step != 0) {
            continue;
        }
        let words: Vec<Vec<&str>> = docs
            .iter()
            .map(|s| s.words.iter().map(String::as_str).collect())
            .collect();
        predict_uner_doc(ner, pos, &words, &mut scratch, &mut buf, &mut preds);
        if let Some(o) = other {
            predict_uner_doc(o, pos, &words, &mut scratch, &mut buf, &mut preds2);
        }
        for (k, (s, p)) in docs.iter().zip(&preds).enumerate() {
            if opts.self_train_entities && p.is_empty() {
                continue;
            }
            if other.is_some() && preds2.get(k) != Some(p) {
                continue;
            }
            out.push(GoldSentence {
                words: s.words.clone(),
                spans: p.clone(),
                doc: s.doc,
            });
        }
    }
    out
}

/// Builds the training data (GUM, UNER dev and its lowercased copies, and `pseudo`: labelled
/// documents of their own, counted once), adds the document features and trains; returns the
/// averaged weights. Held-out scores go into `report`.
fn train_weights(
    opts: &Options,
    inputs: &Inputs,
    pseudo: &[GoldSentence],
    report: &mut Report,
) -> Result<Vec<f32>, NerError> {
    let (pos, capr, clusters) = (inputs.pos, inputs.capr, inputs.clusters);
    let mut data: Vec<Prepared> = Vec::new();
    let mut next_sent = 0u32;
    let mut gum_docs = 0u32;
    if let Some(dir) = &opts.gum_dir {
        for s in corpus::read_gum_dir_except(dir, &opts.gum_skip)? {
            let mut p = prepare(&s, 1, pos, capr, clusters);
            p.doc = s.doc;
            p.sent = next_sent;
            next_sent += 1;
            gum_docs = gum_docs.max(s.doc + 1);
            data.push(p);
        }
    }
    let mut held = Vec::new();
    let mut next_doc = gum_docs;
    if let Some(p) = &opts.uner_dev {
        let all = corpus::read_iob2(p)?;
        let (train, h) = if opts.holdout {
            split_fold(all, opts.fold)
        } else {
            (all, Vec::new())
        };
        held = h;
        let uner_docs = train.iter().map(|s| s.doc + 1).max().unwrap_or(0);
        for s in &train {
            let mut p = prepare(s, 1, pos, capr, clusters);
            p.weight_copies = opts.uner_weight;
            p.doc = gum_docs + s.doc;
            p.sent = next_sent;
            next_sent += 1;
            for _ in 0..opts.uner_weight {
                data.push(p.clone());
            }
        }
        // Lowercased copies are documents of their own, so the document features see a
        // whole document written that way, as web text often is.
        for s in train.iter().filter(|_| opts.lower_uner > 0) {
            let low = GoldSentence {
                words: s.words.iter().map(|w| w.to_lowercase()).collect(),
                spans: s.spans.clone(),
                doc: s.doc,
            };
            let mut p = prepare(&low, 1, pos, capr, clusters);
            p.weight_copies = opts.uner_weight;
            p.doc = gum_docs + uner_docs + s.doc;
            p.sent = next_sent;
            p.aug = true;
            next_sent += 1;
            for _ in 0..opts.lower_uner {
                data.push(p.clone());
            }
        }
        next_doc = gum_docs + 2 * uner_docs;
    }
    for s in pseudo {
        let mut p = prepare(s, 1, pos, capr, clusters);
        p.doc = next_doc + s.doc;
        p.sent = next_sent;
        next_sent += 1;
        data.push(p);
    }
    // The tokens as the tagger sees them at run time, before rare words are hidden.
    let mut orig: Vec<Option<(u32, Vec<TokInfo>)>> = vec![None; next_sent as usize];
    for d in &data {
        if let Some(slot @ None) = orig.get_mut(d.sent as usize) {
            *slot = Some((d.doc, d.toks.clone()));
        }
    }
    let doc_flags = inputs.doc_flags(opts);
    if doc_flags & crate::model::DOC_CASE != 0 {
        let cased = casing_by_document(&orig);
        for (o, c) in orig.iter_mut().zip(&cased) {
            if let Some((_, toks)) = o {
                for (t, &x) in toks.iter_mut().zip(c) {
                    t.dc = x;
                }
            }
        }
        for d in &mut data {
            if let Some(c) = cased.get(d.sent as usize) {
                for (t, &x) in d.toks.iter_mut().zip(c) {
                    t.dc = x;
                }
            }
        }
    }
    // Hide the identity of words seen at most `rare` times (see `features::extract`).
    if opts.rare > 0 {
        let mut counts: std::collections::HashMap<u64, usize> = std::collections::HashMap::new();
        for d in data.iter().filter(|d| !d.aug) {
            for t in &d.toks {
                *counts.entry(t.lower).or_insert(0) += 1;
            }
        }
        for d in &mut data {
            for t in &mut d.toks {
                if counts.get(&t.lower).copied().unwrap_or(0) <= opts.rare * d.weight_copies {
                    t.lower = 0;
                    t.exact = 0;
                }
            }
        }
    }
    let encode_first = |w: &[f32]| inputs.encode(opts, w, doc_flags & !crate::model::DOC_EVIDENCE);
    let encode = |w: &[f32]| inputs.encode(opts, w, doc_flags);
    if doc_flags & crate::model::DOC_EVIDENCE != 0 {
        let evidence = jackknife_evidence(opts, &data, &orig, &encode_first)?;
        let mut plain = Vec::new();
        for d in &mut data {
            let Some(ev) = evidence.get(d.sent as usize) else {
                continue;
            };
            if ev.iter().all(|e| *e == [0; 5]) {
                continue;
            }
            if opts.doc_dual {
                plain.push(d.clone());
            }
            for (t, e) in d.toks.iter_mut().zip(ev) {
                t.dl = *e;
            }
        }
        data.extend(plain);
    }
    report.train_sentences = data.len();
    report.train_tokens = data.iter().map(|d| d.toks.len()).sum();
    report.heldout_sentences = held.len();
    let refs: Vec<&Prepared> = data.iter().collect();
    if opts.ensemble <= 1 {
        return fit(opts, &refs, &held, &encode, report);
    }
    // Averaging models trained in different orders cuts the perceptron's order noise.
    let mut sum: Vec<f32> = Vec::new();
    for k in 0..opts.ensemble {
        let mut o = opts.clone();
        o.seed = opts.seed.wrapping_add(k as u64);
        let w = fit(&o, &refs, &[], &encode, report)?;
        if sum.is_empty() {
            sum = w;
        } else {
            for (a, b) in sum.iter_mut().zip(&w) {
                *a += b;
            }
        }
    }
    let n = opts.ensemble as f32;
    for a in &mut sum {
        *a /= n;
    }
    if !held.is_empty() {
        let model = Model::from_bytes(Cow::Owned(encode(&sum)))?;
        let r = evaluate(&NerAnnotator::from_model(Some(model)), &held);
        report.heldout_f1 = vec![r.overall.f1()];
        report.heldout = r;
    }
    Ok(sum)
}
