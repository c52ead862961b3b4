//! Token features for the tagger: hashed, allocation-free.
//!
//! Each token is summarised once into a [`TokInfo`] (hashes of its lowercase form, exact form,
//! shape and affixes, plus gazetteer bits); the per-position feature templates then combine
//! those hashes with the tag history into bucket indices of the weight table.

use crate::lexicon;
use std::collections::HashMap;
use std::sync::OnceLock;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

#[inline]
fn fnv_byte(h: u64, b: u8) -> u64 {
    (h ^ b as u64).wrapping_mul(FNV_PRIME)
}

#[inline]
fn fnv_char_lower(mut h: u64, c: char) -> u64 {
    if c.is_ascii() {
        return fnv_byte(h, c.to_ascii_lowercase() as u8);
    }
    let mut buf = [0u8; 4];
    for lc in c.to_lowercase() {
        for &b in lc.encode_utf8(&mut buf).as_bytes() {
            h = fnv_byte(h, b);
        }
    }
    h
}

/// Starting value for [`hash_lower_continue`].
pub const HASH_START: u64 = FNV_OFFSET;

/// FNV-1a hash of the lowercase form of `s`, without allocating.
pub fn hash_lower(s: &str) -> u64 {
    hash_lower_continue(FNV_OFFSET, s)
}

/// Continues a lowercase hash: hashing `"new"`, then `" "`, then `"york"` equals `hash_lower("new york")`.
pub fn hash_lower_continue(mut h: u64, s: &str) -> u64 {
    for c in s.chars() {
        h = fnv_char_lower(h, c);
    }
    h
}

/// Lexicon bits (see [`lex_flags`]).
pub mod bits {
    pub const GPE: u32 = 1;
    pub const GPE_PART: u32 = 1 << 1;
    pub const LOC_WORD: u32 = 1 << 2;
    pub const REGION: u32 = 1 << 3;
    pub const REGION_PART: u32 = 1 << 4;
    pub const OUTLET: u32 = 1 << 5;
    pub const OUTLET_PART: u32 = 1 << 6;
    pub const OUTLET_TAIL: u32 = 1 << 7;
    pub const NORP: u32 = 1 << 8;
    pub const TITLE: u32 = 1 << 9;
    pub const ORG_WORD: u32 = 1 << 10;
    pub const GIVEN: u32 = 1 << 11;
    pub const MONTH: u32 = 1 << 12;
    pub const WEEKDAY: u32 = 1 << 13;
    pub const DAY_WORD: u32 = 1 << 14;
    pub const NORP_PART: u32 = 1 << 15;
    /// Among the 300 most frequent US given names (`data/given_names.txt`).
    pub const GIVEN_TOP: u32 = 1 << 16;
    /// A less frequent US given name.
    pub const GIVEN_REST: u32 = 1 << 17;
    /// Among the 2,000 most frequent US surnames (`data/surnames.txt`).
    pub const SURNAME_TOP: u32 = 1 << 18;
    /// A less frequent US surname (up to rank 20,000).
    pub const SURNAME_REST: u32 = 1 << 19;
    /// A word of small-business names ([`crate::lexicon::BUSINESS_WORDS`]).
    pub const BUSINESS: u32 = 1 << 20;
    /// A US state abbreviation not written in lowercase ([`crate::lexicon::STATE_ABBREVIATIONS`]).
    pub const STATE_ABBR: u32 = 1 << 21;
    /// Number of bits in use.
    pub const COUNT: u32 = 22;
}

/// A hasher for keys that are already hashes.
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ b as u64;
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type IdMap = HashMap<u64, u32, std::hash::BuildHasherDefault<IdHasher>>;

