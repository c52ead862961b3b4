//! Distributional word classes learned from unlabelled text, shared by the tagger, the parser
//! and the named-entity recognizer as features.
//!
//! Labelled data is small (a few hundred thousand words); unlabelled news text is plentiful.
//! Words that occur in the same contexts ("Reuters" and "Bloomberg", "Tuesday" and "Friday")
//! get the same class, so a feature weight learned for one generalizes to the others — the
//! classic gain from Brown clusters in taggers, parsers and NER (Koo et al. 2008, Ratinov & Roth
//! 2009).
//!
//! The classes come from the predictive exchange algorithm (Uszkoreit & Brants 2008): each word
//! is moved to the class that most improves the likelihood of the one-sided class bigram model
//! `P(w_i | w_{i-1}) = P(class(w_i) | w_{i-1}) · P(w_i | class(w_i))`, word by word, for a few
//! passes. It runs at three granularities ([`LEVELS`]) so features can back off from fine to
//! coarse classes.
//!
//! The model file stores only 64-bit hashes of the word forms, never the words themselves.
//!
//! ```
//! use headwater_nlp::clusters::WordClusters;
//! if let Some(c) = WordClusters::embedded() {
//!     // Unknown words have class 0 at every level.
//!     assert_eq!(c.classes("Xqzzyvv123"), [0, 0, 0]);
//! }
//! ```

use crate::model::{hash_bytes, hash_lower, put_u32, IdMap, Reader};
use crate::NlpError;
use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

const MAGIC: &[u8] = b"HWCLU001";

/// Number of granularities.
pub const LEVELS: usize = 3;

/// Class counts of the granularities, coarse to fine.
pub const CLASS_COUNTS: [usize; LEVELS] = [64, 256, 1024];

/// Word form hash → class ids (1-based; 0 = unknown) at each granularity.
#[derive(Clone, Debug, Default)]
pub struct WordClusters {
    map: IdMap<[u16; LEVELS]>,
}

static EMBEDDED: OnceLock<Option<WordClusters>> = OnceLock::new();

impl WordClusters {
    /// The classes of `clusters.bin` in `HEADWATER_MODELS` if there is one, else of the
    /// `models/clusters.bin` embedded at build time; parsed once; `None` when neither exists
    /// or the file is malformed.
    pub fn embedded() -> Option<&'static WordClusters> {
        EMBEDDED
            .get_or_init(|| {
                // An override folder without its own classes keeps the embedded ones: the
                // other models were trained with them.
                let bytes = crate::models_dir_override()
                    .and_then(|dir| std::fs::read(dir.join("clusters.bin")).ok())
                    .or_else(|| crate::embedded::CLUSTERS.map(<[u8]>::to_vec))?;
                WordClusters::from_bytes(&bytes, "clusters.bin").ok()
            })
            .as_ref()
    }

    /// Classes of `word` (exact form, else its lowercase form), `[0; LEVELS]` when unknown.
    #[inline]
    pub fn classes(&self, word: &str) -> [u16; LEVELS] {
        self.classes_of_hashes(hash_bytes(word.as_bytes()), hash_lower(word.as_bytes()))
    }

    /// As [`WordClusters::classes`], from the word's precomputed exact and lowercase hashes
    /// (the `exact` and `lower` of [`crate::WordInfo`]).
    #[inline]
    pub fn classes_of_hashes(&self, exact: u64, lower: u64) -> [u16; LEVELS] {
        self.map
            .get(&exact)
            .or_else(|| self.map.get(&lower))
            .copied()
            .unwrap_or([0; LEVELS])
    }

    /// Number of words with classes.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when no word has a class.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Serializes: magic, level count, word count, then sorted `(hash, classes)` records.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut rows: Vec<(&u64, &[u16; LEVELS])> = self.map.iter().collect();
        rows.sort_unstable();
        let mut out = Vec::with_capacity(16 + rows.len() * (8 + 2 * LEVELS));
        out.extend_from_slice(MAGIC);
        put_u32(&mut out, LEVELS as u32);
        put_u32(&mut out, rows.len() as u32);
        for (h, cs) in rows {
            out.extend_from_slice(&h.to_le_bytes());
            for c in cs {
                out.extend_from_slice(&c.to_le_bytes());
            }
        }
        out
    }

    /// Reads what [`WordClusters::to_bytes`] wrote.
    pub fn from_bytes(bytes: &[u8], name: &str) -> Result<WordClusters, NlpError> {
        let mut r = Reader::new(bytes, name);
        r.magic(MAGIC)?;
        if r.u32()? as usize != LEVELS {
            return Err(r.err("unexpected number of cluster levels"));
        }
        let n = r.u32()? as usize;
        if n.saturating_mul(8 + 2 * LEVELS) > r.remaining() {
            return Err(r.err("truncated"));
        }
        let mut map = IdMap::with_capacity_and_hasher(n, Default::default());
        for _ in 0..n {
            let h = r.u64()?;
            let mut cs = [0u16; LEVELS];
            for c in cs.iter_mut() {
                let b = r.bytes(2)?;
                *c = u16::from_le_bytes([
                    b.first().copied().unwrap_or(0),
                    b.get(1).copied().unwrap_or(0),
                ]);
            }
            map.insert(h, cs);
        }
        Ok(WordClusters { map })
    }

    /// Loads `clusters.bin` from `dir`.
    pub fn load_from(dir: &Path) -> Result<WordClusters, NlpError> {
        let path = dir.join("clusters.bin");
        let bytes = crate::read_file(&path)?;
        WordClusters::from_bytes(&bytes, &path.display().to_string())
    }
}

