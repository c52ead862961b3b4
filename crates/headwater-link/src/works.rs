//! Cited works: citations of the same report or article across documents, merged; and the
//! documents of the corpus that are themselves such works (a wire story others cite).

use crate::names::{acronym_letters, fold, initials, is_acronym, name_key};
use crate::unionfind::UnionFind;
use headwater_doc::{CitationKind, Document, Work, WorkCitedBy};
use std::collections::{BTreeMap, BTreeSet, HashMap};

#[derive(Debug, Clone)]
struct WorkRecord {
    outlet: Option<String>,
    authors: Vec<String>,
    title: Option<String>,
    date: Option<String>,
    url: Option<String>,
    /// `(document, citation)` for a citation; `None` for a document standing as a work.
    citation: Option<(usize, usize)>,
    /// The document this record *is*, for documents standing as works.
    document: Option<usize>,
}

/// Works and how citations and documents map onto them.
pub struct WorkLinks {
    pub works: Vec<Work>,
    /// `(document, citation index)` → index into `works`.
    pub citation_work: HashMap<(usize, usize), usize>,
    /// Per document: the work the document itself is, when other documents cite it.
    pub document_work: Vec<Option<usize>>,
    /// Canonical outlet id of every outlet string seen, for matching sources to works.
    outlet_ids: BTreeMap<String, usize>,
    /// Per work: its canonical outlet id.
    work_outlet: Vec<Option<usize>>,
    /// Per work: works it cites (through the documents that are it).
    pub cites: Vec<BTreeSet<usize>>,
    /// Skeleton of an author's surname → (work, surname as written).
    author_index: HashMap<String, Vec<(usize, String)>>,
}

/// Two outlet names refer to one outlet (`IPS` / `Inter Press Service`, `the AFP` / `AFP`).
fn outlets_match(a: &str, b: &str) -> bool {
    let (fa, fb) = (
        fold(a.trim_start_matches("the ").trim_start_matches("The ")),
        fold(b.trim_start_matches("the ").trim_start_matches("The ")),
    );
    if fa == fb || (!fa.is_empty() && name_key(a) == name_key(b)) {
        return true;
    }
    let acr =
        |x: &str, y: &str| is_acronym(x) && initials(y).iter().any(|i| *i == acronym_letters(x));
    acr(a, b) || acr(b, a)
}

fn normalize_url(url: &str) -> String {
    let u = url.trim();
    let u = u.split_once("://").map_or(u, |(_, rest)| rest);
    let u = u.trim_start_matches("www.");
    let u = u.split('#').next().unwrap_or(u);
    u.trim_end_matches('/').to_lowercase()
}

fn title_words(title: &str) -> BTreeSet<String> {
    title
        .split(|c: char| !c.is_alphanumeric())
        .map(fold)
        .filter(|w| w.len() > 2)
        .collect()
}

fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let inter = a.intersection(b).count();
    let union = a.len() + b.len() - inter;
    if union == 0 {
        0.0
    } else {
        inter as f64 / union as f64
    }
}

impl WorkLinks {
    /// The work a source phrase (`Meridian Wire`, `a report carried by Meridian Wire`) stands for,
    /// preferring works the document itself cites.
    pub fn work_for_source(&self, source_text: &str, doc_cited: &BTreeSet<usize>) -> Option<usize> {
        // The authors of a cited work named as the source ("Richard Engel and Robert Winderm of
        // NBC"), spelling variants included.
        let mut by_author: Vec<usize> = Vec::new();
        for word in source_text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.starts_with(char::is_uppercase))
        {
            if let Some(works) = self.author_index.get(&crate::names::skeleton(word)) {
                for &(w, ref surname) in works {
                    if crate::names::variant_words(word, surname) && !by_author.contains(&w) {
                        by_author.push(w);
                    }
                }
            }
        }
        if let Some(w) = by_author
            .iter()
            .copied()
            .find(|w| doc_cited.contains(w))
            .or_else(|| by_author.first().copied())
        {
            return Some(w);
        }
        let lower = source_text.to_lowercase();
        let outlet = self
            .outlet_ids
            .iter()
            .filter(|(name, _)| name.len() >= 2 && contains_word(&lower, &name.to_lowercase()))
            .max_by_key(|(name, _)| name.len())
            .map(|(_, id)| *id)?;
        let candidates: Vec<usize> = (0..self.works.len())
            .filter(|&w| self.work_outlet[w] == Some(outlet))
            .collect();
        candidates
            .iter()
            .copied()
            .find(|w| doc_cited.contains(w))
            .or_else(|| (candidates.len() == 1).then(|| candidates[0]))
            .or_else(|| candidates.first().copied())
    }

    /// True when the outlet of work `w` is the publisher `publisher`.
    pub fn work_has_outlet(&self, w: usize, publisher: &str) -> bool {
        let Some(id) = self.work_outlet.get(w).copied().flatten() else {
            return false;
        };
        self.outlet_ids
            .iter()
            .any(|(name, &i)| i == id && outlets_match(name, publisher))
    }
}

