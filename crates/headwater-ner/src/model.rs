//! The averaged structured-perceptron tagger: BILOU tags over three entity classes, Viterbi
//! decoding with transition constraints, i8-quantized hashed weights.

use crate::clusters::{cluster_classes, WordClusters};
use crate::features::{extract_hist, extract_static, TokInfo, MAX_FEATS, MAX_HIST};
use crate::NerError;
use std::borrow::Cow;

/// Entity classes the statistical model predicts; finer labels come from rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Class {
    Per = 0,
    Org = 1,
    Loc = 2,
}

impl Class {
    /// All classes, in tag order.
    pub const ALL: [Class; 3] = [Class::Per, Class::Org, Class::Loc];
    /// The UNER spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Per => "PER",
            Class::Org => "ORG",
            Class::Loc => "LOC",
        }
    }
}

/// Number of tags: O plus B/I/L/U for each class.
pub const NTAGS: usize = 1 + 4 * 3;
/// Tag id used as history before the first token.
pub const START: u8 = NTAGS as u8;

/// Position inside a BILOU chunk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bilou {
    O,
    B,
    I,
    L,
    U,
}

/// Decomposes a tag id.
#[inline]
pub fn split_tag(t: u8) -> (Bilou, Option<Class>) {
    if t == 0 || t as usize >= NTAGS {
        return (Bilou::O, None);
    }
    let k = (t - 1) / 4;
    let c = Class::ALL.get(k as usize).copied();
    let b = match (t - 1) % 4 {
        0 => Bilou::B,
        1 => Bilou::I,
        2 => Bilou::L,
        _ => Bilou::U,
    };
    (b, c)
}

/// The class of a tag as [`crate::features::doc_evidence`] counts it: 0 outside, 1 + class at
/// the edge of a chunk, 5 + class inside one (inner words count only when capitalised: `of` in
/// `Bank of England` says nothing about the word elsewhere).
#[inline]
pub fn tag_class(t: u8) -> u8 {
    match split_tag(t) {
        (Bilou::I, Some(c)) => 5 + c as u8,
        (_, Some(c)) => 1 + c as u8,
        _ => 0,
    }
}

/// Composes a tag id.
#[inline]
pub fn make_tag(b: Bilou, c: Class) -> u8 {
    let off = match b {
        Bilou::O => return 0,
        Bilou::B => 0,
        Bilou::I => 1,
        Bilou::L => 2,
        Bilou::U => 3,
    };
    1 + 4 * c as u8 + off
}

/// Whether tag `t` may follow tag `prev` (`START` counts as outside).
#[inline]
pub fn allowed(prev: u8, t: u8) -> bool {
    let (pb, pc) = split_tag(prev);
    let (tb, tc) = split_tag(t);
    match pb {
        Bilou::B | Bilou::I => matches!(tb, Bilou::I | Bilou::L) && pc == tc,
        _ => matches!(tb, Bilou::O | Bilou::B | Bilou::U),
    }
}

/// Converts a gold chunk list to BILOU tags.
pub fn spans_to_tags(n: usize, spans: &[(usize, usize, Class)], out: &mut Vec<u8>) {
    out.clear();
    out.resize(n, 0);
    for &(s, e, c) in spans {
        if e <= s || e > n {
            continue;
        }
        if e - s == 1 {
            out[s] = make_tag(Bilou::U, c);
        } else {
            out[s] = make_tag(Bilou::B, c);
            for t in out.iter_mut().take(e - 1).skip(s + 1) {
                *t = make_tag(Bilou::I, c);
            }
            out[e - 1] = make_tag(Bilou::L, c);
        }
    }
}

