//! Claim clusters: attributions that say the same thing, grouped with MinHash LSH over
//! content-word shingles and verified by containment and number agreement (no all-pairs step);
//! then each cluster's root sources, independent-source count and flags.

use crate::entities::EntityLinks;
use crate::names::fold;
use crate::unionfind::UnionFind;
use crate::works::WorkLinks;
use headwater_doc::{ClaimCluster, ClaimMember, Document, RootSource, SourceKind};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};

const STOPWORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "and",
    "or",
    "but",
    "of",
    "to",
    "in",
    "on",
    "at",
    "by",
    "for",
    "with",
    "from",
    "as",
    "that",
    "this",
    "these",
    "those",
    "it",
    "its",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "has",
    "have",
    "had",
    "will",
    "would",
    "could",
    "should",
    "may",
    "might",
    "can",
    "do",
    "does",
    "did",
    "not",
    "no",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "their",
    "our",
    "my",
    "your",
    "him",
    "them",
    "us",
    "me",
    "there",
    "which",
    "who",
    "whom",
    "what",
    "when",
    "where",
    "why",
    "how",
    "if",
    "than",
    "then",
    "so",
    "also",
    "about",
    "into",
    "over",
    "after",
    "before",
    "said",
    "says",
    "say",
    "told",
    "according",
    "reported",
    "being",
    "all",
    "any",
    "some",
    "such",
    "very",
    "just",
    "only",
    "more",
    "most",
    "up",
    "out",
];

const HASHES: usize = 40;
const ROWS: usize = 2;
const MAX_BUCKET: usize = 400;

/// Content words of a text: folded, stopwords dropped, crude suffix stemming so that light
/// rewording (`closed`/`closing`, `repairs`/`repair`) still matches.
fn content_words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map(|w| fold(w.trim_end_matches("'s").trim_end_matches("’s")))
        .filter(|w| !w.is_empty() && !STOPWORDS.contains(&w.as_str()))
        .map(|w| stem(&w))
        .collect()
}

fn stem(w: &str) -> String {
    if w.chars().all(|c| c.is_ascii_digit()) {
        return w.to_string();
    }
    for suffix in ["ings", "ing", "edly", "ed", "es", "s", "ly"] {
        if let Some(base) = w.strip_suffix(suffix) {
            if base.chars().count() >= 4 {
                return base.to_string();
            }
        }
    }
    w.to_string()
}

fn hash64(s: &str, seed: u64) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ seed.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    for b in s.as_bytes() {
        h ^= *b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    // Final avalanche so that nearby seeds give independent permutations.
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h
}

/// Stemmed words of what a source did not answer (`did not respond to a request for comment`,
/// `to repeated interview requests`).
const COMMENT_REQUEST_WORDS: &[&str] = &[
    "request",
    "comment",
    "interview",
    "question",
    "inquiri",
    "inquiry",
    "messag",
    "message",
    "email",
    "call",
    "repeat",
    "several",
    "multiple",
    "immediate",
    "further",
];

/// Whether a content only names a request for comment: such statements say that a source did
/// not speak, not what anyone claims, and the same few words recur in unrelated stories, so
/// they never join a claim across statements.
fn asks_for_comment(words: &[String]) -> bool {
    !words.is_empty()
        && words
            .iter()
            .any(|w| matches!(w.as_str(), "request" | "comment" | "question" | "inquiri"))
        && words
            .iter()
            .all(|w| COMMENT_REQUEST_WORDS.contains(&w.as_str()))
}

/// The shingles of a content: adjacent content-word pairs (plus single words for very short
/// texts), and the content words themselves.
fn shingles(text: &str) -> (Vec<u64>, Vec<u64>) {
    shingles_of(&content_words(text))
}