fn lex_map() -> &'static IdMap {
    static MAP: OnceLock<IdMap> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut m = IdMap::default();
        let mut add = |list: &[&str], full: u32, part: u32| {
            for entry in list {
                *m.entry(hash_lower(entry)).or_insert(0) |= full;
                if entry.contains(' ') {
                    for w in entry.split(' ') {
                        *m.entry(hash_lower(w)).or_insert(0) |= part;
                    }
                }
            }
        };
        add(lexicon::GPE, bits::GPE, bits::GPE_PART);
        add(lexicon::LOC_WORDS, bits::LOC_WORD, 0);
        add(lexicon::LOC_REGIONS, bits::REGION, bits::REGION_PART);
        add(lexicon::OUTLETS, bits::OUTLET, bits::OUTLET_PART);
        add(lexicon::OUTLET_TAILS, bits::OUTLET_TAIL, 0);
        add(lexicon::NORP, bits::NORP, bits::NORP_PART);
        add(lexicon::TITLES, bits::TITLE, 0);
        add(lexicon::ORG_WORDS, bits::ORG_WORD, 0);
        add(lexicon::GIVEN_NAMES, bits::GIVEN, 0);
        add(&headwater_doc::MONTH_NAMES, bits::MONTH, 0);
        add(lexicon::MONTH_ABBREVIATIONS, bits::MONTH, 0);
        add(lexicon::WEEKDAYS, bits::WEEKDAY, 0);
        add(lexicon::DAY_WORDS, bits::DAY_WORD, 0);
        add(lexicon::BUSINESS_WORDS, bits::BUSINESS, 0);
        add(lexicon::STATE_ABBREVIATIONS, bits::STATE_ABBR, 0);
        // Census name lists, most frequent first: how common a name is says how much its
        // capital (or its absence) should count.
        let ranked = |text: &'static str, top: usize, hi: u32, lo: u32, m: &mut IdMap| {
            for (k, name) in listed(text).enumerate() {
                *m.entry(hash_lower(name.trim())).or_insert(0) |= if k < top { hi } else { lo };
            }
        };
        ranked(
            include_str!("../data/given_names.txt"),
            300,
            bits::GIVEN_TOP,
            bits::GIVEN_REST,
            &mut m,
        );
        ranked(
            include_str!("../data/surnames.txt"),
            2000,
            bits::SURNAME_TOP,
            bits::SURNAME_REST,
            &mut m,
        );
        m
    })
}

/// Adds `name` to a gazetteer map under the lowercase hash of its tokens joined by single spaces
/// (how [`mark_names`] joins them), with its token count as the value. Hyphens and possessive
/// `'s` are also added split off, as UD tokenization writes them (`Coca - Cola`, `Wendy 's`).
fn add_name(m: &mut IdMap, name: &str) {
    let mut variants = [String::new(), String::new()];
    if let Some(v) = variants.get_mut(0) {
        v.push_str(name);
    }
    if name.contains('-') || name.contains("'s") {
        if let Some(v) = variants.get_mut(1) {
            *v = name.replace('-', " - ").replace("'s", " 's");
        }
    }
    for v in variants.iter().filter(|v| !v.is_empty()) {
        let mut h = FNV_OFFSET;
        let mut len = 0u32;
        for (k, w) in v.split_whitespace().enumerate() {
            if k > 0 {
                // What came before is the start of a longer name: matching goes on past it.
                *m.entry(h).or_insert(0) |= NAME_PREFIX;
                h = hash_lower_continue(h, " ");
            }
            h = hash_lower_continue(h, w);
            len += 1;
        }
        *m.entry(h).or_insert(0) |= len.min(0xff);
    }
}

/// Gazetteer map value bit: the key is the first words of a longer name. The low byte holds
/// the length of the name the key is (0 when it is only a prefix).
const NAME_PREFIX: u32 = 1 << 8;

fn listed(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
}

/// Place names (`data/places.txt`: GeoNames countries, US states and cities of 15,000+ people;
/// `data/regions.txt`: provinces, states and counties of other countries) plus the lexicon's
/// countries, states, cities and regions.
fn places() -> &'static IdMap {
    static MAP: OnceLock<IdMap> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut m = IdMap::default();
        for name in listed(include_str!("../data/places.txt"))
            .chain(listed(include_str!("../data/regions.txt")))
            .chain(lexicon::GPE.iter().copied())
            .chain(lexicon::LOC_REGIONS.iter().copied())
        {
            add_name(&mut m, name);
        }
        m
    })
}

/// Well-known organization and brand names (`data/orgs.txt`) plus the lexicon's outlets.
fn orgs() -> &'static IdMap {
    static MAP: OnceLock<IdMap> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut m = IdMap::default();
        for name in listed(include_str!("../data/orgs.txt")).chain(lexicon::OUTLETS.iter().copied())
        {
            add_name(&mut m, name);
        }
        m
    })
}

/// Longest gazetteer name, in tokens, that [`mark_names`] looks for.
pub const NAME_MAX: usize = 4;

