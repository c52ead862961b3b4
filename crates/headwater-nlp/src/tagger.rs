//! Greedy left-to-right averaged-perceptron POS tagger predicting XPOS and UPOS from one shared
//! feature row (the first `XPOS_TAGS.len()` classes are XPOS, the next 17 UPOS).

use crate::conllu::ConllSentence;
use crate::lemma::Lemmatizer;
use crate::model::{mix, put_u32, Frozen, Perceptron, Reader};
use crate::words::{word_infos, WordInfo, END, START};
use crate::NlpError;
use headwater_doc::{Upos, XPOS_TAGS};
use std::collections::BTreeMap;

const MAGIC: &[u8] = b"HWTAG001";
const N_UPOS: usize = 17;

fn n_xpos() -> usize {
    XPOS_TAGS.len()
}

fn n_classes() -> usize {
    n_xpos() + N_UPOS
}

const NO_TAG: u64 = 0xff;

/// Reusable buffers for tagging (keeps the hot path allocation-free).
#[derive(Debug)]
pub struct TagScratch {
    feats: Vec<u64>,
    scores: Box<[i32; 256]>,
}

impl Default for TagScratch {
    fn default() -> Self {
        TagScratch {
            feats: Vec::new(),
            scores: Box::new([0; 256]),
        }
    }
}

#[inline]
fn f(t: u64, v: u64) -> u64 {
    mix(v, t.wrapping_mul(0x100_0000_01b3) ^ 0x7a67)
}

/// Feature hashes for word `i` given the two previous predicted XPOS tags.
#[inline]
fn features(ws: &[WordInfo], i: usize, p1: u64, p2: u64, out: &mut Vec<u64>) {
    out.clear();
    let at = |j: isize| -> &WordInfo {
        if j < 0 {
            &START
        } else {
            ws.get(j as usize).unwrap_or(&END)
        }
    };
    let i = i as isize;
    let w = at(i);
    let (m1, m2, n1, n2) = (at(i - 1), at(i - 2), at(i + 1), at(i + 2));
    out.extend_from_slice(&[
        f(0, 0),
        f(1, w.lower),
        f(2, w.exact),
        f(3, w.suf[0]),
        f(4, w.suf[1]),
        f(5, w.suf[2]),
        f(6, w.suf[3]),
        f(7, w.pre[0]),
        f(8, w.pre[1]),
        f(9, w.shape),
        f(10, w.flags),
        f(11, p1),
        f(12, p2),
        f(13, mix(p1, p2)),
        f(14, mix(p1, w.lower)),
        f(15, m1.lower),
        f(16, m1.suf[2]),
        f(17, m2.lower),
        f(18, n1.lower),
        f(19, n1.suf[2]),
        f(20, n2.lower),
        f(21, n1.shape),
        f(22, mix(m1.lower, w.lower)),
        f(23, mix(w.lower, n1.lower)),
        f(24, mix(p1, n1.lower)),
        f(25, mix(p1, w.shape)),
        f(26, mix(w.flags, w.exact)),
        f(27, n1.suf[0]),
        f(28, m1.suf[0]),
        f(29, mix(w.suf[2], n1.suf[1])),
        f(30, mix(p1, w.suf[2])),
        f(31, w.cls[0]),
        f(32, w.cls[1]),
        f(33, w.cls[2]),
        f(34, n1.cls[1]),
        f(35, m1.cls[1]),
        f(36, mix(p1, w.cls[1])),
    ]);
}

fn argmax(s: &[i32]) -> usize {
    let mut b = 0;
    for (i, &v) in s.iter().enumerate() {
        if v > s.get(b).copied().unwrap_or(i32::MIN) {
            b = i;
        }
    }
    b
}

fn argmax_f(s: &[f32]) -> usize {
    let mut b = 0;
    for (i, &v) in s.iter().enumerate() {
        if v > s.get(b).copied().unwrap_or(f32::MIN) {
            b = i;
        }
    }
    b
}

