//! The averaged-perceptron tagger: BILOU tags over three entity classes, greedy decoding with
//! transition constraints, i8-quantized hashed weights.

use crate::features::{extract, TokInfo, MAX_FEATS};
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
}

impl Model {
    /// Parses a model file (borrowing when the bytes are `'static`, e.g. embedded).
    pub fn from_bytes(bytes: Cow<'static, [u8]>) -> Result<Model, NerError> {
        let bad = |reason: &str| NerError::Model(reason.to_string());
        let uses_pos = match bytes.get(..8) {
            Some(m) if m == &MAGIC[..] => false,
            Some(m) if m == &MAGIC_POS[..] => true,
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
        let need = HEADER + (1usize << bits) * NTAGS;
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
        })
    }

    /// Serializes averaged float weights as one signed byte each, on a logarithmic scale: the
    /// weights span four orders of magnitude, and a linear i8 scale rounds most of them to zero.
    pub fn encode(bits: u32, weights: &[f32], uses_pos: bool) -> Vec<u8> {
        let max = weights.iter().fold(0f32, |m, w| m.max(w.abs())).max(1e-6);
        let a = SOFT;
        let k = (1.0 + max / a).ln() / 127.0;
        let mut out = Vec::with_capacity(HEADER + weights.len());
        out.extend_from_slice(if uses_pos { MAGIC_POS } else { MAGIC });
        out.extend_from_slice(&bits.to_le_bytes());
        out.extend_from_slice(&(NTAGS as u32).to_le_bytes());
        out.extend_from_slice(&k.to_le_bytes());
        for &w in weights {
            let q = ((1.0 + w.abs() / a).ln() / k).round().clamp(0.0, 127.0) as i8;
            out.push((if w < 0.0 { -q } else { q }) as u8);
        }
        out
    }

    /// True when the model was trained with UPOS features (and wants them at run time).
    pub fn uses_pos(&self) -> bool {
        self.uses_pos
    }

    /// Hash-table size exponent.
    pub fn bits(&self) -> u32 {
        self.bits
    }

    /// Greedy constrained decoding of one sentence into `tags` (cleared first).
    pub fn tag(&self, toks: &[TokInfo], tags: &mut Vec<u8>) {
        tags.clear();
        let mut feats = [0u32; MAX_FEATS];
        let (mut p1, mut p2) = (START, START);
        for i in 0..toks.len() {
            let n = extract(toks, i, p1, p2, self.bits, &mut feats);
            let mut scores = [0f32; NTAGS];
            for &f in feats.iter().take(n) {
                let base = f as usize * NTAGS;
                if let Some(row) = self.weights.get(base..base + NTAGS) {
                    for (s, &w) in scores.iter_mut().zip(row) {
                        *s += self.lut[w as usize];
                    }
                }
            }
            let best = best_allowed(p1, &scores);
            tags.push(best);
            p2 = p1;
            p1 = best;
        }
    }
}

/// The highest-scoring tag (ties go to the lower id, i.e. `O`).
///
/// Decoding is deliberately unconstrained: forcing BILOU transitions made greedy training
/// unstable (one wrong `B` forced a run of `I`s); [`tags_to_spans`] reads ill-formed sequences
/// leniently instead. `prev` is kept for callers that want to constrain with [`allowed`].
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

    fn scores(&self, feats: &[u32], out: &mut [f32; NTAGS]) {
        *out = [0.0; NTAGS];
        for &f in feats {
            let base = f as usize * NTAGS;
            if let Some(row) = self.w.get(base..base + NTAGS) {
                for (s, &w) in out.iter_mut().zip(row) {
                    *s += w;
                }
            }
        }
    }

    fn update(&mut self, feats: &[u32], gold: u8, guess: u8) {
        for &f in feats {
            let base = f as usize * NTAGS;
            for (t, d) in [(gold, 1.0f32), (guess, -1.0f32)] {
                let k = base + t as usize;
                if let Some(w) = self.w.get_mut(k) {
                    *w += d;
                }
                if let Some(u) = self.u.get_mut(k) {
                    *u += self.c * d;
                }
            }
        }
    }

    /// One training pass over a sentence: decode with the current weights, update where wrong.
    /// Returns the number of wrong tags.
    pub fn learn(&mut self, toks: &[TokInfo], gold: &[u8], weight: u32) -> usize {
        let mut feats = [0u32; MAX_FEATS];
        let (mut p1, mut p2) = (START, START);
        let mut wrong = 0;
        for (i, &g) in gold.iter().enumerate().take(toks.len()) {
            let n = extract(toks, i, p1, p2, self.bits, &mut feats);
            let mut s = [0f32; NTAGS];
            self.scores(&feats[..n], &mut s);
            let guess = best_allowed(p1, &s);
            if guess != g {
                wrong += 1;
                for _ in 0..weight {
                    self.update(&feats[..n], g, guess);
                }
            }
            self.c += 1.0;
            p2 = p1;
            p1 = guess;
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
