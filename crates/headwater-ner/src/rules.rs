//! Label refinement and rule-based mentions: model classes become contract labels (GPE/LOC,
//! MEDIA), and lexicon rules add NORP, MEDIA and DATE mentions on tokens the model left outside.

use crate::features::{bits, hash_lower, hash_lower_continue, lex_flags, Case, TokInfo};
use crate::model::Class;
use headwater_doc::EntityLabel;

/// Continues hash `h` with `words` as the lexicons write them: joined by a space, except around
/// a hyphen the tokenizer split off (`Agence France - Presse` is listed as `agence
/// france-presse`). With `spaced`, `h` already ends in a word and a space comes first.
fn hash_phrase_words(mut h: u64, words: &[&str], mut spaced: bool) -> u64 {
    let mut prev = "";
    for w in words {
        if spaced && *w != "-" && prev != "-" {
            h = hash_lower_continue(h, " ");
        }
        h = hash_lower_continue(h, w);
        prev = w;
        spaced = true;
    }
    h
}

fn phrase_hash(words: &[&str]) -> u64 {
    hash_phrase_words(crate::features::HASH_START, words, false)
}

fn phrase_flags(words: &[&str]) -> u32 {
    lex_flags(phrase_hash(words))
}

fn capitalized(t: &TokInfo) -> bool {
    matches!(t.case, Case::Title | Case::Upper | Case::Mixed)
}

/// The contract label of a model chunk.
fn refine(words: &[&str], toks: &[TokInfo], class: Class) -> EntityLabel {
    let flags = phrase_flags(words);
    // Outlet names are often written with a leading `the` that the chunk leaves out.
    let flags_the = lex_flags(hash_phrase_words(hash_lower("the"), words, true));
    if (flags | flags_the) & bits::OUTLET != 0 {
        return EntityLabel::Media;
    }
    match class {
        Class::Per => EntityLabel::Person,
        Class::Org => {
            let tail = toks
                .last()
                .map(|t| t.lex & bits::OUTLET_TAIL != 0)
                .map(|x| x || words.last().is_some_and(|w| eq_any(w, MEDIA_HEADS)));
            if words.len() >= 2 && tail == Some(true) && toks.first().is_some_and(capitalized) {
                EntityLabel::Media
            } else {
                EntityLabel::Org
            }
        }
        Class::Loc => {
            if flags & bits::GPE != 0 {
                EntityLabel::Gpe
            } else if (words.len() >= 2 && words.last().is_some_and(|w| eq_any(w, PLACE_HEADS)))
                || flags & bits::REGION != 0
                || flags_the & bits::REGION != 0
                || (words.len() >= 2 && toks.iter().any(|t| t.lex & bits::LOC_WORD != 0))
            {
                EntityLabel::Loc
            } else {
                EntityLabel::Gpe
            }
        }
    }
}

fn is_number(w: &str) -> bool {
    !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit())
}

fn day_number(w: &str) -> bool {
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &w[digits.len()..];
    is_number(digits)
        && digits.len() <= 2
        && matches!(suffix, "" | "st" | "nd" | "rd" | "th")
        && digits.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d))
}

fn year(w: &str) -> bool {
    w.len() == 4 && is_number(w) && w.parse::<u32>().is_ok_and(|y| (1800..=2099).contains(&y))
}

fn decade(w: &str) -> bool {
    let w = w.trim_start_matches('\'');
    w.ends_with('s')
        && w.len() >= 3
        && is_number(&w[..w.len() - 1])
        && (w.len() == 5 || w.len() == 3)
}

fn numeric_date(w: &str) -> bool {
    let mut parts = 0;
    let mut has_year = false;
    for p in w.split(['-', '/']) {
        if !is_number(p) {
            return false;
        }
        has_year |= year(p);
        parts += 1;
    }
    parts == 3 && has_year
}

const YEAR_PREP: &[&str] = &[
    "in", "since", "by", "until", "till", "of", "from", "during", "before", "after", "early",
    "late", "mid", "mid-", "around", "circa", "through", "to", "between", "and", "the",
];
/// Capitalised words that never open an organization name (sentence-initial function words).
const LEFT_STOP: &[&str] = &[
    "the",
    "a",
    "an",
    "and",
    "or",
    "but",
    "of",
    "in",
    "on",
    "at",
    "for",
    "to",
    "by",
    "with",
    "from",
    "as",
    "if",
    "when",
    "while",
    "after",
    "before",
    "this",
    "that",
    "these",
    "those",
    "it",
    "he",
    "she",
    "we",
    "they",
    "i",
    "you",
    "his",
    "her",
    "their",
    "our",
    "my",
    "your",
    "its",
    "said",
    "says",
    "according",
    "both",
    "all",
    "some",
    "many",
    "most",
];
const RELATIVE: &[&str] = &["last", "next", "this", "past", "previous", "coming"];
const PERIODS: &[&str] = &[
    "week", "month", "year", "weekend", "spring", "summer", "fall", "autumn", "winter", "decade",
    "century", "morning", "evening", "night",
];
const UNITS: &[&str] = &[
    "day", "days", "week", "weeks", "month", "months", "year", "years", "decade", "decades",
];
const NUM_WORDS: &[&str] = &[
    "a", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several",
    "few", "many", "eleven", "twelve", "twenty", "fifteen",
];

fn eq_any(w: &str, list: &[&str]) -> bool {
    list.iter().any(|x| x.eq_ignore_ascii_case(w))
}

/// If a DATE starts at `i`, its end.
fn date_at(words: &[&str], toks: &[TokInfo], i: usize) -> Option<usize> {
    let w = *words.get(i)?;
    let t = toks.get(i)?;
    let word = |k: usize| words.get(k).copied().unwrap_or("");
    let tok_month = |k: usize| {
        toks.get(k)
            .is_some_and(|t| t.lex & bits::MONTH != 0 && capitalized(t))
    };
    // month [day] [, year] | month year
    let month_tail = |mut j: usize| -> usize {
        if day_number(word(j)) {
            j += 1;
            if word(j) == "," && year(word(j + 1)) {
                j += 2;
            } else if year(word(j)) {
                j += 1;
            }
        } else if year(word(j)) {
            j += 1;
        }
        j
    };
    if t.lex & bits::DAY_WORD != 0 {
        return Some(i + 1);
    }
    if t.lex & bits::WEEKDAY != 0 && capitalized(t) {
        if word(i + 1) == "," && tok_month(i + 2) {
            let j = month_tail(i + 3);
            if j > i + 3 {
                return Some(j);
            }
        }
        return Some(i + 1);
    }
    if tok_month(i) {
        let j = month_tail(i + 1);
        if j > i + 1 {
            return Some(j);
        }
        let ambiguous = eq_any(
            w,
            &[
                "may", "march", "jan", "mar", "apr", "jun", "jul", "aug", "sep", "oct", "nov",
                "dec", "feb", "sept",
            ],
        );
        let prev = if i > 0 { word(i - 1) } else { "" };
        if !ambiguous || (i > 0 && eq_any(prev, YEAR_PREP) && !eq_any(prev, &["and", "to", "the"]))
        {
            return Some(i + 1);
        }
        return None;
    }
    if day_number(w) && tok_month(i + 1) {
        let mut j = i + 2;
        if year(word(j)) {
            j += 1;
        }
        return Some(j);
    }
    if numeric_date(w) {
        return Some(i + 1);
    }
    if decade(w) {
        return Some(i + 1);
    }
    if year(w) && i > 0 && eq_any(word(i - 1), YEAR_PREP) {
        return Some(i + 1);
    }
    if eq_any(w, RELATIVE) && eq_any(word(i + 1), PERIODS) {
        return Some(i + 2);
    }
    if (is_number(w) || eq_any(w, NUM_WORDS))
        && eq_any(word(i + 1), UNITS)
        && word(i + 2).eq_ignore_ascii_case("ago")
    {
        return Some(i + 3);
    }
    None
}

/// Splits a person chunk that runs on through `of` into the person's affiliation ("Jane Roe of
/// Acme Television"): the tagger often reads the whole phrase as one name, which hides the
/// person's own name from grouping and cross-document linking. The affiliation becomes a place
/// when the lexicon knows it as one, an organization otherwise. Chunks with a title word before
/// the `of` are left whole, because there `of` belongs to the title ("Secretary of State").
pub fn split_affiliations(
    words: &[&str],
    toks: &[TokInfo],
    chunks: &mut Vec<(usize, usize, Class)>,
) {
    let mut k = 0;
    while let Some(&(s, e, c)) = chunks.get(k) {
        k += 1;
        if c != Class::Per {
            continue;
        }
        let Some(j) = (s + 1..e.saturating_sub(1))
            .find(|&j| words.get(j) == Some(&"of") && toks.get(j + 1).is_some_and(capitalized))
        else {
            continue;
        };
        let titled = toks
            .get(s..j)
            .is_some_and(|ts| ts.iter().any(|t| t.lex & bits::TITLE != 0));
        let Some(rest) = words.get(j + 1..e) else {
            continue;
        };
        if titled {
            continue;
        }
        let place = phrase_flags(rest) & (bits::GPE | bits::REGION) != 0;
        let class = if place { Class::Loc } else { Class::Org };
        if let Some(slot) = chunks.get_mut(k - 1) {
            *slot = (s, j, Class::Per);
        }
        chunks.insert(k, (j + 1, e, class));
        k += 1;
    }
}

/// Splits person and place chunks at an inner `and` / `or` ("Richard Engel and Robert Roe") or
/// preposition, and place chunks at a comma ("Midland , Texas"): UNER's person and place names
/// never hold one, while the tagger, trained on text where lists of names are frequent,
/// sometimes runs one chunk across them. Organizations keep theirs ("Department of Housing and
/// Urban Development", "Google , Inc.").
pub fn split_coordinations(words: &[&str], chunks: &mut Vec<(usize, usize, Class)>) {
    let mut k = 0;
    while let Some(&(s, e, c)) = chunks.get(k) {
        k += 1;
        if c == Class::Org {
            continue;
        }
        let splits = |w: &str| {
            matches!(
                w,
                "and" | "or" | "in" | "on" | "at" | "from" | "to" | "for" | "with"
            ) || (c == Class::Loc && w == ",")
        };
        let Some(j) =
            (s + 1..e.saturating_sub(1)).find(|&j| words.get(j).is_some_and(|w| splits(w)))
        else {
            continue;
        };
        if let Some(slot) = chunks.get_mut(k - 1) {
            *slot = (s, j, c);
        }
        // The right part goes back through the loop, so a list of three splits twice.
        chunks.insert(k, (j + 1, e, c));
    }
    // A "person" made of title words only ("President", "Professor of Medicine") names no one.
    chunks.retain(|&(s, e, c)| {
        c != Class::Per
            || !words.get(s..e).is_some_and(|ws| {
                ws.iter()
                    .all(|w| *w == "of" || lex_flags(hash_lower(w)) & bits::TITLE != 0)
            })
    });
}

/// An organization chunk that runs across `and` between two names, one of them a listed
/// organization (`Amnesty International and Human Rights Watch`), is two organizations; other
/// organization chunks keep their `and` (`Department of Housing and Urban Development`).
pub fn split_listed_org_pairs(
    words: &[&str],
    toks: &[TokInfo],
    chunks: &mut Vec<(usize, usize, Class)>,
) {
    let mut k = 0;
    while let Some(&(s, e, c)) = chunks.get(k) {
        k += 1;
        if c != Class::Org {
            continue;
        }
        let listed =
            |a: usize, b: usize| toks.get(a..b).is_some_and(|ts| whole_name(ts, |t| t.org));
        let Some(j) = (s + 1..e.saturating_sub(1)).find(|&j| {
            words.get(j) == Some(&"and")
                && toks.get(j + 1).is_some_and(capitalized)
                && (listed(s, j) || listed(j + 1, e))
        }) else {
            continue;
        };
        if let Some(slot) = chunks.get_mut(k - 1) {
            *slot = (s, j, c);
        }
        chunks.insert(k, (j + 1, e, c));
        k += 1;
    }
}

