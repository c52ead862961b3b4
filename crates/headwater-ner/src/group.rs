//! Document-level grouping of mentions into entities.
//!
//! Three links, applied with a union-find over mentions:
//! 1. exact repeats (same label, same text after dropping a leading `the` and a trailing `'s`);
//! 2. acronyms introduced as `Full Name (ACR)`, and every later use of `ACR` (added as a mention
//!    when the model missed it);
//! 3. a one-word PERSON mention to the full name (two or more words) that ends with it. When the
//!    document names two different people with that surname, the one-word mention goes to the
//!    nearest full name before it, and is left alone if none precedes it; full names with
//!    different first names are never merged.

use headwater_doc::{Document, Entity, EntityLabel, Mention};

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while let Some(&p) = parent.get(x) {
        if p == x {
            break;
        }
        let gp = parent.get(p).copied().unwrap_or(p);
        if let Some(slot) = parent.get_mut(x) {
            *slot = gp;
        }
        x = p;
    }
    x
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        // The earlier mention stays the root so entity order follows the text.
        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
        if let Some(slot) = parent.get_mut(hi) {
            *slot = lo;
        }
    }
}

/// Text used to detect repeats.
fn norm(text: &str) -> String {
    let t = text.trim();
    let t = t
        .strip_prefix("the ")
        .or_else(|| t.strip_prefix("The "))
        .unwrap_or(t);
    let t = t
        .strip_suffix("'s")
        .or_else(|| t.strip_suffix("’s"))
        .unwrap_or(t)
        .trim_end();
    t.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

const STOP: &[&str] = &[
    "of", "the", "and", "for", "&", "on", "in", "de", "to", "a", "-",
];

fn initials(words: &[&str], skip_stop: bool) -> String {
    words
        .iter()
        .filter(|w| !(skip_stop && STOP.iter().any(|s| s.eq_ignore_ascii_case(w))))
        .filter_map(|w| w.chars().find(|c| c.is_alphanumeric()))
        .flat_map(|c| c.to_uppercase())
        .collect()
}

fn acronym_like(w: &str) -> bool {
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    (2..=10).contains(&letters)
        && w.chars()
            .all(|c| c.is_uppercase() || c == '&' || c == '.' || c.is_ascii_digit())
}

/// Groups `doc.mentions` (sorted by start) into `doc.entities`, setting `Mention::entity`.
/// May add mentions for acronyms the recognizer missed.
pub fn group(doc: &mut Document) {
    doc.entities.clear();
    // Acronym definitions: mention, then `(`, ACR, `)`.
    // (acronym text, span of the defining mention): spans, because adding mentions reorders them.
    let mut acronyms: Vec<(String, headwater_doc::Span)> = Vec::new();
    let mut added: Vec<Mention> = Vec::new();
    for m in doc.mentions.iter() {
        if matches!(
            m.label,
            EntityLabel::Person | EntityLabel::Date | EntityLabel::Norp
        ) {
            continue;
        }
        let k = doc.token_at_or_after(m.span.end);
        if doc.token_text(k) != "(" || doc.token_text(k + 2) != ")" {
            continue;
        }
        let acr = doc.token_text(k + 1);
        if !acronym_like(acr) {
            continue;
        }
        let words: Vec<&str> = doc.slice(m.span).split_whitespace().collect();
        let clean: String = acr.chars().filter(|c| c.is_alphanumeric()).collect();
        let ok = initials(&words, true) == clean
            || initials(&words, false) == clean
            || (clean.chars().next() == initials(&words, true).chars().next()
                && clean.len() <= words.len() + 2
                && words.len() >= 2);
        if !ok {
            continue;
        }
        acronyms.push((acr.to_string(), m.span));
    }
    // Every use of a defined acronym becomes a mention.
    if !acronyms.is_empty() {
        for ti in 0..doc.tokens.len() {
            let text = doc.token_text(ti);
            let Some((_, def)) = acronyms.iter().find(|(a, _)| a == text) else {
                continue;
            };
            let span = doc.tokens.get(ti).map(|t| t.span).unwrap_or_default();
            if doc.mentions.iter().any(|m| m.span.overlaps(span)) {
                continue;
            }
            let label = doc
                .mentions
                .iter()
                .find(|m| m.span == *def)
                .map(|m| m.label)
                .unwrap_or(EntityLabel::Org);
            added.push(Mention {
                span,
                label,
                entity: None,
            });
        }
    }
    if !added.is_empty() {
        doc.mentions.extend(added);
        doc.mentions.sort_by_key(|m| (m.span.start, m.span.end));
    }
    let n = doc.mentions.len();
    let texts: Vec<String> = doc
        .mentions
        .iter()
        .map(|m| doc.slice(m.span).to_string())
        .collect();
    // A person written `Surname, Given` (reference lists) is keyed as `Given Surname`.
    let norms: Vec<String> = texts
        .iter()
        .zip(&doc.mentions)
        .map(|(t, m)| match t.split_once(',') {
            Some((last, first))
                if m.label == EntityLabel::Person
                    && !first.contains(',')
                    && last.split_whitespace().count() == 1
                    && first.split_whitespace().count() == 1 =>
            {
                norm(&format!("{} {}", first.trim(), last.trim()))
            }
            _ => norm(t),
        })
        .collect();
    let mut parent: Vec<usize> = (0..n).collect();
    let person = |i: usize| {
        doc.mentions
            .get(i)
            .is_some_and(|m| m.label == EntityLabel::Person)
    };
    // First word, last word and word count of each mention's normalized text, computed once.
    let shape: Vec<(&str, &str, usize)> = norms
        .iter()
        .map(|s| {
            let mut it = s.split(' ');
            let first = it.next().unwrap_or("");
            let last = s.rsplit(' ').next().unwrap_or("");
            (first, last, s.split(' ').count())
        })
        .collect();
    let first_of = |i: usize| shape.get(i).map(|x| x.0).unwrap_or("");
    let last_of = |i: usize| shape.get(i).map(|x| x.1).unwrap_or("");
    let nwords = |i: usize| shape.get(i).map(|x| x.2).unwrap_or(0);
    // Surnames shared by two full names with different first words: a bare use is resolved by
    // position, never by exact repeat (which would chain both people together).
    let mut full_names: std::collections::HashMap<&str, Vec<usize>> = Default::default();
    for i in 0..n {
        if person(i) && nwords(i) >= 2 {
            full_names.entry(last_of(i)).or_default().push(i);
        }
    }
    let ambiguous = |surname: &str| {
        full_names.get(surname).is_some_and(|v| {
            v.iter()
                .any(|&j| v.first().is_some_and(|&k| first_of(j) != first_of(k)))
        })
    };
    // 1. exact repeats
    let mut seen: std::collections::HashMap<(EntityLabel, &str), usize> = Default::default();
    for i in 0..n {
        let Some(key) = norms.get(i).map(|s| s.as_str()) else {
            continue;
        };
        if key.is_empty() || (person(i) && nwords(i) == 1 && ambiguous(key)) {
            continue;
        }
        let label = doc
            .mentions
            .get(i)
            .map(|m| m.label)
            .unwrap_or(EntityLabel::Other);
        match seen.get(&(label, key)) {
            Some(&j) => union(&mut parent, i, j),
            None => {
                seen.insert((label, key), i);
            }
        }
    }
    // 2. acronyms: link every mention of ACR with the mention right before `(ACR)`, including
    // uses that come before the definition (an article may use the acronym first).
    for (acr, def_span) in &acronyms {
        let Some(d) = doc.mentions.iter().position(|m| m.span == *def_span) else {
            continue;
        };
        for u in (0..n).filter(|&i| texts.get(i) == Some(acr)) {
            union(&mut parent, d, u);
        }
    }
    // 3. surnames and first/last-name variants of people.
    let mut by_first_last: std::collections::HashMap<(&str, &str), usize> = Default::default();
    for i in 0..n {
        if !person(i) {
            continue;
        }
        if nwords(i) >= 2 {
            // Same first and last word ("Maria Lopez" / "Maria A. Lopez").
            match by_first_last.get(&(first_of(i), last_of(i))) {
                Some(&j) => union(&mut parent, i, j),
                None => {
                    by_first_last.insert((first_of(i), last_of(i)), i);
                }
            }
            continue;
        }
        let surname = first_of(i);
        let Some(fulls) = full_names.get(surname) else {
            continue;
        };
        let target = if ambiguous(surname) {
            fulls.iter().copied().rfind(|&j| j < i)
        } else {
            fulls.first().copied()
        };
        if let Some(j) = target {
            union(&mut parent, i, j);
        }
    }
    // Build entities in order of first mention.
    let mut root_entity: Vec<Option<u32>> = vec![None; n];
    let mut entities: Vec<Entity> = Vec::new();
    for i in 0..n {
        let r = find(&mut parent, i);
        let eid = match root_entity.get(r).copied().flatten() {
            Some(e) => e,
            None => {
                let e = entities.len() as u32;
                entities.push(Entity {
                    label: doc
                        .mentions
                        .get(i)
                        .map(|m| m.label)
                        .unwrap_or(EntityLabel::Other),
                    name: String::new(),
                    aliases: Vec::new(),
                    mentions: Vec::new(),
                });
                if let Some(slot) = root_entity.get_mut(r) {
                    *slot = Some(e);
                }
                e
            }
        };
        if let Some(ent) = entities.get_mut(eid as usize) {
            ent.mentions.push(i as u32);
        }
        if let Some(m) = doc.mentions.get_mut(i) {
            m.entity = Some(eid);
        }
    }
    for ent in &mut entities {
        let mut name = String::new();
        let mut name_listed = false;
        let mut label = ent.label;
        for &mi in &ent.mentions {
            let t = texts.get(mi as usize).map(|s| s.as_str()).unwrap_or("");
            let t = t
                .strip_suffix("'s")
                .or_else(|| t.strip_suffix("’s"))
                .unwrap_or(t)
                .trim();
            // A person's `Surname, Given` (reference lists) names the entity only when no
            // running-text form does.
            let listed = t.contains(',')
                && doc
                    .mentions
                    .get(mi as usize)
                    .is_some_and(|m| m.label == EntityLabel::Person);
            let better = if name.is_empty() || listed != name_listed {
                name.is_empty() || name_listed
            } else {
                t.chars().count() > name.chars().count()
            };
            if better {
                name = t.to_string();
                name_listed = listed;
                label = doc
                    .mentions
                    .get(mi as usize)
                    .map(|m| m.label)
                    .unwrap_or(label);
            }
        }
        let mut aliases: Vec<String> = Vec::new();
        for &mi in &ent.mentions {
            let t = texts.get(mi as usize).map(|s| s.as_str()).unwrap_or("");
            let t = t
                .strip_suffix("'s")
                .or_else(|| t.strip_suffix("’s"))
                .unwrap_or(t)
                .trim();
            if t != name && !aliases.iter().any(|a| a == t) && !t.is_empty() {
                aliases.push(t.to_string());
            }
        }
        ent.name = name;
        ent.label = label;
        ent.aliases = aliases;
    }
    doc.entities = entities;
}
