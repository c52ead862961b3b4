//! Readers for the training and evaluation corpora (gold tokens, gold chunks).

use crate::lexicon::TITLES;
use crate::model::Class;
use crate::NerError;
use std::path::Path;

/// One gold sentence: words and `(start, end, class)` chunks over word indices.
#[derive(Clone, Debug, Default)]
pub struct GoldSentence {
    pub words: Vec<String>,
    pub spans: Vec<(usize, usize, Class)>,
    /// Which document of its file the sentence belongs to (`# newdoc` lines in IOB2, one per
    /// file in GUM; without any `# newdoc` every sentence is its own document).
    pub doc: u32,
}

fn read(path: &Path) -> Result<String, NerError> {
    std::fs::read_to_string(path).map_err(|e| NerError::Io {
        path: path.display().to_string(),
        source: e,
    })
}

/// Parses UNER IOB2 text (`idx \t word \t tag ...`, `#` comments, blank lines between sentences).
pub fn parse_iob2(text: &str) -> Vec<GoldSentence> {
    let mut out = Vec::new();
    let mut cur = GoldSentence::default();
    let mut open: Option<(usize, Class)> = None;
    let mut doc = 0u32;
    let mut any_newdoc = false;
    let close = |cur: &mut GoldSentence, open: &mut Option<(usize, Class)>| {
        if let Some((s, c)) = open.take() {
            let e = cur.words.len();
            cur.spans.push((s, e, c));
        }
    };
    for line in text.lines() {
        if line.starts_with('#') {
            if line.starts_with("# newdoc") {
                close(&mut cur, &mut open);
                if !cur.words.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                if any_newdoc {
                    doc += 1;
                }
                any_newdoc = true;
                cur.doc = doc;
            }
            continue;
        }
        if line.trim().is_empty() {
            close(&mut cur, &mut open);
            if !cur.words.is_empty() {
                out.push(std::mem::take(&mut cur));
                cur.doc = doc;
            }
            continue;
        }
        let mut cols = line.split('\t');
        let _idx = cols.next();
        let word = cols.next().unwrap_or("");
        let tag = cols.next().unwrap_or("O");
        let (bio, ty) = tag.split_once('-').unwrap_or((tag, ""));
        let class = match ty {
            "PER" => Some(Class::Per),
            "ORG" => Some(Class::Org),
            "LOC" => Some(Class::Loc),
            _ => None,
        };
        match (bio, class) {
            ("B", Some(c)) => {
                close(&mut cur, &mut open);
                open = Some((cur.words.len(), c));
            }
            ("I", Some(c)) => {
                if open.map(|(_, oc)| oc) != Some(c) {
                    close(&mut cur, &mut open);
                    open = Some((cur.words.len(), c));
                }
            }
            _ => close(&mut cur, &mut open),
        }
        cur.words.push(word.to_string());
    }
    close(&mut cur, &mut open);
    if !cur.words.is_empty() {
        out.push(cur);
    }
    if !any_newdoc {
        for (i, s) in out.iter_mut().enumerate() {
            s.doc = i as u32;
        }
    }
    out
}

/// Reads the word forms of a CoNLL-U file as unlabelled sentences (no chunks), numbered by
/// document (`# newdoc` lines; without any, every sentence is its own); multi-word token lines
/// and empty nodes are skipped. Only the forms are read: no gold tags.
pub fn read_conllu_forms(path: &Path) -> Result<Vec<GoldSentence>, NerError> {
    Ok(parse_conllu_forms(&read(path)?))
}