/// An organization chunk is cut at an inner comma unless a legal form follows it (`Acme , Inc.`
/// stays whole): `US , EU` is a list of two names, which the tagger sometimes runs together.
/// Each part keeps the type; later rules may retype a listed place.
pub fn split_org_commas(words: &[&str], chunks: &mut Vec<(usize, usize, Class)>) {
    let mut k = 0;
    while let Some(&(s, e, c)) = chunks.get(k) {
        k += 1;
        if c != Class::Org {
            continue;
        }
        let Some(j) = (s + 1..e.saturating_sub(1)).find(|&j| {
            words.get(j) == Some(&",") && !words.get(j + 1).is_some_and(|w| eq_any(w, LEGAL_FORMS))
        }) else {
            continue;
        };
        if let Some(slot) = chunks.get_mut(k - 1) {
            *slot = (s, j, c);
        }
        chunks.insert(k, (j + 1, e, c));
    }
}

/// A quoted `"Last , First"` (how mail headers write a sender: `" Roe , Jane " <jroe@…>`) is one
/// person: UNER keeps the pair in one chunk, while the tagger reads two names or one. Only two
/// capitalised words filling the quotes, at least one of them already in a PER chunk, qualify.
pub fn last_first_names(words: &[&str], toks: &[TokInfo], chunks: &mut Vec<(usize, usize, Class)>) {
    let mut i = 0;
    while i + 4 < words.len() {
        // Checked in order of cost: most positions fail on the quotes alone.
        let hit = words.get(i) == Some(&"\"")
            && words.get(i + 2) == Some(&",")
            && words.get(i + 4) == Some(&"\"")
            && [i + 1, i + 3].iter().all(|&k| {
                toks.get(k)
                    .is_some_and(|t| matches!(t.case, Case::Title | Case::Mixed) && t.len > 1)
            })
            && chunks
                .iter()
                .any(|&(s, e, c)| c == Class::Per && s < i + 4 && e > i + 1);
        if hit {
            chunks.retain(|&(s, e, _)| e <= i + 1 || s >= i + 4);
            let at = chunks.partition_point(|&(s, _, _)| s < i + 1);
            chunks.insert(at, (i + 1, i + 4, Class::Per));
            i += 5;
        } else {
            i += 1;
        }
    }
}

/// An all-capitals acronym in parentheses right after an organization chunk ("Housing Authority
/// of New Orleans ( HANO )") names the same organization: it becomes an ORG chunk too, since
/// the tagger often leaves unknown acronyms outside.
pub fn acronyms_after_orgs(
    words: &[&str],
    toks: &[TokInfo],
    chunks: &mut Vec<(usize, usize, Class)>,
) {
    let mut k = 0;
    while let Some(&(_, e, c)) = chunks.get(k) {
        k += 1;
        if c != Class::Org || words.get(e) != Some(&"(") || words.get(e + 2) != Some(&")") {
            continue;
        }
        let acronym = toks
            .get(e + 1)
            .is_some_and(|t| t.case == Case::Upper && (2..=8).contains(&t.len));
        let free = chunks.get(k).is_none_or(|n| n.0 > e + 1);
        if acronym && free {
            chunks.insert(k, (e + 1, e + 2, Class::Org));
            k += 1;
        }
    }
}

/// Planets and the lunar nodes of Indian astrology: named, but not people or places to UNER.
const PLANETS: &[&str] = &[
    "mercury", "venus", "mars", "jupiter", "saturn", "uranus", "neptune", "pluto", "rahu", "ketu",
];

/// Words that name a storm by the name after them.
const STORM_WORDS: &[&str] = &["hurricane", "typhoon", "cyclone", "storm"];

/// Storms are outside in UNER, but their names look like people's ("Katrina"): a person
/// mention of a storm word with a name ("Hurricane Rita"), or of a name that the document
/// writes after a storm word elsewhere, is dropped. `out[first..]` holds one document's
/// mentions, `words` its words.
pub fn drop_storms(words: &[&str], out: &mut Vec<(usize, usize, EntityLabel)>, first: usize) {
    let storm_at = |i: usize| words.get(i).is_some_and(|w| eq_any(w, STORM_WORDS));
    if !(0..words.len()).any(storm_at) {
        return;
    }
    let names: Vec<u64> = (0..words.len())
        .filter(|&i| storm_at(i))
        .filter_map(|i| words.get(i + 1))
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .map(|w| hash_lower(w))
        .collect();
    let mut k = 0;
    out.retain(|&(s, e, l)| {
        k += 1;
        if k <= first || l != EntityLabel::Person {
            return true;
        }
        let name = match words.get(s..e) {
            Some([w]) => w,
            Some([a, w]) if eq_any(a, STORM_WORDS) => w,
            _ => return true,
        };
        !names.contains(&hash_lower(name))
    });
}

/// An all-capitals acronym that names an organization once in a document ("Housing Authority
/// of New Orleans ( HANO )") names it everywhere there: its occurrences outside every mention
/// become ORG mentions too, since the tagger, which sees the definition only in its own
/// sentence, leaves most of them outside. `toks` and `keys` (lowercase hashes) hold the whole
/// document, `bounds` its sentences, `out[first..]` its mentions in document positions;
/// `covered` is a reusable buffer.
pub fn repeat_acronyms(
    toks: &[TokInfo],
    keys: &[u64],
    bounds: &[std::ops::Range<usize>],
    covered: &mut Vec<bool>,
    out: &mut Vec<(usize, usize, EntityLabel)>,
    first: usize,
) {
    let acronym = |i: usize| {
        toks.get(i)
            .is_some_and(|t| t.case == Case::Upper && (2..=8).contains(&t.len))
    };
    let Some(mine) = out.get(first..) else { return };
    // Most documents define none: stop before any buffer work.
    let mut names: Vec<u64> = Vec::new();
    for &(s, e, l) in mine {
        if e == s + 1 && matches!(l, EntityLabel::Org | EntityLabel::Media) && acronym(s) {
            if let Some(&k) = keys.get(s) {
                names.push(k);
            }
        }
    }
    if names.is_empty() {
        return;
    }
    let n = toks.len();
    add_free_orgs(bounds, covered, n, out, first, |i| {
        acronym(i) && keys.get(i).is_some_and(|k| names.contains(k))
    });
}

/// The initials of an organization named in a document stand for it there (`the Coalition
/// Provisional Authority` … `the CPA`): an all-capitals word outside every mention that spells
/// the initials of an ORG or MEDIA mention of two to six capitalised words (`of`, `and`, `for`,
/// `the`, `&` and hyphens skipped) becomes an ORG mention. `words` holds the whole document,
/// `bounds` its sentences, `out[first..]` its mentions in document positions; `covered` is a
/// reusable buffer.
pub fn initials_acronyms(
    words: &[&str],
    bounds: &[std::ops::Range<usize>],
    covered: &mut Vec<bool>,
    out: &mut Vec<(usize, usize, EntityLabel)>,
    first: usize,
) {
    const SKIP: &[&str] = &["of", "and", "for", "the", "&", "-"];
    let Some(mine) = out.get(first..) else { return };
    let mut names: Vec<String> = Vec::new();
    for &(s, e, l) in mine {
        if !matches!(l, EntityLabel::Org | EntityLabel::Media) {
            continue;
        }
        let Some(ws) = words.get(s..e) else { continue };
        let mut initials = String::new();
        let mut ok = true;
        for w in ws.iter().filter(|w| !eq_any(w, SKIP)) {
            match w.chars().next() {
                Some(c) if c.is_uppercase() => initials.push(c),
                _ => ok = false,
            }
        }
        let n = initials.chars().count();
        if ok && (2..=6).contains(&n) && !names.contains(&initials) {
            names.push(initials);
        }
    }
    if names.is_empty() {
        return;
    }
    add_free_orgs(bounds, covered, words.len(), out, first, |i| {
        words.get(i).is_some_and(|w| names.iter().any(|n| n == w))
    });
}

/// Adds a one-word ORG mention at every token of `bounds` outside the mentions `out[first..]`
/// for which `hit` holds, keeping `out[first..]` sorted by start. `covered` is a reusable
/// buffer sized to the document's `n` tokens.
fn add_free_orgs(
    bounds: &[std::ops::Range<usize>],
    covered: &mut Vec<bool>,
    n: usize,
    out: &mut Vec<(usize, usize, EntityLabel)>,
    first: usize,
    hit: impl Fn(usize) -> bool,
) {
    covered.clear();
    covered.resize(n, false);
    for &(s, e, _) in out.get(first..).unwrap_or(&[]) {
        for x in covered.iter_mut().take(e).skip(s) {
            *x = true;
        }
    }
    let before = out.len();
    for r in bounds {
        for i in r.clone() {
            if covered.get(i) == Some(&false) && hit(i) {
                out.push((i, i + 1, EntityLabel::Org));
            }
        }
    }
    if out.len() > before {
        if let Some(tail) = out.get_mut(first..) {
            tail.sort_by_key(|&(s, _, _)| s);
        }
    }
}

/// Legal-form words that close a company name ("Acme Widgets , Inc.").
const LEGAL_FORMS: &[&str] = &[
    "inc.", "inc", "corp.", "corp", "ltd.", "ltd", "llc", "l.l.c.", "plc", "pvt.", "gmbh",
];

/// A legal-form word closes a company name: UNER's organization chunks hold it, with the comma
/// before it ("Google , Inc."), while the tagger often leaves it outside or reads it as a name
/// of its own. A chunk ending right before it (or before its comma) grows to hold it and
/// becomes an organization; a chunk that is only the legal form is dropped; with no chunk, the
/// capitalised words before it (up to four) become one.
pub fn legal_forms(words: &[&str], toks: &[TokInfo], chunks: &mut Vec<(usize, usize, Class)>) {
    let is_form = |j: usize| words.get(j).is_some_and(|w| eq_any(w, LEGAL_FORMS));
    if !(0..words.len()).any(is_form) {
        return;
    }
    chunks.retain(|&(s, e, _)| !(s..e).all(is_form));
    for j in (1..words.len()).filter(|&j| is_form(j)) {
        if chunks.iter().any(|&(s, e, _)| s <= j && j < e) {
            continue;
        }
        let before = if words.get(j - 1) == Some(&",") {
            j - 1
        } else {
            j
        };
        if let Some(c) = chunks.iter_mut().find(|c| c.1 == before && c.0 < before) {
            *c = (c.0, j + 1, Class::Org);
            continue;
        }
        // The capitalised run right before, not reaching into a chunk or a function word.
        let mut s = before;
        while s > 0 && before - s < 4 {
            let ok = toks.get(s - 1).is_some_and(capitalized)
                && words.get(s - 1).is_some_and(|w| !eq_any(w, LEFT_STOP))
                && !chunks.iter().any(|&(a, b, _)| a < s && s - 1 < b);
            if !ok {
                break;
            }
            s -= 1;
        }
        if s < before {
            let at = chunks.partition_point(|c| c.0 < s);
            chunks.insert(at, (s, j + 1, Class::Org));
        }
    }
}

/// A name followed by a bare `s` token (`McDonald s`, `Wendy s`, `woodrow s`: a possessive
/// typed without its apostrophe) is a shop or restaurant, and the `s` belongs to it, as UNER
/// marks it. A person reading becomes a place, the type UNER mostly gives restaurants.
pub fn bare_possessives(words: &[&str], chunks: &mut [(usize, usize, Class)]) {
    for k in 0..chunks.len() {
        let Some(&(s, e, c)) = chunks.get(k) else {
            continue;
        };
        let free = chunks.get(k + 1).is_none_or(|x| x.0 > e);
        if free && words.get(e) == Some(&"s") {
            if let Some(x) = chunks.get_mut(k) {
                *x = (s, e + 1, if c == Class::Per { Class::Loc } else { c });
            }
        }
    }
}

