//! Cross-document entity-linking evaluation on ECB+ (Cybulska & Vossen, LREC 2014): how well the
//! corpus entities of [`crate::entities::link_entities`] group the named-entity mentions that the
//! ECB+ annotators linked across documents.
//!
//! ECB+ is built for event coreference, but its cross-document chains also cover the
//! participants, times and places of the events; those entity chains are the gold here. The
//! protocol (`headwater eval entities ../shared/corpora/ecbplus`):
//!
//! 1. **Text.** Each of the 982 documents of `derived/ecbplus_docs.jsonl` is rebuilt from its
//!    tokens: the source URL (XML sentence 0 of the `*ecbplus.xml` documents) is left out, each
//!    sentence is lightly detokenized (`People .` → `People.`, `Obama 's` → `Obama's`, the
//!    PTB quotes ``` `` ``` and `''` → curly quotes, `U . S .` → `U.S.`, `90 - day` → `90-day`)
//!    so the pipeline reads the kind of text it is built for, and sentences are joined with
//!    blank lines, so headlines and datelines stay sentences of their own and every gold
//!    sentence has a known byte range.
//! 2. **Analysis.** The caller's pipeline annotates every document (the CLI uses the standard
//!    one), then entity linking runs once over *all* documents with no alias file — the entity
//!    pass of [`crate::link`], called directly for its document-entity → corpus-entity map — so
//!    a merge across the 43 topics costs precision.
//! 3. **Gold.** Clusters of `derived/ecbplus_cross_doc_clusters.json` typed `HUMAN_PART_PER`,
//!    `HUMAN_PART_ORG`, `HUMAN_PART_GPE`, `LOC_GEO` or `LOC_FAC`. Only *named* mentions count
//!    (ECB+ also links pronouns and descriptions, which name linking does not aim at). A
//!    mention's *head* is its last word before the first boundary — a comma, a preposition, a
//!    relative pronoun — after leading prepositions and without a generational suffix (`at
//!    Mount Cook` → Cook, `a boutique in Paris` → boutique, `Bank of Greece` → Bank,
//!    `Indonesia's Aceh` → Aceh, `Joseph Comeaux Jr` → Comeaux). A mention is named when its
//!    head is capitalized and a word up to the head is a *name word* of the corpus: never
//!    written lowercase anywhere in it, or capitalized more often than lowercase outside
//!    sentence starts and title-case headlines. So `Police`, `Rehab` or `Man` at a sentence
//!    start or in a headline are no names, nor are `Brooklyn mother`, `Paris jewelry store` or
//!    `Obama administration` (the name there is another entity's); `Tara Reid`, `CNN`,
//!    `Promises` and `Marfin Bank` are. Pronouns (`I`, `He`) are never name words.
//! 4. **Alignment.** A named gold mention aligns to a headwater mention (one tied to a corpus
//!    entity) in the same document and sentence whose words, case-folded and without
//!    possessive `'s`, are the same, or where one word sequence contains the other at the
//!    longer one's head: `the Betty Ford Center` ↔ `Betty Ford Center` and `Reid` ↔ `Tara
//!    Reid` align, `the U.S. Geological Survey` ↔ `U.S.` and `Texas` ↔ `University of Texas` do
//!    not. Exact matches win, then the closest length, then the first.
//! 5. **Scores.** Over every pair of aligned mentions in *different* documents: gold-positive
//!    when both belong to one gold cluster, predicted-positive when both map to one corpus
//!    entity; pairwise P/R/F1 on all such pairs and on the pairs within one topic (the gap between
//!    the two is the cost of merges across topics). B-cubed P/R/F1 over the aligned mentions
//!    (within- and cross-document links together, as usual for ECB+) completes the picture.
//!    Coverage — aligned / named gold mentions — says how much of the gold the scores see: a
//!    mention the recognizer missed is not scored, so recognition errors lower coverage rather
//!    than the scores.
//!
//! Limits worth knowing when reading the numbers: the derived clusters hold only mentions in a
//! cross-document chain file (no singletons), so a wrong merge with an entity ECB+ never linked
//! is invisible; and ECB+ links within a topic only, so the same place annotated as separate
//! clusters in two topics (Athens in topics 8 and 19, Brooklyn in 19 and 33, Canada in 18 and
//! 36) makes a correct merge count as a false positive, as does a country linked as both a place
//! (`LOC_GEO`) and its people (`HUMAN_PART_GPE`) in two clusters — [`EntityEvalReport::over_merged`]
//! lists the predicted groups that cost the most precision, with their gold clusters, to tell
//! these from real errors.

use crate::eval::{harmonic_mean, ratio, PairScores};
use crate::AliasFile;
use headwater_doc::Document;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::hash::Hash;
use std::ops::Range;

/// The documents file, relative to the ECB+ folder.
pub const DOCS_FILE: &str = "derived/ecbplus_docs.jsonl";
/// The cross-document clusters file, relative to the ECB+ folder.
pub const CLUSTERS_FILE: &str = "derived/ecbplus_cross_doc_clusters.json";

/// ECB+ cluster types that denote entities a name linker should group (people, organizations,
/// geo-political entities, places, facilities); actions, times, non-human participants and
/// generic or vehicle mentions are not its job.
pub const ENTITY_TYPES: [&str; 5] = [
    "HUMAN_PART_PER",
    "HUMAN_PART_ORG",
    "HUMAN_PART_GPE",
    "LOC_GEO",
    "LOC_FAC",
];