/// Reads chunks off a tag sequence, leniently (a chunk left open ends where its run ends).
pub fn tags_to_spans(tags: &[u8], out: &mut Vec<(usize, usize, Class)>) {
    out.clear();
    let mut open: Option<(usize, Class)> = None;
    for (i, &t) in tags.iter().enumerate() {
        let (b, c) = split_tag(t);
        match (b, c) {
            (Bilou::B, Some(c)) => {
                if let Some((s, oc)) = open.take() {
                    out.push((s, i, oc));
                }
                open = Some((i, c));
            }
            (Bilou::I, Some(c)) => match open {
                Some((_, oc)) if oc == c => {}
                _ => {
                    if let Some((s, oc)) = open.take() {
                        out.push((s, i, oc));
                    }
                    open = Some((i, c));
                }
            },
            (Bilou::L, Some(c)) => match open.take() {
                Some((s, oc)) if oc == c => out.push((s, i + 1, c)),
                other => {
                    if let Some((s, oc)) = other {
                        out.push((s, i, oc));
                    }
                    out.push((i, i + 1, c));
                }
            },
            (Bilou::U, Some(c)) => {
                if let Some((s, oc)) = open.take() {
                    out.push((s, i, oc));
                }
                out.push((i, i + 1, c));
            }
            _ => {
                if let Some((s, oc)) = open.take() {
                    out.push((s, i, oc));
                }
            }
        }
    }
    if let Some((s, oc)) = open {
        out.push((s, tags.len(), oc));
    }
}

const MAGIC: &[u8; 8] = b"HWNER\x01\0\0";
/// Same layout, trained with part-of-speech features.
const MAGIC_POS: &[u8; 8] = b"HWNER\x02\0\0";
/// Part-of-speech features plus a capitalisation table ([`crate::distrib`]) after the weights.
const MAGIC_CAPR: &[u8; 8] = b"HWNER\x03\0\0";
/// As [`MAGIC_CAPR`], trained with `headwater-nlp` word-cluster features as well.
const MAGIC_CLUSTERS: &[u8; 8] = b"HWNER\x04\0\0";
/// As [`MAGIC_CLUSTERS`], with document features; the byte after the version holds
/// [`DOC_EVIDENCE`] and [`DOC_CASE`].
const MAGIC_DOC: &[u8; 6] = b"HWNER\x05";
/// Document flag: trained for a second pass over first-pass labels
/// ([`crate::features::doc_evidence`]).
pub const DOC_EVIDENCE: u8 = 1;
/// Document flag: trained with how the document writes each word elsewhere
/// ([`crate::features::doc_casing`]).
pub const DOC_CASE: u8 = 2;
const HEADER: usize = 8 + 4 + 4 + 4;
/// Where the logarithmic byte scale turns linear.
const SOFT: f32 = 0.25;

/// Quantized weights: `(1 << bits) * NTAGS` signed bytes.
#[derive(Debug, Clone)]
pub struct Model {
    bits: u32,
    weights: Cow<'static, [u8]>,
    /// Byte → weight.
    lut: Box<[f32; 256]>,
    uses_pos: bool,
    /// Length of the weight part of `weights`; a capitalisation table may follow it.
    wlen: usize,
    has_capr: bool,
    /// The word classes the model was trained with; `None` when it was trained without them.
    /// When the model wants them but no cluster file is available, every word is class 0
    /// (lower accuracy, no failure).
    clusters: Option<Option<&'static WordClusters>>,
    /// Document features it was trained with ([`DOC_EVIDENCE`], [`DOC_CASE`]).
    doc: u8,
}

