//! Labelled arc-hybrid dependency parser (root at the end of the buffer, one root per
//! sentence), greedy, averaged perceptron over Zhang & Nivre (2011) style templates, trained
//! with the Goldberg & Nivre (2013) dynamic oracle and error exploration.

use crate::conllu::ConllSentence;
use crate::model::{mix, put_u32, Frozen, Perceptron, Reader};
use crate::tagger::Rng;
use crate::words::{word_infos, WordInfo};
use crate::NlpError;
use headwater_doc::DepRel;

const MAGIC: &[u8] = b"HWPAR001";
const NONE: u32 = u32::MAX;
const ROOT_LABEL: u8 = 1;
/// Number of feature templates ([`ParseScratch::values`]).
const N_TEMPLATES: usize = 112;
/// The templates that read nothing but the buffer front (`b0`, `b1`, `b2`: their words, tags
/// and word classes) and the bias. A reduce leaves the buffer as it was, so their summed scores
/// are reused from the previous step: about half of all steps skip these lookups. Sums of
/// integers do not depend on their order, so the parse is the same.
const BUFFER_TEMPLATES: [usize; 14] = [0, 9, 10, 11, 12, 13, 14, 15, 16, 24, 29, 104, 106, 111];
/// `BUFFER_TEMPLATES` as a per-template mask, so the split costs one load per template.
const IS_BUFFER_TEMPLATE: [bool; N_TEMPLATES] = {
    let mut m = [false; N_TEMPLATES];
    let mut i = 0;
    while i < BUFFER_TEMPLATES.len() {
        m[BUFFER_TEMPLATES[i]] = true;
        i += 1;
    }
    m
};
/// Sentences longer than this are parsed in independent chunks whose roots are then attached
/// to the first chunk's root, which bounds scratch memory and keeps one root per sentence.
pub const MAX_CHUNK: usize = 1000;

fn n_labels() -> usize {
    DepRel::NAMES.len()
}

