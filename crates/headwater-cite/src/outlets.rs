//! Recognizing news outlets by name, without a model: a lexicon of well-known outlets plus the
//! naming pattern of outlets (`… News`, `… Times`, `… Wire`).

/// Well-known outlets and agencies, as written in running text.
const KNOWN: &[&str] = &[
    "ABC News",
    "AFP",
    "Agence France-Presse",
    "Al Arabiya",
    "Al Jazeera",
    "Anadolu Agency",
    "ANSA",
    "AP",
    "Associated Press",
    "Axios",
    "BBC",
    "BBC News",
    "Bloomberg",
    "Bloomberg News",
    "BuzzFeed News",
    "CBC",
    "CBS",
    "CBS News",
    "Channel 4 News",
    "Chicago Tribune",
    "CNBC",
    "CNN",
    "Daily Mail",
    "Deutsche Welle",
    "dpa",
    "DW",
    "EFE",
    "El País",
    "Euronews",
    "Fars",
    "Financial Times",
    "Fox News",
    "France 24",
    "Haaretz",
    "HuffPost",
    "Huffington Post",
    "Inter Press Service",
    "IPS",
    "IRNA",
    "ITV News",
    "Kyodo",
    "Le Figaro",
    "Le Monde",
    "Los Angeles Times",
    "MSNBC",
    "NBC",
    "NBC News",
    "New York Times",
    "Newsweek",
    "NPR",
    "PBS",
    "Politico",
    "Press TV",
    "Radio Free Europe",
    "Reuters",
    "RFI",
    "RIA Novosti",
    "Sky News",
    "South China Morning Post",
    "Tasnim",
    "TASS",
    "The Atlantic",
    "The Boston Globe",
    "The Economist",
    "The Guardian",
    "The Hill",
    "The Independent",
    "The New York Times",
    "The New Yorker",
    "The Telegraph",
    "The Times",
    "The Wall Street Journal",
    "The Washington Post",
    "Times of India",
    "USA Today",
    "VOA",
    "Voice of America",
    "Vox",
    "Wall Street Journal",
    "Washington Post",
    "Xinhua",
    "Yonhap",
];

/// Last words that make a capitalized name an outlet (`Harbor Ledger`, `Meridian Wire`).
const SUFFIXES: &[&str] = &[
    "Agency",
    "Broadcasting",
    "Bulletin",
    "Chronicle",
    "Courier",
    "Daily",
    "Dispatch",
    "Gazette",
    "Globe",
    "Herald",
    "Journal",
    "Ledger",
    "Magazine",
    "News",
    "Newswire",
    "Observer",
    "Post",
    "Press",
    "Radio",
    "Recorder",
    "Review",
    "Sentinel",
    "Star",
    "Telegraph",
    "Television",
    "Times",
    "Tribune",
    "TV",
    "Wire",
];

/// Words that start a capitalized run but are not part of an outlet's name.
const NOT_NAME: &[&str] = &[
    "A",
    "According",
    "An",
    "And",
    "As",
    "At",
    "But",
    "By",
    "For",
    "From",
    "In",
    "It",
    "Its",
    "Of",
    "On",
    "Our",
    "The",
    "This",
    "To",
    "When",
    "While",
    "With",
];

fn known() -> &'static std::collections::HashSet<&'static str> {
    static SET: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| KNOWN.iter().copied().collect())
}

/// First words of the known names, to skip the multiword lookups for most words.
fn known_first_words() -> &'static std::collections::HashSet<&'static str> {
    static SET: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| KNOWN.iter().filter_map(|k| k.split(' ').next()).collect())
}

fn words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let part = c.is_alphanumeric() || c == '-' || c == '\'' || c == '’';
        match (part, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

fn capitalized(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_uppercase())
}