/// Inconsistent ECB+ data: the gold does not fit the documents, or the analysis lost documents.
#[derive(Debug, thiserror::Error)]
pub enum EntityEvalError {
    #[error("no ECB+ documents to evaluate on")]
    NoDocuments,
    #[error("document {doc} appears twice among the ECB+ documents")]
    DuplicateDocument { doc: String },
    #[error("gold cluster {cluster}: mention {m_id} is in document {doc}, which is not among the ECB+ documents")]
    UnknownDocument {
        cluster: String,
        m_id: String,
        doc: String,
    },
    #[error("gold cluster {cluster}: mention {m_id} is in sentence {sentence} of {doc}, which that document does not have")]
    UnknownSentence {
        cluster: String,
        m_id: String,
        doc: String,
        sentence: usize,
    },
    #[error("the analysis returned {got} documents for {expected} texts")]
    DocumentCount { expected: usize, got: usize },
    #[error(
        "the analysis returned document {got} where {expected} was expected (order must be kept)"
    )]
    DocumentOrder { expected: String, got: String },
}

/// One line of [`DOCS_FILE`].
#[derive(Debug, Clone, serde::Deserialize)]
pub struct EcbDocRecord {
    /// File name, e.g. `1_10ecbplus.xml`.
    pub doc: String,
    pub topic: u32,
    /// `ecb` or `ecbplus`.
    #[serde(default)]
    pub subtopic: String,
    /// The source URL of an `ecbplus` document (XML sentence 0), kept out of `sentences`.
    #[serde(default)]
    pub url_tokens_joined: Option<String>,
    /// Sentences as tokens joined by single spaces.
    pub sentences: Vec<String>,
}

/// One cluster of [`CLUSTERS_FILE`].
#[derive(Debug, Clone, serde::Deserialize)]
pub struct EcbCluster {
    /// Annotator's label, e.g. `t1_tara_reid`.
    #[serde(default)]
    pub tag_descriptor: String,
    /// ECB+ type, e.g. `HUMAN_PART_PER`.
    #[serde(rename = "type")]
    pub kind: String,
    pub mentions: Vec<EcbMention>,
}

/// One mention of an [`EcbCluster`].
#[derive(Debug, Clone, serde::Deserialize)]
pub struct EcbMention {
    pub doc: String,
    #[serde(default)]
    pub m_id: String,
    /// The mention's tokens joined by single spaces.
    pub text: String,
    /// XML sentence number (in `ecbplus` documents sentence 0 is the URL).
    pub sentence: usize,
}

/// A rebuilt document for the caller's pipeline: `name` is the ECB+ file name; the analysed
/// [`Document`] must carry it as its path.
#[derive(Debug, Clone)]
pub struct EvalText {
    pub name: String,
    pub text: String,
    topic: u32,
    /// Byte range of each XML sentence in `text`, by XML sentence number.
    sentences: Vec<Option<Range<usize>>>,
}

/// Annotates the texts, in order, with the standard pipeline.
pub type Analyze<'a> = &'a dyn Fn(&[EvalText]) -> Vec<Document>;

/// One aligned gold mention, as scoring sees it (indices are opaque ids).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AlignedMention {
    pub doc: usize,
    pub topic: u32,
    pub gold: usize,
    pub predicted: usize,
}

/// B-cubed precision and recall (means over mentions).
#[derive(Debug, Clone, Copy, Default)]
pub struct BCubed {
    pub precision: f64,
    pub recall: f64,
}

impl BCubed {
    pub fn f1(&self) -> f64 {
        harmonic_mean(self.precision, self.recall)
    }
}

/// Pairwise scores on all cross-document pairs and on those within one topic, and B-cubed.
#[derive(Debug, Clone, Copy, Default)]
pub struct EntityScores {
    pub all: PairScores,
    pub same_topic: PairScores,
    pub bcubed: BCubed,
}

/// One group of the diagnostics: a predicted entity that merges gold clusters, or a gold cluster
/// that linking split.
#[derive(Debug, Clone)]
pub struct GroupDiagnostic {
    /// Predicted: the corpus entity's label, name and first aliases; gold: the tag descriptor
    /// and type.
    pub name: String,
    pub mentions: usize,
    pub documents: usize,
    /// False-positive pairs (over-merged) or false-negative pairs (split).
    pub pairs: usize,
    /// The groups of the other side it spreads over, with mention counts, largest first.
    pub parts: Vec<(String, usize)>,
}

/// The evaluation result.
#[derive(Debug, Clone, Default)]
pub struct EntityEvalReport {
    pub documents: usize,
    pub corpus_entities: usize,
    /// Gold clusters of the entity types, and those with at least one aligned mention.
    pub gold_clusters: usize,
    pub aligned_clusters: usize,
    /// Gold mentions of the entity types; the named ones; the aligned ones.
    pub gold_mentions: usize,
    pub named_mentions: usize,
    pub aligned_mentions: usize,
    pub scores: EntityScores,
    /// The ten predicted groups with the most false-positive pairs.
    pub over_merged: Vec<GroupDiagnostic>,
    /// The ten gold clusters with the most false-negative pairs.
    pub split: Vec<GroupDiagnostic>,
    /// The most frequent named gold mentions that found no headwater mention, with counts.
    pub unaligned: Vec<(String, usize)>,
}