/// Unlabelled text as sentences of word forms, interned.
#[derive(Default)]
pub struct ClusterCorpus {
    ids: HashMap<String, u32>,
    words: Vec<String>,
    counts: Vec<u64>,
    /// Word ids, sentences separated by `u32::MAX`.
    stream: Vec<u32>,
}

const BOUNDARY: u32 = u32::MAX;

impl ClusterCorpus {
    /// Appends one sentence.
    pub fn push_sentence<'a>(&mut self, words: impl IntoIterator<Item = &'a str>) {
        for w in words {
            let id = match self.ids.get(w) {
                Some(&id) => id,
                None => {
                    let id = self.words.len() as u32;
                    self.ids.insert(w.to_string(), id);
                    self.words.push(w.to_string());
                    self.counts.push(0);
                    id
                }
            };
            if let Some(c) = self.counts.get_mut(id as usize) {
                *c += 1;
            }
            self.stream.push(id);
        }
        self.stream.push(BOUNDARY);
    }

    /// Number of running words.
    pub fn tokens(&self) -> usize {
        self.stream.len() - self.sentences()
    }

    /// Number of sentences.
    pub fn sentences(&self) -> usize {
        self.stream.iter().filter(|&&w| w == BOUNDARY).count()
    }

    /// Clusters every word seen at least `min_count` times, at each granularity of
    /// [`CLASS_COUNTS`], running `passes` exchange passes. Deterministic.
    pub fn cluster(&self, min_count: u64, passes: usize) -> WordClusters {
        self.cluster_into(min_count, passes, CLASS_COUNTS)
    }

    /// As [`ClusterCorpus::cluster`] with other class counts.
    pub fn cluster_into(
        &self,
        min_count: u64,
        passes: usize,
        class_counts: [usize; LEVELS],
    ) -> WordClusters {
        // Vocabulary in frequency order (ties by form); rarer words share one "rare" id that
        // takes part in the counts but gets no class of its own.
        let mut order: Vec<u32> = (0..self.words.len() as u32)
            .filter(|&i| self.counts.get(i as usize).copied().unwrap_or(0) >= min_count)
            .collect();
        order.sort_by(|&a, &b| {
            let (ca, cb) = (self.counts[a as usize], self.counts[b as usize]);
            cb.cmp(&ca)
                .then_with(|| self.words[a as usize].cmp(&self.words[b as usize]))
        });
        let n_vocab = order.len();
        let rare = n_vocab as u32;
        let start = n_vocab as u32 + 1;
        let mut remap = vec![rare; self.words.len()];
        for (new, &old) in order.iter().enumerate() {
            remap[old as usize] = new as u32;
        }
        // Bigram counts: predecessors of each word (sentence start is its own predecessor id).
        let n_ids = n_vocab + 2;
        let mut bigrams: HashMap<(u32, u32), u32> = HashMap::new();
        let mut prev = start;
        for &w in &self.stream {
            if w == BOUNDARY {
                prev = start;
                continue;
            }
            let cur = remap[w as usize];
            *bigrams.entry((cur, prev)).or_insert(0) += 1;
            prev = cur;
        }
        let mut pairs: Vec<((u32, u32), u32)> = bigrams.into_iter().collect();
        pairs.sort_unstable();
        let mut preds: Vec<Vec<(u32, u32)>> = vec![Vec::new(); n_ids];
        let mut freq = vec![0u64; n_ids];
        for ((w, v), n) in pairs {
            preds[w as usize].push((v, n));
            freq[w as usize] += n as u64;
        }
        let mut levels: Vec<Vec<u16>> = Vec::with_capacity(LEVELS);
        for &k in class_counts.iter() {
            levels.push(exchange(&preds, &freq, n_vocab + 1, k, passes));
        }
        let mut map = IdMap::with_capacity_and_hasher(n_vocab, Default::default());
        for (new, &old) in order.iter().enumerate() {
            let mut cs = [0u16; LEVELS];
            for (c, lv) in cs.iter_mut().zip(&levels) {
                *c = lv.get(new).map_or(0, |&x| x + 1);
            }
            if let Some(w) = self.words.get(old as usize) {
                map.insert(hash_bytes(w.as_bytes()), cs);
            }
        }
        WordClusters { map }
    }
}