/// Last words that make a capitalised name an organization whatever the tagger read it as
/// (`Northern Valley Water Authority` read as a place, `Acme Institute` as a person).
const ORG_HEADS: &[&str] = &[
    "authority",
    "institute",
    "agency",
    "council",
    "committee",
    "commission",
    "association",
    "foundation",
    "ministry",
    "department",
    "federation",
    "corporation",
    "university",
    "college",
    "coalition",
    "bureau",
    "inc.",
    "corp.",
    "ltd.",
    "llc",
];

/// Last words of geographic features: a person's name rarely ends in one (`Calder Ridge`,
/// `Arden Falls`), and the place is a LOC rather than a GPE.
const PLACE_HEADS: &[&str] = &[
    "ridge",
    "falls",
    "valley",
    "creek",
    "lake",
    "river",
    "mountain",
    "mountains",
    "hills",
    "canyon",
    "heights",
    "springs",
    "island",
    "islands",
    "beach",
    "bay",
];

/// Last words of news outlets beyond the lexicon's outlet tails (`Harbor Ledger`, `Meridian
/// Wire`); kept here rather than in the lexicon so the model's features stay as trained.
const MEDIA_HEADS: &[&str] = &[
    "ledger", "courier", "gazette", "tribune", "wire", "bulletin",
];

/// Job words that stand before a name without being part of it (`Farmer Oskar Delacroix`,
/// `Doctor Hank`). Honorifics (`Capt.`, `Prophet`) are not here: UNER keeps some of those in
/// the name, and stripping the lexicon's titles lowered cross-validated F1.
const JOB_WORDS: &[&str] = &[
    "doctor",
    "farmer",
    "engineer",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "councillor",
    "councilor",
    "councilwoman",
    "councilman",
    "teacher",
    "nurse",
    "lawyer",
    "analyst",
    "economist",
    "scientist",
    "researcher",
    "hydrologist",
    "professor",
    "director",
    "manager",
    "officer",
    "resident",
    "activist",
    "author",
    "writer",
    "reporter",
    "editor",
    "photographer",
    "owner",
    "chairman",
    "chairwoman",
    "chair",
    "president",
    "ceo",
    "sheikh",
    "journalist",
    "columnist",
    "correspondent",
    "commentator",
    "blogger",
];

/// Whether token `k` is a capitalised outlet word (`Ledger`, `Times`).
fn media_word(words: &[&str], toks: &[TokInfo], k: usize) -> bool {
    toks.get(k).is_some_and(|t| {
        t.case == Case::Title
            && (t.lex & bits::OUTLET_TAIL != 0
                || words.get(k).is_some_and(|w| eq_any(w, MEDIA_HEADS)))
    })
}

/// Retypes chunks by their last word, which in English names says what kind of thing is named:
/// organization heads (`… Authority`, `… Institute`) make an ORG, feature words (`… Ridge`,
/// `… Falls`) turn a person into a place, outlet words (`… Ledger`, `… Courier`) and
/// small-business words (`… Pizza`, `… Auto`) make an ORG (the outlet then becomes MEDIA in
/// [`finalize`]). A lone outlet word after `the` (`the Ledger`) is an ORG too. The tagger, which
/// sees unknown invented names mostly through their shape, often reads them as people.
pub fn head_words(words: &[&str], toks: &[TokInfo], chunks: &mut [(usize, usize, Class)]) {
    for c in chunks.iter_mut() {
        let (s, e, class) = *c;
        let after_the = s > 0
            && words
                .get(s - 1)
                .is_some_and(|w| w.eq_ignore_ascii_case("the"));
        if e == s + 1 && after_the && media_word(words, toks, s) {
            c.2 = Class::Org;
            continue;
        }
        if e < s + 2 || !toks.get(s).is_some_and(capitalized) {
            continue;
        }
        let Some(last) = words.get(e - 1) else {
            continue;
        };
        let Some(last_tok) = toks.get(e - 1).filter(|t| capitalized(t)) else {
            continue;
        };
        // `Michael Bay`, `Ricki Lake`, `Emily Post`: a listed given name before a feature or
        // outlet word keeps a person's two-word name a person.
        let given = bits::GIVEN | bits::GIVEN_TOP | bits::GIVEN_REST;
        let person_like =
            class == Class::Per && e == s + 2 && toks.get(s).is_some_and(|t| t.lex & given != 0);
        let org_head = eq_any(last, ORG_HEADS) || (media_word(words, toks, e - 1) && !person_like);
        let place_head = eq_any(last, PLACE_HEADS) && !person_like;
        let shop = last_tok.lex & bits::BUSINESS != 0 && !person_like;
        if (class != Class::Org && org_head) || (class == Class::Per && shop && !place_head) {
            c.2 = Class::Org;
        } else if class == Class::Per && place_head {
            c.2 = Class::Loc;
        }
    }
}

/// Common nouns that name a kind of institution or place, capitalised in web text (`this
/// University`, `a Senate term`, `in the World`), which UNER leaves outside when they stand
/// alone.
const GENERIC_NOUNS: &[&str] = &[
    "university",
    "college",
    "senate",
    "army",
    "navy",
    "court",
    "administration",
    "government",
    "department",
    "committee",
    "council",
    "agency",
    "world",
    "city",
    "state",
    "salon",
    "church",
    "police",
    "company",
];

/// Drops a one-word chunk that is a generic institution or place noun (`GENERIC_NOUNS`) after
/// a determiner (`the`, `this`, `a`…) or opening the sentence.
pub fn drop_generic_nouns(words: &[&str], chunks: &mut Vec<(usize, usize, Class)>) {
    const DETERMINERS: &[&str] = &[
        "the", "this", "that", "a", "an", "our", "my", "your", "their",
    ];
    chunks.retain(|&(s, e, _)| {
        let generic = e == s + 1 && words.get(s).is_some_and(|w| eq_any(w, GENERIC_NOUNS));
        let det = s == 0 || words.get(s - 1).is_some_and(|w| eq_any(w, DETERMINERS));
        !(generic && det)
    });
}

/// Last words of company names that the tagger tends to leave outside a name it reads as a
/// place or person (`El Paso Energy`, `Rodale Books`).
const COMPANY_HEADS: &[&str] = &[
    "energy",
    "group",
    "bank",
    "airlines",
    "books",
    "partners",
    "services",
    "systems",
    "technologies",
    "industries",
    "holdings",
    "company",
    "press",
    "records",
];

/// A chunk followed by a capitalised organization or company head word outside any chunk
/// (`El Paso` + `Energy`, `Rodale` + `Books`) takes the word in and becomes an ORG.
pub fn org_heads_after(words: &[&str], toks: &[TokInfo], chunks: &mut [(usize, usize, Class)]) {
    let starts: Vec<usize> = chunks.iter().map(|c| c.0).collect();
    for c in chunks.iter_mut() {
        let e = c.1;
        let head = words
            .get(e)
            .is_some_and(|w| eq_any(w, ORG_HEADS) || eq_any(w, COMPANY_HEADS))
            && toks.get(e).is_some_and(|t| t.case == Case::Title);
        if head && !starts.contains(&e) {
            c.1 = e + 1;
            c.2 = Class::Org;
        }
    }
}

/// Strips job words from the front of person chunks (`Farmer Oskar Delacroix` → `Oskar
/// Delacroix`): UNER leaves them out, and so must grouping, which keys on the name. Only done
/// when a capitalised word is left.
pub fn strip_job_words(words: &[&str], toks: &[TokInfo], chunks: &mut [(usize, usize, Class)]) {
    for c in chunks.iter_mut() {
        let (s0, e, class) = *c;
        if class != Class::Per {
            continue;
        }
        let mut s = s0;
        while s + 1 < e && words.get(s).is_some_and(|w| eq_any(w, JOB_WORDS)) {
            s += 1;
        }
        if s > s0 && toks.get(s).is_some_and(capitalized) {
            c.0 = s;
        }
    }
}

/// A person chunk that opens with an office named through `of` (`Secretary of State Hillary
/// Clinton`, `Minister of Defense Hazem Shaalan`) starts at the listed given name after it: the
/// office is no part of the name, and grouping and linking need the name alone.
pub fn strip_office_phrases(
    words: &[&str],
    toks: &[TokInfo],
    chunks: &mut [(usize, usize, Class)],
) {
    for c in chunks.iter_mut() {
        let (s, e, class) = *c;
        if class != Class::Per || toks.get(s).is_none_or(|t| t.lex & bits::TITLE == 0) {
            continue;
        }
        if words.get(s + 1) != Some(&"of") {
            continue;
        }
        // The office's object (`State`, `Foreign Affairs`), then a listed given name with at
        // least one capitalised word after it inside the chunk.
        let Some(g) = (s + 3..e.saturating_sub(1)).find(|&j| {
            toks.get(j)
                .is_some_and(|t| t.lex & bits::GIVEN != 0 && capitalized(t))
        }) else {
            continue;
        };
        if toks
            .get(s + 2..g)
            .is_some_and(|ts| ts.iter().all(capitalized))
            && toks.get(g + 1).is_some_and(capitalized)
        {
            c.0 = g;
        }
    }
}

/// A given name and surname right after a title or job word (`Authority spokesperson Lena
/// Marsh`) are a person: the tagger, unsure after an unknown capitalised word, leaves such names
/// outside or finds only the surname. The given name must be a listed one; up to two
/// capitalised words follow it.
pub fn names_after_titles(
    words: &[&str],
    toks: &[TokInfo],
    chunks: &mut Vec<(usize, usize, Class)>,
) {
    let given = bits::GIVEN | bits::GIVEN_TOP | bits::GIVEN_REST;
    let mut i = 0;
    while i + 2 < words.len() {
        let title = toks.get(i).is_some_and(|t| t.lex & bits::TITLE != 0)
            || words.get(i).is_some_and(|w| eq_any(w, JOB_WORDS));
        // After a lowercase job word (`columnist Zorbek Tally`), an unlisted given name will do
        // when a second capitalised word follows.
        let job = toks.get(i).is_some_and(|t| t.case == Case::Lower)
            && words.get(i).is_some_and(|w| eq_any(w, JOB_WORDS));
        let other = bits::GPE
            | bits::NORP
            | bits::ORG_WORD
            | bits::TITLE
            | bits::OUTLET_TAIL
            | bits::MONTH
            | bits::WEEKDAY;
        let first = toks.get(i + 1).is_some_and(|t| {
            t.case == Case::Title
                && (t.lex & given != 0
                    || (job
                        && t.lex & other == 0
                        && toks.get(i + 2).is_some_and(|u| u.case == Case::Title)))
        });
        if !title || !first {
            i += 1;
            continue;
        }
        // The tagger found the surname alone: the given name joins it.
        let given_free = !chunks.iter().any(|&(a, b, _)| a <= i + 1 && i + 1 < b);
        if let Some(c) = chunks
            .iter_mut()
            .find(|c| c.0 == i + 2 && c.2 == Class::Per)
        {
            if given_free {
                c.0 = i + 1;
            }
            i += 2;
            continue;
        }
        let mut e = i + 2;
        while e < words.len().min(i + 4)
            && toks.get(e).is_some_and(|t| {
                t.case == Case::Title && t.lex & (bits::TITLE | bits::ORG_WORD) == 0
            })
        {
            e += 1;
        }
        let free = !chunks.iter().any(|&(a, b, _)| a < e && b > i + 1);
        if e >= i + 3 && free {
            let at = chunks.partition_point(|c| c.0 < i + 1);
            chunks.insert(at, (i + 1, e, Class::Per));
        }
        i = e;
    }
}

/// Whether a token holds no letter at all (`[4]`, `[`, `*`, `4`).
fn no_letters(w: &str) -> bool {
    !w.chars().any(char::is_alphabetic)
}