/// A trained tagger plus the lemmatizer that runs on its output.
#[derive(Clone, Debug)]
pub struct Tagger {
    model: Frozen,
    /// Sorted `(exact form hash, upos, xpos)` for frequent unambiguous words.
    dict: Vec<(u64, u8, u8)>,
    lemmatizer: Lemmatizer,
}

impl Tagger {
    /// Tags one sentence given its word attributes; `upos`/`xpos` are overwritten
    /// (resized to `ws.len()`).
    pub fn tag(
        &self,
        ws: &[WordInfo],
        upos: &mut Vec<Upos>,
        xpos: &mut Vec<u8>,
        scratch: &mut TagScratch,
    ) {
        upos.clear();
        xpos.clear();
        let nx = n_xpos();
        let (mut p1, mut p2) = (NO_TAG, NO_TAG);
        for (i, w) in ws.iter().enumerate() {
            let (u, x) = match self.dict.binary_search_by_key(&w.exact, |d| d.0) {
                Ok(j) => {
                    let d = self.dict.get(j).copied().unwrap_or((0, 16, 0));
                    (d.1 as usize, d.2 as usize)
                }
                Err(_) => {
                    features(ws, i, p1, p2, &mut scratch.feats);
                    self.model.score(&scratch.feats, &mut scratch.scores);
                    let x = argmax(scratch.scores.get(..nx).unwrap_or(&[]));
                    let u = argmax(scratch.scores.get(nx..nx + N_UPOS).unwrap_or(&[]));
                    (u, x)
                }
            };
            upos.push(Upos::ALL.get(u).copied().unwrap_or_default());
            xpos.push(x as u8);
            p2 = p1;
            p1 = x as u64;
        }
    }

    /// The same tagger with other weights (pruning sweeps).
    pub(crate) fn with_model(&self, model: Frozen) -> Tagger {
        Tagger {
            model,
            dict: self.dict.clone(),
            lemmatizer: self.lemmatizer.clone(),
        }
    }

    /// The lemmatizer trained alongside this tagger.
    pub fn lemmatizer(&self) -> &Lemmatizer {
        &self.lemmatizer
    }

    /// Number of stored weights (model size diagnostics).
    pub fn n_weights(&self) -> usize {
        self.model.n_weights()
    }

    /// Serializes the tagger (and lemmatizer) into the model file format.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        put_u32(&mut out, n_xpos() as u32);
        put_u32(&mut out, self.dict.len() as u32);
        for d in &self.dict {
            out.extend_from_slice(&d.0.to_le_bytes());
            out.push(d.1);
            out.push(d.2);
        }
        self.model.write(&mut out);
        self.lemmatizer.write(&mut out);
        out
    }

    /// Reads a tagger written by [`Tagger::to_bytes`].
    pub fn from_bytes(bytes: &[u8], name: &str) -> Result<Tagger, NlpError> {
        let mut r = Reader::new(bytes, name);
        r.magic(MAGIC)?;
        if r.u32()? as usize != n_xpos() {
            return Err(r.err("XPOS tag set differs from this build"));
        }
        let n = r.u32()? as usize;
        let mut dict = Vec::with_capacity(n.min(1 << 20));
        for _ in 0..n {
            let k = r.u64()?;
            let b = r.bytes(2)?;
            let (u, x) = (
                b.first().copied().unwrap_or(16),
                b.get(1).copied().unwrap_or(0),
            );
            if u as usize >= N_UPOS || x as usize >= n_xpos() {
                return Err(r.err("bad tag in dictionary"));
            }
            dict.push((k, u, x));
        }
        let model = Frozen::read(&mut r)?;
        if model.n_classes != n_classes() {
            return Err(r.err("class count mismatch"));
        }
        let lemmatizer = Lemmatizer::read(&mut r)?;
        Ok(Tagger {
            model,
            dict,
            lemmatizer,
        })
    }
}

/// Deterministic xorshift generator (training shuffles and exploration).
pub(crate) struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

/// Gold-standard sentence prepared for training.
pub(crate) struct Prepared {
    pub ws: Vec<WordInfo>,
    pub exact: Vec<u64>,
    pub upos: Vec<u8>,
    pub xpos: Vec<u8>,
}

