//! PolNeAR (Newell et al., LREC 2018) reader and evaluator (training lives in [`mod@crate::train`]).
//!
//! Gold files are brat standoff with Unicode *code point* offsets and discontinuous spans; the
//! document under test must hold the raw file text unchanged so that predicted byte spans can
//! be converted with [`OffsetMap`] and compared. Where several annotators annotated one article
//! the lexicographically first `.ann` file is used.

use crate::AttribError;
use headwater_doc::{Document, OffsetMap, Span};
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

/// One gold attribution: code point ranges of content, cue and source (possibly discontinuous).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GoldAttribution {
    /// Content ranges (code points).
    pub content: Vec<(u32, u32)>,
    /// Cue ranges (code points).
    pub cue: Vec<(u32, u32)>,
    /// Source ranges (code points); empty for `Attribution-no-source`.
    pub source: Vec<(u32, u32)>,
}

/// One PolNeAR article with its gold attributions.
#[derive(Clone, Debug)]
pub struct GoldDoc {
    /// The text file's stem.
    pub name: String,
    /// Raw text, unchanged.
    pub text: String,
    /// Gold attributions of the first annotator.
    pub attributions: Vec<GoldAttribution>,
}

pub(crate) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> AttribError + '_ {
    move |source| AttribError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn parse_ranges(s: &str) -> Vec<(u32, u32)> {
    s.split(';')
        .filter_map(|p| {
            let mut it = p.split_whitespace();
            let a = it.next()?.parse().ok()?;
            let b = it.next()?.parse().ok()?;
            (b > a).then_some((a, b))
        })
        .collect()
}

/// Parses one brat `.ann` file into attributions.
pub fn parse_ann(ann: &str) -> Vec<GoldAttribution> {
    let mut spans: HashMap<&str, Vec<(u32, u32)>> = HashMap::new();
    let mut events = Vec::new();
    for line in ann.lines() {
        let mut f = line.split('\t');
        let (Some(id), Some(body)) = (f.next(), f.next()) else {
            continue;
        };
        if id.starts_with('T') {
            let Some((_, ranges)) = body.split_once(' ') else {
                continue;
            };
            spans.insert(id, parse_ranges(ranges));
        } else if id.starts_with('E') {
            events.push(body);
        }
    }
    let mut out = Vec::new();
    for body in events {
        let mut g = GoldAttribution::default();
        for arg in body.split_whitespace().skip(1) {
            let Some((role, t)) = arg.split_once(':') else {
                continue;
            };
            let r = spans.get(t).cloned().unwrap_or_default();
            match role.trim_end_matches(char::is_numeric) {
                "Content" => g.content.extend(r),
                "Cue" => g.cue.extend(r),
                "Source" => g.source.extend(r),
                _ => {}
            }
        }
        if !g.content.is_empty() {
            out.push(g);
        }
    }
    out
}

/// Reads a split folder (`…/data/dev`, holding `text/` and `attributions/`).
pub fn read_split(dir: &Path) -> Result<Vec<GoldDoc>, AttribError> {
    let text_dir = dir.join("text");
    let ann_dir = dir.join("attributions");
    let mut anns: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&ann_dir)
        .map_err(io(&ann_dir))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ann"))
        .collect();
    files.sort();
    for p in files {
        let Some(stem) = p.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        let base = stem.rsplit_once('_').map_or(stem, |(b, _)| b).to_string();
        anns.entry(base).or_insert(p);
    }
    let mut docs = Vec::new();
    for (name, ann_path) in anns {
        let tp = text_dir.join(format!("{name}.txt"));
        let Ok(text) = std::fs::read_to_string(&tp) else {
            continue;
        };
        let ann = std::fs::read_to_string(&ann_path).map_err(io(&ann_path))?;
        docs.push(GoldDoc {
            name,
            text,
            attributions: parse_ann(&ann),
        });
    }
    if docs.is_empty() {
        return Err(AttribError::Empty(dir.to_path_buf()));
    }
    Ok(docs)
}

/// Evaluation tokens: maximal alphanumeric runs, as code point ranges, so that scoring does not
/// depend on the tokenizer under test.
pub(crate) struct EvalTokens {
    pub(crate) runs: Vec<(u32, u32)>,
    pub(crate) words: Vec<String>,
}

impl EvalTokens {
    pub(crate) fn new(text: &str) -> EvalTokens {
        let mut runs = Vec::new();
        let mut words = Vec::new();
        let mut cur: Option<u32> = None;
        let mut w = String::new();
        let mut ci = 0u32;
        for c in text.chars() {
            if c.is_alphanumeric() {
                if cur.is_none() {
                    cur = Some(ci);
                    w.clear();
                }
                w.extend(c.to_lowercase());
            } else if let Some(s) = cur.take() {
                runs.push((s, ci));
                words.push(std::mem::take(&mut w));
            }
            ci += 1;
        }
        if let Some(s) = cur {
            runs.push((s, ci));
            words.push(w);
        }
        EvalTokens { runs, words }
    }