/// Trims a chunk's edges: leading tokens without letters (a footnote mark, `[4] Engel`) and
/// trailing lowercase words after a capitalised name (`Meridian Wire reported`, `Mujahedin nasty
/// alliance`), which the tagger sometimes runs on into. Chunks that open in lowercase (web text
/// written without capitals, `tampa bay`) are left alone; a chunk left empty is dropped.
pub fn trim_chunk_edges(words: &[&str], toks: &[TokInfo], chunks: &mut Vec<(usize, usize, Class)>) {
    for c in chunks.iter_mut() {
        let (mut s, mut e) = (c.0, c.1);
        while s < e && words.get(s).is_some_and(|w| no_letters(w) && *w != "&") {
            s += 1;
        }
        if toks.get(s).is_some_and(capitalized) {
            let mut t = e;
            while t > s + 1
                && toks.get(t - 1).is_some_and(|t| t.case == Case::Lower)
                && words.get(t - 1).is_some_and(|w| {
                    w.len() > 1
                        && !w.starts_with('\'')
                        && !w.starts_with('’')
                        && !eq_any(w, &["of", "for", "and", "the", "on", "in", "de"])
                })
            {
                t -= 1;
            }
            // Only after a capitalised word: `Council of resistance` keeps its `of` phrase.
            if t < e && toks.get(t - 1).is_some_and(capitalized) {
                e = t;
            }
        }
        *c = (s, e, c.2);
    }
    chunks.retain(|&(s, e, _)| s < e);
}

/// Splits a long person chunk before a listed given name that opens its last two words
/// (`Mustafa Ahmadi Roshan Richard Silverstein` → `Mustafa Ahmadi Roshan`, `Richard
/// Silverstein`): two names in a row, where one sentence ends without a comma and the next
/// starts with a person, read to the tagger as one long name. At least three words stay before.
pub fn split_long_persons(toks: &[TokInfo], chunks: &mut Vec<(usize, usize, Class)>) {
    let given = bits::GIVEN_TOP;
    let mut k = 0;
    while let Some(&(s, e, c)) = chunks.get(k) {
        k += 1;
        if c != Class::Per || e < s + 5 {
            continue;
        }
        let j = e - 2;
        let starts = toks
            .get(j)
            .is_some_and(|t| t.case == Case::Title && t.lex & given != 0)
            && toks.get(j - 1).is_some_and(|t| t.lex & given == 0)
            && toks
                .get(s..e)
                .is_some_and(|ts| ts.iter().all(|t| t.case == Case::Title));
        if !starts {
            continue;
        }
        if let Some(slot) = chunks.get_mut(k - 1) {
            *slot = (s, j, c);
        }
        chunks.insert(k, (j, e, c));
        k += 1;
    }
}

/// A title followed by a listed given name and a surname inside an organization chunk (`US
/// Secretary of State Hillary Rodham Clinton`) names a person: the name becomes a person chunk,
/// and what stands before the title is kept only when it is a listed place (`US`).
pub fn persons_in_org_titles(
    words: &[&str],
    toks: &[TokInfo],
    chunks: &mut Vec<(usize, usize, Class)>,
) {
    let given = bits::GIVEN | bits::GIVEN_TOP | bits::GIVEN_REST;
    let mut k = 0;
    while let Some(&(s, e, c)) = chunks.get(k) {
        k += 1;
        if c != Class::Org {
            continue;
        }
        let Some(first_title) =
            (s..e).find(|&j| toks.get(j).is_some_and(|t| t.lex & bits::TITLE != 0))
        else {
            continue;
        };
        let Some(g) = (first_title + 1..e.saturating_sub(1)).find(|&j| {
            toks.get(j)
                .is_some_and(|t| t.case == Case::Title && t.lex & given != 0)
                && toks
                    .get(j - 1)
                    .is_some_and(|t| t.lex & bits::TITLE != 0 || t.case == Case::Title)
        }) else {
            continue;
        };
        let name_ok = e - g <= 4
            && toks.get(g..e).is_some_and(|ts| {
                ts.iter().all(|t| {
                    matches!(t.case, Case::Title | Case::Mixed)
                        && t.lex & (bits::TITLE | bits::ORG_WORD) == 0
                })
            });
        if !name_ok {
            continue;
        }
        let place = first_title > s
            && words
                .get(s..first_title)
                .is_some_and(|ws| phrase_flags(ws) & bits::GPE != 0);
        k -= 1;
        chunks.remove(k);
        if place {
            chunks.insert(k, (s, first_title, Class::Loc));
            k += 1;
        }
        chunks.insert(k, (g, e, Class::Per));
        k += 1;
    }
}

/// `Surname , Given` in a reference list (`[4] Engel , Richard & Windrem , Robert`): after a
/// footnote mark, `&`, `and` or `;`, a capitalised word, a comma and a capitalised word followed
/// by a comma, `&`, `and`, `;` or the end name one person, the way bibliographies write authors.
/// The first word must be a listed surname, the second a listed given name, or the tagger must
/// have found a person in them; a listed place (`Paris , Texas`) never qualifies. Chunks inside
/// are replaced by the person.
pub fn surname_given_lists(
    words: &[&str],
    toks: &[TokInfo],
    chunks: &mut Vec<(usize, usize, Class)>,
) {
    let given = bits::GIVEN | bits::GIVEN_TOP | bits::GIVEN_REST;
    let surname = bits::SURNAME_TOP | bits::SURNAME_REST;
    let mut i = 0;
    while i + 2 < words.len() {
        let opens = i > 0
            && words
                .get(i - 1)
                .is_some_and(|w| w.ends_with(']') || matches!(*w, "&" | "and" | ";"));
        let name = |k: usize| {
            toks.get(k).is_some_and(|t| {
                t.case == Case::Title
                    && t.len > 1
                    && t.lex & (bits::GPE | bits::TITLE | bits::NORP | bits::MONTH) == 0
            })
        };
        let closes = words
            .get(i + 3)
            .is_none_or(|w| matches!(*w, "," | "&" | "and" | ";" | "."));
        if !(opens && words.get(i + 1) == Some(&",") && name(i) && name(i + 2) && closes) {
            i += 1;
            continue;
        }
        let listed = toks.get(i).is_some_and(|t| t.lex & surname != 0)
            || toks.get(i + 2).is_some_and(|t| t.lex & given != 0);
        let per = chunks
            .iter()
            .any(|&(a, b, c)| c == Class::Per && a < i + 3 && b > i);
        let other = chunks
            .iter()
            .any(|&(a, b, _)| a < i + 3 && b > i && (a < i || b > i + 3));
        if (listed || per) && !other {
            chunks.retain(|&(a, b, _)| b <= i || a >= i + 3);
            let at = chunks.partition_point(|c| c.0 < i);
            chunks.insert(at, (i, i + 3, Class::Per));
            i += 3;
        } else {
            i += 1;
        }
    }
}

/// `Republic` names a state with the words around it: the capitalised words before it (`Islamic
/// Republic`, `Czech Republic`) and an `of` phrase after it (`Republic of Korea`) join one place
/// chunk, which the tagger often cuts into a nationality and a bare `Republic`.
pub fn republics(words: &[&str], toks: &[TokInfo], chunks: &mut Vec<(usize, usize, Class)>) {
    for r in 0..words.len() {
        if words.get(r) == Some(&"Republic") && toks.get(r).is_some_and(|t| t.case == Case::Title) {
            republic_at(toks, words, r, chunks);
        }
    }
}

/// [`republics`] for the `Republic` at token `r`.
fn republic_at(
    toks: &[TokInfo],
    words: &[&str],
    r: usize,
    chunks: &mut Vec<(usize, usize, Class)>,
) {
    let mut s = r;
    while s > 0
        && s + 3 > r
        && toks
            .get(s - 1)
            .is_some_and(|t| t.case == Case::Title && t.lex & bits::TITLE == 0)
    {
        s -= 1;
    }
    let mut e = r + 1;
    if words.get(e) == Some(&"of") && toks.get(e + 1).is_some_and(|t| t.case == Case::Title) {
        e += 2;
        while e < r + 5 && toks.get(e).is_some_and(|t| t.case == Case::Title) {
            e += 1;
        }
    }
    if e - s < 2 {
        return;
    }
    // Chunks reaching outside the span stay as they are.
    if chunks
        .iter()
        .any(|&(a, b, _)| a < e && b > s && (a < s || b > e))
    {
        return;
    }
    chunks.retain(|&(a, b, _)| b <= s || a >= e);
    let at = chunks.partition_point(|c| c.0 < s);
    chunks.insert(at, (s, e, Class::Loc));
}

/// One or two capitalised words before an outlet word (`Meridian Wire`, `Harbor Ledger`) that
/// the tagger left outside, or typed as a person or place without the outlet word, are an
/// outlet: an organization chunk, which [`finalize`] labels MEDIA.
pub fn outlet_names(words: &[&str], toks: &[TokInfo], chunks: &mut Vec<(usize, usize, Class)>) {
    let mut j = 2;
    while j < words.len() {
        let covered = |k: usize| chunks.iter().any(|&(a, b, _)| a <= k && k < b);
        if !media_word(words, toks, j) || covered(j) {
            j += 1;
            continue;
        }
        let mut s = j;
        while s > 0
            && s + 2 > j
            && toks
                .get(s - 1)
                .is_some_and(|t| t.case == Case::Title && t.lex & bits::TITLE == 0)
        {
            s -= 1;
        }
        // Not at the start of a sentence, where any word is capitalised.
        // The outlet word ends the name (`BBC Breaking News Alert` is no outlet), and a lowercase
        // word stands before it: not at the start of a sentence or a headline, where any word is
        // capitalised.
        let ok = s < j
            && s > 0
            && toks.get(s - 1).is_some_and(|t| t.case == Case::Lower)
            && toks.get(j + 1).is_none_or(|t| !capitalized(t));
        let inside = chunks.iter().position(|&(a, b, _)| a < j && b > s);
        let fits = inside.is_none_or(|k| chunks.get(k).is_some_and(|c| c.0 >= s && c.1 == j));
        if ok && fits {
            chunks.retain(|&(a, b, _)| b <= s || a >= j);
            let at = chunks.partition_point(|c| c.0 < s);
            chunks.insert(at, (s, j + 1, Class::Org));
        }
        j += 1;
    }
}

/// Words that open a place name made with another one (`South Vietnam`, `East Jerusalem`).
const PLACE_PREFIXES: &[&str] = &[
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
    "new", "upper", "lower", "greater", "old", "great", "little", "saint", "st.", "st", "san",
    "santa", "los", "las", "el", "la", "port", "fort", "mount", "lake", "cape", "gulf", "bay",
    "of", "the",
];

/// A two-word place chunk ending in a listed country or US state after another name (`Miramar
/// California`, `brittany france`) is two places, as UNER marks them, unless the whole chunk is a
/// listed name itself (`West Virginia`, `Papua New Guinea`).
pub fn split_place_pairs(
    words: &[&str],
    toks: &[TokInfo],
    chunks: &mut Vec<(usize, usize, Class)>,
) {
    let mut k = 0;
    while let Some(&(s, e, c)) = chunks.get(k) {
        k += 1;
        if c != Class::Loc || e != s + 2 {
            continue;
        }
        if words.get(s).is_some_and(|w| eq_any(w, PLACE_PREFIXES)) {
            continue;
        }
        let Some(whole) = words.get(s..e) else {
            continue;
        };
        if phrase_flags(whole) & (bits::GPE | bits::REGION) != 0 {
            continue;
        }
        let last_place = toks
            .get(e - 1)
            .is_some_and(|t| t.lex & bits::GPE != 0 && t.len >= 4);
        // The part before must not itself run into the last word (`New Mexico` is listed).
        let pair_listed = words
            .get(e - 2..e)
            .is_some_and(|ws| phrase_flags(ws) & (bits::GPE | bits::REGION) != 0);
        let before_name = toks
            .get(e - 2)
            .is_some_and(|t| t.lex & (bits::TITLE | bits::LOC_WORD) == 0)
            && words
                .get(e - 2)
                .is_some_and(|w| w.chars().all(char::is_alphabetic));
        if !last_place || pair_listed || !before_name {
            continue;
        }
        if let Some(slot) = chunks.get_mut(k - 1) {
            *slot = (s, e - 1, c);
        }
        chunks.insert(k, (e - 1, e, c));
        k += 1;
    }
}

