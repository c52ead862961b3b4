//! Same-story evaluation on the news-story-chains dataset: predict, for every document pair,
//! whether both report the same story, from what linking finds (shared claims, entities, works)
//! plus content-word similarity, and score against the gold pair labels.
//!
//! The dataset has no split, so the decision threshold is chosen on a *dev* half of the documents
//! (by a hash of the url) and reported on the *test* half (pairs with both documents there), and
//! on all pairs.

use crate::names::fold;
use headwater_doc::{stable_hash, Corpus, Document};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::path::Path;

/// Errors reading the dataset.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("cannot read {path}: {reason}")]
    Read { path: String, reason: String },
}

/// One article of the dataset.
pub struct StoryArticle {
    pub url: String,
    pub title: String,
    pub date: String,
    pub text: String,
}

/// Pairwise precision/recall/F1.
#[derive(Debug, Clone, Copy, Default)]
pub struct PairScores {
    pub pairs: usize,
    pub gold_positive: usize,
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl PairScores {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        harmonic_mean(self.precision(), self.recall())
    }

    /// One report line: `name`, the pair and gold-positive counts right-aligned to the given
    /// widths, P/R/F1.
    pub(crate) fn write_row(
        &self,
        f: &mut fmt::Formatter<'_>,
        name: &str,
        (width, gw): (usize, usize),
    ) -> fmt::Result {
        writeln!(
            f,
            "  {:<10} pairs {:>width$}  gold+ {:>gw$}  P {:.3}  R {:.3}  F1 {:.3}",
            name,
            self.pairs,
            self.gold_positive,
            self.precision(),
            self.recall(),
            self.f1(),
        )
    }
}

/// F1 of a precision and a recall (0 when both are 0).
pub(crate) fn harmonic_mean(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

pub(crate) fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// The evaluation result.
#[derive(Debug, Clone, Default)]
pub struct StoryChainReport {
    pub documents: usize,
    pub threshold: f64,
    pub dev: PairScores,
    pub test: PairScores,
    pub all: PairScores,
}

impl fmt::Display for StoryChainReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "news-story-chains: {} documents, threshold {:.3} (chosen on the dev half)",
            self.documents, self.threshold
        )?;
        for (name, s) in [
            ("dev half", self.dev),
            ("test half", self.test),
            ("all pairs", self.all),
        ] {
            s.write_row(f, name, (5, 3))?;
        }
        Ok(())
    }
}

fn read_csv(path: &Path, delimiter: u8) -> Result<Vec<csv::StringRecord>, EvalError> {
    let err = |reason: String| EvalError::Read {
        path: path.display().to_string(),
        reason,
    };
    let bytes = std::fs::read(path).map_err(|e| err(e.to_string()))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(bytes);
    reader
        .records()
        .map(|r| r.map_err(|e| err(e.to_string())))
        .collect()
}

/// Reads the articles of the dataset folder.
pub fn read_articles(dir: &Path) -> Result<Vec<StoryArticle>, EvalError> {
    let path = dir.join("gedikli-business_energy_news_dataset-2021-06-29-article_texts.csv");
    Ok(read_csv(&path, b',')?
        .into_iter()
        .map(|r| StoryArticle {
            url: r.get(0).unwrap_or("").to_string(),
            title: r.get(2).unwrap_or("").to_string(),
            date: r.get(3).unwrap_or("").chars().take(10).collect(),
            text: r.get(4).unwrap_or("").to_string(),
        })
        .collect())
}

fn read_labels(dir: &Path) -> Result<HashMap<(String, String), bool>, EvalError> {
    let path = dir.join("gedikli-business_energy_news_dataset-2021-06-29.csv");
    let mut out = HashMap::new();
    for r in read_csv(&path, b';')? {
        let (Some(a), Some(b), Some(l)) = (r.get(0), r.get(1), r.get(2)) else {
            continue;
        };
        out.insert((a.to_string(), b.to_string()), l.trim() == "1");
    }
    Ok(out)
}

