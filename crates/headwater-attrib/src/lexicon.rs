//! The cue lexicon: which words introduce reported speech, belief or evidence.
//!
//! Entries are keyed by lowercase lemma *and* by every inflected form we can derive, so the
//! extractor can look a token up without a lemmatizer (the parser may not have run). Each entry
//! carries a weight in `0..=1`: the built-in list uses 1.0 for core speech verbs and lower values
//! for belief/perception verbs; a trained model overrides weights with the share of occurrences
//! that PolNeAR annotators marked as a cue.

use crate::AttribError;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::Path;

/// What syntactic frame a cue takes, which decides where content and source are looked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CueClass {
    /// A verb of saying/thinking: `X said (that) …`, `…, X said`.
    Verb,
    /// A noun that takes a reported clause: `X's claim that …`, `the report …`.
    Noun,
    /// A preposition-like cue: `according to X, …`.
    According,
}

/// One lexicon entry.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CueEntry {
    /// The frame this cue takes.
    pub class: CueClass,
    /// Confidence that an occurrence is an attribution cue (0..=1).
    pub weight: f32,
}

/// FNV-1a: word keys are short, so this beats SipHash on the per-token lookup path.
#[derive(Clone, Copy, Debug)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= b as u64;
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

/// Lemmatized cue lexicon, open to user extension.
#[derive(Clone, Debug, Default)]
pub struct CueLexicon {
    words: HashMap<String, CueEntry, BuildHasherDefault<Fnv>>,
}

/// Core speech verbs: nearly always a cue when they take a clause.
const SPEECH_VERBS: &[&str] = &[
    "say",
    "tell",
    "report",
    "claim",
    "reveal",
    "confirm",
    "deny",
    "warn",
    "insist",
    "note",
    "add",
    "explain",
    "state",
    "declare",
    "announce",
    "argue",
    "write",
    "tweet",
    "post",
    "acknowledge",
    "admit",
    "assert",
    "contend",
    "maintain",
    "suggest",
    "predict",
    "allege",
    "recall",
    "reply",
    "respond",
    "answer",
    "remark",
    "comment",
    "observe",
    "point",
    "ask",
    "caution",
    "concede",
    "conclude",
    "continue",
    "emphasize",
    "stress",
    "testify",
    "vow",
    "promise",
    "pledge",
    "boast",
    "complain",
    "joke",
    "quip",
    "shout",
    "yell",
    "whisper",
    "mutter",
    "scream",
    "cry",
    "exclaim",
    "proclaim",
    "retort",
    "counter",
    "agree",
    "disagree",
    "estimate",
    "forecast",
    "indicate",
    "show",
    "find",
    "mention",
    "speculate",
    "threaten",
    "urge",
    "demand",
    "acknowledge",
    "brag",
    "charge",
    "accuse",
    "blame",
    "criticize",
    "praise",
    "describe",
    "call",
    "label",
    "dub",
    "characterize",
    "predict",
    "reiterate",
    "repeat",
    "recount",
    "relate",
    "disclose",
    "divulge",
    "hint",
    "imply",
    "inform",
    "notify",
    "advise",
    "assure",
    "reassure",
    "remind",
    "signal",
    "concur",
    "affirm",
    "reaffirm",
    "allege",
    "aver",
    "swear",
    "guarantee",
    "apologize",
    "thank",
    "lament",
    "tout",
    "highlight",
    "underscore",
    "clarify",
    "dispute",
    "rebut",
    "refute",
    "reject",
    "question",
    "wonder",
    "muse",
    "opine",
    "cite",
    "quote",
    "interview",
    "declare",
    "sign",
];

/// Verbs of belief, perception and intention: cues in PolNeAR, but less reliably so.
const BELIEF_VERBS: &[&str] = &[
    "think",
    "believe",
    "feel",
    "know",
    "hope",
    "fear",
    "expect",
    "want",
    "worry",
    "doubt",
    "suspect",
    "assume",
    "guess",
    "understand",
    "realize",
    "consider",
    "see",
    "hear",
    "learn",
    "decide",
    "figure",
    "reckon",
    "imagine",
    "suppose",
    "seem",
    "appear",
    "plan",
    "intend",
    "prefer",
    "wish",
    "support",
    "oppose",
    "endorse",
    "defend",
    "insinuate",
];