/// [`read_conllu_forms`] on text.
pub fn parse_conllu_forms(text: &str) -> Vec<GoldSentence> {
    let mut out: Vec<GoldSentence> = Vec::new();
    let mut cur = GoldSentence::default();
    let mut doc = 0u32;
    let mut any_newdoc = false;
    for line in text.lines() {
        if line.starts_with("# newdoc") {
            if any_newdoc {
                doc += 1;
            }
            any_newdoc = true;
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        if line.trim().is_empty() {
            if !cur.words.is_empty() {
                cur.doc = doc;
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let mut cols = line.split('\t');
        let id = cols.next().unwrap_or("");
        if id.contains('-') || id.contains('.') {
            continue;
        }
        cur.words.push(cols.next().unwrap_or("").to_string());
    }
    if !cur.words.is_empty() {
        cur.doc = doc;
        out.push(cur);
    }
    if !any_newdoc {
        for (i, s) in out.iter_mut().enumerate() {
            s.doc = i as u32;
        }
    }
    out
}

/// Reads a UNER IOB2 file.
pub fn read_iob2(path: &Path) -> Result<Vec<GoldSentence>, NerError> {
    Ok(parse_iob2(&read(path)?))
}

struct Row {
    form: String,
    upos: String,
    head: usize,
    entity: String,
}

/// Reads every `*.conllu` file of a GUM `dep/` folder, in file-name order.
pub fn read_gum_dir(dir: &Path) -> Result<Vec<GoldSentence>, NerError> {
    read_gum_dir_except(dir, &[])
}

/// [`read_gum_dir`] leaving out the files whose name starts with one of `skip`.
pub fn read_gum_dir_except(dir: &Path, skip: &[String]) -> Result<Vec<GoldSentence>, NerError> {
    let rd = std::fs::read_dir(dir).map_err(|e| NerError::Io {
        path: dir.display().to_string(),
        source: e,
    })?;
    let mut files: Vec<_> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "conllu"))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            !skip.iter().any(|s| name.starts_with(s.as_str()))
        })
        .collect();
    files.sort();
    let mut out = Vec::new();
    for (k, f) in files.iter().enumerate() {
        out.extend(parse_gum(&read(f)?).into_iter().map(|mut s| {
            s.doc = k as u32;
            s
        }));
    }
    Ok(out)
}

