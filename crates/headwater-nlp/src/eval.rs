//! Evaluation (tag accuracy, UAS/LAS with punctuation, from gold tokenization) and the speed
//! benchmark.

use crate::conllu::ConllSentence;
use crate::{parser, tag_conllu, NlpAnnotator, NlpError, Parser, Tagger};
use headwater_doc::{Annotator, Document};
use std::path::Path;
use std::time::Instant;

/// Tagging scores over words.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TagScores {
    pub words: usize,
    pub upos: f64,
    pub xpos: f64,
    /// Exact-match lemma accuracy.
    pub lemma: f64,
}

/// Parsing scores over words (punctuation included), with predicted tags.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ParseScores {
    pub words: usize,
    pub uas: f64,
    pub las: f64,
}

/// Tags a copy of `gold` and compares UPOS, XPOS and lemmas.
pub fn eval_tagger(tagger: &Tagger, gold: &[ConllSentence]) -> TagScores {
    let mut pred = gold.to_vec();
    tag_conllu(tagger, &mut pred);
    let (mut n, mut u, mut x, mut l) = (0usize, 0usize, 0usize, 0usize);
    for (g, p) in gold.iter().zip(&pred) {
        for (gw, pw) in g.words.iter().zip(&p.words) {
            n += 1;
            u += (gw.upos == pw.upos) as usize;
            x += (gw.xpos == pw.xpos) as usize;
            l += (gw.lemma == pw.lemma) as usize;
        }
    }
    let d = n.max(1) as f64;
    TagScores {
        words: n,
        upos: u as f64 / d,
        xpos: x as f64 / d,
        lemma: l as f64 / d,
    }
}

/// Tags with `tagger` (predicted tags, as at run time), parses, and scores heads and labels.
pub fn eval_parser(tagger: &Tagger, p: &Parser, gold: &[ConllSentence]) -> ParseScores {
    let mut pred = gold.to_vec();
    tag_conllu(tagger, &mut pred);
    parser::parse_conllu(p, &mut pred);
    score_trees(gold, &pred)
}

/// UAS/LAS of `pred` against `gold` (same words); labels compared in full (with subtypes).
pub fn score_trees(gold: &[ConllSentence], pred: &[ConllSentence]) -> ParseScores {
    let (mut n, mut ua, mut la) = (0usize, 0usize, 0usize);
    for (g, p) in gold.iter().zip(pred) {
        for (gw, pw) in g.words.iter().zip(&p.words) {
            n += 1;
            if gw.head == pw.head {
                ua += 1;
                if gw.deprel_str == pw.deprel.as_str() {
                    la += 1;
                }
            }
        }
    }
    let d = n.max(1) as f64;
    ParseScores {
        words: n,
        uas: ua as f64 / d,
        las: la as f64 / d,
    }
}

/// Throughput of tagging + parsing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BenchReport {
    pub documents: usize,
    pub tokens: usize,
    /// Seconds spent in tagging + parsing only (tokenization excluded).
    pub seconds: f64,
    pub tokens_per_sec: f64,
    /// CPU seconds of this thread for the same work (Linux only; 0 elsewhere). On a shared,
    /// busy machine this is the fairer figure: wall time includes waiting for a core.
    pub cpu_seconds: f64,
    pub tokens_per_cpu_sec: f64,
}

/// User + system CPU time of the current thread from `/proc/thread-self/stat` (clock ticks
/// assumed to be 100 Hz, the Linux default); 0 when unavailable.
fn thread_cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/thread-self/stat") else {
        return 0.0;
    };
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    let tick = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (tick(11) + tick(12)) / 100.0
}

/// Tokenizes every `*.txt` under `dir` (recursively, sorted) with `headwater_text`, then times
/// only [`NlpAnnotator::annotate`] over `rounds` passes on the current thread.
pub fn bench(nlp: &NlpAnnotator, dir: &Path, rounds: usize) -> Result<BenchReport, NlpError> {
    let mut files = Vec::new();
    collect_txt(dir, &mut files)?;
    files.sort();
    let text_ann = headwater_text::TextAnnotator;
    let mut docs = Vec::new();
    for f in &files {
        let bytes = std::fs::read(f).map_err(|e| NlpError::Io {
            path: f.display().to_string(),
            source: e,
        })?;
        let mut doc = Document::new(
            f.display().to_string(),
            String::from_utf8_lossy(&bytes).into_owned(),
        );
        text_ann.annotate(&mut doc);
        docs.push(doc);
    }
    // Warm the per-thread buffers so the timing reflects steady state.
    if let Some(d) = docs.first_mut() {
        nlp.annotate(d);
    }
    let mut tokens = 0;
    let c0 = thread_cpu_seconds();
    let t0 = Instant::now();
    for _ in 0..rounds.max(1) {
        for d in docs.iter_mut() {
            nlp.annotate(d);
            tokens += d.tokens.len();
        }
    }
    let seconds = t0.elapsed().as_secs_f64();
    let cpu_seconds = thread_cpu_seconds() - c0;
    Ok(BenchReport {
        cpu_seconds,
        tokens_per_cpu_sec: tokens as f64 / cpu_seconds.max(1e-9),
        documents: docs.len(),
        tokens,
        seconds,
        tokens_per_sec: tokens as f64 / seconds.max(1e-9),
    })
}

fn collect_txt(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> Result<(), NlpError> {
    let rd = std::fs::read_dir(dir).map_err(|e| NlpError::Io {
        path: dir.display().to_string(),
        source: e,
    })?;
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect_txt(&p, out)?;
        } else if p.extension().is_some_and(|x| x == "txt")
            && p.file_name().is_some_and(|n| n != "README.TXT")
        {
            out.push(p);
        }
    }
    Ok(())
}