/// Marks the tokens inside gazetteer names: `place` for places, `org` for organizations.
/// A place inside a listed organization ("New York" in "New York Times") is not marked.
pub fn mark_names<S: AsRef<str>>(words: &[S], toks: &mut [TokInfo]) {
    mark(words, toks, orgs(), |t, v| t.org = v);
    mark(words, toks, places(), |t, v| t.place = v);
    let mut i = 0;
    while i < toks.len() {
        let Some(t) = toks.get(i) else { break };
        let start = matches!(t.place, 1 | 4);
        let mut e = i + 1;
        if t.place == 1 {
            while toks.get(e).is_some_and(|t| matches!(t.place, 2 | 3)) {
                e += 1;
                if toks.get(e - 1).is_some_and(|t| t.place == 3) {
                    break;
                }
            }
        }
        if start
            && toks
                .get(i..e)
                .is_some_and(|ts| ts.iter().any(|t| t.org != 0))
        {
            for t in toks.iter_mut().take(e).skip(i) {
                t.place = 0;
            }
        }
        i = e;
    }
}

/// Greedy longest match, left to right: the field `set` writes becomes 1 (first of several
/// words), 2 (inside), 3 (last) or 4 (a one-word name).
fn mark<S: AsRef<str>>(
    words: &[S],
    toks: &mut [TokInfo],
    map: &IdMap,
    set: impl Fn(&mut TokInfo, u8),
) {
    let n = words.len().min(toks.len());
    let mut i = 0;
    while i < n {
        let mut h = FNV_OFFSET;
        let mut best = 0;
        for len in 1..=NAME_MAX.min(n - i) {
            let Some(w) = words.get(i + len - 1) else {
                break;
            };
            let w = w.as_ref();
            // A name opens with a letter or digit ("3M"); later tokens may be punctuation.
            if len == 1 && !w.chars().next().is_some_and(|c| c.is_alphanumeric()) {
                break;
            }
            if len > 1 {
                h = hash_lower_continue(h, " ");
            }
            h = hash_lower_continue(h, w);
            let v = map.get(&h).copied().unwrap_or(0);
            if (v & 0xff) as usize == len {
                best = len;
            }
            // Most words start no name: one lookup and done.
            if v & NAME_PREFIX == 0 {
                break;
            }
        }
        if best == 0 {
            i += 1;
            continue;
        }
        for (k, t) in toks.iter_mut().skip(i).take(best).enumerate() {
            let v = if best == 1 {
                4
            } else if k == 0 {
                1
            } else if k + 1 == best {
                3
            } else {
                2
            };
            set(t, v);
        }
        i += best;
    }
}

/// Lexicon bits of a lowercase hash (a single word or a space-joined phrase).
#[inline]
pub fn lex_flags(lower_hash: u64) -> u32 {
    lex_map().get(&lower_hash).copied().unwrap_or(0)
}

/// Forces the lexicon tables to be built (so the first document does not pay for it).
pub fn warm_up() {
    let _ = lex_map();
    let _ = places();
    let _ = orgs();
}

/// Capitalisation class of a word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[repr(u8)]
pub enum Case {
    #[default]
    Other = 0,
    Lower = 1,
    Title = 2,
    Upper = 3,
    Mixed = 4,
}

/// Everything the feature templates need about one token.
#[derive(Clone, Copy, Debug, Default)]
pub struct TokInfo {
    pub lower: u64,
    pub exact: u64,
    pub shape: u64,
    pub pre3: u64,
    pub suf2: u64,
    pub suf3: u64,
    pub suf4: u64,
    pub lex: u32,
    pub case: Case,
    pub len: u8,
    /// UPOS index + 1, or 0 when no tagger ran.
    pub upos: u8,
    /// Mid-sentence capitalisation class from unlabelled text ([`crate::distrib`]), 0 unknown.
    pub capr: u8,
    /// Word classes from `headwater-nlp`'s clusters, coarse to fine (0: unknown or none).
    pub cl: [u16; 3],
    /// Position inside a gazetteer place name ([`mark_names`]), 0 outside.
    pub place: u8,
    /// Position inside a gazetteer organization name, 0 outside.
    pub org: u8,
    /// Document evidence from the first pass ([`doc_evidence`]): this token's own first-pass
    /// class (0 outside, 1 PER, 2 ORG, 3 LOC), then how many other occurrences of the same word
    /// in the document the first pass put outside, in PER, ORG and LOC. All zero unless another
    /// occurrence carries an entity class this one lacks.
    pub dl: [u8; 5],
    /// How the document writes this word elsewhere ([`doc_casing`]): bit 0 capitalised inside a
    /// sentence, bit 1 lowercase, bit 2 all capitals, bit 3 at all; 0 without a document pass.
    pub dc: u8,
}