fn n_classes() -> usize {
    1 + 2 * n_labels()
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Action {
    Shift,
    Left(u8),
    Right(u8),
}

fn decode(c: usize) -> Action {
    let nl = n_labels();
    if c == 0 {
        Action::Shift
    } else if c <= nl {
        Action::Left((c - 1) as u8)
    } else {
        Action::Right((c - 1 - nl) as u8)
    }
}

/// Parser state plus reusable buffers; one per thread.
#[derive(Debug)]
pub struct ParseScratch {
    n: usize,
    stack: Vec<u32>,
    b: u32,
    heads: Vec<u32>,
    labels: Vec<u8>,
    lc1: Vec<u32>,
    lc2: Vec<u32>,
    rc1: Vec<u32>,
    rc2: Vec<u32>,
    nl: Vec<u8>,
    nr: Vec<u8>,
    lset: Vec<u64>,
    rset: Vec<u64>,
    feats: Vec<u64>,
    scores: Box<[i32; 256]>,
    /// At inference: the features of the templates that read only the buffer front
    /// ([`BUFFER_TEMPLATES`]), their summed scores, and the buffer position those are for.
    buf_feats: Vec<u64>,
    buf_scores: Box<[i32; 256]>,
    buf_at: u32,
    wbuf: Vec<u64>,
    pbuf: Vec<u64>,
    cbuf: Vec<[u64; crate::clusters::LEVELS]>,
}

impl Default for ParseScratch {
    fn default() -> Self {
        ParseScratch {
            n: 0,
            stack: Vec::new(),
            b: 0,
            heads: Vec::new(),
            labels: Vec::new(),
            lc1: Vec::new(),
            lc2: Vec::new(),
            rc1: Vec::new(),
            rc2: Vec::new(),
            nl: Vec::new(),
            nr: Vec::new(),
            lset: Vec::new(),
            rset: Vec::new(),
            feats: Vec::new(),
            scores: Box::new([0; 256]),
            buf_feats: Vec::new(),
            buf_scores: Box::new([0; 256]),
            buf_at: NONE,
            wbuf: Vec::new(),
            pbuf: Vec::new(),
            cbuf: Vec::new(),
        }
    }
}

impl ParseScratch {
    fn reset(&mut self, n: usize) {
        self.n = n;
        self.stack.clear();
        self.b = 0;
        self.buf_at = NONE;
        for v in [
            &mut self.heads,
            &mut self.lc1,
            &mut self.lc2,
            &mut self.rc1,
            &mut self.rc2,
        ] {
            v.clear();
            v.resize(n + 1, NONE);
        }
        self.labels.clear();
        self.labels.resize(n + 1, 0);
        self.nl.clear();
        self.nl.resize(n + 1, 0);
        self.nr.clear();
        self.nr.resize(n + 1, 0);
        self.lset.clear();
        self.lset.resize(n + 1, 0);
        self.rset.clear();
        self.rset.resize(n + 1, 0);
    }

    fn s(&self, k: usize) -> u32 {
        if k < self.stack.len() {
            self.stack[self.stack.len() - 1 - k]
        } else {
            NONE
        }
    }

    fn terminal(&self) -> bool {
        self.stack.is_empty() && self.b as usize >= self.n
    }

    fn valid(&self, a: Action) -> bool {
        let at_root = self.b as usize >= self.n;
        match a {
            Action::Shift => !at_root,
            Action::Left(l) => {
                !self.stack.is_empty()
                    && if at_root {
                        self.stack.len() == 1 && l == ROOT_LABEL
                    } else {
                        l != ROOT_LABEL
                    }
            }
            Action::Right(l) => self.stack.len() >= 2 && l != ROOT_LABEL,
        }
    }

    fn apply(&mut self, a: Action) {
        match a {
            Action::Shift => {
                self.stack.push(self.b);
                self.b += 1;
            }
            Action::Left(l) => {
                let (Some(d), h) = (self.stack.pop(), self.b as usize) else {
                    return;
                };
                self.attach(h, d as usize, l, true);
            }
            Action::Right(l) => {
                let Some(d) = self.stack.pop() else {
                    return;
                };
                let h = self.s(0) as usize;
                self.attach(h, d as usize, l, false);
            }
        }
    }

    fn attach(&mut self, h: usize, d: usize, l: u8, left: bool) {
        if h > self.n || d > self.n {
            return;
        }
        self.heads[d] = h as u32;
        self.labels[d] = l;
        if left {
            self.lc2[h] = self.lc1[h];
            self.lc1[h] = d as u32;
            self.nl[h] = self.nl[h].saturating_add(1);
            self.lset[h] |= 1u64 << (l % 64);
        } else {
            self.rc2[h] = self.rc1[h];
            self.rc1[h] = d as u32;
            self.nr[h] = self.nr[h].saturating_add(1);
            self.rset[h] |= 1u64 << (l % 64);
        }
    }

    /// Features of the current configuration into `self.feats` (training).
    fn features(&mut self) {
        let vals = self.values();
        self.feats.clear();
        for (t, v) in vals.iter().enumerate() {
            self.feats.push(mix(*v, 0xa11c_e000 + t as u64));
        }
    }

    /// Features of the current configuration for inference: those of the buffer-only
    /// templates into `self.buf_feats` when the buffer front moved since they were last
    /// scored (`self.buf_at`), the others into `self.feats`. Returns whether `buf_feats` is new.
    fn features_split(&mut self) -> bool {
        let vals = self.values();
        let fresh = self.buf_at != self.b;
        self.feats.clear();
        if fresh {
            self.buf_feats.clear();
        }
        for ((t, v), &is_buf) in vals.iter().enumerate().zip(IS_BUFFER_TEMPLATE.iter()) {
            if is_buf {
                if fresh {
                    self.buf_feats.push(mix(*v, 0xa11c_e000 + t as u64));
                }
            } else {
                self.feats.push(mix(*v, 0xa11c_e000 + t as u64));
            }
        }
        fresh
    }

    /// The value of every feature template for the current configuration.
    fn values(&self) -> [u64; N_TEMPLATES] {
        let n = self.n;
        let w = |i: u32| -> u64 {
            if i == NONE {
                0x4e4f_4e45
            } else {
                self.wbuf.get(i as usize).copied().unwrap_or(0x524f_4f54)
            }
        };
        let p = |i: u32| -> u64 {
            if i == NONE {
                0xee
            } else {
                self.pbuf.get(i as usize).copied().unwrap_or(0xef)
            }
        };
        let get = |v: &Vec<u32>, i: u32| -> u32 {
            if i == NONE {
                NONE
            } else {
                v.get(i as usize).copied().unwrap_or(NONE)
            }
        };
        // Word classes: medium granularity for pairs, the finest alone.
        let c = |i: u32| -> u64 {
            if i == NONE {
                0xc0
            } else {
                self.cbuf.get(i as usize).map_or(0xc1, |c| c[1])
            }
        };
        let cf = |i: u32| -> u64 {
            if i == NONE {
                0xc0
            } else {
                self.cbuf.get(i as usize).map_or(0xc1, |c| c[2])
            }
        };
        let lab = |i: u32| -> u64 {
            if i == NONE {
                0xfe
            } else {
                self.labels.get(i as usize).copied().unwrap_or(0) as u64
            }
        };
        let s0 = self.s(0);
        let s1 = self.s(1);
        let s2 = self.s(2);
        let b0 = if (self.b as usize) <= n { self.b } else { NONE };
        let b1 = if (self.b as usize) < n {
            self.b + 1
        } else {
            NONE
        };
        let b2 = if (self.b as usize) + 1 < n {
            self.b + 2
        } else {
            NONE
        };
        let (s0l, s0r, s0l2, s0r2) = (
            get(&self.lc1, s0),
            get(&self.rc1, s0),
            get(&self.lc2, s0),
            get(&self.rc2, s0),
        );
        let (s1l, s1r) = (get(&self.lc1, s1), get(&self.rc1, s1));
        let (b0l, b0l2) = (get(&self.lc1, b0), get(&self.lc2, b0));
        let (s0w, s0p, s1w, s1p, b0w, b0p) = (w(s0), p(s0), w(s1), p(s1), w(b0), p(b0));
        let (b1w, b1p, b2w, b2p, s2p) = (w(b1), p(b1), w(b2), p(b2), p(s2));
        let s0wp = mix(s0w, s0p);
        let s1wp = mix(s1w, s1p);
        let b0wp = mix(b0w, b0p);
        let b1wp = mix(b1w, b1p);
        let dist = if s0 != NONE && b0 != NONE {
            (b0.saturating_sub(s0)).min(6) as u64
        } else {
            7
        };
        let val = |v: &Vec<u8>, i: u32| -> u64 {
            if i == NONE {
                99
            } else {
                v.get(i as usize).copied().unwrap_or(0).min(5) as u64
            }
        };
        let set = |v: &Vec<u64>, i: u32| -> u64 {
            if i == NONE {
                1
            } else {
                v.get(i as usize).copied().unwrap_or(0)
            }
        };
        let (s0vl, s0vr, b0vl) = (val(&self.nl, s0), val(&self.nr, s0), val(&self.nl, b0));
        let (s0ls, s0rs, b0ls) = (
            set(&self.lset, s0),
            set(&self.rset, s0),
            set(&self.lset, b0),
        );
        let d10 = if s1 != NONE && s0 != NONE {
            (s0.saturating_sub(s1)).min(6) as u64
        } else {
            7
        };
        let sl = (self.stack.len().min(4) as u64) | ((b0 as usize == n) as u64) << 3;
        let m3 = |a: u64, b: u64, c: u64| mix(mix(a, b), c);
        let vals: [u64; N_TEMPLATES] = [
            1,
            s0w,
            s0p,
            s0wp,
            s1w,
            s1p,
            s1wp,
            s2p,
            w(s2),
            b0w,
            b0p,
            b0wp,
            b1w,
            b1p,
            b1wp,
            b2p,
            b2w,
            mix(s0wp, b0wp),
            mix(s0wp, b0w),
            mix(s0w, b0wp),
            mix(s0wp, b0p),
            mix(s0p, b0wp),
            mix(s0w, b0w),
            mix(s0p, b0p),
            mix(b0p, b1p),
            mix(s1w, s0w),
            mix(s1p, s0p),
            mix(s1wp, s0p),
            mix(s1p, s0wp),
            m3(b0p, b1p, b2p),
            m3(s0p, b0p, b1p),
            m3(s1p, s0p, b0p),
            m3(s0p, p(s0l), b0p),
            m3(s0p, p(s0r), b0p),
            m3(s0p, b0p, p(b0l)),
            m3(s1p, s0p, p(s0l)),
            m3(s1p, s0p, p(s0r)),
            m3(s1p, p(s1r), s0p),
            m3(s2p, s1p, s0p),
            mix(s0w, dist),
            mix(s0p, dist),
            mix(b0w, dist),
            mix(b0p, dist),
            m3(s0w, b0w, dist),
            m3(s0p, b0p, dist),
            mix(s0w, s0vr),
            mix(s0p, s0vr),
            mix(s0w, s0vl),
            mix(s0p, s0vl),
            mix(b0w, b0vl),
            mix(b0p, b0vl),
            w(s0l),
            p(s0l),
            lab(s0l),
            w(s0r),
            p(s0r),
            lab(s0r),
            w(b0l),
            p(b0l),
            lab(b0l),
            w(s0l2),
            p(s0l2),
            lab(s0l2),
            w(s0r2),
            p(s0r2),
            lab(s0r2),
            w(b0l2),
            p(b0l2),
            lab(b0l2),
            m3(s0p, p(s0l), p(s0l2)),
            m3(s0p, p(s0r), p(s0r2)),
            m3(b0p, p(b0l), p(b0l2)),
            mix(s0w, s0rs),
            mix(s0p, s0rs),
            mix(s0w, s0ls),
            mix(s0p, s0ls),
            mix(b0w, b0ls),
            mix(b0p, b0ls),
            mix(p(s1l), s1p),
            mix(lab(s1r), s1p),
            mix(sl, b0p),
            mix(sl, s0p),
            m3(s0p, b0p, b1w),
            m3(s0p, b0w, b1p),
            mix(w(s1r), s1p),
            mix(s1w, b0w),
            mix(s1p, b0w),
            mix(s1w, b0p),
            m3(s1p, s0w, b0p),
            m3(s1p, s0p, b0w),
            m3(s1w, s0p, b0p),
            m3(s1p, s0p, mix(b0p, d10)),
            m3(s1p, b0p, mix(d10, dist)),
            m3(s0p, b0p, mix(b1p, dist)),
            m3(s0w, b0p, b1p),
            m3(s1p, s0p, mix(p(s0l), p(b0l))),
            m3(s0p, b0p, lab(s0r)),
            m3(s0p, b0p, lab(b0l)),
            m3(s1p, s0p, lab(s1r)),
            m3(s0p, b0p, mix(s0vl, s0vr)),
            mix(s1p, val(&self.nr, s1)),
            m3(s0wp, b0p, b1p),
            m3(s2p, s1p, b0p),
            c(s0),
            c(b0),
            c(s1),
            c(b1),
            mix(c(s0), b0p),
            mix(s0p, c(b0)),
            mix(c(s0), c(b0)),
            cf(s0),
            cf(b0),
        ];
        vals
    }

    fn load_words(&mut self, ws: &[WordInfo], tags: &[u8]) {
        self.wbuf.clear();
        self.pbuf.clear();
        self.wbuf.extend(ws.iter().map(|w| w.lower));
        self.cbuf.clear();
        self.cbuf.extend(ws.iter().map(|w| w.cls));
        self.pbuf.extend(tags.iter().map(|&t| t as u64));
        // ROOT token at index n.
        self.wbuf.push(0x524f_4f54);
        self.pbuf.push(0xef);
    }
}

/// A trained dependency parser.
#[derive(Clone, Debug)]
pub struct Parser {
    model: Frozen,
    /// Bit `l` set when label `l` was seen in training.
    labels_seen: u128,
}

impl Parser {
    fn best(&self, st: &ParseScratch) -> Action {
        let at_root = st.b as usize >= st.n;
        let shift_ok = !at_root;
        let left_ok = !st.stack.is_empty() && (!at_root || st.stack.len() == 1);
        let right_ok = st.stack.len() >= 2;
        let nl = n_labels();
        let mut best = (Action::Shift, i32::MIN);
        if shift_ok {
            best = (Action::Shift, st.scores[0]);
        }
        for l in 0..nl {
            if self.labels_seen & (1u128 << l) == 0 {
                continue;
            }
            let is_root = l as u8 == ROOT_LABEL;
            if left_ok && (is_root == at_root) {
                let sc = st.scores[1 + l];
                if sc > best.1 || (best.1 == i32::MIN && !shift_ok) {
                    best = (Action::Left(l as u8), sc);
                }
            }
            if right_ok && !is_root {
                let sc = st.scores[1 + nl + l];
                if sc > best.1 || (best.1 == i32::MIN && !shift_ok) {
                    best = (Action::Right(l as u8), sc);
                }
            }
        }
        if st.valid(best.0) {
            return best.0;
        }
        // Always-legal fallbacks keep every sentence parseable.
        for a in [
            Action::Shift,
            Action::Left(ROOT_LABEL),
            Action::Right(0),
            Action::Left(0),
        ] {
            if st.valid(a) {
                return a;
            }
        }
        best.0
    }

    /// Parses one sentence: `heads[i]` is the sentence-relative head (`u32::MAX` for the
    /// root), `labels[i]` the relation. Outputs are resized to `ws.len()`.
    pub fn parse(
        &self,
        ws: &[WordInfo],
        xpos: &[u8],
        heads: &mut Vec<u32>,
        labels: &mut Vec<DepRel>,
        st: &mut ParseScratch,
    ) {
        heads.clear();
        labels.clear();
        let n = ws.len().min(xpos.len());
        let mut first_root = NONE;
        let mut start = 0;
        while start < n {
            let end = (start + MAX_CHUNK).min(n);
            let (Some(cw), Some(ct)) = (ws.get(start..end), xpos.get(start..end)) else {
                break;
            };
            self.parse_chunk(cw, ct, st);
            let m = end - start;
            for i in 0..m {
                let h = st.heads.get(i).copied().unwrap_or(NONE);
                let l = st.labels.get(i).copied().unwrap_or(0);
                if h as usize >= m {
                    if first_root == NONE {
                        first_root = (start + i) as u32;
                        heads.push(NONE);
                        labels.push(DepRel(ROOT_LABEL));
                    } else {
                        heads.push(first_root);
                        labels.push(DepRel::parse("parataxis"));
                    }
                } else {
                    heads.push((h as usize + start) as u32);
                    labels.push(DepRel(l));
                }
            }
            start = end;
        }
    }

    fn parse_chunk(&self, ws: &[WordInfo], xpos: &[u8], st: &mut ParseScratch) {
        let n = ws.len();
        st.reset(n);
        st.load_words(ws, xpos);
        let mut guard = 0;
        while !st.terminal() && guard <= 2 * n + 2 {
            guard += 1;
            // Configurations with one legal action (empty stack: shift; one word left over the
            // root: attach it) need no scoring; `best` would pick the same action.
            let at_root = st.b as usize >= st.n;
            if st.stack.is_empty() && !at_root {
                st.apply(Action::Shift);
                continue;
            }
            if at_root && st.stack.len() == 1 && self.labels_seen & (1u128 << ROOT_LABEL) != 0 {
                st.apply(Action::Left(ROOT_LABEL));
                continue;
            }
            if st.features_split() {
                self.model.score(&st.buf_feats, &mut st.buf_scores);
                st.buf_at = st.b;
            }
            self.model.score(&st.feats, &mut st.scores);
            for (s, b) in st.scores.iter_mut().zip(st.buf_scores.iter()) {
                *s += b;
            }
            let a = self.best(st);
            st.apply(a);
        }
    }

    /// The same parser with other weights (pruning sweeps).
    pub(crate) fn with_model(&self, model: Frozen) -> Parser {
        Parser {
            model,
            labels_seen: self.labels_seen,
        }
    }

    /// Number of stored weights.
    pub fn n_weights(&self) -> usize {
        self.model.n_weights()
    }

    /// Serializes the parser into the model file format.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        put_u32(&mut out, n_labels() as u32);
        out.extend_from_slice(&self.labels_seen.to_le_bytes());
        self.model.write(&mut out);
        out
    }

    /// Reads a parser written by [`Parser::to_bytes`].
    pub fn from_bytes(bytes: &[u8], name: &str) -> Result<Parser, NlpError> {
        let mut r = Reader::new(bytes, name);
        r.magic(MAGIC)?;
        if r.u32()? as usize != n_labels() {
            return Err(r.err("relation set differs from this build"));
        }
        let b = r.bytes(16)?;
        let mut arr = [0u8; 16];
        arr.copy_from_slice(b);
        let labels_seen = u128::from_le_bytes(arr);
        let model = Frozen::read(&mut r)?;
        if model.n_classes != n_classes() {
            return Err(r.err("class count mismatch"));
        }
        Ok(Parser { model, labels_seen })
    }
}