impl Model {
    /// Parses a model file (borrowing when the bytes are `'static`, e.g. embedded).
    pub fn from_bytes(bytes: Cow<'static, [u8]>) -> Result<Model, NerError> {
        let bad = |reason: &str| NerError::Model(reason.to_string());
        let mut has_capr = false;
        let mut clusters = None;
        let doc = match (bytes.get(..6), bytes.get(6..8)) {
            (Some(m), Some(&[f, 0])) if m == &MAGIC_DOC[..] && f != 0 => f,
            _ => 0,
        };
        let uses_pos = match bytes.get(..8) {
            Some(m) if m == &MAGIC[..] => false,
            Some(m) if m == &MAGIC_POS[..] => true,
            Some(m) if m == &MAGIC_CAPR[..] => {
                has_capr = true;
                true
            }
            Some(m) if m == &MAGIC_CLUSTERS[..] || doc != 0 => {
                has_capr = true;
                clusters = Some(WordClusters::embedded());
                true
            }
            _ => return Err(bad("not a headwater NER model")),
        };
        if bytes.len() < HEADER {
            return Err(bad("not a headwater NER model"));
        }
        let word = |at: usize| -> u32 {
            let mut b = [0u8; 4];
            if let Some(s) = bytes.get(at..at + 4) {
                b.copy_from_slice(s);
            }
            u32::from_le_bytes(b)
        };
        let bits = word(8);
        let ntags = word(12) as usize;
        if ntags != NTAGS || !(10..=24).contains(&bits) {
            return Err(bad("unsupported model layout"));
        }
        let wlen = (1usize << bits) * NTAGS;
        let need = HEADER
            + wlen
            + if has_capr {
                crate::distrib::CAPR_LEN
            } else {
                0
            };
        if bytes.len() != need {
            return Err(bad("model file has the wrong size"));
        }
        let k = f32::from_bits(word(16));
        if !k.is_finite() || k <= 0.0 {
            return Err(bad("bad weight scale"));
        }
        let mut lut = Box::new([0f32; 256]);
        for (b, slot) in lut.iter_mut().enumerate() {
            let q = b as u8 as i8 as f32;
            let mag = SOFT * ((q.abs() * k).exp() - 1.0);
            *slot = if q < 0.0 { -mag } else { mag };
        }
        let weights = match bytes {
            Cow::Borrowed(b) => Cow::Borrowed(b.get(HEADER..).unwrap_or(&[])),
            Cow::Owned(mut v) => {
                v.drain(..HEADER);
                Cow::Owned(v)
            }
        };
        Ok(Model {
            bits,
            weights,
            lut,
            uses_pos,
            wlen,
            has_capr,
            clusters,
            doc,
        })
    }

    /// Serializes averaged float weights as one signed byte each, on a logarithmic scale: the
    /// weights span four orders of magnitude, and a linear i8 scale rounds most of them to zero.
    /// `capr` (a [`crate::distrib`] table of `CAPR_LEN` bytes) is stored after the weights; it
    /// needs `uses_pos`. `clusters` marks a model trained with word-class features (it needs
    /// `capr`); `doc` one trained for the document pass (it needs `clusters`).
    pub fn encode(
        bits: u32,
        weights: &[f32],
        uses_pos: bool,
        capr: Option<&[u8]>,
        clusters: bool,
        doc: u8,
    ) -> Vec<u8> {
        let max = weights.iter().fold(0f32, |m, w| m.max(w.abs())).max(1e-6);
        let a = SOFT;
        let k = (1.0 + max / a).ln() / 127.0;
        let mut out = Vec::with_capacity(HEADER + weights.len());
        let capr = capr.filter(|c| uses_pos && c.len() == crate::distrib::CAPR_LEN);
        let doc_magic = [
            MAGIC_DOC[0],
            MAGIC_DOC[1],
            MAGIC_DOC[2],
            MAGIC_DOC[3],
            MAGIC_DOC[4],
            MAGIC_DOC[5],
            doc,
            0,
        ];
        out.extend_from_slice(match (uses_pos, capr.is_some()) {
            (true, true) if clusters && doc != 0 => &doc_magic,
            (true, true) if clusters => MAGIC_CLUSTERS,
            (true, true) => MAGIC_CAPR,
            (true, false) => MAGIC_POS,
            _ => MAGIC,
        });
        out.extend_from_slice(&bits.to_le_bytes());
        out.extend_from_slice(&(NTAGS as u32).to_le_bytes());
        out.extend_from_slice(&k.to_le_bytes());
        for &w in weights {
            let q = ((1.0 + w.abs() / a).ln() / k).round().clamp(0.0, 127.0) as i8;
            out.push((if w < 0.0 { -q } else { q }) as u8);
        }
        if let Some(c) = capr {
            out.extend_from_slice(c);
        }
        out
    }