/// Whether a word is a name's initials (`W.`, `W.H.S.`).
fn initials(w: &str) -> bool {
    !matches!(
        w,
        "P.S." | "U.S." | "U.K." | "A.M." | "P.M." | "E.U." | "D.C."
    ) && w.len() >= 2
        && w.ends_with('.')
        && w.split('.')
            .all(|p| p.is_empty() || (p.len() == 1 && p.chars().all(|c| c.is_ascii_uppercase())))
}

/// Initials belong to the person chunk they stand in: before it (`W.H.S. Koerner`) and, with a
/// capitalised surname after them, after it (`Steffen W. Graae`). The tagger often stops at them.
pub fn person_initials(words: &[&str], toks: &[TokInfo], chunks: &mut [(usize, usize, Class)]) {
    for k in 0..chunks.len() {
        let lo = if k > 0 {
            chunks.get(k - 1).map_or(0, |c| c.1)
        } else {
            0
        };
        let hi = chunks.get(k + 1).map_or(words.len(), |c| c.0);
        let Some(c) = chunks.get_mut(k) else {
            continue;
        };
        if c.2 != Class::Per {
            continue;
        }
        while c.0 > lo && words.get(c.0 - 1).is_some_and(|w| initials(w)) {
            c.0 -= 1;
        }
        if c.1 + 2 <= hi
            && words.get(c.1).is_some_and(|w| initials(w))
            && toks
                .get(c.1 + 1)
                .is_some_and(|t| t.case == Case::Title && t.lex & bits::TITLE == 0)
        {
            c.1 += 2;
        }
    }
}

/// In a reference list entry (`[5] Roe , Jane , Some Title , Tarn Review , January 10th , 2012`)
/// the name between the title and the date is the outlet that published the work: a person or
/// organization mention standing between commas right before a month, after a footnote mark in
/// the same sentence, becomes MEDIA (blogs and small outlets read as person names otherwise).
/// `out` holds the sentence's mentions in sentence positions.
pub fn footnote_outlets(words: &[&str], toks: &[TokInfo], out: &mut [(usize, usize, EntityLabel)]) {
    for m in out.iter_mut() {
        let (s, e, label) = *m;
        if !matches!(label, EntityLabel::Person | EntityLabel::Org) || s == 0 {
            continue;
        }
        let framed = words.get(s - 1) == Some(&",")
            && words.get(e) == Some(&",")
            && toks.get(e + 1).is_some_and(|t| t.lex & bits::MONTH != 0);
        let footnote = words.get(..s).is_some_and(|ws| {
            ws.iter()
                .any(|w| w.contains(']') && no_letters(w) || *w == "]")
        });
        // Not the author: the author opens the entry, before the first comma.
        let after_author = words
            .get(..s - 1)
            .is_some_and(|ws| ws.iter().filter(|w| **w == ",").count() >= 2);
        if framed && footnote && after_author {
            m.2 = EntityLabel::Media;
        }
    }
}

/// Nouns that describe an organization in an appositive (`Kidon , the assassination unit`).
const ORG_NOUNS: &[&str] = &[
    "unit",
    "agency",
    "group",
    "company",
    "firm",
    "organization",
    "organisation",
    "party",
    "militia",
    "network",
    "bank",
    "charity",
    "foundation",
    "union",
    "service",
    "ministry",
    "department",
    "council",
    "committee",
    "corporation",
    "startup",
    "manufacturer",
    "retailer",
    "insurer",
    "airline",
    "club",
    "team",
    "faction",
    "movement",
];

/// A person chunk described by an appositive whose head is an organization noun (`Kidon , the
/// assassination unit within …`, `Tarnwell , a software company`) names an organization: the
/// tagger reads unknown single names as people.
pub fn appositive_orgs(words: &[&str], toks: &[TokInfo], chunks: &mut [(usize, usize, Class)]) {
    for c in chunks.iter_mut() {
        let (_, e, class) = *c;
        if class != Class::Per
            || words.get(e) != Some(&",")
            || !words
                .get(e + 1)
                .is_some_and(|w| matches!(*w, "the" | "a" | "an"))
        {
            continue;
        }
        let mut k = e + 2;
        while k < e + 5 && toks.get(k).is_some_and(|t| t.case == Case::Lower) {
            if words.get(k).is_some_and(|w| eq_any(w, ORG_NOUNS))
                && words.get(k + 1).is_none_or(|w| {
                    !w.chars().next().is_some_and(char::is_alphabetic)
                        || matches!(
                            *w,
                            "of" | "in"
                                | "within"
                                | "that"
                                | "which"
                                | "based"
                                | "at"
                                | "for"
                                | "with"
                        )
                })
            {
                c.2 = Class::Org;
                break;
            }
            k += 1;
        }
    }
}

/// A US state abbreviation right after a place chunk, with or without a comma (`Lawrence , KS`,
/// `San Rafael Ca`), is a place of its own: UNER marks both, and the tagger, for which `KS` is
/// an unknown all-capitals word, mostly leaves it outside.
pub fn state_after_place(
    words: &[&str],
    toks: &[TokInfo],
    chunks: &mut Vec<(usize, usize, Class)>,
) {
    let mut k = 0;
    while let Some(&(_, e, c)) = chunks.get(k) {
        k += 1;
        if c != Class::Loc {
            continue;
        }
        let j = if words.get(e) == Some(&",") { e + 1 } else { e };
        let abbr = toks.get(j).is_some_and(|t| t.lex & bits::STATE_ABBR != 0);
        let free = chunks.get(k).is_none_or(|n| n.0 > j);
        if abbr && free {
            chunks.insert(k, (j, j + 1, Class::Loc));
            k += 1;
        }
    }
}

/// Strips title words followed by `of` from the front of organization chunks (`Vice President
/// of Acme , Inc.` → `Acme , Inc.`); a chunk of titles alone is dropped. Without the `of` the
/// title word may open the name itself (`General Motors`, `Prince 's Trust`), so it stays.
pub fn strip_org_titles(words: &[&str], toks: &[TokInfo], chunks: &mut Vec<(usize, usize, Class)>) {
    let title = |k: usize| toks.get(k).is_some_and(|t| t.lex & bits::TITLE != 0);
    for c in chunks.iter_mut() {
        let (s0, e, class) = *c;
        if class != Class::Org {
            continue;
        }
        let mut s = s0;
        while s + 1 < e && title(s) {
            s += 1;
        }
        if s > s0 && s + 1 < e && words.get(s) == Some(&"of") {
            c.0 = s + 1;
        }
    }
    chunks.retain(|&(s, e, c)| c != Class::Org || (s < e && !(s..e).all(title)));
}

/// An organization chunk whose whole text is a listed country or state (`North Korea`) is a
/// place: UNER types countries as LOC even where they act (`North Korea has the bomb`), while
/// the tagger, trained also on GUM's organization readings, sometimes calls them ORG. The other
/// way round, a place chunk that is one all-capitals listed organization word (`UN`, `EU`,
/// `NATO`) is an organization.
pub fn gpe_orgs(words: &[&str], toks: &[TokInfo], chunks: &mut [(usize, usize, Class)]) {
    for c in chunks.iter_mut() {
        let listed = words
            .get(c.0..c.1)
            .is_some_and(|ws| phrase_flags(ws) & bits::GPE != 0);
        let acronym = c.1 == c.0 + 1
            && toks
                .get(c.0)
                .is_some_and(|t| t.case == Case::Upper && t.lex & bits::ORG_WORD != 0);
        if c.2 == Class::Org && listed {
            c.2 = Class::Loc;
        } else if c.2 == Class::Loc && acronym {
            c.2 = Class::Org;
        }
    }
}

/// A person chunk right after a locative preposition (`shops around Norman`, `drinks in
/// Keene`) is a place: people are rarely *in* or *around* anywhere by name, while towns named
/// like people (`Norman`, `Keene`, `Helena`) are common. A possessive after the chunk (`in
/// Smith 's view`) keeps it a person.
pub fn places_after_locatives(words: &[&str], chunks: &mut [(usize, usize, Class)]) {
    const LOCATIVE: &[&str] = &["in", "around", "near", "inside", "outside", "throughout"];
    for c in chunks.iter_mut() {
        if c.2 != Class::Per || c.0 == 0 {
            continue;
        }
        let after_locative = words.get(c.0 - 1).is_some_and(|w| eq_any(w, LOCATIVE));
        let possessive = words
            .get(c.1)
            .is_some_and(|w| *w == "'s" || *w == "'" || *w == "s");
        if after_locative && !possessive {
            c.2 = Class::Loc;
        }
    }
}

/// Splits a chunk at a possessive `'s` followed by at least two capitalised words (`Enron 's
/// United Way`, `Tehran 's Palestine Contemporary Art Museum`): the owner and the owned are two
/// names. Shop names (`Burch 's Karate`, `Britt 's Pizza`), which end in a business word, stay
/// whole, as UNER keeps them. A listed country or city before the `'s` becomes a place.
pub fn split_possessives(
    words: &[&str],
    toks: &[TokInfo],
    chunks: &mut Vec<(usize, usize, Class)>,
) {
    let mut k = 0;
    while let Some(&(s, e, c)) = chunks.get(k) {
        k += 1;
        let Some(j) = (s + 1..e.saturating_sub(2)).find(|&j| words.get(j) == Some(&"'s")) else {
            continue;
        };
        let caps = toks
            .get(j + 1..e)
            .is_some_and(|ts| ts.len() >= 2 && ts.iter().all(capitalized));
        let shop = toks.get(e - 1).is_some_and(|t| t.lex & bits::BUSINESS != 0);
        if !caps || shop {
            continue;
        }
        let place = words
            .get(s..j)
            .is_some_and(|ws| phrase_flags(ws) & bits::GPE != 0);
        if let Some(slot) = chunks.get_mut(k - 1) {
            *slot = (s, j, if place { Class::Loc } else { c });
        }
        chunks.insert(k, (j + 1, e, c));
        k += 1;
    }
}

/// Linking particles of transliterated Persian, Arabic and Urdu names (ezafe and articles).
const NAME_PARTICLES: &[&str] = &[
    "e", "i", "ul", "ol", "el", "al", "ud", "ad", "o", "ye", "wa",
];

/// A transliterated name joined by hyphens around a particle ("Mujahideen-e-Khalq",
/// "Lashkar-e-Taiba", "Mazar-i-Sharif") is one name however the tokenizer and tagger cut it:
/// the chunks inside it are merged into one, which keeps their type (an organization when the
/// model found none).
pub fn hyphenated_names(words: &[&str], chunks: &mut Vec<(usize, usize, Class)>) {
    let mut i = 0;
    while i < words.len() {
        let Some(e) = hyphenated_name_at(words, i) else {
            i += 1;
            continue;
        };
        let inside: Vec<usize> = (0..chunks.len())
            .filter(|&k| chunks.get(k).is_some_and(|c| c.0 < e && c.1 > i))
            .collect();
        let (mut s, mut end, mut class) = (i, e, Class::Org);
        if let Some(&first) = inside.first() {
            if let Some(c) = chunks.get(first) {
                class = c.2;
            }
            for &k in &inside {
                if let Some(c) = chunks.get(k) {
                    s = s.min(c.0);
                    end = end.max(c.1);
                }
            }
            chunks.drain(first..first + inside.len());
        }
        let at = chunks.partition_point(|c| c.0 < s);
        chunks.insert(at, (s, end, class));
        i = end;
    }
}