impl TokInfo {
    /// Summarises `word`.
    pub fn new(word: &str) -> TokInfo {
        let mut lower = FNV_OFFSET;
        let mut exact = FNV_OFFSET;
        let mut shape = FNV_OFFSET;
        let mut pre3 = FNV_OFFSET;
        let (mut up, mut lo, mut n) = (0u32, 0u32, 0u32);
        let mut first_upper = false;
        let mut last_shape = 0u8;
        let mut run = 0u8;
        for c in word.chars() {
            lower = fnv_char_lower(lower, c);
            let mut buf = [0u8; 4];
            for &b in c.encode_utf8(&mut buf).as_bytes() {
                exact = fnv_byte(exact, b);
            }
            if n < 3 {
                pre3 = fnv_char_lower(pre3, c);
            }
            let s = if c.is_uppercase() {
                if n == 0 {
                    first_upper = true;
                }
                up += 1;
                b'X'
            } else if c.is_lowercase() {
                lo += 1;
                b'x'
            } else if c.is_ascii_digit() {
                b'd'
            } else if c.is_ascii() {
                c as u8
            } else if c.is_alphabetic() {
                b'a'
            } else {
                b'o'
            };
            if s == last_shape {
                run = run.saturating_add(1);
            } else {
                run = 1;
                last_shape = s;
            }
            if run <= 2 {
                shape = fnv_byte(shape, s);
            }
            n += 1;
        }
        let case = if up == 0 && lo > 0 {
            Case::Lower
        } else if up > 0 && lo == 0 {
            if up == 1 && n == 1 {
                Case::Title
            } else {
                Case::Upper
            }
        } else if first_upper && up == 1 {
            Case::Title
        } else if up > 0 {
            Case::Mixed
        } else {
            Case::Other
        };
        let suffix = |k: usize| -> u64 {
            let start = word
                .char_indices()
                .rev()
                .nth(k.saturating_sub(1))
                .map(|(i, _)| i)
                .unwrap_or(0);
            hash_lower(word.get(start..).unwrap_or(""))
        };
        TokInfo {
            lower,
            exact,
            shape,
            pre3,
            suf2: suffix(2),
            suf3: suffix(3),
            suf4: suffix(4),
            lex: if case == Case::Lower {
                lex_flags(lower) & !bits::STATE_ABBR
            } else {
                lex_flags(lower)
            },
            case,
            len: n.min(255) as u8,
            upos: 0,
            capr: 0,
            cl: [0; 3],
            place: 0,
            org: 0,
            dl: [0; 5],
            dc: 0,
        }
    }
}

/// Most features any one position produces.
pub const MAX_FEATS: usize = 64;

#[inline]
fn mix(template: u64, v: u64) -> u64 {
    let mut h = v ^ template.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    h ^= h >> 29;
    h = h.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h ^= h >> 32;
    h
}

const PAD_LEFT: u64 = 0x5ad1;
const PAD_RIGHT: u64 = 0x5ad2;