/// `x ln x` for counts.
#[inline]
fn xlogx(x: u64, table: &[f64]) -> f64 {
    match table.get(x as usize) {
        Some(&v) => v,
        None => {
            let f = x as f64;
            f * f.ln()
        }
    }
}

/// Class-count row of one predecessor: sparse while it has few classes, dense after.
enum Row {
    Sparse(Vec<(u16, u32)>),
    Dense(Vec<u32>),
}

impl Row {
    fn add(&mut self, c: u16, n: u32, k: usize) {
        match self {
            Row::Sparse(v) => {
                if let Some(e) = v.iter_mut().find(|e| e.0 == c) {
                    e.1 += n;
                } else {
                    v.push((c, n));
                    if v.len() > k / 8 {
                        let mut d = vec![0u32; k];
                        for &(c, n) in v.iter() {
                            if let Some(x) = d.get_mut(c as usize) {
                                *x += n;
                            }
                        }
                        *self = Row::Dense(d);
                    }
                }
            }
            Row::Dense(d) => {
                if let Some(x) = d.get_mut(c as usize) {
                    *x += n;
                }
            }
        }
    }

    fn sub(&mut self, c: u16, n: u32) {
        match self {
            Row::Sparse(v) => {
                if let Some(i) = v.iter().position(|e| e.0 == c) {
                    let left = v[i].1.saturating_sub(n);
                    if left == 0 {
                        v.swap_remove(i);
                    } else {
                        v[i].1 = left;
                    }
                }
            }
            Row::Dense(d) => {
                if let Some(x) = d.get_mut(c as usize) {
                    *x = x.saturating_sub(n);
                }
            }
        }
    }
}

/// Predictive exchange clustering of words `0..n_words` (word `n_words - 1` is the shared rare
/// id) into `k` classes; `preds[w]` lists `(predecessor, count)`, `freq[w]` the count of `w`.
fn exchange(
    preds: &[Vec<(u32, u32)>],
    freq: &[u64],
    n_words: usize,
    k: usize,
    passes: usize,
) -> Vec<u16> {
    let table: Vec<f64> = (0..1u64 << 16)
        .map(|x| {
            if x == 0 {
                0.0
            } else {
                x as f64 * (x as f64).ln()
            }
        })
        .collect();
    // Initial classes: frequency rank modulo k spreads the frequent words over all classes.
    let mut class: Vec<u16> = (0..n_words).map(|w| (w % k) as u16).collect();
    let n_preds = preds.len();
    let mut rows: Vec<Row> = (0..n_preds).map(|_| Row::Sparse(Vec::new())).collect();
    let mut class_freq = vec![0u64; k];
    for (w, &c) in class.iter().enumerate() {
        class_freq[c as usize] += freq.get(w).copied().unwrap_or(0);
        for &(v, n) in preds.get(w).map_or(&[][..], |p| p.as_slice()) {
            if let Some(r) = rows.get_mut(v as usize) {
                r.add(c, n, k);
            }
        }
    }
    let mut delta = vec![0f64; k];
    for _pass in 0..passes {
        let mut moved = 0usize;
        for (w, cw) in class.iter_mut().enumerate() {
            let old = *cw;
            let fw = freq.get(w).copied().unwrap_or(0);
            let pw = preds.get(w).map_or(&[][..], |p| p.as_slice());
            for &(v, n) in pw {
                if let Some(r) = rows.get_mut(v as usize) {
                    r.sub(old, n);
                }
            }
            class_freq[old as usize] -= fw;
            // delta[c] = Σ_v [F(N(v,c)+n) - F(N(v,c))] - [F(N(c)+f) - F(N(c))]; the sum over
            // classes where N(v,c) = 0 is F(n) for every c, kept in `base`.
            let mut base = 0f64;
            delta.iter_mut().for_each(|d| *d = 0.0);
            for &(v, n) in pw {
                let fnv = xlogx(n as u64, &table);
                base += fnv;
                match rows.get(v as usize) {
                    Some(Row::Sparse(e)) => {
                        for &(c, m) in e {
                            if let Some(d) = delta.get_mut(c as usize) {
                                *d += xlogx((m + n) as u64, &table) - xlogx(m as u64, &table) - fnv;
                            }
                        }
                    }
                    Some(Row::Dense(e)) => {
                        for (d, &m) in delta.iter_mut().zip(e) {
                            if m != 0 {
                                *d += xlogx((m + n) as u64, &table) - xlogx(m as u64, &table) - fnv;
                            }
                        }
                    }
                    None => {}
                }
            }
            let mut best = old;
            let mut best_gain = f64::NEG_INFINITY;
            for (c, (&d, &nc)) in delta.iter().zip(&class_freq).enumerate() {
                let gain = base + d - (xlogx(nc + fw, &table) - xlogx(nc, &table));
                // Staying put wins ties, so passes converge.
                if gain > best_gain + 1e-9 || (c as u16 == old && gain >= best_gain - 1e-9) {
                    best_gain = gain;
                    best = c as u16;
                }
            }
            if best != old {
                moved += 1;
            }
            *cw = best;
            class_freq[best as usize] += fw;
            for &(v, n) in pw {
                if let Some(r) = rows.get_mut(v as usize) {
                    r.add(best, n, k);
                }
            }
        }
        if moved == 0 {
            break;
        }
    }
    class
}