/// [`shingles`] of a content's words ([`content_words`]).
fn shingles_of(words: &[String]) -> (Vec<u64>, Vec<u64>) {
    let mut pairs: Vec<u64> = if words.len() >= 3 {
        words
            .windows(2)
            .map(|w| hash64(&format!("{} {}", w[0], w[1]), 0))
            .collect()
    } else {
        words.iter().map(|w| hash64(w, 0)).collect()
    };
    pairs.sort_unstable();
    pairs.dedup();
    let mut singles: Vec<u64> = words.iter().map(|w| hash64(w, 1)).collect();
    singles.sort_unstable();
    singles.dedup();
    (pairs, singles)
}

fn shared(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Two contents say the same thing: most word pairs of the shorter recur in the longer (at
/// least two of them), or — for light rewording — most of its content words do and at least
/// three word pairs match.
fn same_claim(a: &Item, b: &Item) -> bool {
    let numbers_agree =
        a.numbers.is_empty() || b.numbers.is_empty() || !a.numbers.is_disjoint(&b.numbers);
    if !numbers_agree {
        return false;
    }
    // One shared shingle out of two is one shared word in a two-word content (`to confirm the
    // delay`, `the length of the delay`): such short contents would chain unrelated claims.
    if containment(&a.shingles, &b.shingles) >= 0.5 && shared(&a.shingles, &b.shingles) >= 2 {
        return true;
    }
    let pairs = shared(&a.shingles, &b.shingles);
    let small = a.words.len().min(b.words.len());
    pairs >= 3 && small >= 5 && shared(&a.words, &b.words) as f64 >= 0.5 * small as f64
}

/// The figures a content states. Footnote markers (`[5]`) and list enumerators (`1)`, `(2)`)
/// are layout, not figures: counting them would keep a claim apart from its own rewording.
fn numbers(text: &str) -> BTreeSet<String> {
    let bytes = text.as_bytes();
    let mut out = BTreeSet::new();
    for part in text.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',')) {
        // `split` yields subslices of `text`, so the distance of the pointers is the offset.
        let begin = part.as_ptr() as usize - text.as_ptr() as usize;
        let t = part.trim_matches(|c| c == '.' || c == ',');
        if t.is_empty() || !t.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        let lead = part.len() - part.trim_start_matches(['.', ',']).len();
        let (from, to) = (begin + lead, begin + lead + t.len());
        let before = from.checked_sub(1).and_then(|i| bytes.get(i)).copied();
        let after = bytes.get(to).copied();
        let footnote = before == Some(b'[') && after == Some(b']');
        let enumerator = after == Some(b')')
            && t.len() <= 2
            && before.is_none_or(|b| b == b'(' || b.is_ascii_whitespace());
        if !footnote && !enumerator {
            out.insert(t.replace(',', ""));
        }
    }
    out
}

fn containment(a: &[u64], b: &[u64]) -> f64 {
    let small = a.len().min(b.len());
    if small == 0 {
        0.0
    } else {
        shared(a, b) as f64 / small as f64
    }
}

struct Item {
    doc: usize,
    attribution: usize,
    /// Content-word pairs.
    shingles: Vec<u64>,
    /// Content words (the MinHash signature is built over these, so that rewordings collide).
    words: Vec<u64>,
    numbers: BTreeSet<String>,
}

