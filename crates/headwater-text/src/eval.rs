//! Evaluation against UD CoNLL-U treebanks (token and sentence boundaries) and a throughput
//! measure, exposed as functions so that the CLI can run them.

use crate::{paragraphs, split_sentences, tokenize};
use headwater_doc::{Sentence, Span, Token};
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Errors from the evaluation helpers.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// The file or folder could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The offending path.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The input held nothing to evaluate.
    #[error("no usable data in {0}")]
    Empty(PathBuf),
}

/// Precision/recall/F1 from counts.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Prf {
    /// Items found by both gold and prediction.
    pub tp: usize,
    /// Gold items.
    pub gold: usize,
    /// Predicted items.
    pub pred: usize,
}

impl Prf {
    /// Precision (1.0 when nothing was predicted).
    pub fn precision(&self) -> f64 {
        if self.pred == 0 {
            1.0
        } else {
            self.tp as f64 / self.pred as f64
        }
    }
    /// Recall (1.0 when there is no gold item).
    pub fn recall(&self) -> f64 {
        if self.gold == 0 {
            1.0
        } else {
            self.tp as f64 / self.gold as f64
        }
    }
    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

impl fmt::Display for Prf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "P {:.4} R {:.4} F1 {:.4} (tp {}, gold {}, pred {})",
            self.precision(),
            self.recall(),
            self.f1(),
            self.tp,
            self.gold,
            self.pred
        )
    }
}

/// Result of [`eval_ud`].
#[derive(Debug, Clone, Default)]
pub struct TokenEvalReport {
    /// The evaluated file.
    pub path: PathBuf,
    /// Documents (`# newdoc`) evaluated.
    pub documents: usize,
    /// Gold sentences.
    pub sentences: usize,
    /// Exact word-span matches (syntactic words, multiword tokens expanded).
    pub tokens: Prf,
    /// Sentence ends, all of them (paragraph-final ones are free: paragraphs are given).
    pub sentence_ends: Prf,
    /// Sentence ends not at a paragraph end: the ones the splitter has to find.
    pub inner_sentence_ends: Prf,
    /// Bytes of text processed.
    pub bytes: usize,
    /// Seconds spent in paragraphs + tokenize + split_sentences.
    pub seconds: f64,
}

impl fmt::Display for TokenEvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}: {} documents, {} sentences",
            self.path.display(),
            self.documents,
            self.sentences
        )?;
        writeln!(f, "  tokens               {}", self.tokens)?;
        writeln!(f, "  sentence ends (all)  {}", self.sentence_ends)?;
        write!(f, "  sentence ends (inner) {}", self.inner_sentence_ends)
    }
}

#[derive(Default)]
struct Doc {
    text: String,
    paragraphs: Vec<Span>,
    par_start: Option<usize>,
    gold_tokens: Vec<(u32, u32)>,
    gold_ends: Vec<u32>,
}

impl Doc {
    fn close_par(&mut self) {
        if let Some(s) = self.par_start.take() {
            if self.text.len() > s {
                self.paragraphs
                    .push(Span::new(s as u32, self.text.len() as u32));
            }
        }
    }
}

/// Finds `form` at or shortly after `cursor` in `text`.
fn locate(text: &str, cursor: usize, form: &str) -> Option<(usize, usize)> {
    let rest = text.get(cursor..)?;
    let skipped = rest.len() - rest.trim_start().len();
    let at = cursor + skipped;
    if text.get(at..)?.starts_with(form) {
        return Some((at, at + form.len()));
    }
    let window_end = (at + form.len() + 16).min(text.len());
    let mut we = window_end;
    while !text.is_char_boundary(we) {
        we -= 1;
    }
    let off = text.get(at..we)?.find(form)?;
    Some((at + off, at + off + form.len()))
}