/// Reads the unlabelled training text: UD EWT train + dev and GUM word forms, every `*.txt`
/// under BBC News, and PolNeAR train articles (never EWT test, which UNER test is made of, nor
/// PolNeAR dev/test).
pub fn load_unlabelled(shared: &Path) -> Result<ClusterCorpus, NlpError> {
    let mut corpus = ClusterCorpus::default();
    let mut conllu = vec![
        crate::train::ewt_path(shared, "train"),
        crate::train::ewt_path(shared, "dev"),
    ];
    // Missing GUM only makes the text smaller; missing EWT is an error below.
    conllu.extend(crate::train::gum_files(shared).unwrap_or_default());
    for path in &conllu {
        if !path.is_file() {
            return Err(NlpError::MissingData(path.display().to_string()));
        }
        for s in crate::read_conllu(path)? {
            corpus.push_sentence(s.words.iter().map(|w| w.form.as_str()));
        }
    }
    let mut texts = Vec::new();
    collect_txt(&shared.join("corpora/bbc-news/bbc"), &mut texts);
    collect_txt(&shared.join("corpora/polnear/data/train/text"), &mut texts);
    texts.sort();
    let mut toks = Vec::new();
    let mut paras = Vec::new();
    let mut sents = Vec::new();
    for path in texts {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        // The text crate appends to its output buffers.
        toks.clear();
        paras.clear();
        sents.clear();
        headwater_text::tokenize(&text, &mut toks);
        headwater_text::paragraphs(&text, &mut paras);
        headwater_text::split_sentences(&text, &toks, &paras, &mut sents);
        for s in &sents {
            let words = toks
                .get(s.tokens.start as usize..s.tokens.end as usize)
                .unwrap_or(&[])
                .iter()
                .filter_map(|t| text.get(t.span.start as usize..t.span.end as usize));
            corpus.push_sentence(words);
        }
    }
    Ok(corpus)
}

fn collect_txt(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect_txt(&p, out);
        } else if p.extension().is_some_and(|x| x == "txt") {
            out.push(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_in_the_same_contexts_share_a_class_and_files_round_trip() {
        let mut c = ClusterCorpus::default();
        let days = ["Monday", "Tuesday", "Friday"];
        let outlets = ["Reuters", "Bloomberg", "AFP"];
        for i in 0..60 {
            let d = days[i % 3];
            let o = outlets[(i / 3) % 3];
            c.push_sentence(["On", d, ",", o, "reported", "the", "news", "."]);
            c.push_sentence(["The", "talks", "resume", "on", d, "."]);
            c.push_sentence([o, "said", "the", "talks", "were", "over", "."]);
        }
        let wc = c.cluster_into(2, 10, [3, 5, 8]);
        let fine = |w: &str| wc.classes(w)[1];
        assert_ne!(fine("Monday"), 0);
        assert_eq!(fine("Monday"), fine("Friday"));
        assert_eq!(fine("Reuters"), fine("AFP"));
        assert_ne!(fine("Monday"), fine("Reuters"));
        assert_eq!(wc.classes("never-seen"), [0; LEVELS]);
        let back = WordClusters::from_bytes(&wc.to_bytes(), "t").map(|w| w.to_bytes());
        assert_eq!(back.ok(), Some(wc.to_bytes()));
    }
}