fn contains_word(hay: &str, needle: &str) -> bool {
    hay.match_indices(needle).any(|(i, m)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + m.len()..].chars().next();
        before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
    })
}

/// Merges the citations of all documents into works.
pub fn link_works(docs: &[Document]) -> WorkLinks {
    let mut records: Vec<WorkRecord> = Vec::new();
    for (d, doc) in docs.iter().enumerate() {
        for (ci, c) in doc.citations.iter().enumerate() {
            let useful =
                c.outlet.is_some() || c.url.is_some() || c.title.is_some() || c.same_as.is_some();
            if !useful {
                continue;
            }
            if c.kind == Some(CitationKind::Link) && c.outlet.is_none() && c.title.is_none() {
                // A bare link is a work of its own (its url), kept for provenance.
            }
            records.push(WorkRecord {
                outlet: c.outlet.clone(),
                authors: c.authors.clone(),
                title: c.title.clone(),
                date: c.date.clone(),
                url: c.url.clone(),
                citation: Some((d, ci)),
                document: None,
            });
        }
        if doc.publisher.is_some() {
            records.push(WorkRecord {
                outlet: doc.publisher.clone(),
                authors: doc.authors.clone(),
                title: doc.title.clone(),
                date: doc.published.clone(),
                url: doc.url.clone(),
                citation: None,
                document: Some(d),
            });
        }
    }

    // Canonical outlets.
    let outlet_names: BTreeSet<String> = records.iter().filter_map(|r| r.outlet.clone()).collect();
    let outlet_list: Vec<String> = outlet_names.into_iter().collect();
    let mut ouf = UnionFind::new(outlet_list.len());
    for i in 0..outlet_list.len() {
        for j in i + 1..outlet_list.len() {
            if outlets_match(&outlet_list[i], &outlet_list[j]) {
                ouf.union(i, j);
            }
        }
    }
    let outlet_ids: BTreeMap<String, usize> = outlet_list
        .iter()
        .enumerate()
        .map(|(i, n)| (n.clone(), ouf.find(i)))
        .collect();
    let oid = |r: &WorkRecord| r.outlet.as_ref().and_then(|o| outlet_ids.get(o).copied());

    let mut uf = UnionFind::new(records.len());
    // ibid and repeated references are their target's work.
    let record_of: HashMap<(usize, usize), usize> = records
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.citation.map(|c| (c, i)))
        .collect();
    for (i, r) in records.iter().enumerate() {
        if let Some((d, ci)) = r.citation {
            if let Some(target) = docs[d].citations.get(ci).and_then(|c| c.same_as) {
                if let Some(&j) = record_of.get(&(d, target as usize)) {
                    uf.union(i, j);
                }
            }
        }
    }
    let mut by_url: HashMap<String, usize> = HashMap::new();
    let mut by_outlet_date: HashMap<(usize, String), usize> = HashMap::new();
    let mut by_outlet: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut by_author_title: HashMap<String, usize> = HashMap::new();
    let titles: Vec<BTreeSet<String>> = records
        .iter()
        .map(|r| r.title.as_deref().map(title_words).unwrap_or_default())
        .collect();
    for (i, r) in records.iter().enumerate() {
        if let Some(u) = &r.url {
            let key = normalize_url(u);
            if !key.is_empty() {
                match by_url.get(&key) {
                    Some(&j) => uf.union(i, j),
                    None => {
                        by_url.insert(key, i);
                    }
                }
            }
        }
        if let Some(o) = oid(r) {
            by_outlet.entry(o).or_default().push(i);
            if let Some(date) = &r.date {
                match by_outlet_date.get(&(o, date.clone())) {
                    Some(&j)
                        if titles[i].is_empty()
                            || titles[j].is_empty()
                            || jaccard(&titles[i], &titles[j]) >= 0.3 =>
                    {
                        uf.union(i, j)
                    }
                    Some(_) => {}
                    None => {
                        by_outlet_date.insert((o, date.clone()), i);
                    }
                }
            }
        }
        if !titles[i].is_empty() {
            let mut key: Vec<&String> = titles[i].iter().collect();
            key.sort();
            let key = format!(
                "{}|{}",
                r.authors
                    .iter()
                    .filter_map(|a| a.split_whitespace().last())
                    .map(fold)
                    .collect::<Vec<_>>()
                    .join(" "),
                key.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" ")
            );
            match by_author_title.get(&key) {
                Some(&j) => uf.union(i, j),
                None => {
                    by_author_title.insert(key, i);
                }
            }
        }
    }
    // Same outlet, fuzzy title.
    for members in by_outlet.values() {
        if members.len() > 2000 {
            continue;
        }
        for (a, &i) in members.iter().enumerate() {
            for &j in &members[a + 1..] {
                if !titles[i].is_empty()
                    && !titles[j].is_empty()
                    && jaccard(&titles[i], &titles[j]) >= 0.6
                {
                    uf.union(i, j);
                }
            }
        }
    }
    // Vague references ("according to Reuters": no date, title or url) join the one specific work
    // of their outlet when there is exactly one, or else each other.
    for members in by_outlet.values() {
        let vague: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&i| {
                records[i].date.is_none() && records[i].title.is_none() && records[i].url.is_none()
            })
            .collect();
        let specific_roots: BTreeSet<usize> = members
            .iter()
            .copied()
            .filter(|i| !vague.contains(i))
            .map(|i| uf.find(i))
            .collect();
        let target = if specific_roots.len() == 1 {
            specific_roots.first().copied()
        } else {
            vague.first().copied()
        };
        if let Some(t) = target {
            for &v in &vague {
                uf.union(v, t);
            }
        }
    }

    // Groups → works. A group made only of documents (nobody cites them) is not a work.
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..records.len() {
        groups.entry(uf.find(i)).or_default().push(i);
    }
    let mut ordered: Vec<Vec<usize>> = groups
        .into_values()
        .filter(|g| g.iter().any(|&i| records[i].citation.is_some()))
        .collect();
    ordered.sort_by_key(|g| g.iter().min().copied().unwrap_or(0));

    let mut works = Vec::new();
    let mut citation_work = HashMap::new();
    let mut document_work = vec![None; docs.len()];
    let mut work_outlet = Vec::new();
    for (w, members) in ordered.iter().enumerate() {
        let pick = |f: &dyn Fn(&WorkRecord) -> Option<String>| -> Option<String> {
            let mut counts: BTreeMap<String, usize> = BTreeMap::new();
            for &m in members {
                if let Some(v) = f(&records[m]) {
                    *counts.entry(v).or_default() += 1;
                }
            }
            counts
                .into_iter()
                .max_by(|a, b| {
                    a.1.cmp(&b.1)
                        .then(a.0.len().cmp(&b.0.len()))
                        .then(b.0.cmp(&a.0))
                })
                .map(|(v, _)| v)
        };
        let mut authors: Vec<String> = Vec::new();
        for &m in members {
            for a in &records[m].authors {
                if !authors.iter().any(|x| fold(x) == fold(a)) {
                    authors.push(a.clone());
                }
            }
        }
        let mut cited_by = Vec::new();
        for &m in members {
            if let Some((d, ci)) = records[m].citation {
                citation_work.insert((d, ci), w);
                cited_by.push(WorkCitedBy {
                    document: docs[d].id.clone(),
                    citation: format!("c{}", ci + 1),
                });
            }
            if let Some(d) = records[m].document {
                document_work[d] = Some(w);
            }
        }
        work_outlet.push(members.iter().find_map(|&m| oid(&records[m])));
        works.push(Work {
            id: format!("W{}", w + 1),
            // Prefer a spelled-out outlet name over its acronym.
            outlet: pick(&|r| r.outlet.clone().filter(|o| !is_acronym(o)))
                .or_else(|| pick(&|r| r.outlet.clone())),
            authors,
            title: pick(&|r| r.title.clone()),
            date: pick(&|r| r.date.clone()),
            cited_by,
        });
    }
    let mut author_index: HashMap<String, Vec<(usize, String)>> = HashMap::new();
    for (w, work) in works.iter().enumerate() {
        for author in &work.authors {
            if let Some(surname) = author
                .split_whitespace()
                .last()
                .filter(|s| s.chars().count() >= 3)
            {
                author_index
                    .entry(crate::names::skeleton(surname))
                    .or_default()
                    .push((w, surname.to_string()));
            }
        }
    }
    let mut cites = vec![BTreeSet::new(); works.len()];
    for (d, dw) in document_work.iter().enumerate() {
        if let Some(dw) = *dw {
            for ci in 0..docs[d].citations.len() {
                if let Some(&w) = citation_work.get(&(d, ci)) {
                    cites[dw].insert(w);
                }
            }
        }
    }
    WorkLinks {
        works,
        citation_work,
        document_work,
        outlet_ids,
        work_outlet,
        author_index,
        cites,
    }
}