/// Lifts non-projective arcs (shortest first) until the tree is projective; heads are 0-based
/// with `n` for the root.
fn projectivize(heads: &mut [u32]) {
    let n = heads.len();
    let is_nonproj = |heads: &[u32], d: usize| -> bool {
        let h = heads[d] as usize;
        let (lo, hi) = if h < d { (h, d) } else { (d, h) };
        (lo + 1..hi).any(|k| {
            // k must be dominated by h.
            let mut x = k;
            let mut steps = 0;
            while x < n && steps <= n {
                if x == h {
                    return false;
                }
                x = heads[x] as usize;
                steps += 1;
            }
            x != h
        })
    };
    for _ in 0..n * 2 {
        let mut best: Option<(usize, usize)> = None;
        for d in 0..n {
            let h = heads[d] as usize;
            if h >= n {
                continue;
            }
            if is_nonproj(heads, d) {
                let len = h.abs_diff(d);
                if best.is_none_or(|b| len < b.1) {
                    best = Some((d, len));
                }
            }
        }
        match best {
            Some((d, _)) => {
                let h = heads[d] as usize;
                heads[d] = heads[h];
            }
            None => return,
        }
    }
}

struct Gold {
    heads: Vec<u32>,
    labels: Vec<u8>,
}

/// Unlabelled costs of SHIFT, LEFT and RIGHT plus the gold label that a zero-cost arc from
/// LEFT / RIGHT would need (labels are then charged one extra when they differ).
fn base_costs(st: &ParseScratch, g: &Gold) -> [(u32, u8, bool); 3] {
    let n = st.n;
    let s0 = st.s(0);
    let s1 = st.s(1);
    let b0 = st.b;
    let gh_of = |x: u32| g.heads.get(x as usize).copied().unwrap_or(NONE);
    let in_buf = |k: u32| k != NONE && k >= b0 && (k as usize) <= n;
    let mut shift = 0;
    if (b0 as usize) < n {
        let gh = gh_of(b0);
        for (i, &k) in st.stack.iter().enumerate() {
            let is_top = i + 1 == st.stack.len();
            if gh == k && !is_top {
                shift += 1;
            }
            if gh_of(k) == b0 {
                shift += 1;
            }
        }
    }
    if s0 == NONE {
        return [
            (shift, 0, false),
            (u32::MAX, 0, false),
            (u32::MAX, 0, false),
        ];
    }
    let deps = (b0 as usize..n).filter(|&d| g.heads[d] == s0).count() as u32;
    let gh = gh_of(s0);
    let gl = g.labels.get(s0 as usize).copied().unwrap_or(0);
    let mut left = deps;
    if gh != b0 && (gh == s1 || in_buf(gh)) {
        left += 1;
    }
    let mut right = deps;
    if in_buf(gh) {
        right += 1;
    }
    [
        (shift, 0, false),
        (left, gl, gh == b0),
        (right, gl, gh == s1),
    ]
}