/// Reads a CoNLL-U file into documents with gold word spans and sentence ends.
fn read_conllu(src: &str) -> Vec<Doc> {
    let mut docs = Vec::new();
    let mut doc = Doc::default();
    let mut new_par = false;
    let mut cursor = 0usize;
    // Pending multiword token: (surface span, last id, word forms concatenated so far).
    let mut mwt: Option<(usize, usize, usize, usize)> = None; // (start, end, last_id, pos)
    for line in src.lines() {
        if let Some(rest) = line.strip_prefix("# newdoc") {
            let _ = rest;
            doc.close_par();
            if !doc.text.is_empty() {
                docs.push(std::mem::take(&mut doc));
            }
            new_par = true;
        } else if line.starts_with("# newpar") {
            new_par = true;
        } else if let Some(t) = line.strip_prefix("# text = ") {
            let t = t.trim();
            if new_par || doc.par_start.is_none() {
                doc.close_par();
                if !doc.text.is_empty() {
                    doc.text.push_str("\n\n");
                }
                doc.par_start = Some(doc.text.len());
                new_par = false;
            } else if !doc.text.is_empty() {
                doc.text.push(' ');
            }
            cursor = doc.text.len();
            doc.text.push_str(t);
            doc.gold_ends.push(doc.text.len() as u32);
            mwt = None;
        } else if !line.starts_with('#') && !line.is_empty() {
            let mut cols = line.split('\t');
            let (Some(id), Some(form)) = (cols.next(), cols.next()) else {
                continue;
            };
            if id.contains('.') {
                continue;
            }
            if let Some((a, b)) = id.split_once('-') {
                let last: usize = b.parse().unwrap_or(0);
                let _ = a;
                if let Some((s, e)) = locate(&doc.text, cursor, form) {
                    mwt = Some((s, e, last, s));
                    cursor = e;
                }
                continue;
            }
            let idn: usize = id.parse().unwrap_or(0);
            if let Some((s, e, last, pos)) = mwt {
                if idn <= last {
                    let fits = doc.text.get(pos..e).is_some_and(|r| r.starts_with(form));
                    if fits {
                        let end = if idn == last { e } else { pos + form.len() };
                        doc.gold_tokens.push((pos as u32, end as u32));
                        mwt = Some((s, e, last, pos + form.len()));
                    } else {
                        // Forms that are not substrings (`wo` for `wont`): give the rest whole.
                        if pos < e {
                            doc.gold_tokens.push((pos as u32, e as u32));
                        }
                        mwt = Some((s, e, last, e));
                    }
                    if idn == last {
                        mwt = None;
                    }
                    continue;
                }
                mwt = None;
            }
            if let Some((s, e)) = locate(&doc.text, cursor, form) {
                doc.gold_tokens.push((s as u32, e as u32));
                cursor = e;
            }
        }
    }
    doc.close_par();
    if !doc.text.is_empty() {
        docs.push(doc);
    }
    docs
}

fn count_matches(gold: &[(u32, u32)], pred: &[(u32, u32)]) -> usize {
    let (mut i, mut j, mut tp) = (0, 0, 0);
    while let (Some(g), Some(p)) = (gold.get(i), pred.get(j)) {
        match g.cmp(p) {
            std::cmp::Ordering::Equal => {
                tp += 1;
                i += 1;
                j += 1;
            }
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
        }
    }
    tp
}

fn count_ends(gold: &[u32], pred: &[u32]) -> usize {
    let g: Vec<(u32, u32)> = gold.iter().map(|&x| (x, 0)).collect();
    let p: Vec<(u32, u32)> = pred.iter().map(|&x| (x, 0)).collect();
    count_matches(&g, &p)
}

/// Evaluates [`tokenize`] and [`split_sentences`] against a UD CoNLL-U file.
///
/// Each `# newdoc` becomes one text: sentences (from `# text =`) joined by a space, paragraphs
/// (`# newpar`) by a blank line. Tokens are scored as exact byte spans of syntactic words
/// (multiword tokens expanded when their words are substrings of the surface form); sentences
/// by their end offsets.
pub fn eval_ud(path: impl AsRef<Path>) -> Result<TokenEvalReport, EvalError> {
    let path = path.as_ref();
    let src = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let docs = read_conllu(&src);
    if docs.is_empty() {
        return Err(EvalError::Empty(path.to_path_buf()));
    }
    let mut rep = TokenEvalReport {
        path: path.to_path_buf(),
        documents: docs.len(),
        ..Default::default()
    };
    let mut toks: Vec<Token> = Vec::new();
    let mut sents: Vec<Sentence> = Vec::new();
    let mut pred: Vec<(u32, u32)> = Vec::new();
    let mut gold = Vec::new();
    for d in &docs {
        toks.clear();
        sents.clear();
        let t0 = Instant::now();
        tokenize(&d.text, &mut toks);
        split_sentences(&d.text, &toks, &d.paragraphs, &mut sents);
        rep.seconds += t0.elapsed().as_secs_f64();
        rep.bytes += d.text.len();
        pred.clear();
        pred.extend(toks.iter().map(|t| (t.span.start, t.span.end)));
        gold.clear();
        gold.extend_from_slice(&d.gold_tokens);
        gold.sort_unstable();
        gold.dedup();
        rep.tokens.tp += count_matches(&gold, &pred);
        rep.tokens.gold += gold.len();
        rep.tokens.pred += pred.len();
        let par_ends: Vec<u32> = d.paragraphs.iter().map(|p| p.end).collect();
        let pred_ends: Vec<u32> = sents.iter().map(|s| s.span.end).collect();
        rep.sentences += d.gold_ends.len();
        rep.sentence_ends.tp += count_ends(&d.gold_ends, &pred_ends);
        rep.sentence_ends.gold += d.gold_ends.len();
        rep.sentence_ends.pred += pred_ends.len();
        let inner = |v: &[u32]| -> Vec<u32> {
            v.iter()
                .copied()
                .filter(|x| par_ends.binary_search(x).is_err())
                .collect()
        };
        let (gi, pi) = (inner(&d.gold_ends), inner(&pred_ends));
        rep.inner_sentence_ends.tp += count_ends(&gi, &pi);
        rep.inner_sentence_ends.gold += gi.len();
        rep.inner_sentence_ends.pred += pi.len();
    }
    Ok(rep)
}

