//! Lemmatizer learned from the treebanks: suffix rules per XPOS tag (longest matching suffix
//! wins), plus an exception table for forms the rules get wrong (irregulars such as `went`).

use crate::conllu::ConllSentence;
use crate::model::{hash_lower, mix, put_str, put_u32, IdMap, Reader};
use crate::NlpError;
use std::collections::BTreeMap;

const MAX_SUFFIX: usize = 5;

/// A learned lemmatizer.
#[derive(Clone, Debug, Default)]
pub struct Lemmatizer {
    /// Sorted `(key(xpos, suffix), strip_chars, append offset, append len)`.
    rules: Vec<(u64, u32, u32, u32)>,
    /// Sorted `(key(xpos, lower form), lemma offset, lemma len)`.
    exceptions: Vec<(u64, u32, u32)>,
    blob: String,
    /// Key → row of `rules` / `exceptions`: one probe per suffix instead of a binary search
    /// over tens of thousands of rows for every suffix of every token.
    rule_index: IdMap<u32>,
    exc_index: IdMap<u32>,
}

fn rule_key(xpos: u8, suffix: &str) -> u64 {
    mix(hash_lower(suffix.as_bytes()), 0x1e00 + xpos as u64)
}

fn exc_key(xpos: u8, form: &str) -> u64 {
    mix(hash_lower(form.as_bytes()), 0x2e00 + xpos as u64)
}

fn is_proper(xpos: u8) -> bool {
    matches!(
        headwater_doc::XPOS_TAGS.get(xpos as usize),
        Some(&"NNP") | Some(&"NNPS")
    )
}

/// Splits the form into the strip count and append string that turn it into the lemma.
fn transform<'a>(form: &str, lemma: &'a str) -> (usize, &'a str) {
    let mut common = 0;
    for ((i, a), b) in form.char_indices().zip(lemma.chars()) {
        if a != b {
            break;
        }
        common = i + a.len_utf8();
    }
    let strip = form.get(common..).map(|s| s.chars().count()).unwrap_or(0);
    (strip, lemma.get(common..).unwrap_or(""))
}

fn suffix_at(s: &str, k: usize) -> Option<&str> {
    if k == 0 {
        return Some("");
    }
    let idx = s.char_indices().rev().nth(k - 1).map(|(i, _)| i)?;
    s.get(idx..)
}

impl Lemmatizer {
    /// Learns rules and exceptions from gold-annotated sentences.
    pub fn train(sents: &[ConllSentence]) -> Lemmatizer {
        // (xpos, lower form) -> lemma -> count
        let mut forms: BTreeMap<(u8, String), BTreeMap<String, u32>> = BTreeMap::new();
        for s in sents {
            for w in &s.words {
                if w.lemma.is_empty() || w.lemma == "_" {
                    continue;
                }
                let form = if is_proper(w.xpos) {
                    w.form.clone()
                } else {
                    w.form.to_lowercase()
                };
                *forms
                    .entry((w.xpos, form))
                    .or_default()
                    .entry(w.lemma.clone())
                    .or_default() += 1;
            }
        }
        let best = |m: &BTreeMap<String, u32>| -> (String, u32) {
            let mut b = (String::new(), 0);
            for (l, &c) in m {
                if c > b.1 {
                    b = (l.clone(), c);
                }
            }
            b
        };
        // (xpos, suffix) -> (strip, append) -> count, counting each form type once per token
        let mut rules: BTreeMap<(u8, String), BTreeMap<(usize, String), u32>> = BTreeMap::new();
        for ((xpos, form), lemmas) in &forms {
            let (lemma, c) = best(lemmas);
            let (strip, app) = transform(form, &lemma);
            for k in 0..=MAX_SUFFIX {
                let Some(suf) = suffix_at(form, k) else {
                    break;
                };
                // Rules must leave at least the stripped part inside the suffix.
                if k < strip {
                    continue;
                }
                *rules
                    .entry((*xpos, suf.to_string()))
                    .or_default()
                    .entry((strip, app.to_string()))
                    .or_default() += c.min(3);
            }
        }
        let mut out = Lemmatizer::default();
        let mut chosen: BTreeMap<(u8, String), (usize, String)> = BTreeMap::new();
        for ((xpos, suf), m) in &rules {
            let mut b: ((usize, String), u32) = ((0, String::new()), 0);
            let mut total = 0;
            for (t, &c) in m {
                total += c;
                if c > b.1 {
                    b = (t.clone(), c);
                }
            }
            if total >= 2 || suf.is_empty() {
                chosen.insert((*xpos, suf.clone()), b.0);
            }
        }
        let mut rule_rows = Vec::new();
        for ((xpos, suf), (strip, app)) in &chosen {
            let off = out.blob.len() as u32;
            out.blob.push_str(app);
            rule_rows.push((rule_key(*xpos, suf), *strip as u32, off, app.len() as u32));
        }
        rule_rows.sort_unstable();
        rule_rows.dedup_by_key(|r| r.0);
        out.rules = rule_rows;
        let mut exc = Vec::new();
        let mut buf = String::new();
        for ((xpos, form), lemmas) in &forms {
            let (lemma, _) = best(lemmas);
            buf.clear();
            out.apply_rules(form, *xpos, &mut buf);
            if buf != lemma {
                let off = out.blob.len() as u32;
                out.blob.push_str(&lemma);
                exc.push((exc_key(*xpos, form), off, lemma.len() as u32));
            }
        }
        exc.sort_unstable();
        exc.dedup_by_key(|r| r.0);
        out.exceptions = exc;
        out.build_index();
        out
    }