/// Fills `out` with the bucket indices (`< 1 << bits`) of position `i`'s features given the two
/// previous tags; returns how many were written.
#[inline]
pub fn extract(
    toks: &[TokInfo],
    i: usize,
    p1: u8,
    p2: u8,
    bits_n: u32,
    out: &mut [u32; MAX_FEATS],
) -> usize {
    let shift = 64 - bits_n;
    let mut n = 0usize;
    let mut push = |t: u64, v: u64| {
        if n < MAX_FEATS {
            out[n] = (mix(t, v) >> shift) as u32;
            n += 1;
        }
    };
    let cur = toks.get(i).copied().unwrap_or_default();
    let prev = if i > 0 {
        toks.get(i - 1).copied()
    } else {
        None
    };
    let prev2 = if i > 1 {
        toks.get(i - 2).copied()
    } else {
        None
    };
    let next = toks.get(i + 1).copied();
    let next2 = toks.get(i + 2).copied();
    let lw = |t: Option<TokInfo>, pad: u64| t.map(|x| x.lower).unwrap_or(pad);
    let sh = |t: Option<TokInfo>, pad: u64| t.map(|x| x.shape).unwrap_or(pad);
    let lx = |t: Option<TokInfo>| t.map(|x| x.lex as u64).unwrap_or(0xffff_ffff);
    let cs = |t: Option<TokInfo>| t.map(|x| x.case as u64).unwrap_or(9);

    // A zero hash marks a word the trainer hid (rare in training data): skip its identity
    // features so the model learns what unseen words look like from shape and context alone.
    let push_nz = |t: u64, v: u64, gate: u64, push: &mut dyn FnMut(u64, u64)| {
        if gate != 0 {
            push(t, v);
        }
    };
    let mut p = |t: u64, v: u64| push(t, v);
    p(0, 0);
    push_nz(1, cur.lower, cur.lower, &mut p);
    push_nz(2, cur.exact, cur.exact, &mut p);
    let lp = lw(prev, PAD_LEFT);
    let ln = lw(next, PAD_RIGHT);
    push_nz(3, lp, lp, &mut p);
    push_nz(4, ln, ln, &mut p);
    let lp2 = lw(prev2, PAD_LEFT);
    let ln2 = lw(next2, PAD_RIGHT);
    push_nz(5, lp2, lp2, &mut p);
    push_nz(6, ln2, ln2, &mut p);
    p(7, cur.shape);
    p(8, sh(prev, PAD_LEFT));
    p(9, sh(next, PAD_RIGHT));
    p(10, cur.pre3);
    p(11, cur.suf2);
    p(12, cur.suf3);
    p(13, cur.suf4);
    let mut lex = cur.lex;
    while lex != 0 {
        let b = lex.trailing_zeros() as u64;
        p(14, b);
        lex &= lex - 1;
    }
    p(15, lx(prev));
    p(16, lx(next));
    p(17, p1 as u64);
    p(18, (p1 as u64) << 8 | p2 as u64);
    push_nz(19, cur.lower ^ p1 as u64, cur.lower, &mut p);
    p(20, cur.shape ^ p1 as u64);
    push_nz(21, lp.rotate_left(17) ^ cur.lower, lp & cur.lower, &mut p);
    push_nz(22, cur.lower.rotate_left(17) ^ ln, cur.lower & ln, &mut p);
    p(
        23,
        sh(prev, PAD_LEFT).rotate_left(11) ^ cur.shape ^ sh(next, PAD_RIGHT).rotate_left(23),
    );
    p(24, (i == 0) as u64 | (cur.case as u64) << 1);
    p(25, cs(prev) << 8 | cur.case as u64 | cs(next) << 16);
    p(26, cur.len.min(12) as u64 | (cur.case as u64) << 8);
    p(27, (cur.lex as u64) << 8 | p1 as u64);
    push_nz(28, lp ^ (p1 as u64).rotate_left(40), lp, &mut p);
    if cur.upos != 0 {
        p(29, cur.upos as u64);
        p(30, cur.upos as u64 | (p1 as u64) << 8);
        p(
            31,
            prev.map(|x| x.upos as u64).unwrap_or(99) << 8 | cur.upos as u64,
        );
        p(
            32,
            next.map(|x| x.upos as u64).unwrap_or(99) << 8 | cur.upos as u64,
        );
    }
    n
}

/// The bucket of the always-on feature (template 0), whose weights act as per-tag biases.
pub fn bias_bucket(bits_n: u32) -> u32 {
    (mix(0, 0) >> (64 - bits_n)) as u32
}