    /// True when the model was trained with UPOS features (and wants them at run time).
    pub fn uses_pos(&self) -> bool {
        self.uses_pos
    }

    /// The capitalisation class of a lowercase word hash (0 when unknown or no table).
    #[inline]
    pub fn capr(&self, lower: u64) -> u8 {
        if !self.has_capr {
            return 0;
        }
        self.weights
            .get(self.wlen + crate::distrib::capr_slot(lower))
            .copied()
            .unwrap_or(0)
    }

    /// Whether the model was trained for the document-aware second pass.
    pub fn uses_doc(&self) -> bool {
        self.doc & DOC_EVIDENCE != 0
    }

    /// Whether the model was trained with document casing features.
    pub fn uses_doc_case(&self) -> bool {
        self.doc & DOC_CASE != 0
    }

    /// Whether the model was trained with word-class features.
    pub fn uses_clusters(&self) -> bool {
        self.clusters.is_some()
    }

    /// Word classes of `word` at the three granularities (all 0 for a model trained without
    /// them, or an unknown word).
    #[inline]
    pub fn classes(&self, word: &str) -> [u16; 3] {
        match self.clusters {
            Some(Some(c)) => cluster_classes(c, word),
            _ => [0; 3],
        }
    }

    /// Hash-table size exponent.
    pub fn bits(&self) -> u32 {
        self.bits
    }

    /// Adds the weight rows of `feats` to `out`.
    #[inline]
    fn add_rows(&self, feats: &[u32], out: &mut [f32; NTAGS]) {
        // The table is larger than the CPU caches: start every row's load before summing any,
        // so that the misses overlap.
        for &f in feats {
            prefetch(self.weights.as_ptr().wrapping_add(f as usize * NTAGS));
        }
        for &f in feats {
            let base = f as usize * NTAGS;
            if let Some(row) = self.weights.get(base..base + NTAGS) {
                for (s, &w) in out.iter_mut().zip(row) {
                    *s += self.lut[w as usize];
                }
            }
        }
    }

    /// Exact first-order Viterbi decoding of one sentence into `tags` (cleared first), under
    /// the BILOU transition constraints; `lat` holds reusable buffers.
    pub fn tag(&self, toks: &[TokInfo], lat: &mut Lattice, tags: &mut Vec<u8>) {
        let mut fs = [0u32; MAX_FEATS];
        let mut fh = [0u32; MAX_HIST];
        let mut fp = [0u32; MAX_HIST];
        viterbi_pre(
            toks.len(),
            |i, p| {
                let n = extract_hist(toks, i, p, self.bits, &mut fp);
                for &f in fp.get(..n).unwrap_or(&[]) {
                    prefetch(self.weights.as_ptr().wrapping_add(f as usize * NTAGS));
                }
            },
            |i, out| {
                let n = extract_static(toks, i, self.bits, &mut fs);
                self.add_rows(fs.get(..n).unwrap_or(&[]), out);
            },
            |i, p, out| {
                let n = extract_hist(toks, i, p, self.bits, &mut fh);
                self.add_rows(fh.get(..n).unwrap_or(&[]), out);
            },
            lat,
            tags,
        );
    }
}

const fn allowed_const(prev: usize, t: usize) -> bool {
    // Tags: 0 = O, then 1 + 4 * class + (0 B, 1 I, 2 L, 3 U); START is outside.
    let prev_open = prev >= 1 && prev < NTAGS && (prev - 1) % 4 <= 1;
    if prev_open {
        t >= 1 && (t - 1) / 4 == (prev - 1) / 4 && ((t - 1) % 4 == 1 || (t - 1) % 4 == 2)
    } else {
        t == 0 || matches!((t - 1) % 4, 0 | 3)
    }
}

const fn allowed_table() -> [[bool; NTAGS]; NTAGS + 1] {
    let mut m = [[false; NTAGS]; NTAGS + 1];
    let mut p = 0;
    while p <= NTAGS {
        let mut t = 0;
        while t < NTAGS {
            m[p][t] = allowed_const(p, t);
            t += 1;
        }
        p += 1;
    }
    m
}