    /// Token ids overlapping any of `ranges` (sorted, deduplicated).
    pub(crate) fn ids(&self, ranges: &[(u32, u32)]) -> Vec<u32> {
        let mut v = Vec::new();
        for &(a, b) in ranges {
            let mut k = self.runs.partition_point(|r| r.1 <= a);
            while let Some(&(s, _)) = self.runs.get(k) {
                if s >= b {
                    break;
                }
                v.push(k as u32);
                k += 1;
            }
        }
        v.sort_unstable();
        v.dedup();
        v
    }
}

const STOP: &[&str] = &[
    "the",
    "a",
    "an",
    "of",
    "in",
    "on",
    "for",
    "to",
    "and",
    "or",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "their",
    "its",
    "our",
    "my",
    "who",
    "which",
    "that",
    "this",
    "these",
    "those",
    "s",
    "mr",
    "mrs",
    "ms",
    "dr",
    "sen",
    "rep",
    "gov",
    "president",
    "by",
    "at",
    "with",
    "from",
    "as",
    "is",
    "was",
    "be",
    "said",
    "says",
    "say",
    "told",
    "according",
];

pub(crate) fn f1(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    if common == 0 {
        return 0.0;
    }
    let p = common as f64 / a.len() as f64;
    let r = common as f64 / b.len() as f64;
    2.0 * p * r / (p + r)
}

fn shares(a: &[u32], b: &[u32]) -> bool {
    a.iter().any(|x| b.binary_search(x).is_ok())
}

/// Precision, recall and F1 from counts.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Prf {
    /// Matched items.
    pub tp: usize,
    /// Predicted items.
    pub pred: usize,
    /// Gold items.
    pub gold: usize,
}

impl Prf {
    /// Precision.
    pub fn p(&self) -> f64 {
        if self.pred == 0 {
            0.0
        } else {
            self.tp as f64 / self.pred as f64
        }
    }
    /// Recall.
    pub fn r(&self) -> f64 {
        if self.gold == 0 {
            0.0
        } else {
            self.tp as f64 / self.gold as f64
        }
    }
    /// F1.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.p(), self.r());
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
            "P {:.3}  R {:.3}  F1 {:.3}  (tp {}, pred {}, gold {})",
            self.p(),
            self.r(),
            self.f1(),
            self.tp,
            self.pred,
            self.gold
        )
    }
}

/// Scores of one evaluation run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// Documents evaluated.
    pub docs: usize,
    /// Words (evaluation tokens) in the texts.
    pub words: usize,
    /// Content partial match (one-to-one greedy by token F1, counted when F1 ≥ 0.5).
    pub content_partial: Prf,
    /// Content exact match (same evaluation tokens).
    pub content_exact: Prf,
    /// Partial content match with the right source.
    pub content_source: Prf,
    /// Partial content match with the right cue.
    pub content_cue: Prf,
    /// Partial content match with the right source and cue.
    pub all_three: Prf,
    /// Seconds spent in the pipeline closure.
    pub pipeline_seconds: f64,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "documents {}  words {}", self.docs, self.words)?;
        writeln!(f, "content partial  {}", self.content_partial)?;
        writeln!(f, "content exact    {}", self.content_exact)?;
        writeln!(f, "content+source   {}", self.content_source)?;
        writeln!(f, "content+cue      {}", self.content_cue)?;
        writeln!(f, "all three        {}", self.all_three)?;
        write!(
            f,
            "pipeline {:.3}s ({:.0} words/s)",
            self.pipeline_seconds,
            self.words as f64 / self.pipeline_seconds.max(1e-9)
        )
    }
}

struct PredTok {
    content: Vec<u32>,
    cue: Vec<u32>,
    source: Vec<u32>,
    source_words: Vec<String>,
    has_source: bool,
}

fn char_range(map: &OffsetMap, s: Span) -> (u32, u32) {
    (map.char_offset(s.start), map.char_offset(s.end))
}

