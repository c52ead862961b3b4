//! Tokenizer and sentence splitter for news text, following Universal Dependencies English
//! token conventions. (Placeholder implementation: whitespace tokens, one sentence per paragraph.)

use headwater_doc::{Annotator, Document, Sentence, Span, Token, TokenKind};

/// Splits `text` into paragraphs (blank-line or single-newline separated blocks), appending to `out`.
pub fn paragraphs(text: &str, out: &mut Vec<Span>) {
    let mut start = None;
    for (i, line) in line_spans(text) {
        let trimmed = line.trim();
        match (trimmed.is_empty(), start) {
            (true, Some(s)) => {
                out.push(Span::new(s as u32, i as u32));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(Span::new(s as u32, text.trim_end().len() as u32));
    }
}

fn line_spans(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_inclusive('\n').scan(0usize, |pos, line| {
        let start = *pos;
        *pos += line.len();
        Some((start, line))
    })
}

/// Appends the tokens of `text` to `out`.
pub fn tokenize(text: &str, out: &mut Vec<Token>) {
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                out.push(Token {
                    span: Span::new(s as u32, i as u32),
                    kind: TokenKind::Word,
                    space_after: true,
                });
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push(Token {
            span: Span::new(s as u32, text.len() as u32),
            kind: TokenKind::Word,
            space_after: false,
        });
    }
}

/// Groups `tokens` into sentences, appending to `out`. Sentences never cross paragraph ends.
pub fn split_sentences(
    _text: &str,
    tokens: &[Token],
    paragraphs: &[Span],
    out: &mut Vec<Sentence>,
) {
    let mut t = 0usize;
    for p in paragraphs {
        let first = t;
        while t < tokens.len() && tokens[t].span.end <= p.end {
            t += 1;
        }
        if t > first {
            out.push(Sentence {
                span: Span::new(tokens[first].span.start, tokens[t - 1].span.end),
                tokens: first as u32..t as u32,
            });
        }
    }
}

/// Pipeline stage: fills `paragraphs` (when the reader did not), `tokens` and `sentences`.
#[derive(Debug, Default, Clone, Copy)]
pub struct TextAnnotator;

impl Annotator for TextAnnotator {
    fn name(&self) -> &'static str {
        "text"
    }
    fn annotate(&self, doc: &mut Document) {
        if doc.paragraphs.is_empty() {
            paragraphs(&doc.text, &mut doc.paragraphs);
        }
        doc.tokens.clear();
        doc.sentences.clear();
        tokenize(&doc.text, &mut doc.tokens);
        split_sentences(&doc.text, &doc.tokens, &doc.paragraphs, &mut doc.sentences);
    }
}