/// Byte ranges of outlet names in `text`, longest match first, non-overlapping, in order.
///
/// ```
/// use headwater_cite::outlets::find_outlets;
/// let text = "a report carried by CBS News in March, and the Harbor Ledger agreed";
/// let found: Vec<&str> = find_outlets(text).iter().map(|&(s, e)| &text[s..e]).collect();
/// assert_eq!(found, ["CBS News", "Harbor Ledger"]);
/// ```
pub fn find_outlets(text: &str) -> Vec<(usize, usize)> {
    let w = words(text);
    let mut out = Vec::new();
    let mut i = 0;
    'outer: while i < w.len() {
        // Known names, up to four words, longest first.
        let first = &text[w[i].0..w[i].1];
        let lookup = known_first_words().contains(first);
        for len in (1..=4).rev().filter(|_| lookup) {
            if i + len > w.len() {
                continue;
            }
            let (s, _) = w[i];
            let (_, e) = w[i + len - 1];
            let candidate = &text[s..e];
            // Words must be separated by single spaces for a multiword match.
            if known().contains(candidate) {
                out.push((s, e));
                i += len;
                continue 'outer;
            }
        }
        // Pattern: 1–3 capitalized words then an outlet suffix.
        let (s, _) = w[i];
        if capitalized(first) && !NOT_NAME.contains(&first) {
            let mut j = i;
            while j < w.len() && j < i + 4 && capitalized(&text[w[j].0..w[j].1]) {
                let suffix = &text[w[j].0..w[j].1];
                // `Agency` makes an outlet only as a news or press agency (`Fars News Agency`);
                // the International Energy Regulation Agency is a public body.
                let agency_ok = suffix != "Agency"
                    || (j > i && matches!(&text[w[j - 1].0..w[j - 1].1], "News" | "Press"));
                if j > i && SUFFIXES.contains(&suffix) && agency_ok {
                    // Adjacent words only (a comma or period between them breaks the name).
                    let gap_ok = (i..j).all(|k| text[w[k].1..w[k + 1].0].chars().all(|c| c == ' '));
                    if gap_ok {
                        // `Meridian News Agency`: a news or press agency keeps its last word.
                        let mut j = j;
                        if matches!(suffix, "News" | "Press")
                            && w.get(j + 1).is_some_and(|&(ns, ne)| {
                                text.get(ns..ne) == Some("Agency")
                                    && text.get(w[j].1..ns) == Some(" ")
                            })
                        {
                            j += 1;
                        }
                        // Keep a capitalized article that belongs to the name (`The Morning Star`).
                        let s = match i.checked_sub(1).map(|k| w[k]) {
                            Some((ps, pe)) if &text[ps..pe] == "The" && &text[pe..s] == " " => ps,
                            _ => s,
                        };
                        out.push((s, w[j].1));
                        i = j + 1;
                        continue 'outer;
                    }
                }
                j += 1;
            }
        }
        i += 1;
    }
    out
}

/// True when `name` is an outlet by lexicon or naming pattern.
pub fn is_outlet(name: &str) -> bool {
    let name = name.trim();
    KNOWN.contains(&name)
        || find_outlets(name)
            .first()
            .is_some_and(|&(s, e)| s == 0 && e == name.len())
}

/// The outlet behind a well-known news domain.
pub fn outlet_of_url(url: &str) -> Option<&'static str> {
    let host = url
        .split("://")
        .nth(1)
        .unwrap_or(url)
        .split('/')
        .next()
        .unwrap_or("");
    let host = host.trim_start_matches("www.");
    const DOMAINS: &[(&str, &str)] = &[
        ("reuters.com", "Reuters"),
        ("apnews.com", "Associated Press"),
        ("afp.com", "AFP"),
        ("bbc.co.uk", "BBC"),
        ("bbc.com", "BBC"),
        ("cnn.com", "CNN"),
        ("nbcnews.com", "NBC News"),
        ("cbsnews.com", "CBS News"),
        ("nytimes.com", "The New York Times"),
        ("washingtonpost.com", "The Washington Post"),
        ("theguardian.com", "The Guardian"),
        ("ipsnews.net", "Inter Press Service"),
        ("aljazeera.com", "Al Jazeera"),
        ("politico.com", "Politico"),
    ];
    DOMAINS
        .iter()
        .find(|(d, _)| host == *d || host.ends_with(&format!(".{d}")))
        .map(|(_, n)| *n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlets_by_lexicon_and_pattern() {
        let text = "Reuters and the Associated Press said so; Meridian Wire, not The Morning Star, reported it. \
                    According to News of the day, nothing.";
        let found: Vec<&str> = find_outlets(text)
            .iter()
            .map(|&(s, e)| &text[s..e])
            .collect();
        assert_eq!(
            found,
            [
                "Reuters",
                "Associated Press",
                "Meridian Wire",
                "The Morning Star"
            ]
        );
        assert!(is_outlet("Inter Press Service"));
        assert!(!is_outlet("Gareth Porter"));
        assert!(is_outlet("Meridian News Agency"));
        assert!(!is_outlet("International Energy Regulation Agency"));
        assert!(!is_outlet("Agency"));
        assert_eq!(
            outlet_of_url("https://www.reuters.com/world/x"),
            Some("Reuters")
        );
    }
}