/// Features of position `i` that do not depend on the tag history, for Viterbi decoding (they
/// are scored once per position, not once per previous tag).
#[inline]
pub fn extract_static(
    toks: &[TokInfo],
    i: usize,
    bits_n: u32,
    out: &mut [u32; MAX_FEATS],
) -> usize {
    let shift = 64 - bits_n;
    let mut n = 0usize;
    let mut p = |t: u64, v: u64| {
        if n < MAX_FEATS {
            out[n] = (mix(t, v) >> shift) as u32;
            n += 1;
        }
    };
    let cur = toks.get(i).copied().unwrap_or_default();
    let prev = if i > 0 {
        toks.get(i - 1).copied()
    } else {
        None
    };
    let prev2 = if i > 1 {
        toks.get(i - 2).copied()
    } else {
        None
    };
    let next = toks.get(i + 1).copied();
    let next2 = toks.get(i + 2).copied();
    let lw = |t: Option<TokInfo>, pad: u64| t.map(|x| x.lower).unwrap_or(pad);
    let sh = |t: Option<TokInfo>, pad: u64| t.map(|x| x.shape).unwrap_or(pad);
    let lx = |t: Option<TokInfo>| t.map(|x| x.lex as u64).unwrap_or(0xffff_ffff);
    let cs = |t: Option<TokInfo>| t.map(|x| x.case as u64).unwrap_or(9);
    // Zero hashes mark words the trainer hid (see `extract`).
    p(0, 0);
    if cur.lower != 0 {
        p(1, cur.lower);
    }
    if cur.exact != 0 {
        p(2, cur.exact);
    }
    let lp = lw(prev, PAD_LEFT);
    let ln = lw(next, PAD_RIGHT);
    if lp != 0 {
        p(3, lp);
    }
    if ln != 0 {
        p(4, ln);
    }
    let lp2 = lw(prev2, PAD_LEFT);
    let ln2 = lw(next2, PAD_RIGHT);
    if lp2 != 0 {
        p(5, lp2);
    }
    if ln2 != 0 {
        p(6, ln2);
    }
    p(7, cur.shape);
    p(8, sh(prev, PAD_LEFT));
    p(9, sh(next, PAD_RIGHT));
    p(10, cur.pre3);
    p(11, cur.suf2);
    p(12, cur.suf3);
    p(13, cur.suf4);
    let mut lex = cur.lex;
    while lex != 0 {
        let b = lex.trailing_zeros() as u64;
        p(14, b);
        lex &= lex - 1;
    }
    p(15, lx(prev));
    p(16, lx(next));
    if lp & cur.lower != 0 {
        p(21, lp.rotate_left(17) ^ cur.lower);
    }
    if cur.lower & ln != 0 {
        p(22, cur.lower.rotate_left(17) ^ ln);
    }
    p(
        23,
        sh(prev, PAD_LEFT).rotate_left(11) ^ cur.shape ^ sh(next, PAD_RIGHT).rotate_left(23),
    );
    p(24, (i == 0) as u64 | (cur.case as u64) << 1);
    p(25, cs(prev) << 8 | cur.case as u64 | cs(next) << 16);
    p(26, cur.len.min(12) as u64 | (cur.case as u64) << 8);
    if cur.capr != 0 {
        p(33, cur.capr as u64);
        p(
            34,
            cur.capr as u64 | (cur.case as u64) << 8 | ((i == 0) as u64) << 16,
        );
    }
    // Word classes: they carry the identity of words the labelled data never saw, and, unlike
    // the identity features, survive the trainer's hiding of rare words.
    let [c0, c1, c2] = cur.cl;
    if c2 != 0 {
        let cl1 = |t: Option<TokInfo>| t.map(|x| x.cl[1] as u64).unwrap_or(0xfff0);
        p(40, c0 as u64);
        p(41, c1 as u64);
        p(42, c2 as u64);
        p(43, c1 as u64 | (cur.case as u64) << 16);
        p(44, cl1(prev) << 16 | c1 as u64);
        p(45, cl1(next) << 16 | c1 as u64);
    }
    let cl0 = |t: Option<TokInfo>| t.map(|x| x.cl[0] as u64).unwrap_or(0xfff0);
    if cl0(prev) != 0 {
        p(46, cl0(prev) | (cur.case as u64) << 16);
    }
    if cl0(next) != 0 {
        p(47, cl0(next) | (cur.case as u64) << 16);
    }
    if cur.place != 0 {
        p(48, cur.place as u64);
        p(49, cur.place as u64 | (cur.case as u64) << 8);
    }
    if cur.org != 0 {
        p(50, cur.org as u64);
        p(51, cur.org as u64 | (cur.case as u64) << 8);
    }
    // Non-local evidence (Ratinov & Roth 2009): other occurrences of the word in the document
    // that the first pass labelled differently. Set only on disagreement, so sentences without
    // it score exactly as in the first pass.
    let [own, d_o, d_per, d_org, d_loc] = cur.dl;
    if d_per | d_org | d_loc != 0 {
        let total = (d_o as u32 + d_per as u32 + d_org as u32 + d_loc as u32).max(1);
        let mut best = (0u8, 0u8);
        for (c, k) in [(1u8, d_per), (2, d_org), (3, d_loc)] {
            if k == 0 {
                continue;
            }
            let share = k as u32 * 4 / total;
            p(
                60,
                c as u64 | (own as u64) << 4 | (share.min(4) as u64) << 8,
            );
            if k > best.1 {
                best = (c, k);
            }
        }
        p(
            61,
            best.0 as u64 | (cur.case as u64) << 4 | (own as u64) << 8,
        );
        p(62, best.0 as u64 | (k_bucket(best.1) as u64) << 4);
    }
    if cur.dc != 0 {
        p(
            63,
            cur.dc as u64 | (cur.case as u64) << 4 | ((i == 0) as u64) << 8,
        );
        p(
            64,
            cur.dc as u64 | (cur.upos as u64) << 4 | (cur.case as u64) << 12,
        );
    }
    let cp = |t: Option<TokInfo>| t.map(|x| x.capr as u64).unwrap_or(99);
    p(35, cp(prev) << 8 | cur.capr as u64);
    p(36, cp(next) << 8 | cur.capr as u64);
    if cur.upos != 0 {
        p(29, cur.upos as u64);
        p(
            31,
            prev.map(|x| x.upos as u64).unwrap_or(99) << 8 | cur.upos as u64,
        );
        p(
            32,
            next.map(|x| x.upos as u64).unwrap_or(99) << 8 | cur.upos as u64,
        );
    }
    n
}