/// `ALLOWED[prev][t]`: the BILOU transition constraint as a table (row `START` = sentence start).
static ALLOWED: [[bool; NTAGS]; NTAGS + 1] = allowed_table();

/// How many previous states each position extends (see [`viterbi`]).
pub const BEAM: usize = 4;

/// Reusable Viterbi buffers (one row per token), so decoding allocates per document at most.
#[derive(Clone, Debug, Default)]
pub struct Lattice {
    delta: Vec<[f32; NTAGS]>,
    back: Vec<[u8; NTAGS]>,
}

/// First-order Viterbi over BILOU tags, pruned to the [`BEAM`] best previous states per position: `stat(i, out)` adds the history-free scores of position
/// `i`, `hist(i, prev, out)` the scores that depend on the previous tag (`out` arrives zeroed).
/// The best path that starts after `START` and ends outside an open chunk goes to `tags`.
pub fn viterbi<S, H>(n: usize, stat: S, hist: H, lat: &mut Lattice, tags: &mut Vec<u8>)
where
    S: FnMut(usize, &mut [f32; NTAGS]),
    H: FnMut(usize, u8, &mut [f32; NTAGS]),
{
    viterbi_pre(n, |_, _| {}, stat, hist, lat, tags);
}

/// [`viterbi`] with a `pre(i, prev)` hook called for every previous state the beam keeps at
/// position `i` before any scoring there, so a caller can start the memory loads of all of the
/// position's history rows at once (the table is larger than the caches); same result.
pub fn viterbi_pre<P, S, H>(
    n: usize,
    mut pre: P,
    mut stat: S,
    mut hist: H,
    lat: &mut Lattice,
    tags: &mut Vec<u8>,
) where
    P: FnMut(usize, u8),
    S: FnMut(usize, &mut [f32; NTAGS]),
    H: FnMut(usize, u8, &mut [f32; NTAGS]),
{
    tags.clear();
    if n == 0 {
        return;
    }
    lat.delta.clear();
    lat.back.clear();
    let start_row = ALLOWED
        .get(START as usize)
        .copied()
        .unwrap_or([true; NTAGS]);
    for i in 0..n {
        // The beam: the `BEAM` best previous states, best first, since scoring the history
        // features for all 13 dominated decoding time.
        let mut beam = [(0u8, f32::NEG_INFINITY); BEAM];
        let mut width = 0;
        if let Some(prev) = lat.delta.last() {
            let mut left = *prev;
            for slot in beam.iter_mut() {
                let mut p = 0usize;
                let mut dp = f32::NEG_INFINITY;
                for (k, &v) in left.iter().enumerate() {
                    if v > dp {
                        p = k;
                        dp = v;
                    }
                }
                if dp == f32::NEG_INFINITY {
                    break;
                }
                if let Some(x) = left.get_mut(p) {
                    *x = f32::NEG_INFINITY;
                }
                *slot = (p as u8, dp);
                width += 1;
            }
            for &(p, _) in beam.iter().take(width) {
                pre(i, p);
            }
        } else {
            pre(i, START);
        }
        let mut s = [0f32; NTAGS];
        stat(i, &mut s);
        let mut cur = [f32::NEG_INFINITY; NTAGS];
        let mut bp = [0u8; NTAGS];
        match lat.delta.last().copied() {
            None => {
                let mut h = [0f32; NTAGS];
                hist(i, START, &mut h);
                for t in 0..NTAGS {
                    if start_row[t] {
                        cur[t] = s[t] + h[t];
                        bp[t] = START;
                    }
                }
            }
            Some(_) => {
                for &(p8, dp) in beam.iter().take(width) {
                    let p = p8 as usize;
                    let mut h = [0f32; NTAGS];
                    hist(i, p as u8, &mut h);
                    let row = ALLOWED.get(p).copied().unwrap_or([true; NTAGS]);
                    for t in 0..NTAGS {
                        if row[t] {
                            let v = dp + s[t] + h[t];
                            if v > cur[t] {
                                cur[t] = v;
                                bp[t] = p as u8;
                            }
                        }
                    }
                }
            }
        }
        lat.delta.push(cur);
        lat.back.push(bp);
    }
    // The last tag may not leave a chunk open (B or I); ties go to the lower id (O).
    let mut best = 0u8;
    let mut best_v = f32::NEG_INFINITY;
    if let Some(last) = lat.delta.last() {
        for (t, &v) in last.iter().enumerate() {
            let open = t >= 1 && matches!((t - 1) % 4, 0 | 1);
            if !open && v > best_v {
                best = t as u8;
                best_v = v;
            }
        }
    }
    tags.resize(n, 0);
    let mut t = best;
    for i in (0..n).rev() {
        if let Some(slot) = tags.get_mut(i) {
            *slot = t;
        }
        t = lat
            .back
            .get(i)
            .and_then(|r| r.get(t as usize))
            .copied()
            .unwrap_or(0);
    }
}