impl fmt::Display for EntityEvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "ecb+ entities: {} documents, {} corpus entities; gold {} clusters (PER/ORG/GPE/GEO/FAC), {} mentions, {} named, {} aligned ({:.1}% coverage, {} clusters)",
            self.documents,
            self.corpus_entities,
            self.gold_clusters,
            self.gold_mentions,
            self.named_mentions,
            self.aligned_mentions,
            100.0 * ratio(self.aligned_mentions, self.named_mentions),
            self.aligned_clusters
        )?;
        for (name, s) in [
            ("all pairs", self.scores.all),
            ("same topic", self.scores.same_topic),
        ] {
            s.write_row(f, name, (7, 6))?;
        }
        let b = self.scores.bcubed;
        writeln!(
            f,
            "  {:<10} P {:.3}  R {:.3}  F1 {:.3}  (aligned mentions, within and across documents)",
            "B-cubed",
            b.precision,
            b.recall,
            b.f1()
        )
    }
}

impl EntityEvalReport {
    /// The diagnostics (`--verbose`): over-merged predicted groups, split gold clusters and
    /// unaligned gold names.
    pub fn diagnostics(&self) -> Diagnostics<'_> {
        Diagnostics(self)
    }
}

/// Display of [`EntityEvalReport::diagnostics`].
pub struct Diagnostics<'a>(&'a EntityEvalReport);

impl fmt::Display for Diagnostics<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts = |p: &[(String, usize)]| {
            p.iter()
                .take(6)
                .map(|(n, c)| format!("{n} ×{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        for (title, what, groups) in [
            (
                "most over-merged corpus entities",
                "false-positive pairs",
                &self.0.over_merged,
            ),
            (
                "most split gold clusters",
                "false-negative pairs",
                &self.0.split,
            ),
        ] {
            writeln!(f, "{title} ({what}; mentions, documents; parts):")?;
            for g in groups {
                writeln!(
                    f,
                    "  {:>6}  {} ({} mentions, {} documents): {}",
                    g.pairs,
                    g.name,
                    g.mentions,
                    g.documents,
                    parts(&g.parts)
                )?;
            }
        }
        writeln!(f, "most frequent unaligned named gold mentions:")?;
        let unaligned: Vec<String> = self
            .0
            .unaligned
            .iter()
            .map(|(t, c)| format!("{t} ×{c}"))
            .collect();
        writeln!(f, "  {}", unaligned.join(", "))
    }
}

fn choose2(n: usize) -> usize {
    n * n.saturating_sub(1) / 2
}

/// Cross-document pairs within each group of `key`: C(n, 2) minus the pairs inside one document.
fn cross_doc_pairs_by<K: Hash + Eq + Clone>(
    mentions: &[AlignedMention],
    key: impl Fn(&AlignedMention) -> K,
) -> HashMap<K, usize> {
    let mut group: HashMap<K, usize> = HashMap::new();
    let mut group_doc: HashMap<(K, usize), usize> = HashMap::new();
    for m in mentions {
        let k = key(m);
        *group.entry(k.clone()).or_default() += 1;
        *group_doc.entry((k, m.doc)).or_default() += 1;
    }
    let mut out: HashMap<K, usize> = group.into_iter().map(|(k, n)| (k, choose2(n))).collect();
    for ((k, _), n) in group_doc {
        if let Some(v) = out.get_mut(&k) {
            *v -= choose2(n);
        }
    }
    out
}

fn cross_doc_pairs<K: Hash + Eq + Clone>(
    mentions: &[AlignedMention],
    key: impl Fn(&AlignedMention) -> K,
) -> usize {
    cross_doc_pairs_by(mentions, key).values().sum()
}

/// Pairwise and B-cubed scores of aligned mentions. Pairs are counted from group sizes (C(n, 2)
/// per gold cluster, predicted entity and their intersection, less the pairs inside one document)
/// rather than enumerated, so the cost is linear in the mentions.
pub fn score(mentions: &[AlignedMention]) -> EntityScores {
    let pair_scores = |topic_only: bool| {
        let t = |m: &AlignedMention| if topic_only { Some(m.topic) } else { None };
        let pairs = cross_doc_pairs(mentions, t);
        let gold_positive = cross_doc_pairs(mentions, |m| (t(m), m.gold));
        let predicted_positive = cross_doc_pairs(mentions, |m| (t(m), m.predicted));
        let tp = cross_doc_pairs(mentions, |m| (t(m), m.gold, m.predicted));
        PairScores {
            pairs,
            gold_positive,
            tp,
            fp: predicted_positive - tp,
            fn_: gold_positive - tp,
        }
    };
    let mut gold: HashMap<usize, usize> = HashMap::new();
    let mut predicted: HashMap<usize, usize> = HashMap::new();
    let mut both: HashMap<(usize, usize), usize> = HashMap::new();
    for m in mentions {
        *gold.entry(m.gold).or_default() += 1;
        *predicted.entry(m.predicted).or_default() += 1;
        *both.entry((m.gold, m.predicted)).or_default() += 1;
    }
    let mut bcubed = BCubed::default();
    if !mentions.is_empty() {
        let (mut p, mut r) = (0.0, 0.0);
        for m in mentions {
            let shared = both.get(&(m.gold, m.predicted)).copied().unwrap_or(0) as f64;
            p += shared / predicted.get(&m.predicted).copied().unwrap_or(1).max(1) as f64;
            r += shared / gold.get(&m.gold).copied().unwrap_or(1).max(1) as f64;
        }
        let n = mentions.len() as f64;
        bcubed = BCubed {
            precision: p / n,
            recall: r / n,
        };
    }
    EntityScores {
        all: pair_scores(false),
        same_topic: pair_scores(true),
        bcubed,
    }
}