/// Scores one document's predictions against gold, adding to `rep`; returns, for each gold
/// attribution, the index of the prediction matched to it (for error analysis).
pub fn score_document(
    doc: &Document,
    gold: &[GoldAttribution],
    rep: &mut Report,
) -> Vec<Option<usize>> {
    let et = EvalTokens::new(&doc.text);
    let map = OffsetMap::new(&doc.text);
    rep.docs += 1;
    rep.words += et.runs.len();
    let preds: Vec<PredTok> = doc
        .attributions
        .iter()
        .map(|a| {
            let cue = a
                .cue
                .map(|c| et.ids(&[char_range(&map, c)]))
                .unwrap_or_default();
            let source = a
                .source
                .as_ref()
                .map(|s| et.ids(&[char_range(&map, s.span)]))
                .unwrap_or_default();
            // A split quote's content covers its own cue and source: leave those out.
            let content: Vec<u32> = et
                .ids(&[char_range(&map, a.content)])
                .into_iter()
                .filter(|x| cue.binary_search(x).is_err() && source.binary_search(x).is_err())
                .collect();
            let mut source_words: Vec<String> = source
                .iter()
                .filter_map(|&i| et.words.get(i as usize).cloned())
                .collect();
            if let Some(e) = a
                .source
                .as_ref()
                .and_then(|s| s.entity)
                .and_then(|e| doc.entities.get(e as usize))
            {
                source_words.extend(
                    e.name
                        .split(|c: char| !c.is_alphanumeric())
                        .filter(|w| !w.is_empty())
                        .map(str::to_lowercase),
                );
            }
            PredTok {
                content,
                cue,
                source,
                source_words,
                has_source: a.source.is_some(),
            }
        })
        .collect();
    let golds: Vec<(Vec<u32>, Vec<u32>, Vec<u32>)> = gold
        .iter()
        .map(|g| (et.ids(&g.content), et.ids(&g.cue), et.ids(&g.source)))
        .collect();
    let mut pairs = Vec::new();
    for (gi, g) in golds.iter().enumerate() {
        for (pi, p) in preds.iter().enumerate() {
            let s = f1(&g.0, &p.content);
            if s >= 0.5 {
                pairs.push((s, gi, pi));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut gu = vec![false; golds.len()];
    let mut matched = vec![None; golds.len()];
    let mut pu = vec![false; preds.len()];
    let add = |prf: &mut Prf, ok: bool| {
        if ok {
            prf.tp += 1;
        }
    };
    for (s, gi, pi) in pairs {
        if gu[gi] || pu[pi] {
            continue;
        }
        gu[gi] = true;
        pu[pi] = true;
        matched[gi] = Some(pi);
        let (g, p) = (&golds[gi], &preds[pi]);
        let src_ok = if g.2.is_empty() {
            !p.has_source
        } else {
            shares(&g.2, &p.source)
                || g.2.iter().any(|&i| {
                    et.words.get(i as usize).is_some_and(|w| {
                        !STOP.contains(&w.as_str()) && p.source_words.iter().any(|x| x == w)
                    })
                })
        };
        let cue_ok = shares(&g.1, &p.cue);
        add(&mut rep.content_partial, true);
        add(&mut rep.content_exact, s >= 1.0);
        add(&mut rep.content_source, src_ok);
        add(&mut rep.content_cue, cue_ok);
        add(&mut rep.all_three, src_ok && cue_ok);
    }
    for prf in [
        &mut rep.content_partial,
        &mut rep.content_exact,
        &mut rep.content_source,
        &mut rep.content_cue,
        &mut rep.all_three,
    ] {
        prf.pred += preds.len();
        prf.gold += golds.len();
    }
    matched
}

/// Runs `pipeline` on every article of a PolNeAR split folder and scores the attributions.
pub fn eval_polnear(
    dir: &Path,
    pipeline: &dyn Fn(&str) -> Document,
) -> Result<Report, AttribError> {
    let docs = read_split(dir)?;
    Ok(eval_docs(&docs, pipeline))
}

/// Scores already-read gold documents (lets tuning loops read the corpus once).
pub fn eval_docs(docs: &[GoldDoc], pipeline: &dyn Fn(&str) -> Document) -> Report {
    let mut rep = Report::default();
    for g in docs {
        let t = std::time::Instant::now();
        let doc = pipeline(&g.text);
        rep.pipeline_seconds += t.elapsed().as_secs_f64();
        score_document(&doc, &g.attributions, &mut rep);
    }
    rep
}

/// The PolNeAR data folder: `$HEADWATER_SHARED/corpora/polnear/data`, else `../shared` next to
/// the workspace. `None` when absent.
pub fn default_data_dir() -> Option<PathBuf> {
    let shared = std::env::var_os("HEADWATER_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")));
    let d = shared.join("corpora/polnear/data");
    d.is_dir().then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_brat_with_discontinuous_spans() {
        let ann = "T1\tSource 0 3\tAna\nT2\tCue 4 8\tsaid\nT3\tContent 9 12;20 25\tfoo bar\n\
                   E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n";
        let g = parse_ann(ann);
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].content, vec![(9, 12), (20, 25)]);
        assert_eq!(g[0].source, vec![(0, 3)]);
    }

    #[test]
    fn eval_tokens_use_code_points() {
        let et = EvalTokens::new("“Yes,” she said");
        assert_eq!(et.runs, vec![(1, 4), (7, 10), (11, 15)]);
        assert_eq!(et.ids(&[(6, 15)]), vec![1, 2]);
    }
}