/// End of a hyphenated particle name starting at token `i`.
fn hyphenated_name_at(words: &[&str], i: usize) -> Option<usize> {
    let starts_cap = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    if !words
        .get(i)
        .is_some_and(|w| starts_cap(w) && w.chars().all(char::is_alphabetic))
    {
        return None;
    }
    // Join the following tokens while a hyphen links them (the tokenizer may or may not split
    // at hyphens), then read the parts between hyphens.
    let mut e = i + 1;
    while e < words.len().min(i + 9) {
        let (Some(&w), Some(&prev)) = (words.get(e), words.get(e - 1)) else {
            break;
        };
        let linked = w == "-" || prev == "-" || prev.ends_with('-') || w.starts_with('-');
        if !linked || w.is_empty() || !w.chars().all(|c| c.is_alphabetic() || c == '-') {
            break;
        }
        e += 1;
    }
    let mut parts: Vec<&str> = Vec::new();
    for w in words.get(i..e)? {
        parts.extend(w.split('-').filter(|p| !p.is_empty()));
    }
    let joined_ok = parts.len() >= 3
        && parts.first().is_some_and(|p| starts_cap(p))
        && parts.last().is_some_and(|p| starts_cap(p))
        && parts
            .get(1..parts.len() - 1)?
            .iter()
            .all(|p| NAME_PARTICLES.iter().any(|q| p.eq_ignore_ascii_case(q)));
    // The last token must end with a name part, not a hyphen.
    let ends_well = words
        .get(e - 1)
        .is_some_and(|w| !w.ends_with('-') && *w != "-");
    (joined_ok && ends_well).then_some(e)
}

/// Gazetteer places that are also common lowercase words, so lowercase text does not name them.
const LOWER_PLACE_STOP: &[&str] = &[
    "us", "turkey", "china", "chad", "georgia", "jordan", "nice", "reading", "bath", "split",
    "mobile", "phoenix", "orange", "victoria", "guinea", "lincoln", "wales",
];

/// A place written in lowercase ("going to fiji", "hotels in san francisco"): informal web text
/// drops capitals, and the tagger, which leans on them, misses these. Whole curated gazetteer
/// entries count (up to three words); so do GeoNames places ([`crate::features::mark_names`])
/// whose words unlabelled text writes with a capital mid-sentence, or never shows (a common
/// word such as `mobile` or `split` is seen lowercase).
fn lowercase_place(words: &[&str], toks: &[TokInfo], i: usize) -> Option<(usize, EntityLabel)> {
    let t = toks.get(i)?;
    if t.case != Case::Lower {
        return None;
    }
    if t.lex & (bits::GPE | bits::GPE_PART) != 0 {
        for len in (1..=3usize).rev() {
            let e = i + len;
            let (Some(ws), Some(ts)) = (words.get(i..e), toks.get(i..e)) else {
                continue;
            };
            if ts.iter().any(|t| t.case != Case::Lower) {
                continue;
            }
            if len == 1 && eq_any(ws.first().copied().unwrap_or(""), LOWER_PLACE_STOP) {
                return None;
            }
            if phrase_flags(ws) & bits::GPE != 0 {
                return Some((e, EntityLabel::Gpe));
            }
        }
    }
    if !matches!(t.place, 1 | 4) || t.len < 4 {
        return None;
    }
    let mut e = i + 1;
    if t.place == 1 {
        while toks.get(e).is_some_and(|t| t.place == 2) {
            e += 1;
        }
        if toks.get(e).is_none_or(|t| t.place != 3) {
            return None;
        }
        e += 1;
    }
    let ts = toks.get(i..e)?;
    let name_like = |t: &TokInfo| t.case == Case::Lower && matches!(t.capr & 7, 0 | 4 | 5);
    if ts.iter().all(name_like) && !eq_any(words.get(i).copied().unwrap_or(""), LOWER_PLACE_STOP) {
        Some((e, EntityLabel::Gpe))
    } else {
        None
    }
}

/// Whether `ts` is exactly one gazetteer name (see [`crate::features::mark_names`]).
fn whole_name(ts: &[TokInfo], pos: impl Fn(&TokInfo) -> u8) -> bool {
    match ts {
        [one] => pos(one) == 4,
        [first, .., last] => {
            pos(first) == 1 && pos(last) == 3 && ts.iter().all(|t| matches!(pos(t), 1..=3))
        }
        [] => false,
    }
}

/// A capitalised listed organization or brand the tagger left outside ("went to Starbucks").
fn listed_org(toks: &[TokInfo], i: usize) -> Option<(usize, EntityLabel)> {
    let t = toks.get(i)?;
    if !capitalized(t) || !matches!(t.org, 1 | 4) {
        return None;
    }
    let mut e = i + 1;
    if t.org == 1 {
        while toks.get(e).is_some_and(|t| t.org == 2) {
            e += 1;
        }
        if toks.get(e).is_some_and(|t| t.org == 3) {
            e += 1;
        } else {
            return None;
        }
    }
    Some((e, EntityLabel::Org))
}