/// The highest-scoring tag (ties go to the lower id, i.e. `O`).
///
/// Unconstrained, for greedy callers; the tagger itself decodes with [`viterbi`]. `prev` is kept
/// for callers that want to constrain with [`allowed`].
#[inline]
pub fn best_allowed<T: PartialOrd + Copy>(_prev: u8, scores: &[T; NTAGS]) -> u8 {
    let mut best = 0u8;
    let mut best_score: Option<T> = None;
    for (t, &s) in scores.iter().enumerate() {
        if best_score.is_none_or(|b| s > b) {
            best = t as u8;
            best_score = Some(s);
        }
    }
    best
}

/// Float weights with lazy averaging, for training.
pub struct Trainer {
    pub bits: u32,
    w: Vec<f32>,
    u: Vec<f32>,
    c: f32,
}

impl Trainer {
    /// Zero weights over `1 << bits` buckets.
    pub fn new(bits: u32) -> Trainer {
        let n = (1usize << bits) * NTAGS;
        Trainer {
            bits,
            w: vec![0.0; n],
            u: vec![0.0; n],
            c: 1.0,
        }
    }

    fn add_rows(w: &[f32], feats: &[u32], out: &mut [f32; NTAGS]) {
        for &f in feats {
            let base = f as usize * NTAGS;
            if let Some(row) = w.get(base..base + NTAGS) {
                for (s, &x) in out.iter_mut().zip(row) {
                    *s += x;
                }
            }
        }
    }

    fn update(&mut self, feats: &[u32], tag: u8, d: f32) {
        for &f in feats {
            let k = f as usize * NTAGS + tag as usize;
            if let Some(w) = self.w.get_mut(k) {
                *w += d;
            }
            if let Some(u) = self.u.get_mut(k) {
                *u += self.c * d;
            }
        }
    }

    /// One structured-perceptron step on a sentence: Viterbi-decode with the current weights,
    /// then move weights toward the gold path and away from the predicted one where they differ.
    /// Returns the number of wrong tags.
    pub fn learn(
        &mut self,
        toks: &[TokInfo],
        gold: &[u8],
        weight: u32,
        lat: &mut Lattice,
        pred: &mut Vec<u8>,
    ) -> usize {
        let n = toks.len().min(gold.len());
        let bits = self.bits;
        let mut fs = [0u32; MAX_FEATS];
        let mut fh = [0u32; MAX_HIST];
        {
            let w = &self.w;
            let mut fs2 = [0u32; MAX_FEATS];
            let mut fh2 = [0u32; MAX_HIST];
            viterbi(
                n,
                |i, out| {
                    let k = extract_static(toks, i, bits, &mut fs2);
                    Trainer::add_rows(w, fs2.get(..k).unwrap_or(&[]), out);
                },
                |i, p, out| {
                    let k = extract_hist(toks, i, p, bits, &mut fh2);
                    Trainer::add_rows(w, fh2.get(..k).unwrap_or(&[]), out);
                },
                lat,
                pred,
            );
        }
        let wrong = gold.iter().zip(pred.iter()).filter(|(g, p)| g != p).count();
        self.c += 1.0;
        if wrong == 0 {
            return 0;
        }
        let d = weight as f32;
        for i in 0..n {
            let (Some(&g), Some(&y)) = (gold.get(i), pred.get(i)) else {
                continue;
            };
            let (gp, yp) = if i == 0 {
                (START, START)
            } else {
                (
                    gold.get(i - 1).copied().unwrap_or(START),
                    pred.get(i - 1).copied().unwrap_or(START),
                )
            };
            if g == y && gp == yp {
                continue;
            }
            if g != y {
                let k = extract_static(toks, i, bits, &mut fs);
                let f = fs.get(..k).unwrap_or(&[]).to_vec();
                self.update(&f, g, d);
                self.update(&f, y, -d);
            }
            let k = extract_hist(toks, i, gp, bits, &mut fh);
            let f = fh.get(..k).unwrap_or(&[]).to_vec();
            self.update(&f, g, d);
            let k = extract_hist(toks, i, yp, bits, &mut fh);
            let f = fh.get(..k).unwrap_or(&[]).to_vec();
            self.update(&f, y, -d);
        }
        wrong
    }

