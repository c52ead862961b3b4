//! Dates as news writes them, to ISO 8601.

/// A date found in a string: the ISO form and the byte range it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    /// `YYYY-MM-DD`, or `YYYY-MM` when the day is not stated.
    pub iso: String,
    pub start: usize,
    pub end: usize,
}

use headwater_doc::MONTH_NAMES as MONTHS;

/// Month number (1–12) of a month name or its 3/4-letter abbreviation (`Jan`, `Sept`).
pub fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| {
            *m == w || (w.len() <= 4 && m.starts_with(&w) && (w.len() == 3 || w == "sept"))
        })
        .map(|i| i as u32 + 1)
}

fn valid(y: u32, m: u32, d: u32) -> bool {
    (1000..=2999).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d)
}

/// A piece of the input: a run of letters, a run of digits, or a single other char.
#[derive(Debug, Clone, Copy)]
struct Piece<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    digits: bool,
    alpha: bool,
}

fn pieces(s: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut iter = s.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let class = |c: char| {
            if c.is_ascii_digit() {
                1
            } else if c.is_alphabetic() {
                2
            } else {
                0
            }
        };
        let k = class(c);
        let mut end = i + c.len_utf8();
        if k != 0 {
            while let Some(&(j, d)) = iter.peek() {
                if class(d) == k {
                    end = j + d.len_utf8();
                    iter.next();
                } else {
                    break;
                }
            }
        }
        if !c.is_whitespace() {
            out.push(Piece {
                text: &s[i..end],
                start: i,
                end,
                digits: k == 1,
                alpha: k == 2,
            });
        }
    }
    out
}

fn num(p: Option<&Piece>) -> Option<u32> {
    p.filter(|p| p.digits && p.text.len() <= 4)
        .and_then(|p| p.text.parse().ok())
}

fn is_ordinal_suffix(p: Option<&Piece>) -> bool {
    p.is_some_and(|p| {
        matches!(
            p.text.to_ascii_lowercase().as_str(),
            "st" | "nd" | "rd" | "th"
        )
    })
}

/// Finds every date in `s`, in order. Recognizes `January 08, 2015`, `July11, 2013`,
/// `February 9th, 2012`, `9 February 2012`, `Feb. 9, 2012`, `2013-07-11`, `08/01/2015`
/// (month first unless the first number exceeds 12) and `March 2014` (→ `2014-03`).
///
/// ```
/// use headwater_cite::dates::find_dates;
/// let d = find_dates("Tikun Olam, January 10th, 2012");
/// assert_eq!(d[0].iso, "2012-01-10");
/// assert_eq!(find_dates("in March 2014 it said")[0].iso, "2014-03");
/// ```
pub fn find_dates(s: &str) -> Vec<FoundDate> {
    let p = pieces(s);
    let mut out = Vec::new();
    let mut i = 0;
    while i < p.len() {
        if let Some((iso, last)) = date_at(&p, i) {
            out.push(FoundDate {
                iso,
                start: p[i].start,
                end: p[last].end,
            });
            i = last + 1;
        } else {
            i += 1;
        }
    }
    out
}

/// The first date in `s`, as ISO.
pub fn parse_date(s: &str) -> Option<String> {
    find_dates(s).into_iter().next().map(|d| d.iso)
}