/// Nouns that take a reported clause or act as a documentary source.
const CUE_NOUNS: &[&str] = &[
    "claim",
    "statement",
    "report",
    "assertion",
    "allegation",
    "argument",
    "warning",
    "announcement",
    "suggestion",
    "remark",
    "comment",
    "testimony",
    "belief",
    "view",
    "opinion",
    "assessment",
    "estimate",
    "prediction",
    "promise",
    "pledge",
    "insistence",
    "contention",
    "admission",
    "acknowledgment",
    "acknowledgement",
    "denial",
    "accusation",
    "charge",
    "complaint",
    "tweet",
    "interview",
    "speech",
    "memo",
    "letter",
    "poll",
    "survey",
    "study",
    "analysis",
    "investigation",
    "finding",
    "conclusion",
    "data",
    "figure",
    "records",
];

/// Irregular past / participle forms the suffix rules get wrong.
const IRREGULAR: &[(&str, &[&str])] = &[
    ("say", &["said", "says", "saying"]),
    ("tell", &["told", "tells", "telling"]),
    ("write", &["wrote", "written", "writes", "writing"]),
    ("think", &["thought", "thinks", "thinking"]),
    ("feel", &["felt", "feels", "feeling"]),
    ("know", &["knew", "known", "knows", "knowing"]),
    ("see", &["saw", "seen", "sees", "seeing"]),
    ("hear", &["heard", "hears", "hearing"]),
    ("learn", &["learned", "learnt", "learns", "learning"]),
    ("find", &["found", "finds", "finding"]),
    ("show", &["showed", "shown", "shows", "showing"]),
    ("swear", &["swore", "sworn", "swears", "swearing"]),
    (
        "understand",
        &["understood", "understands", "understanding"],
    ),
    ("cry", &["cried", "cries", "crying"]),
    ("reply", &["replied", "replies", "replying"]),
    ("deny", &["denied", "denies", "denying"]),
    ("testify", &["testified", "testifies", "testifying"]),
    ("clarify", &["clarified", "clarifies", "clarifying"]),
    ("notify", &["notified", "notifies", "notifying"]),
    ("imply", &["implied", "implies", "implying"]),
    ("worry", &["worried", "worries", "worrying"]),
    ("forecast", &["forecast", "forecasts", "forecasting"]),
    ("quip", &["quipped", "quips", "quipping"]),
    ("admit", &["admitted", "admits", "admitting"]),
    ("put", &["put", "puts", "putting"]),
];

/// Inflected forms of a regular English verb (`-s`, `-ed`, `-ing`), plus the lemma itself.
pub(crate) fn inflect(lemma: &str) -> Vec<String> {
    if let Some((_, forms)) = IRREGULAR.iter().find(|(l, _)| *l == lemma) {
        let mut v: Vec<String> = forms.iter().map(|s| s.to_string()).collect();
        v.push(lemma.to_string());
        return v;
    }
    let mut out = vec![lemma.to_string()];
    let bytes = lemma.as_bytes();
    let last = bytes.last().copied().unwrap_or(b'a');
    let (third, past, ing) = if let Some(stem) = lemma.strip_suffix('e') {
        (
            format!("{lemma}s"),
            format!("{lemma}d"),
            if lemma.ends_with("ee") {
                format!("{lemma}ing")
            } else {
                format!("{stem}ing")
            },
        )
    } else if let Some(stem) = lemma
        .strip_suffix('y')
        .filter(|st| st.as_bytes().last().is_some_and(|c| !b"aeiou".contains(c)))
    {
        (
            format!("{stem}ies"),
            format!("{stem}ied"),
            format!("{lemma}ing"),
        )
    } else if lemma.ends_with("sh")
        || lemma.ends_with("ch")
        || lemma.ends_with('s')
        || lemma.ends_with('x')
        || lemma.ends_with('z')
    {
        (
            format!("{lemma}es"),
            format!("{lemma}ed"),
            format!("{lemma}ing"),
        )
    } else {
        (
            format!("{lemma}s"),
            format!("{lemma}ed"),
            format!("{lemma}ing"),
        )
    };
    out.push(third);
    out.push(past);
    out.push(ing);
    // Doubling after a short CVC stem (`admit` → `admitted`) is covered by IRREGULAR for the
    // verbs we know; user verbs get the doubled variants too, which is harmless.
    if bytes.len() >= 3 && !b"aeiouwxy".contains(&last) && last.is_ascii_lowercase() {
        let s = &lemma;
        out.push(format!("{s}{}ed", last as char));
        out.push(format!("{s}{}ing", last as char));
    }
    out
}