fn k_bucket(k: u8) -> u8 {
    match k {
        0 => 0,
        1 => 1,
        2..=3 => 2,
        _ => 3,
    }
}

/// Fills each token's [`TokInfo::dl`] from first-pass tags over a whole document: `keys` holds
/// each token's lowercase word hash and `class` its first-pass class ([`crate::model::tag_class`]:
/// 0 outside, 1 PER, 2 ORG, 3 LOC at a chunk's edge, 5–7 inside). `counts` is a reusable map. Returns whether any token got evidence.
pub fn doc_evidence(
    toks: &mut [TokInfo],
    keys: &[u64],
    class: &[u8],
    counts: &mut DocCounts,
) -> bool {
    counts.clear();
    // Punctuation, numbers and chunk-inner words neither give nor take evidence.
    let counted = |t: &TokInfo, c: u8| -> Option<u8> {
        match c {
            _ if t.case == Case::Other => None,
            0..=3 => Some(c),
            5..=7 if matches!(t.case, Case::Title | Case::Upper | Case::Mixed) => Some(c - 4),
            _ => None,
        }
    };
    for ((t, &k), &c) in toks.iter().zip(keys).zip(class) {
        let Some(c) = counted(t, c) else { continue };
        if let Some(slot) = counts.entry(k).or_insert([0; 4]).get_mut(c as usize) {
            *slot = slot.saturating_add(1);
        }
    }
    let mut any = false;
    for ((t, &k), &c) in toks.iter_mut().zip(keys).zip(class) {
        t.dl = [0; 5];
        let Some(c) = counted(t, c) else { continue };
        let Some(n) = counts.get(&k) else { continue };
        let mut others = *n;
        if let Some(slot) = others.get_mut(c as usize) {
            *slot = slot.saturating_sub(1);
        }
        let disagree = (1..4).any(|x| x != c as usize && others.get(x).is_some_and(|&v| v > 0));
        if disagree {
            any = true;
            t.dl[0] = c;
            for (d, &o) in t.dl.iter_mut().skip(1).zip(others.iter()) {
                *d = o.min(255) as u8;
            }
        }
    }
    any
}

/// Fills each token's [`TokInfo::dc`]: how the document writes the same word (by `keys`, the
/// lowercase hashes) at its other occurrences. `initial[i]` marks sentence-initial tokens, whose
/// capitals say nothing. A name written in lowercase somewhere ("tampa bay") or a capitalised
/// word also written lowercase inside sentences is told apart this way (Ratinov & Roth's context
/// aggregation).
pub fn doc_casing(toks: &mut [TokInfo], keys: &[u64], initial: &[bool], counts: &mut DocCounts) {
    counts.clear();
    let kind = |t: &TokInfo, first: bool| -> Option<usize> {
        match t.case {
            Case::Lower => Some(1),
            Case::Upper if t.len > 1 => Some(2),
            Case::Title | Case::Mixed | Case::Upper if !first => Some(0),
            Case::Title | Case::Mixed | Case::Upper => Some(3),
            Case::Other => None,
        }
    };
    for ((t, &k), &first) in toks.iter().zip(keys).zip(initial) {
        if let Some(c) = kind(t, first) {
            let e = counts.entry(k).or_insert([0; 4]);
            if let Some(slot) = e.get_mut(c) {
                *slot = slot.saturating_add(1);
            }
        }
    }
    for ((t, &k), &first) in toks.iter_mut().zip(keys).zip(initial) {
        t.dc = 0;
        let Some(c) = kind(t, first) else { continue };
        let Some(n) = counts.get(&k) else { continue };
        let mut others = *n;
        if let Some(slot) = others.get_mut(c) {
            *slot = slot.saturating_sub(1);
        }
        let [cap, low, up, init] = others;
        t.dc = (cap > 0) as u8
            | ((low > 0) as u8) << 1
            | ((up > 0) as u8) << 2
            | ((cap | low | up | init > 0) as u8) << 3;
    }
}

