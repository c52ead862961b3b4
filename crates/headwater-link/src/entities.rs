//! Corpus entities: document entities and in-text alias definitions merged across documents.

use crate::names::{
    abbreviates, acronym_letters, fold, initials, is_acronym, name_key, name_words, skeleton,
    variant_words, without_middle_initials,
};
use crate::unionfind::UnionFind;
use headwater_doc::{CorpusEntity, Document, EntityLabel};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A user alias file (`--aliases FILE`, TOML):
///
/// ```toml
/// [[entity]]
/// name = "Northern Valley Water Authority"
/// label = "ORG"            # optional
/// aliases = ["NVWA", "N.V.W.A."]
/// ```
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct AliasFile {
    #[serde(default)]
    pub entity: Vec<AliasEntry>,
}

/// One entry of an [`AliasFile`].
#[derive(Debug, Clone, serde::Deserialize)]
pub struct AliasEntry {
    pub name: String,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// One group of names that some evidence says refer to the same thing.
#[derive(Debug, Clone)]
struct Record {
    label: Option<EntityLabel>,
    names: Vec<String>,
    /// Document index; `None` for user-supplied aliases.
    doc: Option<usize>,
    /// `(document, entity index)` when the record is a document entity.
    origin: Option<(usize, usize)>,
}

/// Result of entity linking: the corpus entities and, per document, the corpus entity of each of
/// its entities.
pub struct EntityLinks {
    pub entities: Vec<CorpusEntity>,
    pub doc_entity: Vec<Vec<Option<usize>>>,
}

fn compatible(a: Option<EntityLabel>, b: Option<EntityLabel>) -> bool {
    use EntityLabel::*;
    match (a, b) {
        (None, _) | (_, None) => true,
        (Some(x), Some(y)) if x == y => true,
        (Some(Org | Media | Norp), Some(Org | Media | Norp)) => true,
        (Some(Gpe | Loc), Some(Gpe | Loc)) => true,
        _ => false,
    }
}

/// Alias groups defined in running text: `Full Name (ACRONYM)`, `(X, also known as the Y, Z and W)`,
/// `X, also known as Y`, `X AKA Y or Z`.
pub fn alias_definitions(text: &str) -> Vec<Vec<String>> {
    let mut groups = Vec::new();
    // Full Name (ACRONYM[, also known as …])
    for (open, _) in text.match_indices('(') {
        let Some(close_rel) = text[open..].find(')') else {
            continue;
        };
        let inner = &text[open + 1..open + close_rel];
        if inner.len() > 160 {
            continue;
        }
        let mut group = Vec::new();
        let first = inner.split(',').next().unwrap_or("").trim();
        let before = name_before(&text[..open]);
        if is_acronym(first) {
            if let Some(long) = acronym_long_form(&text[..open], first, before) {
                group.push(long.to_string());
                group.push(first.to_string());
            }
        }
        if let Some(list) = aka_list(inner) {
            if group.is_empty() && !before.is_empty() {
                group.push(before.to_string());
                if !first.is_empty()
                    && !first.to_lowercase().starts_with("also")
                    && first.len() < 60
                {
                    group.push(first.to_string());
                }
            }
            group.extend(list);
        }
        if group.len() >= 2 {
            groups.push(group);
        }
    }
    // "X, also known as Y" outside parentheses.
    for marker in [
        ", also known as ",
        ", aka ",
        ", AKA ",
        " AKA ",
        ", a.k.a. ",
        ", otherwise known as ",
    ] {
        for (at, m) in text.match_indices(marker) {
            // Inside parentheses the first pass already read the definition.
            let line_start = text[..at].rfind('\n').map_or(0, |p| p + 1);
            if text[line_start..at].rfind('(') > text[line_start..at].rfind(')') {
                continue;
            }
            let before = name_before(&text[..at]);
            let after_end = text[at + m.len()..]
                .find(['.', ';', ')', '\n'])
                .map_or(text.len(), |e| at + m.len() + e);
            let list = split_list(&text[at + m.len()..after_end]);
            if !before.is_empty() && !list.is_empty() {
                let mut group = vec![before.to_string()];
                group.extend(list);
                groups.push(group);
            }
        }
    }
    groups
}

fn aka_list(inner: &str) -> Option<Vec<String>> {
    let lower = inner.to_lowercase();
    let at = [
        "also known as ",
        "a.k.a. ",
        "aka ",
        "otherwise known as ",
        "or ",
    ]
    .iter()
    .filter_map(|m| lower.find(m).map(|p| p + m.len()))
    .min()?;
    let list = split_list(inner.get(at..)?);
    (!list.is_empty()).then_some(list)
}

fn split_list(s: &str) -> Vec<String> {
    s.split(',')
        .flat_map(|p| p.split(" and "))
        .flat_map(|p| p.split(" or "))
        .map(|p| {
            p.trim()
                .trim_start_matches("the ")
                .trim_start_matches("The ")
                .trim()
        })
        .filter(|p| {
            !p.is_empty()
                && p.len() < 60
                && p.chars().next().is_some_and(|c| c.is_uppercase())
                && p.split_whitespace().count() <= 6
        })
        .map(str::to_string)
        .collect()
}

/// The name `acronym` abbreviates, ending right before `prefix`'s end: the shortest run of
/// capitalized words and connectors (`the` too: `Royal National Institute of the Blind (RNIB)`)
/// that opens with the acronym's first letter and holds its letters in order; else `name` (the
/// plain name before it) when all but the first of four or more letters fit it (an author's
/// `US Special Operations Command (JSOC)`). A dateline's agency (`New York (AFP) –`) abbreviates
/// nothing before it.
fn acronym_long_form<'a>(prefix: &'a str, acronym: &str, name: &'a str) -> Option<&'a str> {
    let line = prefix.rsplit('\n').next().unwrap_or(prefix).trim_end();
    let letters = acronym_letters(acronym);
    let n = letters.chars().count();
    let initial = letters.chars().next()?.to_lowercase().next()?;
    // Word starts, right to left, while the words may belong to a name; of the runs that fit,
    // the one with as many capitalized words as the acronym has letters, then the shortest
    // (`American Association for the Advancement of Science`, not its last five words).
    let mut best: Option<(usize, &str)> = None;
    let mut capitals = 0usize;
    let mut start = line.len();
    for _ in 0..(n + 5).min(2 * n) {
        let head = line.get(..start).unwrap_or("").trim_end();
        let ws = head
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(p, c)| p + c.len_utf8());
        let word = head.get(ws..).unwrap_or("");
        let core = word.trim_matches(|c: char| !c.is_alphanumeric());
        let capital = core.chars().next().is_some_and(char::is_uppercase);
        let connector = matches!(
            core,
            "of" | "the" | "for" | "and" | "on" | "de" | "e" | "al" | "el" | "ul" | "du" | "des"
        );
        let last = start == line.len();
        if word.is_empty()
            || word.contains(['(', ')'])
            || !(capital || connector)
            || (!last && word.ends_with([',', '.', ';', ':']))
        {
            break;
        }
        start = ws;
        capitals += usize::from(capital);
        let long = line.get(start..).unwrap_or("");
        if capital
            && core.chars().next().and_then(|c| c.to_lowercase().next()) == Some(initial)
            && abbreviates(acronym, long)
        {
            let off = capitals.abs_diff(n);
            if best.is_none_or(|(o, _)| off < o) {
                best = Some((off, long));
            }
        }
        if ws == 0 {
            break;
        }
    }
    if let Some((_, long)) = best {
        return Some(long);
    }
    let fits = n >= 4 && abbreviates(letters.get(1..).unwrap_or(""), name);
    (fits && !name.is_empty()).then_some(name)
}