pub(crate) fn prepare(sents: &[ConllSentence]) -> Vec<Prepared> {
    sents
        .iter()
        .map(|s| {
            let mut ws = Vec::new();
            word_infos(s.words.iter().map(|w| w.form.as_str()), &mut ws);
            Prepared {
                exact: ws.iter().map(|w| w.exact).collect(),
                ws,
                upos: s.words.iter().map(|w| w.upos.index() as u8).collect(),
                xpos: s.words.iter().map(|w| w.xpos).collect(),
            }
        })
        .collect()
}

fn build_dict(data: &[Prepared]) -> Vec<(u64, u8, u8)> {
    let mut counts: BTreeMap<u64, BTreeMap<(u8, u8), u32>> = BTreeMap::new();
    for s in data {
        for i in 0..s.ws.len() {
            *counts
                .entry(s.exact[i])
                .or_default()
                .entry((s.upos[i], s.xpos[i]))
                .or_default() += 1;
        }
    }
    let mut dict = Vec::new();
    for (k, m) in counts {
        let total: u32 = m.values().sum();
        let (best, c) = m
            .iter()
            .max_by_key(|e| *e.1)
            .map(|(t, c)| (*t, *c))
            .unwrap_or(((16, 0), 0));
        if total >= 20 && c as f32 / total as f32 >= 0.995 {
            dict.push((k, best.0, best.1));
        }
    }
    dict.sort_unstable();
    dict
}

/// Trains a tagger on `train`; `on_epoch(epoch, tagger)` may evaluate a snapshot.
pub(crate) fn train(
    train: &[ConllSentence],
    epochs: usize,
    seed: u64,
    mut on_epoch: impl FnMut(usize, &Tagger),
) -> (Tagger, Perceptron) {
    let data = prepare(train);
    let dict = build_dict(&data);
    let lemmatizer = Lemmatizer::train(train);
    let mut p = Perceptron::new(n_classes());
    let nx = n_xpos();
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = Rng::new(seed);
    let mut feats = Vec::new();
    let mut scores = vec![0f32; n_classes()];
    let mut tagger = Tagger {
        model: p.freeze(1),
        dict: dict.clone(),
        lemmatizer: lemmatizer.clone(),
    };
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        for &si in &order {
            let s = &data[si];
            let (mut p1, mut p2) = (NO_TAG, NO_TAG);
            for i in 0..s.ws.len() {
                let (gx, gu) = (s.xpos[i] as usize, s.upos[i] as usize);
                let px = if dict.binary_search_by_key(&s.exact[i], |d| d.0).is_ok() {
                    gx
                } else {
                    features(&s.ws, i, p1, p2, &mut feats);
                    p.score(&feats, &mut scores);
                    let px = argmax_f(&scores[..nx]);
                    let pu = argmax_f(&scores[nx..]);
                    p.tick();
                    if px != gx {
                        p.update(&feats, gx, 1.0);
                        p.update(&feats, px, -1.0);
                    }
                    if pu != gu {
                        p.update(&feats, nx + gu, 1.0);
                        p.update(&feats, nx + pu, -1.0);
                    }
                    px
                };
                p2 = p1;
                p1 = px as u64;
            }
        }
        tagger.model = p.freeze(1);
        on_epoch(epoch, &tagger);
    }
    (tagger, p)
}

/// Tags gold-tokenized sentences in place (UPOS, XPOS and lemma columns).
pub fn tag_conllu(tagger: &Tagger, sents: &mut [ConllSentence]) {
    let mut ws = Vec::new();
    let (mut up, mut xp) = (Vec::new(), Vec::new());
    let mut scratch = TagScratch::default();
    for s in sents {
        word_infos(s.words.iter().map(|w| w.form.as_str()), &mut ws);
        tagger.tag(&ws, &mut up, &mut xp, &mut scratch);
        for ((w, &u), &x) in s.words.iter_mut().zip(&up).zip(&xp) {
            w.upos = u;
            w.xpos = x;
            w.lemma.clear();
            tagger.lemmatizer.lemmatize_into(&w.form, x, &mut w.lemma);
        }
    }
}