/// Rebuilds one tokenized sentence as running text (see the module doc, step 1).
pub fn detokenize(sentence: &str) -> String {
    let tokens: Vec<&str> = sentence.split(' ').filter(|t| !t.is_empty()).collect();
    let single_capital = |t: &str| t.len() == 1 && t.chars().all(|c| c.is_ascii_uppercase());
    let alnum_end = |t: &str| t.chars().last().is_some_and(char::is_alphanumeric);
    let alnum_start = |t: &str| t.chars().next().is_some_and(char::is_alphanumeric);
    let mut out = String::with_capacity(sentence.len());
    let mut glue_next = true;
    for (i, &tok) in tokens.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(|j| tokens.get(j)).copied();
        let prev2 = i.checked_sub(2).and_then(|j| tokens.get(j)).copied();
        let next = tokens.get(i + 1).copied();
        let lower = tok.to_lowercase();
        let (text, glue_left, glue_right) = match tok {
            "``" => ("“", false, true),
            "''" => ("”", true, false),
            "`" => ("‘", false, true),
            "(" | "[" | "{" | "$" | "#" => (tok, false, true),
            "," | "." | ";" | ":" | "!" | "?" | "%" | ")" | "]" | "}" | "..." => (tok, true, false),
            "-" if prev.is_some_and(alnum_end) && next.is_some_and(alnum_start) => {
                (tok, true, true)
            }
            _ if matches!(
                lower.as_str(),
                "'s" | "'re" | "'ve" | "'ll" | "'d" | "'m" | "n't"
            ) =>
            {
                (tok, true, false)
            }
            // `U . S .` → `U.S.`: a capital letter right after `X .` continues the initials.
            _ if single_capital(tok) && prev == Some(".") && prev2.is_some_and(single_capital) => {
                (tok, true, false)
            }
            _ => (tok, false, false),
        };
        if !out.is_empty() && !glue_next && !glue_left {
            out.push(' ');
        }
        out.push_str(text);
        glue_next = glue_right;
    }
    out
}

/// The document's sentences with their XML sentence numbers, the source URL (XML sentence 0 of
/// an `ecbplus` document) left out: the derived file keeps it apart, or else it comes first.
fn xml_numbers(record: &EcbDocRecord) -> Vec<(usize, &str)> {
    let plus = record.url_tokens_joined.is_some()
        || record.subtopic == "ecbplus"
        || record.doc.ends_with("ecbplus.xml");
    let url_first = record
        .sentences
        .first()
        .is_some_and(|s| s.starts_with("http") || s.contains(": / /"));
    record
        .sentences
        .iter()
        .enumerate()
        .filter_map(|(i, s)| match (plus, url_first) {
            // The URL is still there: drop it, the numbering is the list's.
            (true, true) => (i > 0).then_some((i, s.as_str())),
            // The URL was split off: the list starts at XML sentence 1.
            (true, false) => Some((i + 1, s.as_str())),
            (false, _) => Some((i, s.as_str())),
        })
        .collect()
}

/// Rebuilds the documents' texts with each XML sentence's byte range.
pub fn build_texts(records: &[EcbDocRecord]) -> Vec<EvalText> {
    records
        .iter()
        .map(|r| {
            let mut text = String::new();
            let mut sentences: Vec<Option<Range<usize>>> = Vec::new();
            for (number, sentence) in xml_numbers(r) {
                if !text.is_empty() {
                    text.push_str("\n\n");
                }
                let start = text.len();
                text.push_str(&detokenize(sentence));
                if sentences.len() <= number {
                    sentences.resize(number + 1, None);
                }
                if let Some(slot) = sentences.get_mut(number) {
                    *slot = Some(start..text.len());
                }
            }
            text.push('\n');
            EvalText {
                name: r.doc.clone(),
                text,
                topic: r.topic,
                sentences,
            }
        })
        .collect()
}

/// A word of a mention: alphanumeric run, lowercased, and whether it was capitalized.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Word {
    folded: String,
    capitalized: bool,
}

fn words(text: &str) -> Vec<Word> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| Word {
            folded: w.to_lowercase(),
            capitalized: w.chars().next().is_some_and(char::is_uppercase),
        })
        .collect()
}

/// Capitalized at a sentence start, and `I` everywhere, but never names.
const PRONOUNS: &[&str] = &[
    "i", "me", "my", "we", "us", "our", "you", "your", "he", "him", "his", "she", "her", "it",
    "its", "they", "them", "their", "this", "that", "these", "those", "the", "a", "an",
];

/// Which words are names in this corpus (see the module doc, step 3).
#[derive(Debug, Default)]
struct NameWords {
    capitalized: HashMap<String, u32>,
    lowercase: HashMap<String, u32>,
}