/// The capitalized name ending right before `prefix`'s end (connectors such as `of`, `e`, `-e` allowed inside).
fn name_before(prefix: &str) -> &str {
    // Names never span lines.
    let prefix = prefix.rsplit('\n').next().unwrap_or(prefix);
    let trimmed = prefix.trim_end();
    let end = trimmed.len();
    let mut start = end;
    let mut words = 0;
    let mut rest = trimmed;
    loop {
        // Whitespace may be wider than a byte (a no-break space): step over the whole char.
        let word_start = rest
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(p, c)| p + c.len_utf8());
        let word = rest.get(word_start..).unwrap_or("");
        let core = word.trim_matches(|c: char| !c.is_alphanumeric());
        let capital = core.chars().next().is_some_and(|c| c.is_uppercase());
        let connector = matches!(core, "of" | "e" | "al" | "el" | "for" | "and" | "de" | "ul");
        if word.starts_with('(') || word.ends_with(')') {
            break;
        }
        if word.is_empty()
            || words >= 8
            || !(capital || (connector && words > 0))
            || word.ends_with([',', '.', ';', ':']) && words > 0
        {
            break;
        }
        start = word_start;
        words += 1;
        if word_start == 0 {
            break;
        }
        rest = rest.get(..word_start).unwrap_or("").trim_end();
    }
    let mut name = trimmed.get(start..end).unwrap_or("");
    // A name never starts with a connector or ends with punctuation.
    while let Some((first, tail)) = name.split_once(' ') {
        if matches!(
            first,
            "of" | "e" | "al" | "el" | "for" | "and" | "de" | "ul" | "The" | "the"
        ) {
            name = tail;
        } else {
            break;
        }
    }
    name.trim_matches(|c: char| !c.is_alphanumeric())
}

/// Titles and roles that precede a person's name (`Spokesperson Lena Marsh`).
const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "professor",
    "sir",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "councillor",
    "councilor",
    "director",
    "minister",
    "president",
    "senator",
    "sen",
    "rep",
    "representative",
    "governor",
    "gov",
    "mayor",
    "judge",
    "general",
    "gen",
    "colonel",
    "col",
    "captain",
    "capt",
    "chairman",
    "chairwoman",
    "chair",
    "secretary",
    "ambassador",
    "officer",
    "chief",
    "engineer",
    "inspector",
    "reporter",
    "host",
    "editor",
    "analyst",
    "lawyer",
    "attorney",
    "prosecutor",
    "commissioner",
    "deputy",
    "sheriff",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "father",
    "rabbi",
    "imam",
    "sheikh",
    "ayatollah",
    "authority",
    "town",
    "local",
    "radio",
    "former",
];

/// A name without a footnote marker run into its start (`[4] Engel` → `Engel`).
fn strip_marker(name: &str) -> &str {
    let t = name.trim();
    match t.strip_prefix('[').and_then(|r| r.split_once(']')) {
        Some((num, rest))
            if !num.is_empty()
                && num.chars().all(|c| c.is_ascii_digit())
                && !rest.trim().is_empty() =>
        {
            rest.trim()
        }
        _ => t,
    }
}

/// A person's name without a quoted nickname or a generational suffix (`Vincent "The Chin"
/// Gigante` → `Vincent Gigante`, `Arcade Joseph Comeaux Jr.` → `Arcade Joseph Comeaux`),
/// keeping at least two words.
fn person_core(name: &str) -> String {
    let mut words: Vec<&str> = Vec::new();
    let mut quoted = false;
    for w in name.split_whitespace() {
        let opens = w.starts_with(['"', '“', '\'', '‘']);
        let closes = w.ends_with(['"', '”', '\'', '’']);
        if opens || quoted {
            quoted = !closes || (opens && w.chars().count() == 1);
            continue;
        }
        words.push(w);
    }
    while words.len() > 2
        && words.last().is_some_and(|w| {
            matches!(
                w.trim_end_matches([',', '.']).to_lowercase().as_str(),
                "jr" | "sr" | "ii" | "iii" | "iv"
            )
        })
    {
        words.pop();
    }
    if words.len() >= 2 {
        words.join(" ").trim_end_matches(',').to_string()
    } else {
        name.to_string()
    }
}

/// A person's name without leading titles and roles, keeping at least one word.
pub fn strip_title(name: &str) -> &str {
    let mut rest = name.trim();
    loop {
        let Some((first, tail)) = rest.split_once(' ') else {
            return rest;
        };
        let key = first.trim_end_matches('.').to_lowercase();
        if TITLES.contains(&key.as_str()) && !tail.trim().is_empty() {
            rest = tail.trim_start();
        } else {
            return rest;
        }
    }
}