    /// The averaged weights.
    pub fn averaged(&self) -> Vec<f32> {
        self.w
            .iter()
            .zip(&self.u)
            .map(|(w, u)| w - u / self.c)
            .collect()
    }
}

/// Hints the CPU to start loading the cache line at `p`; never faults, whatever `p` is.
#[inline(always)]
fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: PREFETCH is a hint that never faults and has no architectural effect.
    unsafe {
        core::arch::x86_64::_mm_prefetch::<{ core::arch::x86_64::_MM_HINT_T0 }>(p as *const i8)
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowed_table_matches_allowed() {
        for (p, row) in ALLOWED.iter().enumerate() {
            for (t, &ok) in row.iter().enumerate() {
                assert_eq!(ok, allowed(p as u8, t as u8), "{p} -> {t}");
            }
        }
    }

    #[test]
    fn viterbi_returns_well_formed_chunks() {
        // Position scores that greedily read as `I-PER O B-PER`: ill-formed.
        let want = [
            make_tag(Bilou::I, Class::Per),
            0,
            make_tag(Bilou::B, Class::Per),
        ];
        let mut lat = Lattice::default();
        let mut tags = Vec::new();
        viterbi(
            want.len(),
            |i, out| out[want[i] as usize] += 1.0,
            |_, _, _| {},
            &mut lat,
            &mut tags,
        );
        assert_eq!(tags.len(), 3);
        let mut prev = START;
        for &t in &tags {
            assert!(allowed(prev, t), "{prev} -> {t} in {tags:?}");
            prev = t;
        }
        let (last, _) = split_tag(prev);
        assert!(!matches!(last, Bilou::B | Bilou::I));
        viterbi(0, |_, _| {}, |_, _, _| {}, &mut lat, &mut tags);
        assert!(tags.is_empty());
    }

    #[test]
    fn encode_round_trips_capr_table() {
        let bits = 10;
        let w = vec![0.5f32; (1 << bits) * NTAGS];
        let mut table = vec![0u8; crate::distrib::CAPR_LEN];
        let h = crate::features::hash_lower("Zorbaville");
        if let Some(s) = table.get_mut(crate::distrib::capr_slot(h)) {
            *s = 13;
        }
        let m = Model::from_bytes(Cow::Owned(Model::encode(
            bits,
            &w,
            true,
            Some(&table),
            false,
            0,
        )))
        .unwrap();
        assert_eq!(m.capr(h), 13);
        let plain =
            Model::from_bytes(Cow::Owned(Model::encode(bits, &w, true, None, false, 0))).unwrap();
        assert_eq!(plain.capr(h), 0);
        let mut bad = Model::encode(bits, &w, true, Some(&table), false, 0);
        bad.pop();
        assert!(Model::from_bytes(Cow::Owned(bad)).is_err());
    }
}