fn date_at(p: &[Piece], i: usize) -> Option<(String, usize)> {
    let cur = p.get(i)?;
    // Month name first: "January 08, 2015", "July11, 2013", "Feb. 9th, 2012", "March 2014".
    if cur.alpha {
        let m = month_number(cur.text)?;
        let mut j = i + 1;
        if p.get(j).is_some_and(|x| x.text == ".") {
            j += 1;
        }
        if let Some(d) = num(p.get(j)).filter(|d| (1..=31).contains(d) && p[j].text.len() <= 2) {
            let mut k = j + 1;
            if is_ordinal_suffix(p.get(k)) {
                k += 1;
            }
            if p.get(k).is_some_and(|x| x.text == ",") {
                k += 1;
            }
            if let Some(y) = num(p.get(k)).filter(|_| p[k].text.len() == 4) {
                if valid(y, m, d) {
                    return Some((format!("{y:04}-{m:02}-{d:02}"), k));
                }
            }
            return None;
        }
        if let Some(y) = num(p.get(j)).filter(|_| p[j].text.len() == 4) {
            // "May 2014" needs a capitalized month: "may" is usually the verb.
            if (1000..=2999).contains(&y) && cur.text.starts_with(|c: char| c.is_uppercase()) {
                return Some((format!("{y:04}-{m:02}"), j));
            }
        }
        return None;
    }
    if !cur.digits {
        return None;
    }
    // ISO: 2013-07-11.
    if cur.text.len() == 4 && p.get(i + 1).is_some_and(|x| x.text == "-") {
        if let (Some(m), Some(d)) = (num(p.get(i + 2)), num(p.get(i + 4))) {
            let y: u32 = cur.text.parse().ok()?;
            if p.get(i + 3).is_some_and(|x| x.text == "-") && valid(y, m, d) {
                return Some((format!("{y:04}-{m:02}-{d:02}"), i + 4));
            }
        }
        return None;
    }
    // Numeric with slashes: 08/01/2015 (month first unless impossible).
    if cur.text.len() <= 2 && p.get(i + 1).is_some_and(|x| x.text == "/" || x.text == ".") {
        let sep = p[i + 1].text;
        if let (Some(a), Some(b), Some(y)) = (num(Some(cur)), num(p.get(i + 2)), num(p.get(i + 4)))
        {
            if p.get(i + 3).is_some_and(|x| x.text == sep) && p[i + 4].text.len() == 4 {
                let (m, d) = if a > 12 { (b, a) } else { (a, b) };
                if valid(y, m, d) {
                    return Some((format!("{y:04}-{m:02}-{d:02}"), i + 4));
                }
            }
        }
        return None;
    }
    // Day first: "9 February 2012", "9th of February, 2012".
    let d = num(Some(cur)).filter(|d| (1..=31).contains(d) && cur.text.len() <= 2)?;
    let mut j = i + 1;
    if is_ordinal_suffix(p.get(j)) {
        j += 1;
    }
    if p.get(j).is_some_and(|x| x.text.eq_ignore_ascii_case("of")) {
        j += 1;
    }
    let m = p
        .get(j)
        .filter(|x| x.alpha)
        .and_then(|x| month_number(x.text))?;
    let mut k = j + 1;
    if p.get(k).is_some_and(|x| x.text == "," || x.text == ".") {
        k += 1;
    }
    let y = num(p.get(k)).filter(|_| p[k].text.len() == 4)?;
    valid(y, m, d).then(|| (format!("{y:04}-{m:02}-{d:02}"), k))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn news_date_forms() {
        let cases = [
            ("Harbor Ledger, January 08, 2015", "2015-01-08"),
            ("Wire, July11, 2013", "2013-07-11"),
            ("February 9th, 2012", "2012-02-09"),
            ("August7th, 2013", "2013-08-07"),
            ("posted 2013-07-11 at noon", "2013-07-11"),
            ("08/01/2015", "2015-08-01"),
            ("25/01/2015", "2015-01-25"),
            ("9 February 2012", "2012-02-09"),
            ("Sept. 3, 2019", "2019-09-03"),
            ("a report in March 2014", "2014-03"),
        ];
        for (text, iso) in cases {
            assert_eq!(parse_date(text).as_deref(), Some(iso), "{text}");
        }
    }

    #[test]
    fn non_dates() {
        for text in [
            "it may 2014 be",
            "room 12/40",
            "January 32, 2012",
            "",
            "¹²³ «»",
        ] {
            assert_eq!(parse_date(text), None, "{text}");
        }
    }
}