/// Result of [`throughput`].
#[derive(Debug, Clone, Default)]
pub struct ThroughputReport {
    /// Files read.
    pub files: usize,
    /// Bytes processed per pass.
    pub bytes: usize,
    /// Tokens per pass.
    pub tokens: usize,
    /// Sentences per pass.
    pub sentences: usize,
    /// Best pass, seconds.
    pub seconds: f64,
}

impl ThroughputReport {
    /// Megabytes (10^6 bytes) per second on the best pass.
    pub fn mb_per_s(&self) -> f64 {
        if self.seconds > 0.0 {
            self.bytes as f64 / 1e6 / self.seconds
        } else {
            0.0
        }
    }
}

impl fmt::Display for ThroughputReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} files, {} bytes, {} tokens, {} sentences: {:.4} s/pass = {:.1} MB/s (paragraphs+tokenize+split, 1 core)",
            self.files, self.bytes, self.tokens, self.sentences, self.seconds, self.mb_per_s()
        )
    }
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), EvalError> {
    let rd = std::fs::read_dir(dir).map_err(|source| EvalError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    for entry in rd.flatten() {
        let p = entry.path();
        if p.is_dir() {
            collect_files(&p, out)?;
        } else if p.extension().is_some_and(|e| e == "txt") {
            out.push(p);
        }
    }
    Ok(())
}

/// Measures single-threaded paragraphs + tokenize + split throughput over every `.txt` file
/// under `dir` (lossily decoded), best of `passes`.
pub fn throughput(dir: impl AsRef<Path>, passes: usize) -> Result<ThroughputReport, EvalError> {
    let dir = dir.as_ref();
    let mut files = Vec::new();
    collect_files(dir, &mut files)?;
    files.sort();
    let mut texts = Vec::with_capacity(files.len());
    for f in &files {
        let b = std::fs::read(f).map_err(|source| EvalError::Io {
            path: f.clone(),
            source,
        })?;
        texts.push(String::from_utf8_lossy(&b).into_owned());
    }
    if texts.is_empty() {
        return Err(EvalError::Empty(dir.to_path_buf()));
    }
    let mut rep = ThroughputReport {
        files: texts.len(),
        bytes: texts.iter().map(String::len).sum(),
        seconds: f64::MAX,
        ..Default::default()
    };
    let (mut paras, mut toks, mut sents) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..passes.max(1) {
        let (mut nt, mut ns) = (0, 0);
        let t0 = Instant::now();
        for t in &texts {
            paras.clear();
            toks.clear();
            sents.clear();
            paragraphs(t, &mut paras);
            tokenize(t, &mut toks);
            split_sentences(t, &toks, &paras, &mut sents);
            nt += toks.len();
            ns += sents.len();
        }
        rep.seconds = rep.seconds.min(t0.elapsed().as_secs_f64());
        rep.tokens = nt;
        rep.sentences = ns;
    }
    Ok(rep)
}

/// Lists token disagreements (`-` gold only, `+` predicted only) with context, for debugging.
pub fn diff_ud(path: impl AsRef<Path>) -> Result<Vec<String>, EvalError> {
    let path = path.as_ref();
    let src = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut out = Vec::new();
    let mut toks = Vec::new();
    let mut sents = Vec::new();
    for d in read_conllu(&src) {
        toks.clear();
        sents.clear();
        tokenize(&d.text, &mut toks);
        split_sentences(&d.text, &toks, &d.paragraphs, &mut sents);
        let pred: Vec<(u32, u32)> = toks.iter().map(|t| (t.span.start, t.span.end)).collect();
        let mut gold = d.gold_tokens.clone();
        gold.sort_unstable();
        gold.dedup();
        let show = |(s, e): (u32, u32)| {
            d.text
                .get(s as usize..e as usize)
                .unwrap_or("?")
                .to_string()
        };
        for g in &gold {
            if pred.binary_search(g).is_err() {
                out.push(format!("TOK - {:?}", show(*g)));
            }
        }
        for p in &pred {
            if gold.binary_search(p).is_err() {
                out.push(format!("TOK + {:?}", show(*p)));
            }
        }
        let pe: Vec<u32> = sents.iter().map(|s| s.span.end).collect();
        for &g in &d.gold_ends {
            if pe.binary_search(&g).is_err() {
                let a = (g as usize).saturating_sub(30);
                let ctx = d
                    .text
                    .get(a..(g as usize + 30).min(d.text.len()))
                    .unwrap_or("");
                out.push(format!("SENT - {ctx:?}"));
            }
        }
        for &p in &pe {
            if d.gold_ends.binary_search(&p).is_err() {
                let a = (p as usize).saturating_sub(30);
                let ctx = d
                    .text
                    .get(a..(p as usize + 30).min(d.text.len()))
                    .unwrap_or("");
                out.push(format!("SENT + {ctx:?}"));
            }
        }
    }
    Ok(out)
}