/// Pair similarity from the linked corpus: content-word TF-IDF cosine, plus shared claims,
/// rare shared entities and shared works.
pub fn pair_scores(docs: &[Document], corpus: &Corpus) -> Vec<Vec<f64>> {
    let n = docs.len();
    let index: HashMap<&str, usize> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    // TF-IDF over folded content words (title counted twice).
    let bags: Vec<BTreeMap<String, f64>> = docs
        .iter()
        .map(|d| {
            let mut bag = BTreeMap::new();
            let title = d.title.clone().unwrap_or_default();
            for w in format!("{title} {title} {}", d.text)
                .split(|c: char| !c.is_alphanumeric())
                .map(fold)
            {
                if w.len() > 2 {
                    *bag.entry(w).or_insert(0.0) += 1.0;
                }
            }
            bag
        })
        .collect();
    let mut df: HashMap<&str, f64> = HashMap::new();
    for bag in &bags {
        for w in bag.keys() {
            *df.entry(w.as_str()).or_insert(0.0) += 1.0;
        }
    }
    let vectors: Vec<BTreeMap<&str, f64>> = bags
        .iter()
        .map(|bag| {
            let mut v: BTreeMap<&str, f64> = bag
                .iter()
                .map(|(w, tf)| {
                    (
                        w.as_str(),
                        (1.0 + tf.ln()) * ((n as f64 + 1.0) / (df[w.as_str()] + 1.0)).ln(),
                    )
                })
                .collect();
            let norm = v.values().map(|x| x * x).sum::<f64>().sqrt().max(1e-12);
            v.values_mut().for_each(|x| *x /= norm);
            v
        })
        .collect();
    let mut score = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in i + 1..n {
            let (a, b) = if vectors[i].len() < vectors[j].len() {
                (&vectors[i], &vectors[j])
            } else {
                (&vectors[j], &vectors[i])
            };
            let cos: f64 = a.iter().filter_map(|(w, x)| b.get(w).map(|y| x * y)).sum();
            score[i][j] = cos;
            score[j][i] = cos;
        }
    }
    let mut bump = |members: BTreeSet<usize>, amount: f64| {
        let m: Vec<usize> = members.into_iter().collect();
        for x in 0..m.len() {
            for y in x + 1..m.len() {
                score[m[x]][m[y]] += amount;
                score[m[y]][m[x]] += amount;
            }
        }
    };
    for claim in &corpus.claims {
        let members: BTreeSet<usize> = claim
            .members
            .iter()
            .filter_map(|m| index.get(m.document.as_str()).copied())
            .collect();
        if members.len() >= 2 && members.len() <= 10 {
            bump(members, 0.15);
        }
    }
    for e in &corpus.entities {
        let members: BTreeSet<usize> = e
            .documents
            .iter()
            .filter_map(|d| index.get(d.as_str()).copied())
            .collect();
        if members.len() >= 2 && members.len() <= 4 {
            bump(members, 0.05);
        }
    }
    for w in &corpus.works {
        let members: BTreeSet<usize> = w
            .cited_by
            .iter()
            .filter_map(|c| index.get(c.document.as_str()).copied())
            .collect();
        if members.len() >= 2 && members.len() <= 10 {
            bump(members, 0.1);
        }
    }
    score
}

/// Turns the dataset's articles into analysed documents and their linked corpus.
pub type Analyze<'a> = &'a dyn Fn(&[StoryArticle]) -> (Vec<Document>, Corpus);

/// One labelled pair: score, gold label, both documents in the dev half, both in the test half.
type Pair = (f64, bool, bool, bool);

/// Runs the evaluation. `analyze` turns the articles (url as path, title, text) into analysed,
/// linked documents — the real pipeline.
pub fn eval_story_chains(dir: &Path, analyze: Analyze<'_>) -> Result<StoryChainReport, EvalError> {
    let articles = read_articles(dir)?;
    let labels = read_labels(dir)?;
    let (docs, corpus) = analyze(&articles);
    let score = pair_scores(&docs, &corpus);
    let url_index: HashMap<&str, usize> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.path.as_str(), i))
        .collect();
    let dev_doc = |url: &str| stable_hash(url.as_bytes()).is_multiple_of(2);
    let mut pairs: Vec<Pair> = Vec::new();
    for ((a, b), &gold) in &labels {
        let (Some(&i), Some(&j)) = (url_index.get(a.as_str()), url_index.get(b.as_str())) else {
            continue;
        };
        let dev = dev_doc(a) && dev_doc(b);
        let test = !dev_doc(a) && !dev_doc(b);
        pairs.push((score[i][j], gold, dev, test));
    }
    pairs.sort_by(|x, y| x.0.total_cmp(&y.0));
    let scores_at = |t: f64, filter: &dyn Fn(&Pair) -> bool| {
        let mut s = PairScores::default();
        for p in pairs.iter().filter(|p| filter(p)) {
            s.pairs += 1;
            let predicted = p.0 >= t;
            s.gold_positive += usize::from(p.1);
            match (predicted, p.1) {
                (true, true) => s.tp += 1,
                (true, false) => s.fp += 1,
                (false, true) => s.fn_ += 1,
                _ => {}
            }
        }
        s
    };
    let mut best = (0.0, 0.5);
    for step in 1..200 {
        let t = step as f64 * 0.005;
        let f1 = scores_at(t, &|p| p.2).f1();
        if f1 > best.0 {
            best = (f1, t);
        }
    }
    let t = best.1;
    Ok(StoryChainReport {
        documents: docs.len(),
        threshold: t,
        dev: scores_at(t, &|p| p.2),
        test: scores_at(t, &|p| p.3),
        all: scores_at(t, &|_| true),
    })
}
