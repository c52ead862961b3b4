//! Name normalization for matching across documents: folded forms, consonant skeletons that
//! absorb transliteration variants (Mujahedin / Mujahideen / Mojahedin, Rouhani / Ruhani,
//! Khadrani / Qadrani), acronyms, and edit distance with transpositions (Windrem / Winderm).

use unicode_normalization::UnicodeNormalization;

/// Lowercase, diacritics removed, only letters and digits kept.
pub fn fold(word: &str) -> String {
    word.nfd()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Words that carry no identity in an organization's name.
const GENERIC: &[&str] = &[
    "the",
    "of",
    "and",
    "for",
    "e",
    "el",
    "al",
    "ul",
    "de",
    "la",
    "le",
    "der",
    "organization",
    "organisation",
    "group",
    "inc",
    "ltd",
    "co",
    "corp",
    "corporation",
    "company",
];

/// The consonant skeleton of one folded word: vowels (and `y`, `w`, `h` after a consonant) dropped
/// except at the start, `q`/`c`/`ck`→`k`, `ph`→`f`, doubled letters collapsed.
pub fn skeleton(word: &str) -> String {
    let f = fold(word);
    let chars: Vec<char> = f.chars().collect();
    let mut out = String::with_capacity(chars.len());
    let mut last: Option<char> = None;
    let mut i = 0;
    while i < chars.len() {
        let mut c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == 'p' && next == Some('h') {
            c = 'f';
            i += 1;
        } else if (c == 'k' && next == Some('h')) || (c == 'c' && next == Some('k')) {
            c = 'k';
            i += 1;
        } else if c == 'q' || c == 'c' {
            c = 'k';
        }
        let vowel = matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
        let keep = if i == 0 {
            true
        } else {
            !(vowel || (c == 'h' && last.is_some()) || c == 'w')
        };
        // The first letter keeps its identity but vowels at the start all look alike.
        let c = if i == 0 && vowel { 'a' } else { c };
        if keep && last != Some(c) {
            out.push(c);
        }
        if keep {
            last = Some(c);
        }
        i += 1;
    }
    out
}

/// Identity-bearing words of a name, folded (`"Mujahideen-e-Khalq"` → `["mujahideen", "khalq"]`).
pub fn name_words(name: &str) -> Vec<String> {
    name.split(|c: char| c.is_whitespace() || c == '-' || c == '–' || c == '/')
        .map(fold)
        .filter(|w| !w.is_empty() && !GENERIC.contains(&w.as_str()))
        .collect()
}

/// The skeleton key of a whole name: skeletons of its identity words, space-joined.
pub fn name_key(name: &str) -> String {
    let trimmed = name.trim_start_matches("The ").trim_start_matches("the ");
    let trimmed = trimmed
        .strip_suffix("'s")
        .or_else(|| trimmed.strip_suffix("’s"))
        .unwrap_or(trimmed);
    name_words(trimmed)
        .iter()
        .map(|w| skeleton(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// True for an acronym such as `MEK`, `M.E.K.`, `PMOI` (2–6 capitals, dots allowed).
pub fn is_acronym(s: &str) -> bool {
    let letters: Vec<char> = s.chars().filter(|c| *c != '.').collect();
    (2..=6).contains(&letters.len()) && letters.iter().all(|c| c.is_uppercase())
}

/// The letters of an acronym, dots removed (`M.E.K.` → `MEK`).
pub fn acronym_letters(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Whether `acronym` can abbreviate `long`, in the manner of Schwartz & Hearst (2003): its
/// letters occur in `long` in order, matched from the end, and its first letter opens a word
/// (`Mojahedin-e Khalq` for `MEK`, `People's Mojahedin Organization of Iran` for `PMOI`; not
/// `New York` for the `AFP` of a dateline).
///
/// ```
/// use headwater_link::names::abbreviates;
/// assert!(abbreviates("M.E.K.", "Mojahedin-e Khalq"));
/// assert!(!abbreviates("AFP", "New York"));
/// ```
pub fn abbreviates(acronym: &str, long: &str) -> bool {
    let letters: Vec<char> = acronym_letters(acronym)
        .chars()
        .flat_map(char::to_lowercase)
        .collect();
    let chars: Vec<char> = long.chars().flat_map(char::to_lowercase).collect();
    let Some((&first, rest)) = letters.split_first() else {
        return false;
    };
    let mut at = chars.len();
    for &c in rest.iter().rev() {
        match chars[..at].iter().rposition(|&x| x == c) {
            Some(p) => at = p,
            None => return false,
        }
    }
    (0..at).rev().any(|p| {
        chars.get(p) == Some(&first)
            && (p == 0 || chars.get(p - 1).is_some_and(|x| !x.is_alphanumeric()))
    })
}

/// Initials of a name, both with every word and without small words
/// (`Mujahedin E Khalq` → `MEK`; `Mujahedin Khalq Organization` → `MKO`).
pub fn initials(name: &str) -> [String; 2] {
    let words: Vec<&str> = name
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .collect();
    let all: String = words
        .iter()
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .collect();
    let big: String = words
        .iter()
        .filter(|w| {
            !matches!(
                w.to_lowercase().as_str(),
                "of" | "the" | "and" | "for" | "in" | "on"
            )
        })
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .collect();
    [all, big]
}

/// A person's name without the middle initials between its first and last words (`John Q.
/// Smith` → `John Smith`); `None` when it has none.
pub fn without_middle_initials(name: &str) -> Option<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.len() < 3 {
        return None;
    }
    let initial = |w: &str| {
        let core = w.trim_end_matches('.');
        core.chars().count() == 1 && core.chars().all(char::is_uppercase)
    };
    let last = words.len() - 1;
    let kept: Vec<&str> = words
        .iter()
        .enumerate()
        .filter(|&(i, w)| i == 0 || i == last || !initial(w))
        .map(|(_, w)| *w)
        .collect();
    (kept.len() < words.len() && kept.len() >= 2).then(|| kept.join(" "))
}

/// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), capped at `max + 1`.
pub fn edit_distance(a: &str, b: &str, max: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return max + 1;
    }
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for i in 0..=a.len() {
        d[i * w] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(w) {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    d[a.len() * w + b.len()].min(max + 1)
}

/// True when two folded words are spelling variants of each other: same skeleton and a small
/// edit distance relative to their length.
pub fn variant_words(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (fa, fb) = (fold(a), fold(b));
    if fa == fb {
        return true;
    }
    let allowed = if fa.len().min(fb.len()) >= 8 { 2 } else { 1 };
    skeleton(&fa) == skeleton(&fb) && edit_distance(&fa, &fb, allowed) <= allowed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transliteration_variants_share_a_key() {
        for group in [
            &[
                "Mujahedin Khalq Organization",
                "Mujahideen-e-Khalq",
                "Mujahedin E Khalq",
                "Mojahedin-e Khalq",
            ][..],
            &["Khadrani Institute", "Qadrani Institute"][..],
        ] {
            let keys: Vec<String> = group.iter().map(|n| name_key(n)).collect();
            assert!(
                keys.windows(2).all(|w| w[0] == w[1]),
                "{group:?} → {keys:?}"
            );
        }
        assert!(variant_words("Rouhani", "Ruhani"));
        assert!(variant_words("Windrem", "Winderm"));
        assert!(!variant_words("Martin", "Morton"));
        assert!(!variant_words("Vale", "Vela") || skeleton("vale") == skeleton("vela"));
    }

    #[test]
    fn acronyms_and_initials() {
        assert!(
            is_acronym("MEK") && is_acronym("M.E.K.") && !is_acronym("Mek") && !is_acronym("A")
        );
        assert_eq!(initials("Mujahedin E Khalq")[0], "MEK");
        assert_eq!(initials("Mujahedin Khalq Organization")[1], "MKO");
        assert_eq!(initials("Northern Valley Water Authority")[0], "NVWA");
        assert_eq!(edit_distance("windrem", "winderm", 3), 1);
        assert_eq!(
            without_middle_initials("Halvard Q. Brennik").as_deref(),
            Some("Halvard Brennik")
        );
        assert_eq!(without_middle_initials("Halvard Brennik"), None);
        assert_eq!(without_middle_initials("Anna Maria Brennik"), None);
    }
}
