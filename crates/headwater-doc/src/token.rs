use serde::{Deserialize, Serialize};
use std::ops::Range;

/// A half-open byte range `[start, end)` into [`crate::Document::text`], on char boundaries.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    /// A span from `start` to `end` (bytes).
    pub const fn new(start: u32, end: u32) -> Self {
        Span { start, end }
    }
    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start) as usize
    }
    /// True when the span covers nothing.
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
    /// As a `usize` range, for slicing.
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
    /// True when `other` lies entirely inside `self`.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    /// True when the two spans share at least one byte.
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    /// The smallest span covering both.
    pub fn cover(&self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// What a token is, as far as the tokenizer can tell without a model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TokenKind {
    /// Letters, possibly with internal apostrophes, hyphens or periods (`U.S.`, `Mr.`).
    Word,
    /// Digits, possibly with separators (`1,200`, `3.5`, `2013-07-11`).
    Number,
    /// Opening or closing quotation mark of any style (`"`, `“`, `”`, `«`, `'`).
    Quote,
    /// Other punctuation (`.`, `,`, `--`, `…`).
    Punct,
    /// Symbols such as `$`, `%`, `&`, `@`.
    Symbol,
    /// A URL.
    Url,
    /// An e-mail address.
    Email,
    /// A footnote marker such as `[4]` or `¹`.
    FootnoteMarker,
}

/// One token: a span of the text plus its coarse kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
    /// True when whitespace follows the token in the text.
    pub space_after: bool,
}

/// A sentence: its text span and the range of token indices it covers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    pub span: Span,
    /// Indices into [`crate::Document::tokens`].
    pub tokens: Range<u32>,
}

impl Sentence {
    /// Token indices as a `usize` range.
    pub fn token_range(&self) -> Range<usize> {
        self.tokens.start as usize..self.tokens.end as usize
    }
}