impl NameWords {
    fn count<'a>(sentences: impl Iterator<Item = &'a str>) -> NameWords {
        let mut out = NameWords::default();
        for sentence in sentences {
            let tokens: Vec<&str> = sentence.split_whitespace().collect();
            let lettered: Vec<&str> = tokens
                .iter()
                .copied()
                .filter(|t| t.chars().next().is_some_and(char::is_alphabetic))
                .collect();
            let capitals = lettered
                .iter()
                .filter(|t| t.chars().next().is_some_and(char::is_uppercase))
                .count();
            // A title-case headline capitalizes common words: its capitals prove nothing.
            let headline = lettered.len() >= 3 && capitals * 5 >= lettered.len() * 3;
            let mut initial = true;
            for tok in tokens {
                let Some(first) = words(tok).into_iter().next() else {
                    // Punctuation other than a comma may start a new sentence or a quotation.
                    if tok != "," {
                        initial = true;
                    }
                    continue;
                };
                if tok.chars().next().is_some_and(char::is_alphabetic) {
                    if !first.capitalized {
                        *out.lowercase.entry(first.folded).or_default() += 1;
                    } else if !initial && !headline {
                        *out.capitalized.entry(first.folded).or_default() += 1;
                    }
                }
                initial = false;
            }
        }
        out
    }

    fn is_name_word(&self, w: &Word) -> bool {
        if !w.capitalized || PRONOUNS.contains(&w.folded.as_str()) {
            return false;
        }
        let lower = self.lowercase.get(&w.folded).copied().unwrap_or(0);
        let upper = self.capitalized.get(&w.folded).copied().unwrap_or(0);
        lower == 0 || upper > lower
    }

    /// A mention names something when its head is capitalized and a word before the head is a
    /// name word (`Brooklyn mother` and `Paris jewelry store` do not, `Marfin Bank` does).
    fn is_named(&self, phrase: &Phrase) -> bool {
        phrase.head().is_some_and(|h| h.capitalized)
            && phrase.core_words().iter().any(|w| self.is_name_word(w))
    }
}

/// Lowercase words that end the name part of a mention (`a boutique in Paris`, `Bank of
/// Greece`, `mother of 12`, `his home in Santa Rosa`) and, leading it, are skipped (`at Mt Cook`).
const BOUNDARIES: &[&str] = &[
    "in", "on", "at", "near", "from", "of", "with", "for", "off", "by", "to", "into", "outside",
    "inside", "after", "before", "during", "who", "which", "that", "where",
];

/// Generational suffixes, skipped when finding a name's head.
const SUFFIXES: &[&str] = &["jr", "sr", "ii", "iii", "iv"];

/// A mention's words and the index of its head: the last word before the first boundary (a
/// comma, a preposition, a relative pronoun), so `an upmarket jewellery store in central Paris`
/// is about a store, `Indonesia's Aceh` about Aceh, `the Bank of Greece` about a bank.
#[derive(Debug, Clone)]
struct Phrase {
    words: Vec<Word>,
    /// Number of words before the first boundary.
    core: usize,
}

impl Phrase {
    fn new(text: &str) -> Phrase {
        let mut words_out: Vec<Word> = Vec::new();
        let mut core: Option<usize> = None;
        for tok in text.split_whitespace() {
            if matches!(tok, "'s" | "’s" | "'S") {
                continue;
            }
            let tok = ["'s", "’s", "'S"]
                .iter()
                .find_map(|p| tok.strip_suffix(p))
                .unwrap_or(tok);
            let ws = words(tok);
            if ws.is_empty() {
                if !words_out.is_empty() && matches!(tok, "," | ";" | ":" | "(" | "-" | "--") {
                    core.get_or_insert(words_out.len());
                }
                continue;
            }
            let boundary = match ws.as_slice() {
                [w] => !w.capitalized && BOUNDARIES.contains(&w.folded.as_str()),
                _ => false,
            };
            if boundary {
                if words_out.is_empty() {
                    continue;
                }
                core.get_or_insert(words_out.len());
            }
            words_out.extend(ws);
        }
        let mut core = core.unwrap_or(words_out.len());
        // A generational suffix is not the head: `Arcade Joseph Comeaux Jr` is about Comeaux.
        while core > 1
            && words_out
                .get(core - 1)
                .is_some_and(|w| SUFFIXES.contains(&w.folded.as_str()))
        {
            core -= 1;
        }
        Phrase {
            words: words_out,
            core,
        }
    }

    fn head(&self) -> Option<&Word> {
        self.core.checked_sub(1).and_then(|h| self.words.get(h))
    }

    fn core_words(&self) -> &[Word] {
        self.words.get(..self.core).unwrap_or(&[])
    }
}

/// Whether `short` occurs in `long` at a place that covers `long`'s head.
fn contains_with_head(long: &Phrase, short: &Phrase) -> bool {
    let k = short.words.len();
    if k == 0 || k > long.words.len() || long.core == 0 {
        return false;
    }
    let h = long.core - 1;
    long.words.windows(k).enumerate().any(|(s, w)| {
        (s..s + k).contains(&h)
            && w.iter()
                .zip(&short.words)
                .all(|(a, b)| a.folded == b.folded)
    })
}

/// How well a headwater mention's words match a gold mention's: `Some((rank, length gap))`,
/// higher rank first (2 same words, 1 one inside the other at the head), smaller gap first.
fn match_quality(gold: &Phrase, predicted: &Phrase) -> Option<(u8, usize)> {
    let (g, p) = (&gold.words, &predicted.words);
    if g.is_empty() || p.is_empty() {
        return None;
    }
    let gap = g.len().abs_diff(p.len());
    if gap == 0 && g.iter().zip(p).all(|(a, b)| a.folded == b.folded) {
        return Some((2, 0));
    }
    let inside = if g.len() > p.len() {
        contains_with_head(gold, predicted)
    } else {
        contains_with_head(predicted, gold)
    };
    inside.then_some((1, gap))
}