/// Sentence prepared for parser training: word attributes, (predicted) tags, gold tree.
pub(crate) struct ParseItem {
    pub ws: Vec<WordInfo>,
    pub tags: Vec<u8>,
    gold: Gold,
}

pub(crate) fn prepare(sents: &[ConllSentence], tags: &[Vec<u8>]) -> Vec<ParseItem> {
    sents
        .iter()
        .zip(tags)
        .map(|(s, t)| {
            let n = s.words.len();
            let mut ws = Vec::new();
            word_infos(s.words.iter().map(|w| w.form.as_str()), &mut ws);
            let mut heads: Vec<u32> = s
                .words
                .iter()
                .map(|w| {
                    if w.head == 0 || w.head as usize > n {
                        n as u32
                    } else {
                        w.head - 1
                    }
                })
                .collect();
            projectivize(&mut heads);
            ParseItem {
                ws,
                tags: t.clone(),
                gold: Gold {
                    heads,
                    labels: s.words.iter().map(|w| w.deprel.0).collect(),
                },
            }
        })
        .collect()
}

/// Trains a parser; `on_epoch(epoch, parser)` may evaluate a snapshot.
pub(crate) fn train(
    data: &[ParseItem],
    epochs: usize,
    seed: u64,
    mut on_epoch: impl FnMut(usize, &Parser),
) -> (Parser, Perceptron) {
    let mut labels_seen: u128 = 1 << ROOT_LABEL;
    for d in data {
        for &l in &d.gold.labels {
            labels_seen |= 1u128 << l;
        }
    }
    let mut p = Perceptron::new(n_classes());
    let mut rng = Rng::new(seed);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut st = ParseScratch::default();
    let mut scores = vec![0f32; 256];
    let mut costs = vec![0u32; n_classes()];
    let mut parser = Parser {
        model: p.freeze(1),
        labels_seen,
    };
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        for &si in &order {
            let item = &data[si];
            let n = item.ws.len();
            if n == 0 || n > MAX_CHUNK {
                continue;
            }
            st.reset(n);
            st.load_words(&item.ws, &item.tags);
            while !st.terminal() {
                st.features();
                p.score(&st.feats, &mut scores);
                let base = base_costs(&st, &item.gold);
                let mut min_cost = u32::MAX;
                for (c, cost_slot) in costs.iter_mut().enumerate() {
                    let a = decode(c);
                    let (lab_ok, k) = match a {
                        Action::Shift => (true, 0),
                        Action::Left(l) => (labels_seen & (1u128 << l) != 0, 1),
                        Action::Right(l) => (labels_seen & (1u128 << l) != 0, 2),
                    };
                    *cost_slot = if lab_ok && st.valid(a) {
                        let (bc, gl, attached) = base[k];
                        let wrong_label = match a {
                            Action::Left(l) | Action::Right(l) => attached && l != gl,
                            Action::Shift => false,
                        };
                        bc.saturating_add(wrong_label as u32)
                    } else {
                        u32::MAX
                    };
                    min_cost = min_cost.min(*cost_slot);
                }
                let mut pred = usize::MAX;
                let mut gold = usize::MAX;
                for c in 0..costs.len() {
                    if costs[c] == u32::MAX {
                        continue;
                    }
                    if pred == usize::MAX || scores[c] > scores[pred] {
                        pred = c;
                    }
                    if costs[c] == min_cost && (gold == usize::MAX || scores[c] > scores[gold]) {
                        gold = c;
                    }
                }
                if pred == usize::MAX || gold == usize::MAX {
                    break;
                }
                p.tick();
                if costs[pred] > min_cost {
                    p.update(&st.feats, gold, 1.0);
                    p.update(&st.feats, pred, -1.0);
                }
                let follow = if epoch > 0 && costs[pred] > min_cost && rng.below(10) < 9 {
                    pred
                } else {
                    gold
                };
                st.apply(decode(follow));
            }
        }
        parser.model = p.freeze(1);
        on_epoch(epoch, &parser);
    }
    (parser, p)
}

