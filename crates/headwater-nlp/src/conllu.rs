//! CoNLL-U reading and writing (syntactic words; multi-word token lines and comments are kept
//! verbatim so that a round trip preserves them).

use crate::NlpError;
use headwater_doc::{DepRel, Upos, XPOS_TAGS};
use std::fmt::Write as _;

/// One syntactic word of a CoNLL-U sentence.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Word {
    pub form: String,
    pub lemma: String,
    pub upos: Upos,
    /// Index into [`XPOS_TAGS`] (0 = unknown).
    pub xpos: u8,
    /// The FEATS column as read (`_` when empty).
    pub feats: String,
    /// 1-based head, 0 for the root (as in the file).
    pub head: u32,
    pub deprel: DepRel,
    /// The DEPREL column as read (kept so that unknown labels survive a round trip).
    pub deprel_str: String,
    pub deps: String,
    pub misc: String,
}

/// A CoNLL-U sentence.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConllSentence {
    /// Comment lines (`# text = ...`), without the trailing newline.
    pub comments: Vec<String>,
    pub words: Vec<Word>,
    /// Multi-word token lines, each with the index of the word it precedes.
    pub ranges: Vec<(usize, String)>,
}

/// Index of an XPOS string in [`XPOS_TAGS`], 0 (`XX`) when unknown.
pub fn xpos_index(s: &str) -> u8 {
    XPOS_TAGS.iter().position(|t| *t == s).unwrap_or(0) as u8
}

/// Parses CoNLL-U text. Empty nodes (`3.1`) are skipped; malformed lines give an error.
pub fn parse_conllu(text: &str) -> Result<Vec<ConllSentence>, NlpError> {
    let mut out = Vec::new();
    let mut cur = ConllSentence::default();
    for (lineno, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.words.is_empty() || !cur.comments.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if line.starts_with('#') {
            cur.comments.push(line.to_string());
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(NlpError::Conllu {
                line: lineno + 1,
                reason: format!("expected 10 columns, found {}", cols.len()),
            });
        }
        let id = cols[0];
        if id.contains('.') {
            continue;
        }
        if id.contains('-') {
            cur.ranges.push((cur.words.len(), line.to_string()));
            continue;
        }
        let head = match cols[6] {
            "_" => 0,
            h => h.parse::<u32>().map_err(|_| NlpError::Conllu {
                line: lineno + 1,
                reason: format!("bad head {h:?}"),
            })?,
        };
        cur.words.push(Word {
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: Upos::parse(cols[3]).unwrap_or_default(),
            xpos: xpos_index(cols[4]),
            feats: cols[5].to_string(),
            head,
            deprel: DepRel::parse(cols[7]),
            deprel_str: cols[7].to_string(),
            deps: cols[8].to_string(),
            misc: cols[9].to_string(),
        });
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// Reads and parses a CoNLL-U file.
pub fn read_conllu(path: &std::path::Path) -> Result<Vec<ConllSentence>, NlpError> {
    let text = std::fs::read_to_string(path).map_err(|e| NlpError::Io {
        path: path.display().to_string(),
        source: e,
    })?;
    parse_conllu(&text)
}

/// Writes sentences as CoNLL-U (tags and relations from the typed fields).
pub fn write_conllu(sents: &[ConllSentence]) -> String {
    let mut s = String::new();
    for sent in sents {
        for c in &sent.comments {
            s.push_str(c);
            s.push('\n');
        }
        let mut r = 0;
        for (i, w) in sent.words.iter().enumerate() {
            while let Some((at, line)) = sent.ranges.get(r) {
                if *at != i {
                    break;
                }
                s.push_str(line);
                s.push('\n');
                r += 1;
            }
            let _ = writeln!(
                s,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                i + 1,
                w.form,
                if w.lemma.is_empty() { "_" } else { &w.lemma },
                w.upos.as_str(),
                XPOS_TAGS.get(w.xpos as usize).copied().unwrap_or("_"),
                if w.feats.is_empty() { "_" } else { &w.feats },
                w.head,
                w.deprel.as_str(),
                if w.deps.is_empty() { "_" } else { &w.deps },
                if w.misc.is_empty() { "_" } else { &w.misc },
            );
        }
        s.push('\n');
    }
    s
}