/// Merges entities across documents.
pub fn link_entities(docs: &[Document], user: &AliasFile) -> EntityLinks {
    let mut records: Vec<Record> = Vec::new();
    for (d, doc) in docs.iter().enumerate() {
        for (e, ent) in doc.entities.iter().enumerate() {
            if ent.label == EntityLabel::Date {
                continue;
            }
            let mut names: Vec<String> = std::iter::once(&ent.name)
                .chain(&ent.aliases)
                .map(|n| {
                    let n = strip_marker(n);
                    if ent.label == EntityLabel::Person {
                        strip_title(n).to_string()
                    } else {
                        n.to_string()
                    }
                })
                .collect();
            names.dedup();
            // An outlet is media whatever the recognizer called it; so is a name the
            // document's own references give as an outlet (`Tikun Olam` in a footnote).
            let cited_outlet = doc
                .citations
                .iter()
                .any(|c| c.outlet.as_deref().is_some_and(|o| o == ent.name));
            let label = if headwater_cite::outlets::is_outlet(&ent.name) || cited_outlet {
                EntityLabel::Media
            } else {
                ent.label
            };
            records.push(Record {
                label: Some(label),
                names,
                doc: Some(d),
                origin: Some((d, e)),
            });
        }
        for group in alias_definitions(&doc.text) {
            records.push(Record {
                label: None,
                names: group,
                doc: Some(d),
                origin: None,
            });
        }
    }
    for entry in &user.entity {
        let mut names = vec![entry.name.clone()];
        names.extend(entry.aliases.iter().cloned());
        records.push(Record {
            label: entry.label.as_deref().and_then(EntityLabel::parse),
            names,
            doc: None,
            origin: None,
        });
    }

    // `John Q. Smith` is matched as `John Smith`, unless its document has two people whose
    // names differ only there (`John Q. Smith` and `John R. Smith`).
    let mut stripped_names: BTreeMap<(Option<usize>, String), BTreeSet<String>> = BTreeMap::new();
    for r in records
        .iter()
        .filter(|r| r.label == Some(EntityLabel::Person))
    {
        for n in &r.names {
            if let Some(short) = without_middle_initials(&person_core(n)) {
                stripped_names
                    .entry((r.doc, name_key(&short)))
                    .or_default()
                    .insert(fold(n));
            }
        }
    }
    let match_name = |r: &Record, name: &str| -> String {
        if r.label != Some(EntityLabel::Person) {
            return name.to_string();
        }
        let core = person_core(name);
        match without_middle_initials(&core) {
            Some(short)
                if stripped_names
                    .get(&(r.doc, name_key(&short)))
                    .is_some_and(|s| s.len() == 1) =>
            {
                short
            }
            _ => core,
        }
    };
    let mut uf = UnionFind::new(records.len());
    // Exact folded names and skeleton keys (verified word by word as spelling variants).
    let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
    let mut by_acronym: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut by_initials: BTreeMap<String, Vec<(usize, String)>> = BTreeMap::new();
    let mut by_sorted_initials: HashMap<Vec<char>, Vec<usize>> = HashMap::new();
    for (i, r) in records.iter().enumerate() {
        for name in &r.names {
            if is_acronym(name) {
                by_acronym.entry(acronym_letters(name)).or_default().push(i);
                continue;
            }
            let words = name_words(name);
            if words.is_empty() {
                continue;
            }
            // One-word person names (surnames) are linked separately, with guards.
            if words.len() == 1 && r.label == Some(EntityLabel::Person) {
                continue;
            }
            by_key
                .entry(name_key(&match_name(r, name)))
                .or_default()
                .push(i);
            if words.len() >= 2 {
                let [all, big] = initials(name);
                // Two letters are too ambiguous to index, except for one hyphenated name
                // (`HP` for `Hewlett-Packard`).
                let compound = !name.contains(char::is_whitespace) && name.contains('-');
                for x in [all, big] {
                    if x.len() >= 3 || (x.len() == 2 && compound) {
                        let mut sorted: Vec<char> = x.chars().collect();
                        sorted.sort_unstable();
                        by_sorted_initials.entry(sorted).or_default().push(i);
                        by_initials.entry(x).or_default().push((i, name_key(name)));
                    }
                }
            }
        }
    }
    let mut keys: Vec<&String> = by_key.keys().collect();
    keys.sort();
    for key in keys {
        let members = &by_key[key];
        if key.is_empty() {
            continue;
        }
        // Each record joins the first earlier record it agrees with, among a few distinct
        // representatives (one per label family and spelling), so a key shared by thousands of
        // records stays linear.
        let mut reps: Vec<usize> = Vec::new();
        for &j in members {
            match reps.iter().copied().find(|&i| {
                (compatible(records[i].label, records[j].label)
                    || same_long_name(&records[i], &records[j]))
                    && names_agree(&records[i], &records[j], &match_name)
            }) {
                Some(i) => uf.union(i, j),
                None if reps.len() < 16 => reps.push(j),
                None => {}
            }
        }
    }
    for (acr, members) in &by_acronym {
        for w in members.windows(2) {
            if compatible(records[w[0]].label, records[w[1]].label) {
                uf.union(w[0], w[1]);
            }
        }
        // `AMIA` for the Argentine Israeli Mutual Association: an acronym of four or more
        // letters in another language's word order joins the one name of its own document
        // with the same initials in any order.
        if !by_initials.contains_key(acr) && acr.chars().count() >= 4 {
            let mut sorted: Vec<char> = acr.chars().collect();
            sorted.sort_unstable();
            for &m in members {
                let matches: BTreeSet<usize> = by_sorted_initials
                    .get(&sorted)
                    .into_iter()
                    .flatten()
                    .copied()
                    .filter(|&i| records[i].doc == records[m].doc && records[m].doc.is_some())
                    .filter(|&i| compatible(records[m].label, records[i].label))
                    .collect();
                let roots: BTreeSet<usize> = matches.iter().map(|&i| uf.find(i)).collect();
                if let (1, Some(&i)) = (roots.len(), matches.first()) {
                    uf.union(m, i);
                }
            }
        }
        if let Some(expansions) = by_initials.get(acr) {
            let distinct: BTreeSet<&String> = expansions.iter().map(|(_, k)| k).collect();
            for (i, _) in expansions {
                // With several different expansions of one acronym, only in-document evidence counts.
                let same_doc = members.iter().any(|&m| records[m].doc == records[*i].doc);
                if (distinct.len() == 1 || same_doc)
                    && compatible(records[members[0]].label, records[*i].label)
                {
                    uf.union(members[0], *i);
                }
            }
        }
    }
    link_distinctive(&records, &mut uf);
    link_surnames(&records, &mut uf);
    link_name_tails(&records, &mut uf);
    link_nicknames(&records, &mut uf);
    link_bare_names(&records, &mut uf);
    link_bare_aliases(&records, &mut uf);

    // Build the corpus entities in order of first appearance.
    let mut group_of_root: HashMap<usize, usize> = HashMap::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for i in 0..records.len() {
        let root = uf.find(i);
        let g = *group_of_root.entry(root).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(i);
    }
    let mut doc_entity: Vec<Vec<Option<usize>>> =
        docs.iter().map(|d| vec![None; d.entities.len()]).collect();
    let mut entities = Vec::new();
    for members in groups {
        // Alias definitions alone, never tied to an entity the NER found, still make an entity.
        let mut label_votes: BTreeMap<EntityLabel, usize> = BTreeMap::new();
        let mut name_votes: BTreeMap<String, (usize, String)> = BTreeMap::new();
        let mut documents: BTreeSet<usize> = BTreeSet::new();
        for &m in &members {
            let r = &records[m];
            if let Some(l) = r.label {
                *label_votes.entry(l).or_default() += 1;
            }
            if let Some(d) = r.doc {
                documents.insert(d);
            }
            for n in &r.names {
                let entry = name_votes.entry(fold(n)).or_insert((0, n.clone()));
                entry.0 += 1;
            }
        }
        let label = label_votes
            .iter()
            .max_by_key(|(l, c)| (**c, std::cmp::Reverse(**l)))
            .map(|(l, _)| *l)
            .unwrap_or(EntityLabel::Org);
        // A one-word name backs the longer names ending in it, so of two spellings of one
        // person ("Jane Doe" / "Jane Deo") the one the surname-only mentions repeat wins.
        let single: BTreeMap<String, usize> = name_votes
            .iter()
            .filter(|(_, (_, n))| n.split_whitespace().count() == 1)
            .map(|(k, (c, _))| (k.clone(), *c))
            .collect();
        let support = |n: &str| {
            let words = n.split_whitespace();
            let backed = match (words.clone().count(), words.last()) {
                (2.., Some(last)) => single.get(&fold(last)).copied().unwrap_or(0),
                _ => 0,
            };
            name_votes.get(&fold(n)).map_or(0, |v| v.0) + backed
        };
        let mut names: Vec<(usize, String)> = name_votes
            .values()
            .map(|(_, n)| (support(n), n.clone()))
            .collect();
        // Canonical name: not an acronym, most words, then most frequent, then alphabetical. A
        // person's is the full name most records give, then the longest: the recognizer's
        // `Labour MP Stephen Pound` in one document names Stephen Pound.
        let person = label == EntityLabel::Person;
        let key = |(support, n): &(usize, String)| {
            let words = n.split_whitespace().count();
            if person {
                (!is_acronym(n), words >= 2, *support, words)
            } else {
                (!is_acronym(n), true, words, *support)
            }
        };
        names.sort_by(|a, b| key(b).cmp(&key(a)).then_with(|| a.1.cmp(&b.1)));
        let Some((_, name)) = names.first().cloned() else {
            continue;
        };
        let aliases: Vec<String> = names.into_iter().skip(1).map(|(_, n)| n).collect();
        let idx = entities.len();
        for &m in &members {
            if let Some((d, e)) = records[m].origin {
                if let Some(slot) = doc_entity.get_mut(d).and_then(|v| v.get_mut(e)) {
                    *slot = Some(idx);
                }
            }
        }
        entities.push(CorpusEntity {
            id: format!("E{}", idx + 1),
            label,
            name,
            aliases,
            documents: documents.iter().map(|&d| docs[d].id.clone()).collect(),
        });
    }
    EntityLinks {
        entities,
        doc_entity,
    }
}

/// Words common to many organization names: they do not identify one.
const COMMON_ORG_WORDS: &[&str] = &[
    "institute",
    "university",
    "college",
    "authority",
    "council",
    "ministry",
    "department",
    "agency",
    "company",
    "corporation",
    "foundation",
    "association",
    "society",
    "committee",
    "commission",
    "party",
    "union",
    "bank",
    "center",
    "centre",
    "office",
    "service",
    "services",
    "board",
    "court",
    "school",
    "hospital",
    "church",
    "national",
    "international",
    "federal",
    "state",
    "city",
    "county",
    "northern",
    "southern",
    "eastern",
    "western",
    "north",
    "south",
    "east",
    "west",
    "new",
    "united",
    "general",
    "central",
    "public",
    "people",
    "peoples",
    "democratic",
    "republic",
    "front",
    "movement",
    "force",
    "forces",
    "army",
    "police",
    "news",
];