    fn apply_rules(&self, form: &str, xpos: u8, out: &mut String) {
        // Singular proper nouns are their own lemma; suffix rules only invent names there.
        if headwater_doc::XPOS_TAGS.get(xpos as usize) == Some(&"NNP") {
            out.push_str(form);
            return;
        }
        for k in (0..=MAX_SUFFIX).rev() {
            let Some(suf) = suffix_at(form, k) else {
                continue;
            };
            let key = rule_key(xpos, suf);
            if let Some(&i) = self.rule_index.get(&key) {
                let Some(&(_, strip, off, len)) = self.rules.get(i as usize) else {
                    break;
                };
                let keep = form.chars().count().saturating_sub(strip as usize);
                let end = form
                    .char_indices()
                    .nth(keep)
                    .map(|(i, _)| i)
                    .unwrap_or(form.len());
                push_case(out, form.get(..end).unwrap_or(form), xpos);
                out.push_str(
                    self.blob
                        .get(off as usize..(off + len) as usize)
                        .unwrap_or(""),
                );
                return;
            }
        }
        push_case(out, form, xpos);
    }

    /// Appends the lemma of `form` (tagged `xpos`) to `out`, allocating nothing else.
    pub fn lemmatize_into(&self, form: &str, xpos: u8, out: &mut String) {
        let key = exc_key(xpos, form);
        if let Some(&i) = self.exc_index.get(&key) {
            if let Some(&(_, off, len)) = self.exceptions.get(i as usize) {
                if let Some(l) = self.blob.get(off as usize..(off + len) as usize) {
                    out.push_str(l);
                    return;
                }
            }
        }
        self.apply_rules(form, xpos, out);
    }

    pub(crate) fn write(&self, out: &mut Vec<u8>) {
        put_u32(out, self.rules.len() as u32);
        for r in &self.rules {
            out.extend_from_slice(&r.0.to_le_bytes());
            put_u32(out, r.1);
            put_u32(out, r.2);
            put_u32(out, r.3);
        }
        put_u32(out, self.exceptions.len() as u32);
        for r in &self.exceptions {
            out.extend_from_slice(&r.0.to_le_bytes());
            put_u32(out, r.1);
            put_u32(out, r.2);
        }
        put_str(out, &self.blob);
    }

    pub(crate) fn read(r: &mut Reader<'_>) -> Result<Lemmatizer, NlpError> {
        let n = r.u32()? as usize;
        let mut rules = Vec::with_capacity(n.min(1 << 20));
        for _ in 0..n {
            let k = r.u64()?;
            rules.push((k, r.u32()?, r.u32()?, r.u32()?));
        }
        let n = r.u32()? as usize;
        let mut exceptions = Vec::with_capacity(n.min(1 << 20));
        for _ in 0..n {
            let k = r.u64()?;
            exceptions.push((k, r.u32()?, r.u32()?));
        }
        let blob = r.str()?.to_string();
        let mut l = Lemmatizer {
            rules,
            exceptions,
            blob,
            ..Lemmatizer::default()
        };
        l.build_index();
        Ok(l)
    }

    fn build_index(&mut self) {
        self.rule_index = row_index(self.rules.iter().map(|r| r.0));
        self.exc_index = row_index(self.exceptions.iter().map(|r| r.0));
    }
}

/// Key → position of each row.
fn row_index(keys: impl Iterator<Item = u64>) -> IdMap<u32> {
    keys.enumerate().map(|(i, k)| (k, i as u32)).collect()
}

/// Proper nouns keep their case; everything else is lowercased (ASCII and Unicode alike).
fn push_case(out: &mut String, s: &str, xpos: u8) {
    if is_proper(xpos) {
        out.push_str(s);
    } else {
        for c in s.chars() {
            if c.is_uppercase() {
                out.extend(c.to_lowercase());
            } else {
                out.push(c);
            }
        }
    }
}