/// Parses GUM CoNLL-U: named mentions are entity brackets (MISC `Entity=`) whose head is a proper
/// noun; the chunk is the run of proper nouns around that head (titles and determiners left out).
pub fn parse_gum(text: &str) -> Vec<GoldSentence> {
    let mut out = Vec::new();
    let mut rows: Vec<Row> = Vec::new();
    for line in text.lines().chain(std::iter::once("")) {
        if line.starts_with('#') {
            continue;
        }
        if line.trim().is_empty() {
            if !rows.is_empty() {
                out.push(gum_sentence(&rows));
                rows.clear();
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 10 {
            continue;
        }
        let id = cols[0];
        if id.contains('-') || id.contains('.') {
            continue;
        }
        let entity = cols[9]
            .split('|')
            .find_map(|kv| kv.strip_prefix("Entity="))
            .unwrap_or("")
            .to_string();
        rows.push(Row {
            form: cols[1].to_string(),
            upos: cols[3].to_string(),
            head: cols[6].parse().unwrap_or(0),
            entity,
        });
    }
    out
}

fn gum_sentence(rows: &[Row]) -> GoldSentence {
    // Collect bracketed mentions: (start, end, etype).
    let mut open: Vec<(String, usize, String)> = Vec::new();
    let mut mentions: Vec<(usize, usize, String)> = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let s = r.entity.as_str();
        let bytes = s.as_bytes();
        let mut p = 0;
        while p < bytes.len() {
            if bytes[p] == b'(' {
                let rest = &s[p + 1..];
                let end = rest.find(['(', ')']).unwrap_or(rest.len());
                let content = &rest[..end];
                let mut parts = content.split('-');
                let id = parts.next().unwrap_or("").to_string();
                let etype = parts.next().unwrap_or("").to_string();
                p += 1 + end;
                if bytes.get(p) == Some(&b')') {
                    mentions.push((i, i + 1, etype));
                    p += 1;
                } else {
                    open.push((id, i, etype));
                }
            } else {
                let rest = &s[p..];
                let end = rest.find(')').unwrap_or(rest.len());
                let id = &rest[..end];
                if let Some(k) = open.iter().rposition(|(oid, _, _)| oid == id) {
                    let (_, st, et) = open.remove(k);
                    mentions.push((st, i + 1, et));
                }
                p += end + 1;
            }
        }
    }
    let is_propn = |i: usize| rows.get(i).is_some_and(|r| r.upos == "PROPN");
    let is_title = |i: usize| {
        rows.get(i)
            .is_some_and(|r| TITLES.contains(&r.form.to_lowercase().as_str()))
    };
    let mut cands: Vec<(usize, usize, Class)> = Vec::new();
    for (s, e, etype) in &mentions {
        let class = match etype.as_str() {
            "person" => Class::Per,
            "organization" => Class::Org,
            "place" => Class::Loc,
            _ => continue,
        };
        let inside = |j: usize| j >= *s && j < *e;
        // Head: the first token whose head lies outside the mention.
        let head = (*s..*e).find(|&j| {
            let h = rows[j].head;
            h == 0 || !inside(h - 1)
        });
        let Some(head) = head else { continue };
        if !is_propn(head) {
            continue;
        }
        // Proper nouns linked to the head through proper nouns, inside the mention.
        let mut lo = head;
        let mut hi = head;
        for j in *s..*e {
            if !is_propn(j) || (class == Class::Per && is_title(j)) {
                continue;
            }
            let mut k = j;
            let mut ok = true;
            let mut steps = 0;
            while k != head {
                let h = rows[k].head;
                if h == 0 || !inside(h - 1) || steps > 50 {
                    ok = false;
                    break;
                }
                k = h - 1;
                steps += 1;
                if k != head && (!is_propn(k) || (class == Class::Per && is_title(k))) {
                    ok = false;
                    break;
                }
            }
            if ok {
                lo = lo.min(j);
                hi = hi.max(j);
            }
        }
        cands.push((lo, hi + 1, class));
    }
    // Flat chunks: longer (outer) names win over nested ones.
    cands.sort_by_key(|&(s, e, _)| (std::cmp::Reverse(e - s), s));
    let mut spans: Vec<(usize, usize, Class)> = Vec::new();
    for c in cands {
        if spans.iter().all(|&(s, e, _)| c.1 <= s || e <= c.0) {
            spans.push(c);
        }
    }
    spans.sort_by_key(|&(s, _, _)| s);
    GoldSentence {
        words: rows.iter().map(|r| r.form.clone()).collect(),
        spans,
        doc: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conllu_forms_follow_newdoc_lines() {
        let t = "# newdoc id = a\n# text = x\n1-2\tdon't\t_\n1\tdo\tdo\tAUX\n2\tn't\tnot\tPART\n\n1\tHi\thi\n\n# newdoc id = b\n1\tOslo\tOslo\n";
        let s = parse_conllu_forms(t);
        assert_eq!(s.iter().map(|x| x.doc).collect::<Vec<_>>(), vec![0, 0, 1]);
        assert_eq!(
            s.first().map(|x| x.words.clone()),
            Some(vec!["do".to_string(), "n't".to_string()])
        );
    }

    #[test]
    fn iob2_documents_follow_newdoc_lines() {
        let text =
            "# newdoc id = a\n1\tAnna\tB-PER\n\n1\tHi\tO\n\n# newdoc id = b\n1\tOslo\tB-LOC\n";
        let s = parse_iob2(text);
        assert_eq!(s.iter().map(|x| x.doc).collect::<Vec<_>>(), vec![0, 0, 1]);
        let s = parse_iob2("1\ta\tO\n\n1\tb\tO\n");
        assert_eq!(s.iter().map(|x| x.doc).collect::<Vec<_>>(), vec![0, 1]);
    }
}