/// Parses sentences in place (HEAD and DEPREL columns) from their current XPOS column.
pub fn parse_conllu(parser: &Parser, sents: &mut [ConllSentence]) {
    let mut ws = Vec::new();
    let mut st = ParseScratch::default();
    let (mut heads, mut labels) = (Vec::new(), Vec::new());
    let mut tags = Vec::new();
    for s in sents {
        word_infos(s.words.iter().map(|w| w.form.as_str()), &mut ws);
        tags.clear();
        tags.extend(s.words.iter().map(|w| w.xpos));
        parser.parse(&ws, &tags, &mut heads, &mut labels, &mut st);
        for ((w, &h), &l) in s.words.iter_mut().zip(&heads).zip(&labels) {
            w.head = if h == NONE { 0 } else { h + 1 };
            w.deprel = l;
            w.deprel_str = l.as_str().to_string();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The buffer-only templates read nothing a reduce changes: through a whole transition
    /// sequence, the cached buffer features always equal a fresh computation, and together
    /// with the rest they are exactly the training features.
    #[test]
    fn buffer_templates_survive_reduces() {
        let words = "The mayor said on Tuesday that the bridge , which opened in 1990 , will close";
        let mut ws = Vec::new();
        word_infos(words.split(' '), &mut ws);
        let tags: Vec<u8> = (0..ws.len()).map(|i| (i % 17) as u8).collect();
        let mut st = ParseScratch::default();
        st.reset(ws.len());
        st.load_words(&ws, &tags);
        // Shift twice, then alternate reduces and shifts (any legal sequence will do).
        let mut step = 0;
        while !st.terminal() && step < 4 * ws.len() {
            step += 1;
            st.features();
            let mut all = st.feats.clone();
            if st.features_split() {
                st.buf_at = st.b;
            }
            let fresh: Vec<u64> = {
                let vals = st.values();
                BUFFER_TEMPLATES
                    .iter()
                    .map(|&t| mix(vals[t], 0xa11c_e000 + t as u64))
                    .collect()
            };
            assert_eq!(st.buf_feats, fresh, "cached buffer features at step {step}");
            let mut split = st.feats.clone();
            split.extend_from_slice(&st.buf_feats);
            all.sort_unstable();
            split.sort_unstable();
            assert_eq!(all, split);
            let a = [
                Action::Left(0),
                Action::Shift,
                Action::Right(2),
                Action::Left(ROOT_LABEL),
            ]
            .into_iter()
            .find(|&a| (step % 3 != 0 || a != Action::Shift) && st.valid(a))
            .or_else(|| {
                [Action::Shift, Action::Left(ROOT_LABEL)]
                    .into_iter()
                    .find(|&a| st.valid(a))
            });
            let Some(a) = a else { break };
            st.apply(a);
        }
        assert!(st.terminal(), "the sequence reaches a complete tree");
    }
}
