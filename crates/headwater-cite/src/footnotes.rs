//! Numbered notes at the end of an article and their markers in the body.

use crate::dates::find_dates;
use crate::outlets::{find_outlets, is_outlet};
use headwater_doc::{Citation, CitationKind, Document, Span};

pub(crate) struct Notes {
    pub citations: Vec<Citation>,
    pub warnings: Vec<String>,
    /// Byte offset where the notes list starts; the body is everything before.
    pub section_start: Option<u32>,
}

const SUPERSCRIPTS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

fn superscript_value(s: &str) -> Option<(u32, usize)> {
    let mut n = 0u32;
    let mut len = 0;
    for c in s.chars() {
        match SUPERSCRIPTS.iter().position(|&d| d == c) {
            Some(d) if n < 1000 => {
                n = n * 10 + d as u32;
                len += c.len_utf8();
            }
            _ => break,
        }
    }
    (len > 0).then_some((n, len))
}

/// `[12]` at the start of `s`: the number and the marker's byte length.
fn bracket_value(s: &str) -> Option<(u32, usize)> {
    let rest = s.strip_prefix('[')?;
    let close = rest.find(']')?;
    let digits = &rest[..close];
    if digits.is_empty() || digits.len() > 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((digits.parse().ok()?, close + 2))
}

/// `12.` or `12)` at the start of `s` (only used inside a titled notes section).
fn numbered_value(s: &str) -> Option<(u32, usize)> {
    let digits = s.bytes().take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    match s.as_bytes().get(digits) {
        Some(b'.') | Some(b')') => Some((s[..digits].parse().ok()?, digits + 1)),
        _ => None,
    }
}

fn is_notes_heading(line: &str) -> bool {
    let l = line
        .trim()
        .trim_end_matches(':')
        .trim_matches('#')
        .trim()
        .to_lowercase();
    matches!(
        l.as_str(),
        "notes" | "footnotes" | "endnotes" | "references" | "sources" | "bibliography"
    )
}

struct Entry {
    number: u32,
    marker: String,
    /// The whole line.
    line: Span,
    /// The entry text after the marker.
    body: Span,
}

fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_inclusive('\n').scan(0usize, |pos, line| {
        let start = *pos;
        *pos += line.len();
        Some((start, line.trim_end_matches(['\n', '\r'])))
    })
}

fn find_entries(text: &str) -> Vec<Entry> {
    let mut entries = Vec::new();
    let mut in_titled_section = false;
    for (start, line) in lines(text) {
        let lead = line.len() - line.trim_start().len();
        let trimmed = line.trim_start();
        if is_notes_heading(trimmed) {
            in_titled_section = true;
            continue;
        }
        let found = bracket_value(trimmed)
            .map(|(n, len)| (n, len, format!("[{n}]")))
            .or_else(|| {
                superscript_value(trimmed).map(|(n, len)| (n, len, trimmed[..len].to_string()))
            })
            .or_else(|| {
                in_titled_section
                    .then(|| numbered_value(trimmed))
                    .flatten()
                    .map(|(n, len)| (n, len, trimmed[..len].to_string()))
            });
        let Some((number, len, marker)) = found else {
            continue;
        };
        let after = &trimmed[len..];
        let body_lead = after.len() - after.trim_start().len();
        let body_text = after.trim();
        if body_text.is_empty() {
            continue;
        }
        let body_start = start + lead + len + body_lead;
        entries.push(Entry {
            number,
            marker,
            line: Span::new(
                (start + lead) as u32,
                (start + line.trim_end().len()) as u32,
            ),
            body: Span::new(body_start as u32, (body_start + body_text.len()) as u32),
        });
    }
    // A notes list is a run at the end: drop "entries" that have body text after them which is
    // not itself a note (a paragraph that merely starts with "[3]").
    if let Some(first_kept) = first_of_final_run(text, &entries) {
        entries.drain(..first_kept);
    }
    entries
}

/// Index of the first entry of the last run of entries, where a run may be separated only by blank
/// lines or short non-sentence lines (such as a "New Articles" heading that follows the notes).
fn first_of_final_run(text: &str, entries: &[Entry]) -> Option<usize> {
    let mut first = 0;
    for i in 1..entries.len() {
        let gap = text.get(entries[i - 1].line.end as usize..entries[i].line.start as usize)?;
        let prose = gap.lines().any(|l| l.split_whitespace().count() > 12);
        if prose {
            first = i;
        }
    }
    Some(first)
}

fn normalize(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_ibid(s: &str) -> bool {
    let l = s.trim().to_lowercase();
    l.starts_with("ibid") || l.starts_with("id.") || l == "id"
}

fn is_op_cit(s: &str) -> bool {
    let l = s.to_lowercase();
    l.contains("op. cit") || l.contains("op.cit") || l.contains("loc. cit")
}

fn name_like(s: &str, max_words: usize) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= max_words
        && words.iter().all(|w| {
            w.chars().next().is_some_and(|c| c.is_uppercase())
                && w.chars()
                    .all(|c| c.is_alphabetic() || c == '.' || c == '-' || c == '\'')
        })
}

