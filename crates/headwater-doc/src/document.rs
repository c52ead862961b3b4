use crate::{Attribution, Citation, Entity, Mention, Sentence, Span, Token, TokenSyntax};
use serde::{Deserialize, Serialize};

/// Why a piece of the input was left out of [`Document::text`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RemovedKind {
    Disclaimer,
    Related,
    Navigation,
    Share,
    Comments,
    Byline,
    Other,
}

/// A piece of boilerplate removed from the body, kept so that nothing is silently lost.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removed {
    pub kind: RemovedKind,
    pub text: String,
}

/// A hyperlink whose anchor text survives in [`Document::text`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// The anchor text's span in the document text (may be empty for image links).
    pub span: Span,
    pub url: String,
}

/// One article: metadata, cleaned text and stand-off annotation layers.
///
/// Layers are filled in pipeline order: the reader and cleaner set metadata, `text`, `removed`,
/// `paragraphs` and `links`; the tokenizer sets `tokens` and `sentences`; the NLP core fills
/// `syntax` (parallel to `tokens`) and `mentions`/`entities`; the citation stage `citations`;
/// attribution `attributions`. All spans are byte ranges into `text`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// `d-` plus 8 hex digits of a hash of the text: stable across runs.
    pub id: String,
    /// As given on the command line, or the record id for JSONL/WARC.
    pub path: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub publisher: Option<String>,
    /// ISO 8601 date (`2015-01-08`).
    pub published: Option<String>,
    pub language: String,
    /// Main body text after boilerplate removal, NFC-normalized.
    pub text: String,
    pub removed: Vec<Removed>,
    pub paragraphs: Vec<Span>,
    pub links: Vec<Link>,
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    /// Parallel to `tokens` once the NLP core has run; empty before.
    pub syntax: Vec<TokenSyntax>,
    /// Lemma storage for `syntax[i].lemma` (one growing buffer, no per-token allocation).
    pub lemma_arena: String,
    pub mentions: Vec<Mention>,
    pub entities: Vec<Entity>,
    pub citations: Vec<Citation>,
    pub attributions: Vec<Attribution>,
    pub warnings: Vec<String>,
}

impl Document {
    /// A document with `text` as its body and its id derived from the text.
    pub fn new(path: impl Into<String>, text: String) -> Document {
        let mut doc = Document {
            path: path.into(),
            language: "en".to_string(),
            text,
            ..Document::default()
        };
        doc.refresh_id();
        doc
    }

    /// Recomputes `id` from the current text (call after the cleaner changes `text`).
    pub fn refresh_id(&mut self) {
        self.id = format!("d-{:08x}", (stable_hash(self.text.as_bytes()) >> 32) as u32);
    }

    /// The text of a span; empty when the span is out of range or not on char boundaries.
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or("")
    }

    /// The lemma of token `i`, or the token's own text when no lemma was set.
    pub fn lemma(&self, i: usize) -> &str {
        match self.syntax.get(i) {
            Some(s) if s.lemma.1 > s.lemma.0 => self
                .lemma_arena
                .get(s.lemma.0 as usize..s.lemma.1 as usize)
                .unwrap_or(""),
            _ => self.tokens.get(i).map(|t| self.slice(t.span)).unwrap_or(""),
        }
    }

    /// The text of token `i`.
    pub fn token_text(&self, i: usize) -> &str {
        self.tokens.get(i).map(|t| self.slice(t.span)).unwrap_or("")
    }

    /// Number of word-like tokens (words and numbers), the unit of words/s figures.
    pub fn word_count(&self) -> usize {
        if self.tokens.is_empty() {
            return self.text.split_whitespace().count();
        }
        self.tokens
            .iter()
            .filter(|t| matches!(t.kind, crate::TokenKind::Word | crate::TokenKind::Number))
            .count()
    }

    /// Index of the sentence containing token `i` (binary search).
    pub fn sentence_of_token(&self, i: usize) -> Option<usize> {
        let i = i as u32;
        let idx = self.sentences.partition_point(|s| s.tokens.end <= i);
        self.sentences
            .get(idx)
            .filter(|s| s.tokens.start <= i && i < s.tokens.end)
            .map(|_| idx)
    }

    /// Index of the first token whose span ends after byte `offset`.
    pub fn token_at_or_after(&self, offset: u32) -> usize {
        self.tokens.partition_point(|t| t.span.end <= offset)
    }
}

/// 64-bit FNV-1a: a stable hash for ids (not for security).
pub fn stable_hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}