/// The map type [`doc_evidence`] and [`doc_casing`] count in.
pub type DocCounts = HashMap<u64, [u16; 4], std::hash::BuildHasherDefault<IdHasher>>;

/// Most features [`extract_hist`] produces.
pub const MAX_HIST: usize = 8;

/// Features of position `i` that combine it with the previous tag `p1` (first-order, so exact
/// Viterbi decoding stays cheap).
#[inline]
pub fn extract_hist(
    toks: &[TokInfo],
    i: usize,
    p1: u8,
    bits_n: u32,
    out: &mut [u32; MAX_HIST],
) -> usize {
    let shift = 64 - bits_n;
    let mut n = 0usize;
    let mut p = |t: u64, v: u64| {
        if n < MAX_HIST {
            out[n] = (mix(t, v) >> shift) as u32;
            n += 1;
        }
    };
    let cur = toks.get(i).copied().unwrap_or_default();
    let prev = if i > 0 {
        toks.get(i - 1).copied()
    } else {
        None
    };
    let lp = prev.map(|x| x.lower).unwrap_or(PAD_LEFT);
    let p1 = p1 as u64;
    p(17, p1);
    if cur.lower != 0 {
        p(19, cur.lower ^ p1);
    }
    p(20, cur.shape ^ p1);
    p(27, (cur.lex as u64) << 8 | p1);
    if lp != 0 {
        p(28, lp ^ p1.rotate_left(40));
    }
    if cur.upos != 0 {
        p(30, cur.upos as u64 | p1 << 8);
    }
    // The word class with the previous tag: how names continue ("Mr." + surname-like class).
    if cur.cl[1] != 0 {
        p(54, cur.cl[1] as u64 | p1 << 16);
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(words: &[&str]) -> (Vec<TokInfo>, Vec<u64>) {
        let t: Vec<TokInfo> = words.iter().map(|w| TokInfo::new(w)).collect();
        let k = t.iter().map(|x| x.lower).collect();
        (t, k)
    }

    #[test]
    fn evidence_only_where_other_occurrences_disagree() {
        // "of" inside an ORG chunk (class 6) is lowercase: it gives the outside "of" nothing.
        // Class 4 is no class: the second "Acme" neither gives nor takes evidence.
        let words = ["Acme", "said", "Bank", "of", "Acme", "said", "of"];
        let (mut t, keys) = toks(&words);
        let class = [2, 0, 2, 6, 4, 0, 0];
        let mut counts = DocCounts::default();
        assert!(!doc_evidence(&mut t, &keys, &class, &mut counts));
        assert!(t.iter().all(|x| x.dl == [0; 5]));
        let (mut t, keys) = toks(&["Acme", "x", "Acme"]);
        assert!(doc_evidence(&mut t, &keys, &[2, 0, 0], &mut counts));
        assert_eq!(t[2].dl, [0, 0, 0, 1, 0]);
        // The first "Acme" is ORG and its other occurrence outside: no class it lacks.
        assert_eq!(t[0].dl, [0; 5]);
        // Mismatched lengths never panic.
        assert!(!doc_evidence(&mut t, &keys, &[], &mut counts));
    }

    #[test]
    fn state_abbreviations_only_when_not_lowercase() {
        assert_ne!(TokInfo::new("KS").lex & bits::STATE_ABBR, 0);
        assert_ne!(TokInfo::new("Ca").lex & bits::STATE_ABBR, 0);
        assert_eq!(TokInfo::new("in").lex & bits::STATE_ABBR, 0);
        assert_ne!(
            TokInfo::new("Jennifer").lex & (bits::GIVEN_TOP | bits::GIVEN_REST),
            0
        );
        assert_ne!(TokInfo::new("Pizza").lex & bits::BUSINESS, 0);
    }

    #[test]
    fn casing_counts_other_occurrences() {
        let (mut t, keys) = toks(&["Tampa", "is", "in", "tampa", "bay", "Bay"]);
        let initial = [true, false, false, false, false, false];
        let mut counts = DocCounts::default();
        doc_casing(&mut t, &keys, &initial, &mut counts);
        // "tampa" (lowercase) sees only a sentence-initial capital: bit 3 alone.
        assert_eq!(t[3].dc, 8);
        // "bay" sees a capitalised "Bay" inside a sentence; "Bay" sees a lowercase "bay".
        assert_eq!(t[4].dc, 1 | 8);
        assert_eq!(t[5].dc, 2 | 8);
        assert_eq!(t[1].dc, 0);
    }
}
