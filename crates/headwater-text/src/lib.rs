//! Tokenizer and sentence splitter for news text, following Universal Dependencies English
//! (EWT) token conventions so that the tagger and parser see the tokens they were trained on.
//!
//! ```
//! use headwater_text::{tokenize, split_sentences, paragraphs};
//! let text = "Mr. Smith didn't go. \"It is over.\" She left.";
//! let (mut paras, mut toks, mut sents) = (Vec::new(), Vec::new(), Vec::new());
//! paragraphs(text, &mut paras);
//! tokenize(text, &mut toks);
//! split_sentences(text, &toks, &paras, &mut sents);
//! let words: Vec<&str> = toks.iter().map(|t| &text[t.span.range()]).collect();
//! assert_eq!(&words[..5], &["Mr.", "Smith", "did", "n't", "go"]);
//! assert_eq!(sents.len(), 3);
//! ```

mod abbrev;
mod chars;
pub mod eval;
mod sentence;
mod tokenize;

pub use sentence::split_sentences;
pub use tokenize::tokenize;

use headwater_doc::{Annotator, Document, Span};

/// Splits `text` into paragraphs (blocks separated by blank lines), appending trimmed spans
/// to `out`.
pub fn paragraphs(text: &str, out: &mut Vec<Span>) {
    if text.len() > u32::MAX as usize {
        return;
    }
    let mut start: Option<usize> = None;
    let mut last_end = 0usize;
    let mut pos = 0usize;
    for line in text.split_inclusive('\n') {
        let lstart = pos;
        pos += line.len();
        let body = line.trim_end();
        let lead = body.len() - body.trim_start().len();
        if body.trim_start().is_empty() {
            if let Some(s) = start.take() {
                out.push(Span::new(s as u32, last_end as u32));
            }
        } else {
            if start.is_none() {
                start = Some(lstart + lead);
            }
            last_end = lstart + body.len();
        }
    }
    if let Some(s) = start {
        out.push(Span::new(s as u32, last_end as u32));
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