/// The identifying words of an organization's name, as a sorted set of skeletons.
fn distinctive(name: &str) -> Vec<String> {
    let mut out: Vec<String> = name_words(name)
        .into_iter()
        .filter(|w| w.chars().count() >= 3 && !COMMON_ORG_WORDS.contains(&w.as_str()))
        .map(|w| crate::names::skeleton(&w))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Every word of three or more letters of a name, as a sorted set of skeletons.
fn all_words(name: &str) -> Vec<String> {
    let mut out: Vec<String> = name_words(name)
        .into_iter()
        .filter(|w| w.chars().count() >= 3)
        .map(|w| crate::names::skeleton(&w))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Organizations whose identifying words agree in any order (`Khadrany Hydrology Institute` /
/// `Khadrani Institute of Hydrology`), and a shorter form whose identifying words all occur in
/// exactly one longer name (`Qadrani Institute`).
fn link_distinctive(records: &[Record], uf: &mut UnionFind) {
    let org = |r: &Record| {
        !matches!(
            r.label,
            Some(EntityLabel::Person | EntityLabel::Date | EntityLabel::Gpe | EntityLabel::Loc)
        )
    };
    let media = |i: usize| records[i].label == Some(EntityLabel::Media);
    // Distinctive words → (record, every word of the name) per name.
    type Members = Vec<(usize, Vec<String>)>;
    let mut by_set: BTreeMap<Vec<String>, Members> = BTreeMap::new();
    for (i, r) in records.iter().enumerate().filter(|(_, r)| org(r)) {
        for name in r
            .names
            .iter()
            .filter(|n| !is_acronym(n) && name_words(n).len() >= 2)
        {
            let d = distinctive(name);
            if !d.is_empty() {
                by_set.entry(d).or_default().push((i, all_words(name)));
            }
        }
    }
    for (set, members) in &by_set {
        let Some((first, _)) = members.first() else {
            continue;
        };
        for (j, words) in &members[1..] {
            // One distinctive word says too little (`European Commission` / `European Union`,
            // `Labour Party` / `Labor Department`): then all the words must agree, in any order,
            // except between outlets (`NBC News` / `NBC Television`).
            let peer = if set.len() >= 2 || (media(*first) && media(*j)) {
                Some(*first)
            } else {
                members.iter().find(|(_, w)| w == words).map(|(i, _)| *i)
            };
            if let Some(i) = peer.filter(|&i| i != *j) {
                if compatible(records[i].label, records[*j].label) {
                    uf.union(i, *j);
                }
            }
        }
    }
    // A set whose names differ in their other words (`Varnese Commission`, `Varnese Union`)
    // is an ambiguous short form and looks for no longer one.
    let sets: Vec<(&Vec<String>, usize, &Vec<String>)> = by_set
        .iter()
        .filter_map(|(k, v)| {
            let (i, w) = v.first()?;
            v.iter().all(|(_, x)| x == w).then_some((k, *i, w))
        })
        .collect();
    // Word → sets containing it; a shorter form is compared only with the sets sharing its rarest word.
    let mut postings: HashMap<&str, Vec<usize>> = HashMap::new();
    for (k, (set, _, _)) in sets.iter().enumerate() {
        for w in set.iter() {
            postings.entry(w.as_str()).or_default().push(k);
        }
    }
    for (small, i, small_words) in &sets {
        let Some(rarest) = small
            .iter()
            .filter_map(|w| postings.get(w.as_str()))
            .min_by_key(|p| p.len())
        else {
            continue;
        };
        if rarest.len() > 200 {
            continue;
        }
        let supersets: BTreeSet<usize> = rarest
            .iter()
            .map(|&k| sets[k])
            // The short form's other words occur in the long one too (`Qadrani Institute` in
            // `Khadrani Institute of Hydrology`; not `US Justice Department` in `European Court
            // of Justice`), unless both are outlets (`NBC News`, `NBC Television`).
            .filter(|(big, j, big_words)| {
                big.len() > small.len()
                    && small.iter().all(|w| big.contains(w))
                    && (small_words.iter().all(|w| big_words.contains(w))
                        || (media(*i) && media(*j)))
            })
            .map(|(_, j, _)| uf.find(j))
            .collect();
        if supersets.len() == 1 {
            if let Some(&root) = supersets.first() {
                if compatible(records[*i].label, records[root].label) {
                    uf.union(*i, root);
                }
            }
        }
    }
}

/// Two records of organizations or places written with one name of two or more words: the
/// recognizer's label differs (`Indianapolis Colts` as a team and as a place), the name does not.
fn same_long_name(a: &Record, b: &Record) -> bool {
    let person = |r: &Record| r.label == Some(EntityLabel::Person);
    !person(a)
        && !person(b)
        && a.names
            .iter()
            .any(|x| name_words(x).len() >= 2 && b.names.iter().any(|y| fold(x) == fold(y)))
}

/// Two records sharing a skeleton key really are spelling variants, word by word.
fn names_agree(a: &Record, b: &Record, match_name: &dyn Fn(&Record, &str) -> String) -> bool {
    // A lowercase word is no spelling of a capitalized name (`sedan` / `Sudan`).
    let capital = |n: &str| n.chars().next().is_some_and(char::is_uppercase);
    a.names.iter().any(|x| {
        b.names.iter().any(|y| {
            if capital(x) != capital(y) && fold(x) != fold(y) {
                return false;
            }
            let (wx, wy) = (name_words(&match_name(a, x)), name_words(&match_name(b, y)));
            wx.len() == wy.len()
                && !wx.is_empty()
                && wx.iter().zip(&wy).all(|(p, q)| variant_words(p, q))
        })
    })
}

/// `colts`, `saints`, `bluejays` (folded): a plural a team goes by, which the recognizer labels
/// a person, an organization or a place from one mention to the next. (`Athens`, `Wales`,
/// `Motors` look the same: only a one-word name read as a person, which such a word never is,
/// takes a full name of another label this way.)
fn team_plural(w: &str) -> bool {
    w.chars().count() >= 4
        && w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("is")
}

/// A list the recognizer read as one name (`Matt Lucas & David Walliams`, `Berra, Webster`):
/// it is nobody's name.
fn is_list(n: &str) -> bool {
    n.contains([',', '&', ';']) || n.contains(" and ")
}

/// `Arcade Joseph Comeaux` joins `Joseph Comeaux`, `Polygamist Warren Jeffs` joins `Warren
/// Jeffs`: a person name of three or more words joins the one entity named by its last two
/// words (a person known by a middle name, or a role the recognizer took into the name);
/// spelling variants count word by word.
fn link_name_tails(records: &[Record], uf: &mut UnionFind) {
    let person = |r: &Record| r.label == Some(EntityLabel::Person);
    let key = |a: &str, b: &str| format!("{} {}", skeleton(a), skeleton(b));
    let mut by_name: BTreeMap<String, Vec<(usize, [String; 2])>> = BTreeMap::new();
    let mut longer: Vec<(usize, [String; 2])> = Vec::new();
    // `da Silva`, `van Persie`: a surname with its particle, not a given name and a surname.
    let particle = |w: &str| {
        matches!(
            w,
            "da" | "de"
                | "di"
                | "do"
                | "dos"
                | "du"
                | "del"
                | "della"
                | "van"
                | "von"
                | "der"
                | "le"
                | "la"
                | "al"
                | "el"
                | "bin"
                | "ibn"
                | "ben"
                | "st"
        )
    };
    for (i, r) in records.iter().enumerate().filter(|(_, r)| person(r)) {
        for n in r.names.iter().filter(|n| !is_list(n)) {
            // Words as written: `Wright-Phillips` is one surname, not a given name and another.
            let words: Vec<String> = person_core(n).split_whitespace().map(fold).collect();
            if let [.., a, b] = words.as_slice() {
                let pair = [a.clone(), b.clone()];
                if words.len() == 2 && !particle(a) {
                    by_name.entry(key(a, b)).or_default().push((i, pair));
                } else {
                    longer.push((i, pair));
                }
            }
        }
    }
    for (i, [a, b]) in longer {
        let Some(short) = by_name.get(&key(&a, &b)) else {
            continue;
        };
        let roots: BTreeSet<usize> = short
            .iter()
            .filter(|(_, [x, y])| variant_words(x, &a) && variant_words(y, &b))
            .map(|(j, _)| uf.find(*j))
            .collect();
        if let (1, Some(&root)) = (roots.len(), roots.first()) {
            uf.union(i, root);
        }
    }
}

/// Which entities each document names, as the linking stood when this was built.
struct Context {
    /// Root of each record then.
    root: Vec<usize>,
    /// The topical roots each document names: those named in few documents (`England`, `BBC`
    /// say nothing about a story).
    topics: HashMap<usize, BTreeSet<usize>>,
}

impl Context {
    fn new(records: &[Record], uf: &mut UnionFind) -> Context {
        let root: Vec<usize> = (0..records.len()).map(|i| uf.find(i)).collect();
        let mut named: HashMap<usize, BTreeSet<usize>> = HashMap::new();
        let mut df: HashMap<usize, usize> = HashMap::new();
        for (r, d) in records
            .iter()
            .zip(&root)
            .filter_map(|(r, &x)| Some((x, r.doc?)))
        {
            if named.entry(d).or_default().insert(r) {
                *df.entry(r).or_default() += 1;
            }
        }
        let max_df = (named.len() / 50).max(5);
        for roots in named.values_mut() {
            roots.retain(|r| df.get(r).copied().unwrap_or(0) <= max_df);
        }
        Context {
            root,
            topics: named,
        }
    }

    /// Whether the documents of records `i` and `j` name a topical entity in common, other than
    /// what `i` and `j` themselves are.
    fn documents_share(&self, records: &[Record], i: usize, j: usize) -> bool {
        let (Some(di), Some(dj)) = (records[i].doc, records[j].doc) else {
            return false;
        };
        if di == dj {
            return true;
        }
        let own = [self.root.get(i), self.root.get(j)];
        let (Some(a), Some(b)) = (self.topics.get(&di), self.topics.get(&dj)) else {
            return false;
        };
        a.intersection(b).any(|r| !own.contains(&Some(r)))
    }

    /// Whether record `i`'s document shares a topical entity with a document of one of `root`'s
    /// records among `candidates`: `Lohan` beside the Betty Ford Center joins the Lindsay Lohan
    /// of the rehab stories; a footballer's `Ferdinand` shares only `England` with the band.
    fn shared(
        &self,
        records: &[Record],
        i: usize,
        candidates: &[usize],
        root: usize,
        uf: &mut UnionFind,
    ) -> bool {
        candidates.iter().any(|&c| {
            uf.find(c) == root
                && records[c].doc != records[i].doc
                && self.documents_share(records, i, c)
        })
    }
}

/// Common English short forms of given names and the names they shorten.
const NICKNAMES: &[(&str, &[&str])] = &[
    ("abe", &["abraham"]),
    ("al", &["albert", "alan", "allan", "alfred", "alexander"]),
    ("alex", &["alexander", "alexandra", "alexis"]),
    ("andy", &["andrew"]),
    ("barb", &["barbara"]),
    ("ben", &["benjamin"]),
    ("bernie", &["bernard"]),
    ("bill", &["william"]),
    ("billy", &["william"]),
    ("bob", &["robert"]),
    ("bobby", &["robert"]),
    ("cathy", &["catherine", "cathleen"]),
    ("charlie", &["charles"]),
    (
        "chris",
        &["christopher", "christine", "christina", "christian"],
    ),
    ("chuck", &["charles"]),
    ("dan", &["daniel"]),
    ("danny", &["daniel"]),
    ("dave", &["david"]),
    ("deb", &["deborah"]),
    ("debbie", &["deborah"]),
    ("dick", &["richard"]),
    ("don", &["donald"]),
    ("ed", &["edward", "edwin", "edmund"]),
    ("eddie", &["edward"]),
    ("fred", &["frederick"]),
    ("greg", &["gregory"]),
    ("hank", &["henry"]),
    ("jack", &["john"]),
    ("jake", &["jacob"]),
    ("jeff", &["jeffrey"]),
    ("jen", &["jennifer"]),
    ("jenny", &["jennifer"]),
    ("jerry", &["gerald", "jerome"]),
    ("jim", &["james"]),
    ("jimmy", &["james"]),
    ("joe", &["joseph"]),
    ("jon", &["jonathan"]),
    ("kate", &["katherine", "catherine", "kathryn"]),
    ("katie", &["katherine", "kathryn"]),
    ("ken", &["kenneth"]),
    ("larry", &["lawrence"]),
    ("liz", &["elizabeth"]),
    ("matt", &["matthew"]),
    ("mike", &["michael"]),
    (
        "mo",
        &["maurice", "mohamed", "mohammed", "muhammad", "morris"],
    ),
    ("nick", &["nicholas"]),
    ("pat", &["patrick", "patricia"]),
    ("pete", &["peter"]),
    ("phil", &["philip", "phillip"]),
    ("rick", &["richard"]),
    ("rob", &["robert"]),
    ("ron", &["ronald"]),
    ("sam", &["samuel", "samantha"]),
    ("steve", &["steven", "stephen"]),
    ("sue", &["susan"]),
    ("ted", &["edward", "theodore"]),
    ("tom", &["thomas"]),
    ("tommy", &["thomas"]),
    ("tony", &["anthony"]),
    ("will", &["william"]),
];

/// `Mo Cheeks` joins `Maurice Cheeks`: a full name opening with a short form joins the one entity
/// whose full name has the same surname and a given name the short form shortens.
fn link_nicknames(records: &[Record], uf: &mut UnionFind) {
    let person = |r: &Record| r.label == Some(EntityLabel::Person);
    // (given name, surname) of every two-word person name.
    let mut by_surname: BTreeMap<String, Vec<(usize, String)>> = BTreeMap::new();
    let mut short: Vec<(usize, &'static [&'static str], String)> = Vec::new();
    for (i, r) in records.iter().enumerate().filter(|(_, r)| person(r)) {
        for n in &r.names {
            let words: Vec<String> = person_core(n).split_whitespace().map(fold).collect();
            let [given, surname] = words.as_slice() else {
                continue;
            };
            by_surname
                .entry(surname.clone())
                .or_default()
                .push((i, given.clone()));
            if let Some((_, full)) = NICKNAMES.iter().find(|(k, _)| k == given) {
                short.push((i, full, surname.clone()));
            }
        }
    }
    for (i, full, surname) in short {
        let roots: BTreeSet<usize> = by_surname
            .get(&surname)
            .into_iter()
            .flatten()
            .filter(|(_, g)| full.contains(&g.as_str()))
            .map(|(j, _)| uf.find(*j))
            .collect();
        if let (1, Some(&root)) = (roots.len(), roots.first()) {
            uf.union(i, root);
        }
    }
}

/// The groups that have a name of two or more words among their records.
fn full_name_roots(records: &[Record], uf: &mut UnionFind) -> BTreeSet<usize> {
    let mut full = BTreeSet::new();
    for (i, r) in records.iter().enumerate() {
        if r.names.iter().any(|n| n.split_whitespace().count() >= 2) {
            full.insert(uf.find(i));
        }
    }
    full
}

/// A one-word name that is not an acronym (`Creighton`, not `WTO`).
fn one_word_name(n: &str) -> bool {
    n.split_whitespace().count() == 1 && !is_acronym(n)
}

/// One-word person names no full name took (`Creighton`, `Colts` read as a person) join the same
/// word in another document when the two documents share a topical entity: the same story, so
/// most likely the same referent.
fn link_bare_names(records: &[Record], uf: &mut UnionFind) {
    let context = Context::new(records, uf);
    let full = full_name_roots(records, uf);
    let mut by_word: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, r) in records.iter().enumerate() {
        if r.label != Some(EntityLabel::Person) || r.doc.is_none() || full.contains(&uf.find(i)) {
            continue;
        }
        if let [name] = r.names.as_slice() {
            if one_word_name(name) {
                by_word.entry(fold(name)).or_default().push(i);
            }
        }
    }
    // Each record joins the first of a few earlier ones it shares a story with, so a word
    // borne by thousands of records stays linear.
    for members in by_word.values().filter(|m| m.len() >= 2) {
        let mut reps: Vec<usize> = Vec::new();
        for &j in members {
            match reps
                .iter()
                .copied()
                .find(|&i| context.documents_share(records, i, j))
            {
                Some(i) => uf.union(i, j),
                None if reps.len() < 16 => reps.push(j),
                None => {}
            }
        }
    }
}

/// One-word names still on their own (`Creighton` ×18 across a story's documents) join the one
/// entity that has that word among its names and whose most frequent full name begins or ends
/// with it: in the record's own document first, where a person's full name ending with the word
/// counts too (`Mrs Quinn` beside `Kimberly Quinn`), else in a document of the same story
/// (`Creighton Bluejays`, also written `Bluejays` and `Creighton` in its own documents). Labels
/// must be compatible, except for a team's plural read as a person ([`team_plural`]).
fn link_bare_aliases(records: &[Record], uf: &mut UnionFind) {
    let context = Context::new(records, uf);
    let full = full_name_roots(records, uf);
    // The full name most records of each entity give: its first and last words are what a
    // one-word mention of it would be (`Colts QB Andrew Luck` is a role, not the name).
    let mut counts: BTreeMap<usize, BTreeMap<&str, usize>> = BTreeMap::new();
    for (i, r) in records.iter().enumerate() {
        let root = uf.find(i);
        if full.contains(&root) {
            for n in r.names.iter().filter(|n| n.split_whitespace().count() >= 2) {
                *counts
                    .entry(root)
                    .or_default()
                    .entry(n.as_str())
                    .or_default() += 1;
            }
        }
    }
    let mut ends: BTreeMap<usize, [String; 2]> = BTreeMap::new();
    for (root, names) in &counts {
        let Some((name, _)) = names
            .iter()
            .max_by_key(|(n, c)| (**c, std::cmp::Reverse(**n)))
        else {
            continue;
        };
        let words: Vec<&str> = name.split_whitespace().collect();
        // `CREIGHTON DEFEATS DRAKE`: a headline in capitals the recognizer read as one name
        // names nobody by its first or last word.
        let shouted = words.len() >= 3 && words.iter().all(|w| !w.chars().any(char::is_lowercase));
        if let (Some(a), Some(b), false) = (words.first(), words.last(), shouted) {
            ends.insert(*root, [fold(a), fold(b)]);
        }
    }
    // Records of full-name entities that carry a one-word name, by that word; and, for the
    // record's own document only, people whose full name ends with the word.
    let mut aliases: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut in_doc: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut bare: Vec<(usize, String)> = Vec::new();
    for (i, r) in records.iter().enumerate() {
        if r.doc.is_none() {
            continue;
        }
        let root = uf.find(i);
        if let Some(e) = ends.get(&root) {
            for n in &r.names {
                let words: Vec<&str> = n.split_whitespace().collect();
                if let [w] = words.as_slice() {
                    let w = fold(w);
                    if !is_acronym(n) && e.contains(&w) {
                        aliases.entry(w).or_default().push(i);
                    }
                } else if let Some(last) = words.last().filter(|_| !is_list(n)) {
                    // A person's surname, or a team's plural (`Indianapolis Colts`, whatever
                    // the recognizer called it); a place or an organization is otherwise not
                    // named by its last word (`South Sudan` is not `Sudan`, `Athens Bank` not
                    // `Athens`).
                    let w = fold(last);
                    if e.get(1) == Some(&w)
                        && (r.label == Some(EntityLabel::Person) || team_plural(&w))
                    {
                        in_doc.entry(w).or_default().push(i);
                    }
                }
            }
        } else if full.contains(&root) {
            continue;
        } else if let [name] = r.names.as_slice() {
            if one_word_name(name) {
                bare.push((i, fold(name)));
            }
        }
    }
    // The bare records of one word across a story already form one group
    // ([`link_bare_names`]): the group joins one entity, through whichever member comes first.
    let start: Vec<usize> = bare.iter().map(|&(j, _)| uf.find(j)).collect();
    let mut absorbed: BTreeSet<usize> = BTreeSet::new();
    for ((j, word), group) in bare.into_iter().zip(start) {
        if absorbed.contains(&group) {
            continue;
        }
        let holders = aliases.get(&word).into_iter().flatten();
        let own = in_doc.get(&word).into_iter().flatten();
        // A team's plural takes a full name of another label only when the recognizer read
        // the one word as a person, which `Wales`, `Motors` or `Muslims` never are.
        let team = team_plural(&word) && records[j].label == Some(EntityLabel::Person);
        // An entity of the record's own document comes first (`Mrs Quinn` beside `Kimberly
        // Quinn`); then one of the same story.
        let fitting = |same_doc: bool| -> BTreeSet<usize> {
            holders
                .clone()
                .map(|&c| (c, false))
                .chain(own.clone().filter(|_| same_doc).map(|&c| (c, true)))
                .filter(|&(c, by_last_word)| {
                    let person = records[c].label == Some(EntityLabel::Person);
                    let labels_fit = if by_last_word && !person {
                        team && records[c].label != Some(EntityLabel::Norp)
                    } else {
                        compatible(records[c].label, records[j].label)
                            || (team && records[c].label != Some(EntityLabel::Norp))
                    };
                    (records[c].doc == records[j].doc) == same_doc
                        && labels_fit
                        && context.documents_share(records, j, c)
                })
                .map(|(c, _)| context.root.get(c).copied().unwrap_or(c))
                .collect()
        };
        let mut roots = fitting(true);
        if roots.is_empty() {
            roots = fitting(false);
        }
        let roots: BTreeSet<usize> = roots.into_iter().map(|r| uf.find(r)).collect();
        if let (1, Some(&root)) = (roots.len(), roots.first()) {
            uf.union(j, root);
            absorbed.insert(group);
        }
    }
}

/// A surname-only person record joins the one full-name person with that surname; when two
/// different full names share the surname, it joins neither.
fn link_surnames(records: &[Record], uf: &mut UnionFind) {
    let mut full_by_surname: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    // First words of full names (folded).
    let mut given: BTreeSet<String> = BTreeSet::new();
    let context = Context::new(records, uf);
    // (document, first-word skeleton) → (record, first word) of full names.
    let mut full_by_first: HashMap<(usize, String), Vec<(usize, String)>> = HashMap::new();
    for (i, r) in records.iter().enumerate() {
        if r.label != Some(EntityLabel::Person) {
            continue;
        }
        if let Some(full) = r.names.iter().find(|n| name_words(n).len() >= 2) {
            if let Some(first) = name_words(full).first() {
                given.insert(first.clone());
            }
            if let (Some(d), Some(first)) = (r.doc, name_words(full).first()) {
                full_by_first
                    .entry((d, crate::names::skeleton(first)))
                    .or_default()
                    .push((i, first.clone()));
            }
            if let Some(last) = name_words(full).last() {
                full_by_surname
                    .entry(crate::names::skeleton(last))
                    .or_default()
                    .push(i);
            }
        }
    }
    for (i, r) in records.iter().enumerate() {
        if r.label != Some(EntityLabel::Person) || r.names.iter().any(|n| name_words(n).len() >= 2)
        {
            continue;
        }
        let Some(surname) = r.names.first().and_then(|n| name_words(n).pop()) else {
            continue;
        };
        let Some(candidates) = full_by_surname.get(&crate::names::skeleton(&surname)) else {
            // `Saddam` after `Saddam Hussein`: a one-word name that is no one's surname joins
            // the one full name of its own document that starts with it.
            let Some(d) = r.doc else { continue };
            let firsts: BTreeSet<usize> = full_by_first
                .get(&(d, crate::names::skeleton(&surname)))
                .into_iter()
                .flatten()
                .filter(|(_, first)| variant_words(first, &surname))
                .map(|&(j, _)| uf.find(j))
                .collect();
            if let (1, Some(&j)) = (firsts.len(), firsts.first()) {
                uf.union(i, j);
            }
            continue;
        };
        // The skeleton only proposes: `Sons` or `Swansea` share one with `Souness`, and only a
        // spelling variant of the surname (`Winderm` for `Windrem`) is the same person.
        let surname_of = |c: usize| {
            records[c]
                .names
                .iter()
                .find(|n| name_words(n).len() >= 2)
                .and_then(|n| name_words(n).pop())
        };
        let variants: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|&c| {
                surname_of(c).is_some_and(|last| {
                    // Vowels open alike in a skeleton: `Eddie` is no spelling of `Oddie`.
                    last.chars().next() == surname.chars().next() && variant_words(&last, &surname)
                })
            })
            .collect();
        // Of several people with the surname, one the corpus names at least three times as often
        // as all the others together is who the bare surname means (`Lohan` beside a rare
        // relative); near equals (`Laci` and `Scott Peterson`) share it and take none.
        let mut count: BTreeMap<usize, usize> = BTreeMap::new();
        for &c in &variants {
            *count.entry(uf.find(c)).or_default() += 1;
        }
        // A word some full name opens with (`John`, `Terry`) may be a given name: it needs the
        // one candidate.
        let total: usize = count.values().sum();
        let top = count
            .iter()
            .max_by_key(|(root, n)| (**n, std::cmp::Reverse(**root)));
        if let Some((&root, &n)) = top {
            let dominant = n >= 3 * (total - n)
                && !given.contains(&fold(&surname))
                && context.shared(records, i, &variants, root, uf);
            if count.len() == 1 || dominant {
                uf.union(i, root);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_after_wide_whitespace() {
        // A no-break space (two bytes) before the name once made this slice inside a char.
        assert_eq!(name_before("nominee Gov.\u{a0}Jane Roe"), "Jane Roe");
        assert_eq!(name_before("\u{a0}\u{2003}"), "");
    }

    #[test]
    fn alias_definitions_in_text() {
        let text = "The Northern Valley Water Authority (NVWA) said so. Later the Qadrani Institute (QI, also known \
                    as the Valley Forum, Tide Council and Harbor Circle) replied.\nPORT SELVA (WNA) - \
                    Officials met the Grand Society for the Study of Rivers (GSSR) and the Selva \
                    Association of River Pilots (SARP).";
        let groups = alias_definitions(text);
        assert_eq!(groups.len(), 4, "{groups:?}");
        assert_eq!(groups[2], ["Grand Society for the Study of Rivers", "GSSR"]);
        assert_eq!(groups[3], ["Selva Association of River Pilots", "SARP"]);
        assert_eq!(groups[0], ["Northern Valley Water Authority", "NVWA"]);
        assert_eq!(
            groups[1],
            [
                "Qadrani Institute",
                "QI",
                "Valley Forum",
                "Tide Council",
                "Harbor Circle"
            ]
        );
    }

    fn doc_with(path: &str, people: &[(&str, &[&str])]) -> Document {
        let mut doc = Document::new(path, format!("text of {path}"));
        for (name, aliases) in people {
            doc.entities.push(headwater_doc::Entity {
                label: EntityLabel::Person,
                name: name.to_string(),
                aliases: aliases.iter().map(|a| a.to_string()).collect(),
                mentions: Vec::new(),
            });
        }
        doc
    }

    fn push_entity(doc: &mut Document, label: EntityLabel, name: &str) {
        doc.entities.push(headwater_doc::Entity {
            label,
            name: name.to_string(),
            aliases: Vec::new(),
            mentions: Vec::new(),
        });
    }

    fn doc_of(path: &str, label: EntityLabel, names: &[(&str, &[&str])]) -> Document {
        let mut doc = doc_with(path, names);
        doc.entities.iter_mut().for_each(|e| e.label = label);
        doc
    }

    fn linked_names(docs: &[Document]) -> Vec<Vec<String>> {
        let links = link_entities(docs, &AliasFile::default());
        links
            .entities
            .iter()
            .map(|e| {
                let mut v = vec![e.name.clone()];
                v.extend(e.aliases.iter().cloned());
                v
            })
            .collect()
    }

    #[test]
    fn one_shared_word_does_not_merge_organizations() {
        // Each pair shares one identifying word (`Varnese`; `Labour` ~ `Liberia` as
        // skeletons); the short `Qessaly Institute` still joins the one long name holding all
        // its words, spelt another way.
        let org = EntityLabel::Org;
        let docs = [
            doc_of(
                "a.txt",
                org,
                &[("Varnese Commission", &[]), ("Labour Party", &[])],
            ),
            doc_of(
                "b.txt",
                org,
                &[("Varnese Union", &[]), ("Central Bank of Liberia", &[])],
            ),
            doc_of("c.txt", org, &[("Kessaly Institute of Tides", &[])]),
            doc_of("d.txt", org, &[("Qessaly Institute", &[])]),
        ];
        let groups = linked_names(&docs);
        assert_eq!(groups.len(), 5, "{groups:?}");
        assert!(groups
            .iter()
            .any(|g| g.contains(&"Kessaly Institute of Tides".to_string())
                && g.contains(&"Qessaly Institute".to_string())));
    }

    #[test]
    fn nicknames_suffixes_middle_names_and_hyphenated_acronyms_join() {
        let mut docs = vec![
            doc_with("a.txt", &[("Vincent \"The Chin\" Garvano", &[])]),
            doc_with("b.txt", &[("Vincent L. Garvano", &[])]),
            doc_with("c.txt", &[("Arcade Joseph Tollery Jr.", &[])]),
            doc_with(
                "d.txt",
                &[("Joseph Tollery", &[]), ("Regional MP Anna Sorrel", &[])],
            ),
            doc_with("e.txt", &[("Anna Sorrel", &[])]),
            doc_with("f.txt", &[("Anna Sorrel", &[])]),
        ];
        docs.push(doc_of("g.txt", EntityLabel::Org, &[("Hallett-Pryor", &[])]));
        docs.push(doc_of("h.txt", EntityLabel::Org, &[("HP", &[])]));
        docs.push(doc_of("i.txt", EntityLabel::Gpe, &[("Sudaria", &[])]));
        docs.push(doc_of("j.txt", EntityLabel::Gpe, &[("sedaria", &[])]));
        docs.push(doc_with("s.txt", &[("Maurice Tallow", &[])]));
        docs.push(doc_with("t.txt", &[("Mo Tallow", &[])]));
        docs.push(doc_with("u.txt", &[("Chris Denby", &[])]));
        docs.push(doc_with("v.txt", &[("Christopher Denby", &[])]));
        docs.push(doc_with("w.txt", &[("Christine Denby", &[])]));
        docs.push(doc_with("m.txt", &[("Orlan Vesk", &[])]));
        docs.push(doc_with("n.txt", &[("Prophet Orlan Vesk", &[])]));
        docs.push(doc_with("o.txt", &[("Elder Orlan Vesk", &[])]));
        docs.push(doc_with("p.txt", &[("Bram Holt-Carver", &[])]));
        docs.push(doc_with("q.txt", &[("Dana Holt-Carver", &[])]));
        docs.push(doc_with("r.txt", &[("Holt-Carver", &[])]));
        docs.push(doc_of(
            "k.txt",
            EntityLabel::Org,
            &[("Carrow Harbour Lions", &[])],
        ));
        docs.push(doc_of(
            "l.txt",
            EntityLabel::Gpe,
            &[("Carrow Harbour Lions", &[])],
        ));
        let groups = linked_names(&docs);
        let together = |a: &str, b: &str| {
            groups
                .iter()
                .any(|g| g.contains(&a.to_string()) && g.contains(&b.to_string()))
        };
        assert!(
            together("Vincent \"The Chin\" Garvano", "Vincent L. Garvano"),
            "{groups:?}"
        );
        assert!(
            together("Arcade Joseph Tollery Jr.", "Joseph Tollery"),
            "{groups:?}"
        );
        assert!(together("Hallett-Pryor", "HP"), "{groups:?}");
        assert!(!together("Sudaria", "sedaria"), "{groups:?}");
        assert!(
            together("Prophet Orlan Vesk", "Elder Orlan Vesk"),
            "{groups:?}"
        );
        assert!(together("Orlan Vesk", "Elder Orlan Vesk"), "{groups:?}");
        assert!(together("Maurice Tallow", "Mo Tallow"), "{groups:?}");
        // `Chris` shortens both: it joins neither.
        assert!(!together("Chris Denby", "Christopher Denby"), "{groups:?}");
        assert!(!together("Chris Denby", "Christine Denby"), "{groups:?}");
        assert!(
            !together("Bram Holt-Carver", "Dana Holt-Carver"),
            "{groups:?}"
        );
        let lions = groups
            .iter()
            .filter(|g| g[0] == "Carrow Harbour Lions")
            .count();
        assert_eq!(lions, 1, "{groups:?}");
        // The full name most documents give names the person, not the one with a role.
        assert!(groups.iter().any(|g| g[0] == "Anna Sorrel"), "{groups:?}");
    }

    #[test]
    fn a_bare_surname_joins_the_dominant_bearer_only_within_its_topic() {
        let person = |path: &str, names: &[&str]| {
            let people: Vec<(&str, &[&str])> = names.iter().map(|n| (*n, &[][..])).collect();
            doc_with(path, &people)
        };
        let mut docs = Vec::new();
        for k in 0..3 {
            let mut d = person(&format!("rehab{k}.txt"), &["Linnea Corvane"]);
            push_entity(&mut d, EntityLabel::Org, "Harrow Pines Clinic");
            docs.push(d);
        }
        docs.push(person("mother.txt", &["Dessa Corvane"]));
        // The same topic: the clinic again.
        let mut bare = person("bare.txt", &["Corvane"]);
        push_entity(&mut bare, EntityLabel::Org, "Harrow Pines Clinic");
        docs.push(bare);
        // Another story: nothing in common with the rehab stories.
        docs.push(person("other.txt", &["Corvane", "Tomas Brell"]));
        let links = link_entities(&docs, &AliasFile::default());
        let of = |d: usize| links.doc_entity[d][0];
        assert_eq!(of(4), of(0), "the bare surname beside the clinic");
        assert_ne!(of(5), of(0), "the bare surname in another story");
        assert_ne!(of(3), of(0));
    }

    #[test]
    fn a_bare_name_joins_itself_across_documents_of_one_story() {
        let with_place = |path: &str, place: &str| {
            let mut d = doc_with(path, &[("Varrick", &[])]);
            push_entity(&mut d, EntityLabel::Loc, place);
            d
        };
        let docs = [
            with_place("a.txt", "Selwick Arena"),
            with_place("b.txt", "Selwick Arena"),
            with_place("c.txt", "Dunmore Quay"),
        ];
        let links = link_entities(&docs, &AliasFile::default());
        let of = |d: usize| links.doc_entity[d][0];
        assert_eq!(of(0), of(1));
        assert_ne!(of(0), of(2));
    }

    #[test]
    fn a_bare_name_joins_the_full_name_its_story_gives_it() {
        let with_place = |path: &str, people: &[(&str, &[&str])], place: &str| {
            let mut d = doc_with(path, people);
            push_entity(&mut d, EntityLabel::Loc, place);
            d
        };
        let docs = [
            // A team the recognizer read as a person, named in full once in its story.
            with_place(
                "a.txt",
                &[("Harrow Bluejays", &["Harrow"])],
                "Selwick Arena",
            ),
            with_place("b.txt", &[("Harrow", &[])], "Selwick Arena"),
            with_place("c.txt", &[("Harrow", &[])], "Dunmore Quay"),
            // Two people share a surname in one story; the bare surname goes to the one its
            // own document names.
            with_place("d.txt", &[("Alan Vance", &["Vance"])], "Belport Docks"),
            with_place(
                "e.txt",
                &[("Kimberly Vance", &[]), ("Vance", &[])],
                "Belport Docks",
            ),
        ];
        let links = link_entities(&docs, &AliasFile::default());
        let of = |d: usize, e: usize| links.doc_entity[d][e];
        assert_eq!(of(1, 0), of(0, 0), "same story");
        assert_ne!(of(2, 0), of(0, 0), "another story");
        assert_eq!(of(4, 1), of(4, 0), "the full name of its own document");
        assert_ne!(of(4, 1), of(3, 0));
    }

    #[test]
    fn a_headline_in_capitals_names_nobody_by_its_first_word() {
        let with_place = |path: &str, people: &[(&str, &[&str])]| {
            let mut d = doc_with(path, people);
            push_entity(&mut d, EntityLabel::Loc, "Selwick Arena");
            d
        };
        let docs = [
            with_place("a.txt", &[("Harrow Bluejays", &["Harrow"])]),
            with_place("b.txt", &[("HARROW BEATS DUNMORE", &["Harrow"])]),
            with_place("c.txt", &[("Harrow", &[])]),
        ];
        let links = link_entities(&docs, &AliasFile::default());
        assert_eq!(links.doc_entity[2][0], links.doc_entity[0][0]);
    }

    #[test]
    fn a_team_read_as_a_person_joins_its_full_name_but_a_place_does_not() {
        let mut a = doc_of(
            "a.txt",
            EntityLabel::Gpe,
            &[("Marlow Harriers", &[]), ("North Selvany", &[])],
        );
        push_entity(&mut a, EntityLabel::Person, "Harriers");
        push_entity(&mut a, EntityLabel::Gpe, "Selvany");
        let links = link_entities(&[a], &AliasFile::default());
        let of = |e: usize| links.doc_entity[0][e];
        assert_eq!(of(2), of(0), "the team's plural read as a person");
        assert_ne!(of(3), of(1), "a country is not its northern part");
    }

    #[test]
    fn a_surname_joins_only_its_spelling_variants() {
        let docs = [
            doc_with("a.txt", &[("Halvard Souness", &["Souness"])]),
            doc_with("b.txt", &[("Sons", &[]), ("Soness", &[])]),
        ];
        let groups = linked_names(&docs);
        assert_eq!(groups.len(), 2, "{groups:?}");
        assert!(groups[0].contains(&"Soness".to_string()), "{groups:?}");
    }

    #[test]
    fn misspelt_person_joins_and_the_repeated_spelling_names_it() {
        let docs = [
            doc_with("a.txt", &[("Halvard Brennik", &["Brennik"])]),
            doc_with("b.txt", &[("Halvard Brenink", &[]), ("Anna Brennik", &[])]),
        ];
        let links = link_entities(&docs, &AliasFile::default());
        let names: Vec<(&str, &[String])> = links
            .entities
            .iter()
            .map(|e| (e.name.as_str(), e.aliases.as_slice()))
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
        assert_eq!(names[0].0, "Halvard Brennik");
        assert!(names[0].1.iter().any(|a| a == "Halvard Brenink"));
        assert_eq!(names[1].0, "Anna Brennik");
    }

    #[test]
    fn middle_initial_given_name_and_reordered_acronym_join() {
        let mut a = doc_with("a.txt", &[("Halvard Q. Brennik", &[])]);
        push_entity(&mut a, EntityLabel::Org, "Asociacion Norte Valle Regantes");
        push_entity(&mut a, EntityLabel::Org, "ANRV");
        let b = doc_with(
            "b.txt",
            &[
                ("Halvard Brennik", &[]),
                ("Ottar Vilmsen", &[]),
                ("Ottar", &[]),
            ],
        );
        // Two people differing only in the initial keep theirs.
        let c = doc_with("c.txt", &[("Anna R. Dovre", &[]), ("Anna T. Dovre", &[])]);
        let links = link_entities(&[a, b, c], &AliasFile::default());
        let find = |n: &str| {
            links
                .entities
                .iter()
                .position(|e| e.name == n || e.aliases.iter().any(|x| x == n))
        };
        assert_eq!(find("Halvard Q. Brennik"), find("Halvard Brennik"));
        assert_eq!(find("Ottar"), find("Ottar Vilmsen"));
        assert_eq!(find("ANRV"), find("Asociacion Norte Valle Regantes"));
        assert_ne!(find("Anna R. Dovre"), find("Anna T. Dovre"));
    }

    #[test]
    fn a_marker_before_a_name_and_a_cited_outlet() {
        let mut a = doc_with("a.txt", &[("Halvard Brennik", &[]), ("[4] Brennik", &[])]);
        push_entity(&mut a, EntityLabel::Person, "Tide Notes");
        a.citations.push(headwater_doc::Citation {
            outlet: Some("Tide Notes".to_string()),
            ..headwater_doc::Citation::default()
        });
        let links = link_entities(&[a], &AliasFile::default());
        let e = |n: &str| links.entities.iter().find(|e| e.name == n);
        assert!(e("Halvard Brennik").is_some_and(|e| e.aliases.iter().any(|x| x == "Brennik")));
        assert_eq!(e("Tide Notes").map(|e| e.label), Some(EntityLabel::Media));
    }
}