/// The corpus entity of the best-matching headwater mention of `doc` inside `range`.
fn align(
    doc: &Document,
    corpus_of_entity: &[Option<usize>],
    range: &Range<usize>,
    gold: &Phrase,
) -> Option<usize> {
    let mut best: Option<((u8, usize), usize, usize)> = None;
    for m in &doc.mentions {
        let (start, end) = (m.span.start as usize, m.span.end as usize);
        if start < range.start || end > range.end {
            continue;
        }
        let Some(corpus) = m
            .entity
            .and_then(|e| corpus_of_entity.get(e as usize).copied().flatten())
        else {
            continue;
        };
        let Some((rank, gap)) = match_quality(gold, &Phrase::new(doc.slice(m.span))) else {
            continue;
        };
        let better = match best {
            None => true,
            Some(((r, g), s, _)) => {
                (rank, std::cmp::Reverse(gap), std::cmp::Reverse(start))
                    > (r, std::cmp::Reverse(g), std::cmp::Reverse(s))
            }
        };
        if better {
            best = Some(((rank, gap), start, corpus));
        }
    }
    best.map(|(_, _, corpus)| corpus)
}

/// How many diagnostic groups to keep.
const DIAGNOSTICS: usize = 10;

/// Runs the evaluation (see the module doc for the protocol). `analyze` annotates the rebuilt
/// texts with the real pipeline, keeping their order.
pub fn eval_ecbplus(
    records: &[EcbDocRecord],
    clusters: &BTreeMap<String, EcbCluster>,
    analyze: Analyze<'_>,
) -> Result<EntityEvalReport, EntityEvalError> {
    if records.is_empty() {
        return Err(EntityEvalError::NoDocuments);
    }
    let texts = build_texts(records);
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, t) in texts.iter().enumerate() {
        if index.insert(t.name.as_str(), i).is_some() {
            return Err(EntityEvalError::DuplicateDocument {
                doc: t.name.clone(),
            });
        }
    }
    let names = NameWords::count(records.iter().flat_map(|r| {
        xml_numbers(r)
            .into_iter()
            .map(|(_, s)| s)
            .collect::<Vec<_>>()
    }));

    let docs = analyze(&texts);
    if docs.len() != texts.len() {
        return Err(EntityEvalError::DocumentCount {
            expected: texts.len(),
            got: docs.len(),
        });
    }
    if let Some((t, d)) = texts.iter().zip(&docs).find(|(t, d)| t.name != d.path) {
        return Err(EntityEvalError::DocumentOrder {
            expected: t.name.clone(),
            got: d.path.clone(),
        });
    }
    let links = crate::entities::link_entities(&docs, &AliasFile::default());

    let mut report = EntityEvalReport {
        documents: docs.len(),
        corpus_entities: links.entities.len(),
        ..EntityEvalReport::default()
    };
    let mut aligned: Vec<AlignedMention> = Vec::new();
    let mut gold_names: Vec<String> = Vec::new();
    let mut unaligned: HashMap<String, usize> = HashMap::new();
    let empty: Vec<Option<usize>> = Vec::new();
    for (id, cluster) in clusters {
        if !ENTITY_TYPES.contains(&cluster.kind.as_str()) {
            continue;
        }
        let gold = gold_names.len();
        gold_names.push(format!("{} ({})", cluster.tag_descriptor, cluster.kind));
        let before = aligned.len();
        for m in &cluster.mentions {
            report.gold_mentions += 1;
            let Some(&d) = index.get(m.doc.as_str()) else {
                return Err(EntityEvalError::UnknownDocument {
                    cluster: id.clone(),
                    m_id: m.m_id.clone(),
                    doc: m.doc.clone(),
                });
            };
            let (Some(text), Some(doc)) = (texts.get(d), docs.get(d)) else {
                continue;
            };
            let Some(range) = text.sentences.get(m.sentence).cloned().flatten() else {
                return Err(EntityEvalError::UnknownSentence {
                    cluster: id.clone(),
                    m_id: m.m_id.clone(),
                    doc: m.doc.clone(),
                    sentence: m.sentence,
                });
            };
            let phrase = Phrase::new(&m.text);
            if !names.is_named(&phrase) {
                continue;
            }
            report.named_mentions += 1;
            let corpus_of_entity = links.doc_entity.get(d).unwrap_or(&empty);
            match align(doc, corpus_of_entity, &range, &phrase) {
                Some(predicted) => aligned.push(AlignedMention {
                    doc: d,
                    topic: text.topic,
                    gold,
                    predicted,
                }),
                None => *unaligned.entry(m.text.clone()).or_default() += 1,
            }
        }
        report.gold_clusters += 1;
        report.aligned_clusters += usize::from(aligned.len() > before);
    }
    report.aligned_mentions = aligned.len();
    report.scores = score(&aligned);

    // Diagnostics: false-positive pairs per predicted entity, false-negative pairs per gold
    // cluster, from the same group counts as the scores.
    let predicted_pairs = cross_doc_pairs_by(&aligned, |m| m.predicted);
    let gold_pairs = cross_doc_pairs_by(&aligned, |m| m.gold);
    let true_pairs = cross_doc_pairs_by(&aligned, |m| (m.predicted, m.gold));
    let mut tp_predicted: HashMap<usize, usize> = HashMap::new();
    let mut tp_gold: HashMap<usize, usize> = HashMap::new();
    for (&(p, g), &n) in &true_pairs {
        *tp_predicted.entry(p).or_default() += n;
        *tp_gold.entry(g).or_default() += n;
    }
    let entity_name = |p: usize| {
        links.entities.get(p).map_or_else(String::new, |e| {
            let mut s = format!("{} {}", e.label.as_str(), e.name);
            if !e.aliases.is_empty() {
                let shown: Vec<&str> = e.aliases.iter().take(4).map(String::as_str).collect();
                s.push_str(&format!(" aka {}", shown.join(" / ")));
                if e.aliases.len() > 4 {
                    s.push_str(&format!(" (+{})", e.aliases.len() - 4));
                }
            }
            s
        })
    };
    let gold_name = |g: usize| gold_names.get(g).cloned().unwrap_or_default();
    let diagnostic = |group: usize,
                      pairs: usize,
                      own: &dyn Fn(&AlignedMention) -> usize,
                      other: &dyn Fn(&AlignedMention) -> usize,
                      name: String,
                      other_name: &dyn Fn(usize) -> String| {
        let members: Vec<&AlignedMention> = aligned.iter().filter(|m| own(m) == group).collect();
        let mut parts: BTreeMap<usize, usize> = BTreeMap::new();
        let mut documents: Vec<usize> = members.iter().map(|m| m.doc).collect();
        documents.sort_unstable();
        documents.dedup();
        for m in &members {
            *parts.entry(other(m)).or_default() += 1;
        }
        let mut parts: Vec<(String, usize)> =
            parts.into_iter().map(|(k, n)| (other_name(k), n)).collect();
        parts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        GroupDiagnostic {
            name,
            mentions: members.len(),
            documents: documents.len(),
            pairs,
            parts,
        }
    };
    let top = |counts: Vec<(usize, usize)>| {
        let mut counts: Vec<(usize, usize)> = counts.into_iter().filter(|c| c.1 > 0).collect();
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        counts.truncate(DIAGNOSTICS);
        counts
    };
    report.over_merged = top(predicted_pairs
        .iter()
        .map(|(&p, &n)| (p, n - tp_predicted.get(&p).copied().unwrap_or(0)))
        .collect())
    .into_iter()
    .map(|(p, fp)| {
        diagnostic(
            p,
            fp,
            &|m| m.predicted,
            &|m| m.gold,
            entity_name(p),
            &gold_name,
        )
    })
    .collect();
    report.split = top(gold_pairs
        .iter()
        .map(|(&g, &n)| (g, n - tp_gold.get(&g).copied().unwrap_or(0)))
        .collect())
    .into_iter()
    .map(|(g, fn_)| {
        diagnostic(
            g,
            fn_,
            &|m| m.gold,
            &|m| m.predicted,
            gold_name(g),
            &entity_name,
        )
    })
    .collect();
    let mut unaligned: Vec<(String, usize)> = unaligned.into_iter().collect();
    unaligned.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    unaligned.truncate(20);
    report.unaligned = unaligned;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(doc: usize, topic: u32, gold: usize, predicted: usize) -> AlignedMention {
        AlignedMention {
            doc,
            topic,
            gold,
            predicted,
        }
    }

    /// Pairs enumerated one by one, to check the counting shortcut.
    fn brute_force(ms: &[AlignedMention], topic_only: bool) -> PairScores {
        let mut s = PairScores::default();
        for (i, a) in ms.iter().enumerate() {
            for b in ms.iter().skip(i + 1) {
                if a.doc == b.doc || (topic_only && a.topic != b.topic) {
                    continue;
                }
                s.pairs += 1;
                let gold = a.gold == b.gold;
                let predicted = a.predicted == b.predicted;
                s.gold_positive += usize::from(gold);
                match (predicted, gold) {
                    (true, true) => s.tp += 1,
                    (true, false) => s.fp += 1,
                    (false, true) => s.fn_ += 1,
                    _ => {}
                }
            }
        }
        s
    }

    /// Fictional corpus: gold 0 = "Mara Quill" in documents 0, 1, 2 (topic 1), gold 1 = "Quill
    /// Harbor" in documents 1, 2 (topic 1), gold 2 = "Mara Quill" of topic 2 (another person of
    /// the same name) in document 3. The linker merges the person with the harbor in document 2
    /// and with her namesake, and splits document 0's mentions off.
    fn example() -> Vec<AlignedMention> {
        vec![
            m(0, 1, 0, 10),
            m(0, 1, 0, 10),
            m(1, 1, 0, 11),
            m(2, 1, 0, 11),
            m(1, 1, 1, 12),
            m(2, 1, 1, 11),
            m(3, 2, 2, 11),
        ]
    }

    #[test]
    fn pairwise_scores_count_cross_document_pairs_only() {
        let ms = example();
        let s = score(&ms);
        // 7 mentions: C(7,2) = 21 pairs, less the one pair inside document 0 and one each
        // inside documents 1 and 2.
        assert_eq!(s.all.pairs, 18);
        // Gold 0: C(4,2) - 1 (doc 0) = 5; gold 1: 1; gold 2: 0.
        assert_eq!(s.all.gold_positive, 6);
        // Predicted 11 = {d1 g0, d2 g0, d2 g1, d3 g2}: C(4,2) - 1 (doc 2) = 5 pairs, of which
        // d1g0-d2g0 is true; predicted 10 has only a same-document pair.
        assert_eq!((s.all.tp, s.all.fp, s.all.fn_), (1, 4, 5));
        let b = brute_force(&ms, false);
        assert_eq!(
            (
                s.all.pairs,
                s.all.gold_positive,
                s.all.tp,
                s.all.fp,
                s.all.fn_
            ),
            (b.pairs, b.gold_positive, b.tp, b.fp, b.fn_)
        );
        let b = brute_force(&ms, true);
        let t = s.same_topic;
        assert_eq!(
            (t.pairs, t.gold_positive, t.tp, t.fp, t.fn_),
            (b.pairs, b.gold_positive, b.tp, b.fp, b.fn_)
        );
        // The namesake merge (3 pairs) happens across topics: the same-topic view keeps only
        // the person-harbor pair.
        assert_eq!(t.fp, 1);
        assert!((s.all.precision() - 0.2).abs() < 1e-12);
        assert!((s.all.recall() - 1.0 / 6.0).abs() < 1e-12);
    }

    #[test]
    fn bcubed_averages_over_mentions() {
        let s = score(&example());
        // Per mention (shared / predicted size, shared / gold size):
        // d0 g0 p10 ×2: 2/2, 2/4; d1 g0 p11, d2 g0 p11: 2/4, 2/4; d1 g1 p12: 1/1, 1/2;
        // d2 g1 p11: 1/4, 1/2; d3 g2 p11: 1/4, 1/1.
        let p = (1.0 + 1.0 + 0.5 + 0.5 + 1.0 + 0.25 + 0.25) / 7.0;
        let r = (0.5 + 0.5 + 0.5 + 0.5 + 0.5 + 0.5 + 1.0) / 7.0;
        assert!((s.bcubed.precision - p).abs() < 1e-12);
        assert!((s.bcubed.recall - r).abs() < 1e-12);
        let perfect = score(&[m(0, 1, 0, 5), m(1, 1, 0, 5)]);
        assert_eq!(perfect.all.f1(), 1.0);
        assert_eq!(perfect.bcubed.f1(), 1.0);
        let nothing = score(&[]);
        assert_eq!((nothing.all.pairs, nothing.bcubed.f1()), (0, 0.0));
    }

    #[test]
    fn detokenizes_the_ecb_token_stream() {
        assert_eq!(
            detokenize("`` We thank the U . S . Harbor Board , '' Mara Quill 's rep told Lumen ."),
            "“We thank the U.S. Harbor Board,” Mara Quill's rep told Lumen."
        );
        assert_eq!(
            detokenize("a 90 - day stay ( in Quillport ) - for now"),
            "a 90-day stay (in Quillport) - for now"
        );
    }

    #[test]
    fn alignment_needs_the_head_of_the_longer_mention() {
        let q = |g: &str, p: &str| match_quality(&Phrase::new(g), &Phrase::new(p));
        assert_eq!(q("Mara Quill", "Mara  Quill"), Some((2, 0)));
        assert_eq!(
            q("the Quill Harbor Board", "Quill Harbor Board"),
            Some((1, 1))
        );
        assert_eq!(q("Quill", "Mara Quill"), Some((1, 1)));
        assert_eq!(q("Quill 's", "Quill"), Some((2, 0)));
        assert_eq!(q("Quill's", "Quill"), Some((2, 0)));
        // `U.S.` inside `the U.S. Harbor Board` misses its head (`Board`).
        assert_eq!(q("the U . S . Harbor Board", "U.S."), None);
        // `Quillport` is not the head of `University of Quillport`.
        assert_eq!(q("Quillport", "University of Quillport"), None);
        assert_eq!(q("Lumen", "Mara Quill"), None);
        // The head of `a shop in central Quillport` is `shop`.
        assert_eq!(q("a shop in central Quillport", "Quillport"), None);
        assert_eq!(q("at Mount Vantor", "Mount Vantor"), Some((2, 0)));
        assert_eq!(q("Lumen's Vantor", "Vantor"), Some((1, 1)));
        assert_eq!(q("Lumen's Vantor", "Lumen"), None);
        assert_eq!(q("the Bank of Lumen", "Lumen"), None);
        assert_eq!(q("Mara Quill Jr", "Mara Quill"), Some((1, 1)));
    }

    #[test]
    fn named_mentions_use_the_corpus_capitalization() {
        let names = NameWords::count(
            [
                "Police said Mara Quill left the harbor .",
                "The police thanked Quill and the Harbor Board .",
                "Quill Leaves Harbor Board After Storm",
                "The storm damage was light , police said .",
                "Vantor spoke .",
            ]
            .into_iter(),
        );
        let named = |t: &str| names.is_named(&Phrase::new(t));
        assert!(named("Mara Quill"));
        assert!(named("Quill 's"));
        assert!(named("the Harbor Board"));
        // Only ever capitalized at a sentence start, never lowercase: a name.
        assert!(named("Vantor"));
        assert!(!named("Police"));
        assert!(!named("police"));
        assert!(!named("She"));
        assert!(!named("I"));
        // Capitalized only in a headline, lowercase in running text.
        assert!(!named("Storm"));
        // A name inside a description does not make it a name.
        assert!(!named("a harbor in Quill"));
        assert!(!named("Quill harbor"));
    }
}