/// Turns model chunks into labelled mentions and adds rule-based ones; output sorted by start.
pub fn finalize(
    words: &[&str],
    toks: &[TokInfo],
    chunks: &[(usize, usize, Class)],
    covered: &mut Vec<bool>,
    out: &mut Vec<(usize, usize, EntityLabel)>,
) {
    let first = out.len();
    covered.clear();
    covered.resize(words.len(), false);
    for (k, &(s0, e0, c)) in chunks.iter().enumerate() {
        // Grow a chunk that is part of a listed name ("York Times" inside "New York Times"),
        // without running into the neighbouring chunks.
        let lo_limit = if k > 0 {
            chunks.get(k - 1).map(|x| x.1).unwrap_or(0)
        } else {
            0
        };
        let hi_limit = chunks.get(k + 1).map(|x| x.0).unwrap_or(words.len());
        let (mut s, mut e) = (s0, e0);
        'grow: for left in (0..=3usize).rev() {
            for right in (0..=2usize).rev() {
                if left == 0 && right == 0 {
                    break 'grow;
                }
                let (a, b) = (s0.saturating_sub(left), (e0 + right).min(words.len()));
                if a < lo_limit || b > hi_limit || a + left != s0 || e0 + right != b {
                    continue;
                }
                let Some(ws) = words.get(a..b) else { continue };
                let ok_case = toks.get(a).is_some_and(capitalized);
                if ok_case && phrase_flags(ws) & (bits::OUTLET | bits::GPE | bits::REGION) != 0 {
                    (s, e) = (a, b);
                    break 'grow;
                }
            }
        }
        // Organization names often open with capitalised adjectives the tagger does not see as
        // names ("International Atomic Energy Agency", "Swedish Foreign Ministry").
        // Not over the word right after a person chunk, though: that is more likely the
        // person's surname (`Traci Warner Enron Broadband Services`, signature lines).
        let after_person = k > 0 && chunks.get(k - 1).is_some_and(|x| x.2 == Class::Per);
        if c == Class::Org {
            while s > lo_limit && s + 4 > s0 {
                let prev = s - 1;
                let ok = toks.get(prev).is_some_and(|t| {
                    matches!(t.case, Case::Title | Case::Upper)
                        && t.lex & bits::TITLE == 0
                        && !(prev == lo_limit && after_person)
                }) && words.get(prev).is_some_and(|w| !eq_any(w, LEFT_STOP));
                if !ok {
                    break;
                }
                s = prev;
            }
        }
        let (Some(ws), Some(ts)) = (words.get(s..e), toks.get(s..e)) else {
            continue;
        };
        // Planets read as names (astrology columns: "Venus", "Rahu") are outside in UNER.
        if c != Class::Org && matches!(ws, [w] if eq_any(w, PLANETS)) {
            continue;
        }
        // A nationality or group word the tagger read as a person or place ("Americans",
        // "Muslims") is a NORP mention, which UNER leaves outside; organizations keep their
        // reading, since a group word can also name one ("Taliban").
        let label = if c != Class::Org && phrase_flags(ws) & bits::NORP != 0 {
            EntityLabel::Norp
        } else if c != Class::Org && whole_name(ts, |t| t.org) {
            // A listed organization or brand the tagger typed as a person or place ("Pepsi").
            refine(ws, ts, Class::Org)
        } else {
            refine(ws, ts, c)
        };
        // `the Ledger`, `the Courier`: an outlet named by its last word alone.
        let the_outlet = e == s + 1
            && s > 0
            && words
                .get(s - 1)
                .is_some_and(|w| w.eq_ignore_ascii_case("the"))
            && media_word(words, toks, s);
        let label = if label == EntityLabel::Org && the_outlet {
            EntityLabel::Media
        } else {
            label
        };
        out.push((s, e, label));
        for x in covered.iter_mut().take(e).skip(s) {
            *x = true;
        }
    }
    let mut i = 0;
    while i < words.len() {
        if covered.get(i) == Some(&true) {
            i += 1;
            continue;
        }
        let free_until = |e: usize| (i..e).all(|k| covered.get(k) == Some(&false));
        // Lexicon phrases: outlets, then nationalities and groups (longest match first).
        let mut found: Option<(usize, EntityLabel)> = None;
        let lex_i = toks.get(i).map(|t| t.lex).unwrap_or(0);
        let part = bits::OUTLET_PART | bits::NORP_PART;
        let whole = bits::OUTLET | bits::NORP;
        if toks.get(i).is_some_and(capitalized) && lex_i & (part | whole) != 0 {
            // Only words that start or are a listed phrase are worth the phrase lookups.
            let max = if lex_i & part != 0 {
                (words.len() - i).min(6)
            } else {
                1
            };
            for len in (1..=max).rev() {
                let e = i + len;
                let Some(ws) = words.get(i..e) else { continue };
                if !free_until(e) {
                    continue;
                }
                let f = phrase_flags(ws);
                let single_ok = len > 1
                    || toks
                        .get(i)
                        .is_some_and(|t| t.case == Case::Upper && t.len >= 2)
                    || i > 0;
                if f & bits::OUTLET != 0 && single_ok {
                    found = Some((e, EntityLabel::Media));
                    break;
                }
                if f & bits::NORP != 0 {
                    found = Some((e, EntityLabel::Norp));
                    break;
                }
            }
        }
        if found.is_none() {
            found = lowercase_place(words, toks, i).filter(|&(e, _)| free_until(e));
        }
        if found.is_none() {
            found = listed_org(toks, i).filter(|&(e, _)| free_until(e));
        }
        if found.is_none() {
            if let Some(e) = date_at(words, toks, i) {
                if e > i && e <= words.len() && free_until(e) {
                    found = Some((e, EntityLabel::Date));
                }
            }
        }
        match found {
            Some((e, label)) => {
                out.push((i, e, label));
                for x in covered.iter_mut().take(e).skip(i) {
                    *x = true;
                }
                i = e;
            }
            None => i += 1,
        }
    }
    if let Some(tail) = out.get_mut(first..) {
        tail.sort_by_key(|&(s, _, _)| s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str, chunks: &[(usize, usize, Class)]) -> Vec<(usize, usize, Class)> {
        let words: Vec<&str> = text.split(' ').collect();
        let toks: Vec<TokInfo> = words.iter().map(|w| TokInfo::new(w)).collect();
        let mut chunks = chunks.to_vec();
        split_affiliations(&words, &toks, &mut chunks);
        chunks
    }

    #[test]
    fn quoted_last_first_is_one_person() {
        let words = ["\"", "Roe", ",", "Jane", "\"", "<", "jroe@example.org", ">"];
        let toks: Vec<TokInfo> = words.iter().map(|w| TokInfo::new(w)).collect();
        let mut chunks = vec![(1, 2, Class::Org), (3, 4, Class::Per)];
        last_first_names(&words, &toks, &mut chunks);
        assert_eq!(chunks, vec![(1, 4, Class::Per)]);
        // Without a person among them, or without the quotes, nothing changes.
        let mut chunks = vec![(1, 2, Class::Org)];
        last_first_names(&words, &toks, &mut chunks);
        assert_eq!(chunks, vec![(1, 2, Class::Org)]);
        let words = ["Roe", ",", "Jane", "and", "Joe"];
        let mut chunks = vec![(0, 1, Class::Per), (2, 3, Class::Per)];
        last_first_names(&words, &toks, &mut chunks);
        assert_eq!(chunks.len(), 2);
        // Fewer tokens than words never panics.
        last_first_names(&["\"", "A", ",", "B", "\""], &[], &mut chunks);
    }

    #[test]
    fn hyphenated_particle_names_are_one_chunk() {
        let words = [
            "members",
            "of",
            "the",
            "Mujahideen",
            "-",
            "e-Khalq",
            ",",
            "a",
            "group",
        ];
        let mut chunks = vec![];
        hyphenated_names(&words, &mut chunks);
        assert_eq!(chunks, vec![(3, 6, Class::Org)]);
        let words = ["in", "Mazar", "-", "i", "-", "Sharif", "residents", "said"];
        let mut chunks = vec![(1, 2, Class::Loc), (5, 6, Class::Per)];
        hyphenated_names(&words, &mut chunks);
        assert_eq!(chunks, vec![(1, 6, Class::Loc)]);
        // A name before a separate particle word, or a plain hyphenated compound, is left alone.
        let words = ["Ali", "al-Sistani", "and", "Iran", "-", "Iraq", "talks"];
        let mut chunks = vec![(0, 2, Class::Per)];
        hyphenated_names(&words, &mut chunks);
        assert_eq!(chunks, vec![(0, 2, Class::Per)]);
    }

    #[test]
    fn affiliation_leaves_the_person_chunk() {
        let got = split(
            "Jane Roe of Acme Television and Ann Poe said",
            &[(0, 5, Class::Per), (6, 8, Class::Per)],
        );
        assert_eq!(
            got,
            vec![(0, 2, Class::Per), (3, 5, Class::Org), (6, 8, Class::Per)]
        );
        let got = split("Jane Roe of Texas said", &[(0, 4, Class::Per)]);
        assert_eq!(got, vec![(0, 2, Class::Per), (3, 4, Class::Loc)]);
    }

    #[test]
    fn coordinated_names_are_split() {
        let words: Vec<&str> = "Ann Roe , Bo Poe and Cy Doe or Di Loe met at Smith and Sons"
            .split(' ')
            .collect();
        let mut chunks = vec![(0, 11, Class::Per), (13, 16, Class::Org)];
        split_coordinations(&words, &mut chunks);
        assert_eq!(
            chunks,
            vec![
                (0, 5, Class::Per),
                (6, 8, Class::Per),
                (9, 11, Class::Per),
                (13, 16, Class::Org)
            ]
        );
    }

    #[test]
    fn legal_forms_close_company_names() {
        let words: Vec<&str> = "Mail Northwind Traders , Inc. or Bluefin Corp. and ask Inc. today"
            .split(' ')
            .collect();
        let toks: Vec<TokInfo> = words.iter().map(|w| TokInfo::new(w)).collect();
        // The tagger found "Northwind Traders" as a person and "Inc." alone as a name.
        let mut chunks = vec![(1, 3, Class::Per), (10, 11, Class::Per)];
        legal_forms(&words, &toks, &mut chunks);
        assert_eq!(chunks, vec![(1, 5, Class::Org), (6, 8, Class::Org)]);
        // Without a legal form nothing changes.
        let words = ["Ann", "Roe", "said"];
        let toks: Vec<TokInfo> = words.iter().map(|w| TokInfo::new(w)).collect();
        let mut chunks = vec![(0, 2, Class::Per)];
        legal_forms(&words, &toks, &mut chunks);
        assert_eq!(chunks, vec![(0, 2, Class::Per)]);
    }

    #[test]
    fn org_lists_split_at_commas_but_legal_forms_stay() {
        let words: Vec<&str> = "the Acme , Zenith and Bolt , Inc. said"
            .split(' ')
            .collect();
        let mut chunks = vec![(1, 4, Class::Org), (5, 8, Class::Org)];
        split_org_commas(&words, &mut chunks);
        assert_eq!(
            chunks,
            vec![(1, 2, Class::Org), (3, 4, Class::Org), (5, 8, Class::Org)]
        );
    }

    #[test]
    fn company_heads_after_a_chunk_make_an_org() {
        let words: Vec<&str> = "worked at Rodale Books and Ann Roe Energy"
            .split(' ')
            .collect();
        let toks = toks_of(&words);
        let mut chunks = vec![(2, 3, Class::Per), (5, 7, Class::Per), (7, 8, Class::Org)];
        org_heads_after(&words, &toks, &mut chunks);
        // `Energy` already opens a chunk of its own: the person stays as it is.
        assert_eq!(
            chunks,
            vec![(2, 4, Class::Org), (5, 7, Class::Per), (7, 8, Class::Org)]
        );
    }

    #[test]
    fn people_after_locatives_are_places() {
        let words: Vec<&str> = "shops around Norman and in Smith 's view with Keene"
            .split(' ')
            .collect();
        let mut chunks = vec![(2, 3, Class::Per), (5, 6, Class::Per), (9, 10, Class::Per)];
        places_after_locatives(&words, &mut chunks);
        assert_eq!(
            chunks,
            vec![(2, 3, Class::Loc), (5, 6, Class::Per), (9, 10, Class::Per)]
        );
        let mut none: Vec<(usize, usize, Class)> = vec![(0, 1, Class::Per)];
        places_after_locatives(&words, &mut none);
        assert_eq!(none, vec![(0, 1, Class::Per)]);
    }

    #[test]
    fn generic_institution_nouns_alone_are_no_names() {
        let words: Vec<&str> = "Senate voted , this University grew , Acme University and the Army"
            .split(' ')
            .collect();
        let mut chunks = vec![
            (0, 1, Class::Org),
            (4, 5, Class::Org),
            (7, 9, Class::Org),
            (11, 12, Class::Org),
        ];
        drop_generic_nouns(&words, &mut chunks);
        assert_eq!(chunks, vec![(7, 9, Class::Org)]);
    }

    #[test]
    fn initials_of_an_org_name_are_its_acronym() {
        let words: Vec<&str> = "the Coalition Provisional Authority left . the CPA and CP stayed"
            .split(' ')
            .collect();
        let bounds = [0..6, 6..11];
        let mut out = vec![(1, 4, EntityLabel::Org)];
        let mut covered = Vec::new();
        initials_acronyms(&words, &bounds, &mut covered, &mut out, 0);
        assert_eq!(
            out,
            vec![(1, 4, EntityLabel::Org), (7, 8, EntityLabel::Org)]
        );
        // No organization mention: nothing to spell.
        let mut none = vec![(1, 4, EntityLabel::Person)];
        initials_acronyms(&words, &bounds, &mut covered, &mut none, 0);
        assert_eq!(none, vec![(1, 4, EntityLabel::Person)]);
    }

    #[test]
    fn defined_acronyms_repeat_through_the_document() {
        let words: Vec<&str> = "Harbor Trust ( HBT ) met . HBT agreed , IT said . Later HBT left"
            .split(' ')
            .collect();
        let toks: Vec<TokInfo> = words.iter().map(|w| TokInfo::new(w)).collect();
        let keys: Vec<u64> = toks.iter().map(|t| t.lower).collect();
        let bounds = [0..7, 7..13, 13..16];
        let mut out = vec![(0, 2, EntityLabel::Org), (3, 4, EntityLabel::Org)];
        let mut covered = Vec::new();
        repeat_acronyms(&toks, &keys, &bounds, &mut covered, &mut out, 0);
        assert_eq!(
            out,
            vec![
                (0, 2, EntityLabel::Org),
                (3, 4, EntityLabel::Org),
                (7, 8, EntityLabel::Org),
                (14, 15, EntityLabel::Org)
            ]
        );
        // Mentions before `first` belong to another document: they define nothing here.
        let mut out = vec![(3, 4, EntityLabel::Org)];
        repeat_acronyms(&toks, &keys, &bounds, &mut covered, &mut out, 1);
        assert_eq!(out, vec![(3, 4, EntityLabel::Org)]);
    }

    #[test]
    fn storms_and_planets_are_not_people() {
        let words: Vec<&str> =
            "Hurricane Delphine hit the coast ; later Delphine weakened and Ann Roe left"
                .split(' ')
                .collect();
        let mut out = vec![
            (0, 2, EntityLabel::Person),
            (7, 8, EntityLabel::Person),
            (10, 12, EntityLabel::Person),
        ];
        drop_storms(&words, &mut out, 0);
        assert_eq!(out, vec![(10, 12, EntityLabel::Person)]);
        let words = ["When", "Venus", "meets", "Ann"];
        let toks: Vec<TokInfo> = words.iter().map(|w| TokInfo::new(w)).collect();
        let mut out = Vec::new();
        let mut covered = Vec::new();
        finalize(
            &words,
            &toks,
            &[(1, 2, Class::Per), (3, 4, Class::Per)],
            &mut covered,
            &mut out,
        );
        assert_eq!(out, vec![(3, 4, EntityLabel::Person)]);
    }

    fn toks_of(words: &[&str]) -> Vec<TokInfo> {
        words.iter().map(|w| TokInfo::new(w)).collect()
    }

    #[test]
    fn listed_organizations_coordinated_in_one_chunk_are_split() {
        let words: Vec<&str> =
            "Amnesty International and Human Rights Watch met the Department of Housing and Urban Development"
                .split(' ')
                .collect();
        let mut toks = toks_of(&words);
        crate::features::mark_names(&words, &mut toks);
        let mut chunks = vec![(0, 6, Class::Org), (8, 14, Class::Org)];
        split_listed_org_pairs(&words, &toks, &mut chunks);
        assert_eq!(
            chunks,
            vec![(0, 2, Class::Org), (3, 6, Class::Org), (8, 14, Class::Org)]
        );
    }

    #[test]
    fn an_office_named_through_of_is_no_part_of_the_name() {
        let words: Vec<&str> = "Secretary of State Hillary Clinton met Secretary of State"
            .split(' ')
            .collect();
        let toks = toks_of(&words);
        let mut chunks = vec![(0, 5, Class::Per), (6, 9, Class::Per)];
        strip_office_phrases(&words, &toks, &mut chunks);
        assert_eq!(chunks, vec![(3, 5, Class::Per), (6, 9, Class::Per)]);
    }

    #[test]
    fn head_words_retype_chunks() {
        let words: Vec<&str> =
            "Valley Water Authority and Calder Ridge and Harbor Ledger met the Ledger at Ann Roe"
                .split(' ')
                .collect();
        let toks = toks_of(&words);
        let mut chunks = vec![
            (0, 3, Class::Loc),
            (4, 6, Class::Per),
            (7, 9, Class::Per),
            (11, 12, Class::Per),
            (13, 15, Class::Per),
        ];
        head_words(&words, &toks, &mut chunks);
        assert_eq!(
            chunks,
            vec![
                (0, 3, Class::Org),
                (4, 6, Class::Loc),
                (7, 9, Class::Org),
                (11, 12, Class::Org),
                (13, 15, Class::Per)
            ]
        );
        let mut out = Vec::new();
        let mut covered = Vec::new();
        finalize(&words, &toks, &chunks, &mut covered, &mut out);
        let labels: Vec<EntityLabel> = out.iter().map(|x| x.2).collect();
        assert_eq!(
            labels,
            vec![
                EntityLabel::Org,
                EntityLabel::Loc,
                EntityLabel::Media,
                EntityLabel::Media,
                EntityLabel::Person
            ]
        );
    }

    #[test]
    fn a_listed_outlet_with_a_split_hyphen_is_media() {
        let words = ["Agence", "France", "-", "Presse", "reported"];
        let toks = toks_of(&words);
        assert_eq!(
            refine(&words[..4], &toks[..4], Class::Org),
            EntityLabel::Media
        );
        // Around other words the space stays: `France Presse` is no listed name.
        assert_eq!(
            refine(&["Agence", "France", "Presse"], &toks[..3], Class::Org),
            EntityLabel::Org
        );
    }

    #[test]
    fn given_names_keep_people_with_place_surnames() {
        let words = ["Michael", "Bay", "and", "Emily", "Post", "met"];
        let toks = toks_of(&words);
        let mut chunks = vec![(0, 2, Class::Per), (3, 5, Class::Per)];
        head_words(&words, &toks, &mut chunks);
        assert_eq!(chunks, vec![(0, 2, Class::Per), (3, 5, Class::Per)]);
    }

    #[test]
    fn job_words_and_names_after_titles() {
        let words: Vec<&str> = "Farmer Oskar Delacroix and spokesperson Lena Marsh said"
            .split(' ')
            .collect();
        let toks = toks_of(&words);
        let mut chunks = vec![(0, 3, Class::Per)];
        strip_job_words(&words, &toks, &mut chunks);
        names_after_titles(&words, &toks, &mut chunks);
        assert_eq!(chunks, vec![(1, 3, Class::Per), (5, 7, Class::Per)]);
        // The surname alone gains its given name.
        let mut chunks = vec![(6, 7, Class::Per)];
        names_after_titles(&words, &toks, &mut chunks);
        assert_eq!(chunks, vec![(5, 7, Class::Per)]);
        // A job word alone, or before a lowercase word, stays as it is.
        let words = ["Doctor", "said"];
        let mut chunks = vec![(0, 1, Class::Per)];
        strip_job_words(&words, &toks_of(&words), &mut chunks);
        assert_eq!(chunks, vec![(0, 1, Class::Per)]);
    }

    #[test]
    fn states_possessives_and_org_titles() {
        let words: Vec<&str> = "in Lawrence , KS and San Rafael Ca".split(' ').collect();
        let toks = toks_of(&words);
        let mut chunks = vec![(1, 2, Class::Loc), (5, 7, Class::Loc)];
        state_after_place(&words, &toks, &mut chunks);
        assert_eq!(
            chunks,
            vec![
                (1, 2, Class::Loc),
                (3, 4, Class::Loc),
                (5, 7, Class::Loc),
                (7, 8, Class::Loc)
            ]
        );
        let words: Vec<&str> = "at Enron 's United Way and Britt 's Pizza Shop"
            .split(' ')
            .collect();
        let toks = toks_of(&words);
        let mut chunks = vec![(1, 5, Class::Org), (6, 10, Class::Org)];
        split_possessives(&words, &toks, &mut chunks);
        assert_eq!(
            chunks,
            vec![(1, 2, Class::Org), (3, 5, Class::Org), (6, 10, Class::Org)]
        );
        let words: Vec<&str> = "Vice President of Acme Corp. and North Korea and UN"
            .split(' ')
            .collect();
        let toks = toks_of(&words);
        let mut chunks = vec![
            (0, 1, Class::Org),
            (1, 5, Class::Org),
            (6, 8, Class::Org),
            (9, 10, Class::Loc),
        ];
        strip_org_titles(&words, &toks, &mut chunks);
        gpe_orgs(&words, &toks, &mut chunks);
        assert_eq!(
            chunks,
            vec![(3, 5, Class::Org), (6, 8, Class::Loc), (9, 10, Class::Org)]
        );
        // A title word without `of` may open the name.
        let words = ["General", "Motors", "said"];
        let mut chunks = vec![(0, 2, Class::Org)];
        strip_org_titles(&words, &toks_of(&words), &mut chunks);
        assert_eq!(chunks, vec![(0, 2, Class::Org)]);
    }

    #[test]
    fn bare_possessives_join_the_name() {
        let words = ["at", "McDonald", "s", "and", "Ann", "'s", "car", "Bo", "s"];
        let mut chunks = vec![(1, 2, Class::Per), (4, 5, Class::Per), (7, 8, Class::Org)];
        bare_possessives(&words, &mut chunks);
        assert_eq!(
            chunks,
            vec![(1, 3, Class::Loc), (4, 5, Class::Per), (7, 9, Class::Org)]
        );
    }

    #[test]
    fn titles_and_lowercase_tails_stay_whole() {
        let titled = [(0, 6, Class::Per)];
        assert_eq!(
            split("Secretary of State Jane Q. Roe said", &titled),
            titled.to_vec()
        );
        let lower = [(0, 4, Class::Per)];
        assert_eq!(split("Jane Roe of the board", &lower), lower.to_vec());
        let org = [(0, 3, Class::Org)];
        assert_eq!(split("University of Chicago", &org), org.to_vec());
    }

    fn ws(text: &str) -> Vec<&str> {
        text.split(' ').collect()
    }

    #[test]
    fn chunk_edges_lose_footnotes_and_trailing_verbs() {
        let words = ws("[4] Lindqvist said Meridian Wire reported the Orvel nasty alliance");
        let toks = toks_of(&words);
        let mut chunks = vec![(0, 2, Class::Per), (3, 6, Class::Org), (7, 10, Class::Org)];
        trim_chunk_edges(&words, &toks, &mut chunks);
        assert_eq!(
            chunks,
            vec![(1, 2, Class::Per), (3, 5, Class::Org), (7, 8, Class::Org)]
        );
        // Lowercase chunks (web text without capitals) stay whole; a chunk of marks goes.
        let words = ws("the Council of resistance said");
        let toks = toks_of(&words);
        let mut chunks = vec![(1, 4, Class::Org)];
        trim_chunk_edges(&words, &toks, &mut chunks);
        assert_eq!(chunks, vec![(1, 4, Class::Org)]);
        let words = ws("in tampa bay [ 2 ]");
        let toks = toks_of(&words);
        let mut chunks = vec![(1, 3, Class::Loc), (3, 6, Class::Per)];
        trim_chunk_edges(&words, &toks, &mut chunks);
        assert_eq!(chunks, vec![(1, 3, Class::Loc)]);
    }

    #[test]
    fn long_person_chunk_splits_before_a_given_name() {
        let words = ws("Following the death of Tarvo Ulmek Destrand Richard Quillon wrote");
        let toks = toks_of(&words);
        let mut chunks = vec![(4, 9, Class::Per)];
        split_long_persons(&toks, &mut chunks);
        assert_eq!(chunks, vec![(4, 7, Class::Per), (7, 9, Class::Per)]);
        // Three or four words stay one name.
        let mut chunks = vec![(6, 9, Class::Per)];
        split_long_persons(&toks, &mut chunks);
        assert_eq!(chunks, vec![(6, 9, Class::Per)]);
        split_long_persons(&[], &mut chunks);
    }

    #[test]
    fn title_and_name_in_an_org_chunk_is_a_person() {
        let words = ws("by former US Secretary of State Linda Varrow Quent today");
        let toks = toks_of(&words);
        let mut chunks = vec![(2, 9, Class::Org)];
        persons_in_org_titles(&words, &toks, &mut chunks);
        assert_eq!(chunks, vec![(2, 3, Class::Loc), (6, 9, Class::Per)]);
        // An organization without a name after its title word is left alone.
        let words = ws("the Office of the President of Varnland");
        let toks = toks_of(&words);
        let mut chunks = vec![(1, 7, Class::Org)];
        persons_in_org_titles(&words, &toks, &mut chunks);
        assert_eq!(chunks, vec![(1, 7, Class::Org)]);
    }

    #[test]
    fn surname_given_lists_are_persons() {
        let words = ws("[4] Quillon , Richard & Varrow , Robert , Some Title , Harbor Ledger");
        let toks = toks_of(&words);
        let mut chunks = vec![(1, 2, Class::Per), (3, 4, Class::Per), (7, 8, Class::Per)];
        surname_given_lists(&words, &toks, &mut chunks);
        assert_eq!(chunks, vec![(1, 4, Class::Per), (5, 8, Class::Per)]);
        // Places and mid-sentence commas do not qualify.
        let words = ws("from Paris , Texas and Denton , Texas");
        let toks = toks_of(&words);
        let mut chunks = vec![(1, 2, Class::Loc), (3, 4, Class::Loc)];
        surname_given_lists(&words, &toks, &mut chunks);
        assert_eq!(chunks, vec![(1, 2, Class::Loc), (3, 4, Class::Loc)]);
    }

    #[test]
    fn republic_is_one_place() {
        let words = ws("against the Islamic Republic and the Republic of Varnland .");
        let toks = toks_of(&words);
        let mut chunks = vec![(3, 4, Class::Loc)];
        republics(&words, &toks, &mut chunks);
        assert_eq!(chunks, vec![(2, 4, Class::Loc), (6, 9, Class::Loc)]);
        let words = ws("the Republic of Varnland said");
        let toks = toks_of(&words);
        let mut chunks = vec![(3, 4, Class::Loc)];
        republics(&words, &toks, &mut chunks);
        assert_eq!(chunks, vec![(1, 4, Class::Loc)]);
    }

    #[test]
    fn capitalised_words_before_an_outlet_word_are_an_outlet() {
        let words = ws("as the Meridian Wire and Orvel Harbor Ledger reported");
        let toks = toks_of(&words);
        let mut chunks = vec![(5, 7, Class::Per)];
        outlet_names(&words, &toks, &mut chunks);
        assert_eq!(chunks, vec![(2, 4, Class::Org), (5, 8, Class::Org)]);
        let mut out = Vec::new();
        let mut covered = Vec::new();
        finalize(&words, &toks, &chunks, &mut covered, &mut out);
        assert!(out.iter().all(|x| x.2 == EntityLabel::Media));
        // A sentence-opening pair is not taken.
        let words = ws("Good News arrived");
        let toks = toks_of(&words);
        let mut chunks = vec![];
        outlet_names(&words, &toks, &mut chunks);
        assert!(chunks.is_empty());
    }

    #[test]
    fn job_word_before_unknown_names_starts_a_person() {
        let words = ws("said columnist Zorbek Tallimore on Monday");
        let toks = toks_of(&words);
        let mut chunks = vec![];
        names_after_titles(&words, &toks, &mut chunks);
        assert_eq!(chunks, vec![(2, 4, Class::Per)]);
    }

    #[test]
    fn place_pairs_split_at_a_listed_state() {
        let words = ws("Miravel California and West Virginia");
        let toks = toks_of(&words);
        let mut chunks = vec![(0, 2, Class::Loc), (3, 5, Class::Loc)];
        split_place_pairs(&words, &toks, &mut chunks);
        assert_eq!(
            chunks,
            vec![(0, 1, Class::Loc), (1, 2, Class::Loc), (3, 5, Class::Loc)]
        );
    }

    #[test]
    fn initials_join_person_chunks() {
        let words = ws("by W.H.S. Quillon and Tomas R. Varrow");
        let toks = toks_of(&words);
        let mut chunks = vec![(2, 3, Class::Per), (4, 5, Class::Per)];
        person_initials(&words, &toks, &mut chunks);
        assert_eq!(chunks, vec![(1, 3, Class::Per), (4, 7, Class::Per)]);
    }

    #[test]
    fn outlet_in_a_reference_entry_is_media() {
        let words = ws("[5] Roe , Jane , A Title , Tarn Review , January 10th , 2012");
        let toks = toks_of(&words);
        let mut out = vec![
            (1, 4, EntityLabel::Person),
            (8, 10, EntityLabel::Person),
            (11, 13, EntityLabel::Date),
        ];
        footnote_outlets(&words, &toks, &mut out);
        assert_eq!(out.first().map(|m| m.2), Some(EntityLabel::Person));
        assert_eq!(out.get(1).map(|m| m.2), Some(EntityLabel::Media));
        // Without a footnote mark nothing changes.
        let words = ws("Roe , Jane , A Title , Tarn Review , January 10th , 2012");
        let toks = toks_of(&words);
        let mut out = vec![(7, 9, EntityLabel::Person)];
        footnote_outlets(&words, &toks, &mut out);
        assert_eq!(out.first().map(|m| m.2), Some(EntityLabel::Person));
    }

    #[test]
    fn appositive_org_noun_makes_an_org() {
        let words = ws("in league with Tarvik , the assassination unit within the agency , and Jane Roe , the unit chief");
        let toks = toks_of(&words);
        let mut chunks = vec![(3, 4, Class::Per), (13, 15, Class::Per)];
        appositive_orgs(&words, &toks, &mut chunks);
        assert_eq!(chunks, vec![(3, 4, Class::Org), (13, 15, Class::Per)]);
    }

    #[test]
    fn every_republic_in_a_sentence() {
        let words = ws("the Islamic Republic , said the Islamic Republic .");
        let toks = toks_of(&words);
        let mut chunks = vec![(2, 3, Class::Loc), (7, 8, Class::Loc)];
        republics(&words, &toks, &mut chunks);
        assert_eq!(chunks, vec![(1, 3, Class::Loc), (6, 8, Class::Loc)]);
    }
}