/// Groups attributions into claims. Every attribution belongs to exactly one claim.
pub fn cluster(docs: &[Document]) -> Vec<Vec<(usize, usize)>> {
    // Shingling is per attribution: parallel, collected in document order.
    let items: Vec<Item> = docs
        .par_iter()
        .enumerate()
        .flat_map_iter(|(d, doc)| {
            doc.attributions.iter().enumerate().map(move |(a, att)| {
                let text = doc.slice(att.content);
                let words = content_words(text);
                let (pairs, words) = if asks_for_comment(&words) {
                    (Vec::new(), Vec::new())
                } else {
                    shingles_of(&words)
                };
                Item {
                    doc: d,
                    attribution: a,
                    shingles: pairs,
                    words,
                    numbers: numbers(text),
                }
            })
        })
        .collect();
    let mut uf = UnionFind::new(items.len());
    // Verbatim repeats (a wire story reprinted) join directly; only one of them enters the LSH,
    // so repeated text costs linear time.
    let mut first_with: HashMap<&[u64], usize> = HashMap::new();
    let mut representative = vec![true; items.len()];
    for (i, item) in items.iter().enumerate() {
        if item.shingles.len() < 2 {
            continue;
        }
        match first_with.get(item.shingles.as_slice()) {
            Some(&j) => {
                uf.union(i, j);
                representative[i] = false;
            }
            None => {
                first_with.insert(item.shingles.as_slice(), i);
            }
        }
    }
    let signatures: Vec<Option<[u64; HASHES]>> = items
        .par_iter()
        .zip(representative.par_iter())
        .map(|(item, &rep)| {
            if item.shingles.len() < 2 || !rep {
                return None;
            }
            let mut sig = [u64::MAX; HASHES];
            for &s in &item.words {
                for (k, slot) in sig.iter_mut().enumerate() {
                    let h = (s ^ (k as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15))
                        .wrapping_mul(0xbf58_476d_1ce4_e5b9);
                    let h = h ^ (h >> 31);
                    if h < *slot {
                        *slot = h;
                    }
                }
            }
            Some(sig)
        })
        .collect();
    let mut buckets: HashMap<(usize, u64), Vec<usize>> = HashMap::new();
    for (i, sig) in signatures.iter().enumerate() {
        let Some(sig) = sig else { continue };
        for band in 0..HASHES / ROWS {
            let mut h = band as u64;
            for v in &sig[band * ROWS..(band + 1) * ROWS] {
                h = h.wrapping_mul(0x0000_0100_0000_01b3) ^ v;
            }
            buckets.entry((band, h)).or_default().push(i);
        }
    }
    let mut checked: BTreeSet<(usize, usize)> = BTreeSet::new();
    let mut keys: Vec<&(usize, u64)> = buckets.keys().collect();
    keys.sort();
    for key in keys {
        let members = &buckets[key];
        if members.len() < 2 || members.len() > MAX_BUCKET {
            continue;
        }
        for (x, &i) in members.iter().enumerate() {
            for &j in &members[x + 1..] {
                if !checked.insert((i, j)) {
                    continue;
                }
                let (a, b) = (&items[i], &items[j]);
                if a.doc == b.doc && a.attribution == b.attribution {
                    continue;
                }
                if same_claim(a, b) {
                    uf.union(i, j);
                }
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
    for (i, item) in items.iter().enumerate() {
        groups
            .entry(uf.find(i))
            .or_default()
            .push((item.doc, item.attribution));
    }
    let mut out: Vec<Vec<(usize, usize)>> = groups.into_values().collect();
    out.sort_by_key(|g| g.first().copied());
    out
}

/// The innermost attribution under `a` whose content lies inside `a`'s content (the chain
/// `A reported that B told him that …` goes down to B), and the attributions passed on the way.
fn chain(doc: &Document, children: &[Vec<usize>], a: usize) -> Vec<usize> {
    let mut path = vec![a];
    let mut current = a;
    for _ in 0..16 {
        let Some(outer) = doc.attributions.get(current) else {
            break;
        };
        let child = children
            .get(current)
            .into_iter()
            .flatten()
            .copied()
            .find(|&i| {
                doc.attributions
                    .get(i)
                    .is_some_and(|c| reports_whole(outer, c))
            });
        match child {
            Some(i) if !path.contains(&i) => {
                path.push(i);
                current = i;
            }
            _ => break,
        }
    }
    path
}

/// True when `inner` is the statement `outer` reports (`A reported that [B told him that X]`):
/// its source opens the outer content and its content is most of it. A clause that merely
/// mentions someone inside a longer statement (`officials said the work will slip after
/// inspectors found cracks`) is not.
fn reports_whole(outer: &headwater_doc::Attribution, inner: &headwater_doc::Attribution) -> bool {
    let len = outer.content.len().max(1);
    let opens = inner.source.as_ref().is_some_and(|s| {
        s.span.start >= outer.content.start
            && (s.span.start - outer.content.start) as usize * 4 <= len
    });
    opens && outer.content.overlaps(inner.content) && inner.content.len() * 2 >= len
}

/// Per document: the nested attributions of each attribution, and the works it cites.
struct DocIndex {
    children: Vec<Vec<usize>>,
    cited: BTreeSet<usize>,
}

fn doc_index(docs: &[Document], works: &WorkLinks) -> Vec<DocIndex> {
    docs.iter()
        .enumerate()
        .map(|(d, doc)| {
            let mut children = vec![Vec::new(); doc.attributions.len()];
            for (i, a) in doc.attributions.iter().enumerate() {
                if let Some(slot) = a.parent.and_then(|p| children.get_mut(p as usize)) {
                    slot.push(i);
                }
            }
            let cited = (0..doc.citations.len())
                .filter_map(|ci| works.citation_work.get(&(d, ci)).copied())
                .collect();
            DocIndex { children, cited }
        })
        .collect()
}

/// What one member's chain resolves to.
struct Root {
    key: String,
    text: String,
    kind: SourceKind,
    via: Vec<usize>,
}

fn kind_rank(k: SourceKind) -> u8 {
    match k {
        SourceKind::Anonymous => 0,
        SourceKind::Unnamed => 1,
        SourceKind::Person => 2,
        SourceKind::Organization => 3,
        SourceKind::Document => 4,
        SourceKind::Media => 5,
        SourceKind::Author => 6,
    }
}

fn root_of(
    docs: &[Document],
    index: &[DocIndex],
    d: usize,
    a: usize,
    entities: &EntityLinks,
    works: &WorkLinks,
) -> Option<Root> {
    let doc = &docs[d];
    let path = chain(doc, &index[d].children, a);
    let cited = &index[d].cited;
    let mut via: Vec<usize> = Vec::new();
    // Works passed through: those of the enclosing statements first (a nested statement is
    // reached through its parent's report), then those down the chain.
    let mut ancestors = Vec::new();
    let mut up = doc.attributions.get(a).and_then(|x| x.parent);
    while let Some(p) = up {
        let p = p as usize;
        if ancestors.len() > 16 || ancestors.contains(&p) || p == a {
            break;
        }
        ancestors.push(p);
        up = doc.attributions.get(p).and_then(|x| x.parent);
    }
    ancestors.reverse();
    for &p in ancestors.iter().chain(&path) {
        let att = &doc.attributions[p];
        for &c in &att.citations {
            if let Some(&w) = works.citation_work.get(&(d, c as usize)) {
                if !via.contains(&w) {
                    via.push(w);
                }
            }
        }
        // A source naming an outlet whose work is cited ("Meridian Wire reported") passes
        // through that work, whatever kind the attribution stage gave it.
        if let Some(src) = &att.source {
            if !matches!(src.kind, SourceKind::Anonymous | SourceKind::Author) {
                if let Some(w) = works.work_for_source(doc.slice(src.span), cited) {
                    if !via.contains(&w) {
                        via.push(w);
                    }
                }
            }
        }
    }
    let innermost = doc.attributions.get(*path.last()?)?;
    let src = innermost.source.as_ref()?;
    let mut text = doc.slice(src.span).to_string();
    let entity_name = src
        .entity
        .and_then(|e| doc.entities.get(e as usize))
        .map(|e| e.name.as_str())
        .filter(|n| !n.is_empty());
    let own_work = works.document_work[d];
    // The source is itself a cited outlet ("Meridian Wire reported …"): the root is that work.
    // So is a source the attribution stage resolved to an outlet (`the news agency`), and an
    // outlet's description the recognizer left unresolved (`The wire service said`), which is
    // the outlet the document cited last before it.
    let source_work = match src.kind {
        SourceKind::Anonymous | SourceKind::Author => None,
        _ => works
            .work_for_source(&text, cited)
            .or_else(|| entity_name.and_then(|n| works.work_for_source(n, cited)))
            .or_else(|| {
                (src.kind == SourceKind::Media && is_description(&text))
                    .then(|| outlet_cited_before(doc, d, src.span.start, works))
                    .flatten()
            }),
    };
    // A pronoun says nothing about who the root is: show the name it was resolved to.
    if let Some(name) = entity_name.filter(|_| is_pronoun(&text)) {
        text = name.to_string();
    }
    if let Some(w) = source_work {
        // A person named as the source (`Porter reported`) stays a person: the work is theirs,
        // reached through it; anything else stands for the outlet.
        let kind = if src.kind == SourceKind::Person {
            SourceKind::Person
        } else {
            SourceKind::Media
        };
        return Some(Root {
            key: format!("work:{w}"),
            text,
            kind,
            via,
        });
    }
    let key = match src.kind {
        SourceKind::Person | SourceKind::Organization => match src
            .entity
            .and_then(|e| entities.doc_entity[d].get(e as usize).copied().flatten())
        {
            Some(e) => format!("entity:{e}"),
            // An unresolved name inside a cited work is known only through that work.
            None => match via.last() {
                Some(w) => format!("work:{w}"),
                None => format!("name:{}", fold(&text)),
            },
        },
        SourceKind::Media | SourceKind::Document => match via.last() {
            Some(w) => format!("work:{w}"),
            None => format!("name:{}", fold(&text)),
        },
        SourceKind::Anonymous | SourceKind::Unnamed | SourceKind::Author => {
            match via.last().copied().or(own_work) {
                Some(w) => format!("work:{w}"),
                None => format!("doc:{d}:{}", fold(&text)),
            }
        }
    };
    Some(Root {
        key,
        text,
        kind: src.kind,
        via,
    })
}

/// `he`, `she`, `they`… as a whole source.
fn is_pronoun(text: &str) -> bool {
    matches!(
        text.trim().to_lowercase().as_str(),
        "he" | "she" | "they" | "it" | "him" | "her" | "them" | "we" | "us"
    )
}

/// A description rather than a name: a determiner and lowercase words only (`the wire
/// service`, `The news agency`, `the agency`).
fn is_description(text: &str) -> bool {
    let mut words = text.split_whitespace();
    let first_is_det = words.next().is_some_and(|w| {
        matches!(
            w.to_lowercase().as_str(),
            "the" | "a" | "an" | "this" | "that"
        )
    });
    let mut rest = words.peekable();
    first_is_det
        && rest.peek().is_some()
        && rest.all(|w| !w.starts_with(|c: char| c.is_uppercase()))
}

/// The work of the last citation naming an outlet that starts before byte `pos` of document `d`.
fn outlet_cited_before(doc: &Document, d: usize, pos: u32, works: &WorkLinks) -> Option<usize> {
    doc.citations
        .iter()
        .enumerate()
        .filter(|(_, c)| c.outlet.is_some())
        .filter_map(|(ci, c)| Some((c.spans.first()?.start, ci)))
        .filter(|&(start, _)| start < pos)
        .max_by_key(|&(start, _)| start)
        .and_then(|(_, ci)| works.citation_work.get(&(d, ci)).copied())
}

/// Builds the claim clusters with their roots and flags.
pub fn claims(
    docs: &[Document],
    groups: Vec<Vec<(usize, usize)>>,
    entities: &EntityLinks,
    works: &WorkLinks,
) -> Vec<ClaimCluster> {
    let cycles = works_on_cycles(&works.cites);
    let index = doc_index(docs, works);
    let mut out = Vec::with_capacity(groups.len());
    for (k, members) in groups.into_iter().enumerate() {
        let mut roots: BTreeMap<String, Root> = BTreeMap::new();
        let mut flags: Vec<String> = Vec::new();
        let mut self_citation = false;
        for &(d, a) in &members {
            if let Some(r) = root_of(docs, &index, d, a, entities, works) {
                if let Some(publisher) = &docs[d].publisher {
                    if r.via.iter().any(|&w| {
                        works.work_has_outlet(w, publisher) && works.document_work[d] != Some(w)
                    }) {
                        self_citation = true;
                    }
                }
                match roots.get_mut(&r.key) {
                    // Keep the most specific description of one root (the anonymous officials behind a wire report).
                    Some(existing) if kind_rank(r.kind) < kind_rank(existing.kind) => {
                        let mut via = r.via.clone();
                        for w in &existing.via {
                            if !via.contains(w) {
                                via.push(*w);
                            }
                        }
                        *existing = Root { via, ..r };
                    }
                    Some(existing) => {
                        for w in r.via {
                            if !existing.via.contains(&w) {
                                existing.via.push(w);
                            }
                        }
                    }
                    None => {
                        roots.insert(r.key.clone(), r);
                    }
                }
            }
        }
        // A work that cites another is not independent of it.
        let work_keys: Vec<(String, usize)> = roots
            .keys()
            .filter_map(|k| {
                k.strip_prefix("work:")
                    .and_then(|w| w.parse().ok())
                    .map(|w| (k.clone(), w))
            })
            .collect();
        for (ka, wa) in &work_keys {
            if work_keys
                .iter()
                .any(|(kb, wb)| kb != ka && reaches(&works.cites, *wa, *wb))
            {
                if let Some(r) = roots.remove(ka) {
                    // Fold into the cited work's root, keeping the path.
                    if let Some((kb, _)) = work_keys
                        .iter()
                        .find(|(kb, wb)| kb != ka && reaches(&works.cites, *wa, *wb))
                    {
                        if let Some(target) = roots.get_mut(kb) {
                            for w in r.via {
                                if !target.via.contains(&w) {
                                    target.via.push(w);
                                }
                            }
                        }
                    }
                }
            }
        }
        // An unnamed source with no work of its own, in a document that cites a work this claim
        // already rests on ("almost every outlet was telling readers that …" above a footnote to
        // the wire report), is that work again, not a new root.
        let claim_works: BTreeSet<usize> = roots
            .keys()
            .filter_map(|k| k.strip_prefix("work:").and_then(|w| w.parse().ok()))
            .collect();
        let doc_keys: Vec<String> = roots
            .keys()
            .filter(|k| k.starts_with("doc:"))
            .cloned()
            .collect();
        for key in doc_keys {
            let d: Option<usize> = key.split(':').nth(1).and_then(|d| d.parse().ok());
            let target = d
                .and_then(|d| index.get(d))
                .and_then(|ix| ix.cited.iter().find(|w| claim_works.contains(w)).copied());
            if let Some(w) = target {
                if let Some(r) = roots.remove(&key) {
                    if let Some(t) = roots.get_mut(&format!("work:{w}")) {
                        for v in r.via {
                            if !t.via.contains(&v) {
                                t.via.push(v);
                            }
                        }
                    }
                }
            }
        }
        let documents: BTreeSet<usize> = members.iter().map(|&(d, _)| d).collect();
        let independent = roots.len() as u32;
        if documents.len() >= 2 && independent == 1 {
            flags.push("single_source".to_string());
        }
        if roots.values().any(|r| r.kind == SourceKind::Anonymous) {
            flags.push("anonymous_root".to_string());
        }
        if roots
            .values()
            .any(|r| r.via.iter().any(|w| cycles.contains(w)))
        {
            flags.push("circular".to_string());
        }
        if self_citation {
            flags.push("self_citation".to_string());
        }
        let text = representative(docs, &members);
        let mut root_list: Vec<&Root> = roots.values().collect();
        root_list.sort_by_key(|r| (kind_rank(r.kind), r.text.clone()));
        out.push(ClaimCluster {
            id: format!("K{}", k + 1),
            text,
            members: members
                .iter()
                .map(|&(d, a)| ClaimMember {
                    document: docs[d].id.clone(),
                    attribution: format!("a{}", a + 1),
                })
                .collect(),
            root_sources: root_list
                .into_iter()
                .map(|r| RootSource {
                    text: r.text.clone(),
                    kind: r.kind,
                    via: r.via.iter().map(|w| format!("W{}", w + 1)).collect(),
                })
                .collect(),
            independent_sources: independent,
            flags,
        });
    }
    out
}

/// The wording shared best by the members: the content whose words recur most in the others
/// (a medoid over at most 40 members), preferring statements of four words or more.
fn representative(docs: &[Document], members: &[(usize, usize)]) -> String {
    let texts: Vec<&str> = members
        .iter()
        .take(40)
        .filter_map(|&(d, a)| {
            docs[d]
                .attributions
                .get(a)
                .map(|att| docs[d].slice(att.content))
        })
        .collect();
    let words: Vec<Vec<u64>> = texts.iter().map(|t| shingles(t).1).collect();
    let best = (0..texts.len()).max_by(|&x, &y| {
        let score = |i: usize| -> (bool, usize, std::cmp::Reverse<usize>) {
            let support = (0..texts.len())
                .filter(|&j| j != i)
                .map(|j| shared(&words[i], &words[j]))
                .sum();
            let clean =
                texts[i].split_whitespace().count() >= 4 && !texts[i].trim_start().starts_with('[');
            (clean, support, std::cmp::Reverse(texts[i].len()))
        };
        score(x).cmp(&score(y))
    });
    best.and_then(|i| texts.get(i))
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

fn reaches(cites: &[BTreeSet<usize>], from: usize, to: usize) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from];
    while let Some(w) = stack.pop() {
        if !seen.insert(w) {
            continue;
        }
        for &n in cites.get(w).into_iter().flatten() {
            if n == to {
                return true;
            }
            stack.push(n);
        }
    }
    false
}

/// Works that lie on a citation cycle (W1 cites W2 … cites W1).
fn works_on_cycles(cites: &[BTreeSet<usize>]) -> BTreeSet<usize> {
    (0..cites.len()).filter(|&w| reaches(cites, w, w)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn footnote_markers_and_enumerators_are_not_figures() {
        let n = numbers("1) that it killed 12 people and 2) that (3) it cost $1,200.50.[5]");
        let got: Vec<&str> = n.iter().map(String::as_str).collect();
        assert_eq!(got, ["12", "1200.50"]);
        assert!(numbers("armed by the service.\"[5]").is_empty());
        assert_eq!(
            numbers("in 2012) it").len(),
            1,
            "a year before a bracket stays"
        );
    }

    #[test]
    fn requests_for_comment_never_make_a_claim() {
        let asks = |text: &str| asks_for_comment(&content_words(text));
        assert!(asks("a request for comment"));
        assert!(asks("repeated requests for comment"));
        assert!(asks("emailed questions"));
        assert!(!asks("a request for comment on the dam inspection"));
        assert!(!asks("the ferry timetable will change in April"));
    }

    #[test]
    fn reworded_claims_share_shingles() {
        let a = shingles(
            "the dissident group is financed, trained and armed by the agency's secret service",
        );
        let b = shingles("an exiled dissident group that is financed, trained and armed by the agency's secret service");
        assert!(containment(&a.0, &b.0) >= 0.5);
        let c = shingles("the ferry timetable will change in April");
        assert!(containment(&a.0, &c.0) < 0.2);
    }

    fn item(text: &str) -> Item {
        let (shingles, words) = shingles(text);
        Item {
            doc: 0,
            attribution: 0,
            shingles,
            words,
            numbers: numbers(text),
        }
    }

    #[test]
    fn short_contents_need_two_shared_shingles() {
        assert!(!same_claim(
            &item("to confirm the delay"),
            &item("the length of the delay")
        ));
        let nested = item("it to hold a public meeting");
        assert!(same_claim(
            &nested,
            &item("he had written to the council asking it to hold a public meeting")
        ));
        assert!(!same_claim(
            &nested,
            &item("that the council would hold a public information session afterwards")
        ));
    }

    #[test]
    fn descriptions_and_pronouns() {
        assert!(is_description("The wire service"));
        assert!(is_description("the agency"));
        assert!(!is_description("The Harbor Ledger"));
        assert!(!is_description("the"));
        assert!(is_pronoun("She"));
        assert!(!is_pronoun("Shea"));
    }
}