impl CueLexicon {
    /// An empty lexicon.
    pub fn empty() -> CueLexicon {
        CueLexicon::default()
    }

    /// The built-in English lexicon (speech verbs, belief verbs, cue nouns, `according to`).
    pub fn builtin() -> CueLexicon {
        let mut lex = CueLexicon::empty();
        for v in BELIEF_VERBS {
            lex.add_lemma(v, CueClass::Verb, 0.4);
        }
        for n in CUE_NOUNS {
            lex.add_noun(n, 0.3);
        }
        for v in SPEECH_VERBS {
            lex.add_lemma(v, CueClass::Verb, 0.8);
        }
        for core in [
            "say",
            "tell",
            "according",
            "write",
            "add",
            "claim",
            "report",
        ] {
            lex.add_lemma(core, CueClass::Verb, 1.0);
        }
        lex.words.insert(
            "according".to_string(),
            CueEntry {
                class: CueClass::According,
                weight: 1.0,
            },
        );
        lex
    }

    /// Adds a verb lemma with all its inflections (existing entries keep the higher weight).
    pub fn add_lemma(&mut self, lemma: &str, class: CueClass, weight: f32) {
        let lemma = lemma.trim().to_lowercase();
        if lemma.is_empty() {
            return;
        }
        for form in inflect(&lemma) {
            self.insert(form, CueEntry { class, weight });
        }
    }

    fn add_noun(&mut self, noun: &str, weight: f32) {
        let noun = noun.to_lowercase();
        let plural = if noun.ends_with('s') {
            noun.clone()
        } else {
            format!("{noun}s")
        };
        for f in [noun, plural] {
            self.insert(
                f,
                CueEntry {
                    class: CueClass::Noun,
                    weight,
                },
            );
        }
    }

    fn insert(&mut self, form: String, e: CueEntry) {
        match self.words.get_mut(&form) {
            Some(old) if old.weight >= e.weight => {}
            Some(old) => *old = e,
            None => {
                self.words.insert(form, e);
            }
        }
    }

    /// Overrides the weight of one word form (used by trained models).
    pub fn set_weight(&mut self, form: &str, class: CueClass, weight: f32) {
        self.words
            .insert(form.to_lowercase(), CueEntry { class, weight });
    }

    /// Looks up a lowercase word form.
    pub fn get(&self, lower_form: &str) -> Option<CueEntry> {
        self.words.get(lower_form).copied()
    }

    /// Number of word forms known.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True when no cue is known.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Adds cues from a text file, one per line: a verb lemma (`grumble`), optionally followed by
    /// a tab and a class (`verb`, `noun`) and a weight. `#` starts a comment.
    pub fn extend_from_file(&mut self, path: &Path) -> Result<usize, AttribError> {
        let text = std::fs::read_to_string(path).map_err(|source| AttribError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(self.extend_from_str(&text))
    }

    /// Same as [`CueLexicon::extend_from_file`] for text already in memory; returns entries added.
    pub fn extend_from_str(&mut self, text: &str) -> usize {
        let mut n = 0;
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let mut parts = line.split('\t');
            let word = parts.next().unwrap_or("").trim();
            let class = match parts.next().map(str::trim) {
                Some("noun") => CueClass::Noun,
                _ => CueClass::Verb,
            };
            let weight = parts
                .next()
                .and_then(|w| w.trim().parse::<f32>().ok())
                .unwrap_or(1.0)
                .clamp(0.0, 1.0);
            if word.is_empty() {
                continue;
            }
            match class {
                CueClass::Noun => self.add_noun(word, weight),
                _ => self.add_lemma(word, class, weight),
            }
            n += 1;
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflections_cover_regular_and_irregular_verbs() {
        let lex = CueLexicon::builtin();
        for w in [
            "said", "says", "told", "claimed", "denied", "warned", "insisted", "noting", "wrote",
        ] {
            assert!(lex.get(w).is_some(), "{w}");
        }
        assert_eq!(
            lex.get("according").map(|e| e.class),
            Some(CueClass::According)
        );
    }

    #[test]
    fn user_extension_adds_forms() {
        let mut lex = CueLexicon::empty();
        assert_eq!(
            lex.extend_from_str("# cues\ngrumble\nmemorandum\tnoun\t0.5\n"),
            2
        );
        assert!(lex.get("grumbled").is_some());
        assert!(lex.get("memorandums").is_some());
    }
}