/// Parses one reference: `Engel, Richard & Windrem, Robert, Title, US officials tell NBC News, February 9th, 2012`.
pub(crate) fn parse_reference(text: &str) -> Citation {
    let mut c = Citation {
        text: text.to_string(),
        ..Citation::default()
    };
    let mut rest = text.to_string();
    if let Some(start) = rest.find("http://").or_else(|| rest.find("https://")) {
        let end = rest[start..]
            .find(char::is_whitespace)
            .map_or(rest.len(), |e| start + e);
        c.url = Some(
            rest[start..end]
                .trim_end_matches([',', '.', ')'])
                .to_string(),
        );
        rest.replace_range(start..end, "");
    }
    if let Some(d) = find_dates(&rest).pop() {
        c.date = Some(d.iso);
        rest.replace_range(d.start..d.end, "");
    }
    let mut parts: Vec<String> = rest
        .split(',')
        .map(|p| p.trim().trim_end_matches('.').trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    // Authors: "Surname, Given [& Surname2, Given2 …]" at the start.
    while parts.len() >= 2 && name_like(&parts[0], 3) && !is_outlet(&parts[0]) {
        let given_field = parts[1].clone();
        let (given, next_surname) = match given_field
            .split_once(" & ")
            .or_else(|| given_field.split_once(" and "))
        {
            Some((g, s)) => (g.trim().to_string(), Some(s.trim().to_string())),
            None => (given_field.trim().to_string(), None),
        };
        if !name_like(&given, 3) {
            break;
        }
        c.authors.push(format!("{given} {}", parts[0]));
        parts.drain(..2);
        match next_surname {
            Some(s) if name_like(&s, 3) => parts.insert(0, s),
            _ => break,
        }
    }
    if parts.is_empty() {
        return c;
    }
    // Outlet: a known/patterned outlet as the first or last field, or inside the last field
    // ("US officials tell NBC News"); otherwise a short capitalized last field.
    let first_is_outlet = is_outlet(&parts[0]) && parts.len() >= 2;
    if first_is_outlet {
        c.outlet = Some(parts.remove(0));
    } else if parts.len() >= 2 {
        let last = parts.len() - 1;
        if is_outlet(&parts[last]) || name_like(&parts[last], 4) {
            c.outlet = parts.pop();
        } else if let Some(&(s, e)) = find_outlets(&parts[last]).last() {
            if e == parts[last].len() {
                c.outlet = Some(parts[last][s..e].to_string());
                parts.pop();
            }
        }
    } else if is_outlet(&parts[0]) {
        c.outlet = parts.pop();
    }
    if !parts.is_empty() {
        c.title = Some(parts.join(", "));
    }
    c
}

pub(crate) fn extract(doc: &Document) -> Notes {
    let text = &doc.text;
    let entries = find_entries(text);
    let Some(section_start) = entries.first().map(|e| e.line.start) else {
        return Notes {
            citations: Vec::new(),
            warnings: Vec::new(),
            section_start: None,
        };
    };
    let body = text.get(..section_start as usize).unwrap_or("");

    // Markers in the body.
    let mut markers: Vec<(u32, Span)> = Vec::new();
    for (i, c) in body.char_indices() {
        let found = if c == '[' {
            bracket_value(&body[i..])
        } else if SUPERSCRIPTS.contains(&c) && (i == 0 || !body[..i].ends_with(SUPERSCRIPTS)) {
            superscript_value(&body[i..])
        } else {
            None
        };
        if let Some((n, len)) = found {
            markers.push((n, Span::new(i as u32, (i + len) as u32)));
        }
    }

    let mut citations: Vec<Citation> = Vec::with_capacity(entries.len());
    for e in &entries {
        let entry_text = doc.slice(e.body);
        let mut c = if is_ibid(entry_text) {
            Citation {
                text: entry_text.to_string(),
                ..Citation::default()
            }
        } else {
            parse_reference(entry_text)
        };
        c.kind = Some(CitationKind::Footnote);
        c.marker = Some(e.marker.clone());
        c.spans.push(e.line);
        c.spans.extend(
            markers
                .iter()
                .filter(|(n, _)| *n == e.number)
                .map(|(_, s)| *s),
        );
        citations.push(c);
    }
    resolve_same_as(&mut citations);
    fill_from_same_work(&mut citations);
    let warnings = consistency_warnings(doc, &entries, &citations, &markers);
    Notes {
        citations,
        warnings,
        section_start: Some(section_start),
    }
}

/// References to one work complete each other: a first mention without its outlet takes it
/// from a later, fuller repeat, and `ibid` takes the fields of what it points to.
fn fill_from_same_work(citations: &mut [Citation]) {
    for i in 0..citations.len() {
        let r = root(citations, i);
        if r == i {
            continue;
        }
        let (lo, hi) = citations.split_at_mut(i);
        let (target, member) = (&mut lo[r], &mut hi[0]);
        for (a, b) in [
            (&mut target.outlet, &mut member.outlet),
            (&mut target.title, &mut member.title),
            (&mut target.date, &mut member.date),
        ] {
            if a.is_none() {
                a.clone_from(b);
            }
            if b.is_none() {
                b.clone_from(a);
            }
        }
        if target.authors.is_empty() {
            target.authors.clone_from(&member.authors);
        }
        if member.authors.is_empty() {
            member.authors.clone_from(&target.authors);
        }
    }
}

fn root(citations: &[Citation], mut i: usize) -> usize {
    for _ in 0..citations.len() {
        match citations.get(i).and_then(|c| c.same_as) {
            Some(j) if (j as usize) < i => i = j as usize,
            _ => break,
        }
    }
    i
}

fn resolve_same_as(citations: &mut [Citation]) {
    for i in 0..citations.len() {
        let text = citations[i].text.clone();
        let target = if is_ibid(&text) {
            i.checked_sub(1)
        } else if is_op_cit(&text) {
            (0..i).rev().find(|&j| {
                citations[j]
                    .authors
                    .iter()
                    .filter_map(|a| a.split_whitespace().last())
                    .any(|surname| text.contains(surname))
            })
        } else {
            let key = reference_key(&citations[i]);
            key.and_then(|k| {
                (0..i).find(|&j| reference_key(&citations[j]).as_deref() == Some(k.as_str()))
            })
        };
        if let Some(t) = target {
            citations[i].same_as = Some(root(citations, t) as u32);
        }
    }
}

/// Two references are the same work when their authors and titles agree after normalization.
fn reference_key(c: &Citation) -> Option<String> {
    let title = c.title.as_deref()?;
    Some(format!(
        "{}|{}",
        normalize(&c.authors.join(" ")),
        normalize(title)
    ))
}

/// Names that identify a note's source: its authors' surnames and its outlet.
fn source_names(c: &Citation) -> Vec<String> {
    let mut names: Vec<String> = c
        .authors
        .iter()
        .filter_map(|a| a.split_whitespace().last().map(str::to_string))
        .collect();
    if let Some(o) = &c.outlet {
        names.push(o.clone());
    }
    names.retain(|n| n.chars().next().is_some_and(|c| c.is_uppercase()) && n.len() > 2);
    names
}

/// True when `name` (one or more words) occurs in `sentence` as whole words.
fn names_in(sentence: &str, name: &str) -> bool {
    sentence.match_indices(name).any(|(i, m)| {
        let before = sentence[..i].chars().next_back();
        let after = sentence[i + m.len()..].chars().next();
        before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
    })
}

fn consistency_warnings(
    doc: &Document,
    entries: &[Entry],
    citations: &[Citation],
    markers: &[(u32, Span)],
) -> Vec<String> {
    let mut warnings = Vec::new();
    let body = &doc.text;
    // Full text of each note, through same_as, to check what it mentions.
    let note_text = |i: usize| -> String {
        let r = root(citations, i);
        let mut t = citations.get(i).map(|c| c.text.clone()).unwrap_or_default();
        if r != i {
            t.push(' ');
            t.push_str(citations.get(r).map(|c| c.text.as_str()).unwrap_or(""));
        }
        t
    };
    for &(n, span) in markers {
        let Some(idx) = entries.iter().position(|e| e.number == n) else {
            continue;
        };
        // The sentence the marker closes: back to the previous sentence end.
        let before = body.get(..span.start as usize).unwrap_or("");
        let sentence_start = before.rfind(['\n']).map_or(0, |p| p + 1).max(
            before
                .trim_end_matches(['.', '"', '”', ' '])
                .rfind(". ")
                .map_or(0, |p| p + 2),
        );
        // Several markers in one sentence split it: each covers the words since the previous one.
        let previous_marker_end = markers
            .iter()
            .map(|(_, m)| m.end as usize)
            .filter(|&e| e <= span.start as usize)
            .max()
            .unwrap_or(0);
        let sentence = &before[sentence_start.max(previous_marker_end).min(before.len())..];
        let own = note_text(idx);
        let mut cited = Vec::new();
        for (j, other) in citations.iter().enumerate() {
            if j == idx || root(citations, j) == root(citations, idx) {
                continue;
            }
            for name in source_names(other) {
                if names_in(sentence, &name)
                    && !own.contains(&name)
                    && !cited.iter().any(|(n, _)| *n == name)
                {
                    let marker = entries
                        .get(j)
                        .map_or(String::from("?"), |e| e.marker.clone());
                    cited.push((name, marker));
                }
            }
        }
        if cited.is_empty() {
            continue;
        }
        let own_root = &citations[root(citations, idx)];
        let surnames: Vec<&str> = own_root
            .authors
            .iter()
            .filter_map(|a| a.split_whitespace().last())
            .collect();
        let own_desc = if !surnames.is_empty() {
            surnames.join(" & ")
        } else if let Some(o) = &own_root.outlet {
            o.clone()
        } else {
            format!("'{}'", own.chars().take(60).collect::<String>())
        };
        let names: Vec<String> = cited.iter().map(|(n, _)| format!("'{n}'")).collect();
        let others: Vec<String> = cited
            .iter()
            .map(|(n, m)| format!("footnote {m} mentions '{n}'"))
            .collect();
        let msg = format!(
            "footnote marker [{n}] in text cites {} but footnote [{n}] is by {own_desc} ({})",
            names.join(" and "),
            others.join("; ")
        );
        if !warnings.contains(&msg) {
            warnings.push(msg);
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_reference_forms() {
        let c = parse_reference(
            "Kessler, Mara & Oduya, Tobias, Harbor authority weighs new levy, officials tell Meridian Wire, February 9th, 2031",
        );
        assert_eq!(c.authors, ["Mara Kessler", "Tobias Oduya"]);
        assert_eq!(c.outlet.as_deref(), Some("Meridian Wire"));
        assert_eq!(c.date.as_deref(), Some("2031-02-09"));
        assert_eq!(c.title.as_deref(), Some("Harbor authority weighs new levy"));

        let c = parse_reference("Reuters, Ferry operators plan new routes, July11, 2030");
        assert_eq!(c.outlet.as_deref(), Some("Reuters"));
        assert!(c.authors.is_empty());
        assert_eq!(c.title.as_deref(), Some("Ferry operators plan new routes"));
        assert_eq!(c.date.as_deref(), Some("2030-07-11"));

        let c = parse_reference(
            "Vale, Imogen, Notes on the tide tables, Coastal Review, August 7th, 2029",
        );
        assert_eq!(c.authors, ["Imogen Vale"]);
        assert_eq!(c.outlet.as_deref(), Some("Coastal Review"));
    }

    #[test]
    fn notes_markers_ibid_and_repeats() {
        let text =
            "The council said the levy was final.[1] Vale wrote that tolls would rise.[2]\n\n\
                    Later, Kessler reported the opposite.[2] Nobody disputed it.[3]\n\n\
                    [1] Harbor Ledger, Council sets levy, March 3, 2031\n\n\
                    [2] Vale, Imogen, Tolls and tides, Coastal Review, March 4, 2031\n\n\
                    [3] ibid\n\n\
                    [4]Vale, Imogen, Tolls and tides, Coastal Review, March 4th, 2031\n";
        let doc = Document::new("t", text.to_string());
        let notes = extract(&doc);
        assert_eq!(notes.citations.len(), 4);
        assert_eq!(notes.citations[0].outlet.as_deref(), Some("Harbor Ledger"));
        assert_eq!(notes.citations[2].same_as, Some(1), "ibid → [2]");
        assert_eq!(notes.citations[3].same_as, Some(1), "repeat → [2]");
        // [2] has its entry line plus two markers in the body.
        assert_eq!(notes.citations[1].spans.len(), 3);
        assert_eq!(
            notes.section_start,
            text.find("[1] Harbor").map(|p| p as u32)
        );
    }

    #[test]
    fn markers_in_one_sentence_each_cover_their_own_words() {
        let text = "The claim was repeated by the Harbor Ledger,[1] the Valley Courier [2] and others.\n\n\
                    [1] Harbor Ledger, Levy story, March 3, 2031\n\n\
                    [2] Valley Courier, Levy follow-up, March 4, 2031\n";
        let doc = Document::new("t", text.to_string());
        assert!(extract(&doc).warnings.is_empty());
    }

    #[test]
    fn warns_when_marker_sentence_names_another_notes_author() {
        let text = "Kessler reported that the pier was closed.[1]\n\n\
                    [1] Vale, Imogen, Pier notes, Coastal Review, May 2, 2031\n\n\
                    [2] Kessler, Mara, Pier closed, Meridian Wire, May 1, 2031\n";
        let doc = Document::new("t", text.to_string());
        let notes = extract(&doc);
        assert_eq!(notes.warnings.len(), 1, "{:?}", notes.warnings);
        assert!(
            notes.warnings[0].contains(
                "footnote marker [1] in text cites 'Kessler' but footnote [1] is by Vale"
            ),
            "{:?}",
            notes.warnings
        );
    }
}
