//! The annotator must never panic, whatever the tokens; trees must be well formed.

use headwater_doc::{Annotator, Document, Sentence, Span, Token, TokenKind};
use headwater_nlp::NlpAnnotator;
use proptest::prelude::*;
use std::sync::OnceLock;

fn nlp() -> &'static NlpAnnotator {
    static NLP: OnceLock<NlpAnnotator> = OnceLock::new();
    NLP.get_or_init(|| {
        let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../models"));
        NlpAnnotator::load_from(dir)
            .or_else(|_| NlpAnnotator::load())
            .unwrap_or_default()
    })
}

/// A document whose tokens are `words` separated by spaces, split into sentences at `cuts`.
fn doc_from(words: &[String], cuts: &[usize]) -> Document {
    let mut text = String::new();
    let mut tokens = Vec::new();
    for w in words {
        let start = text.len() as u32;
        text.push_str(w);
        tokens.push(Token {
            span: Span::new(start, text.len() as u32),
            kind: TokenKind::Word,
            space_after: true,
        });
        text.push(' ');
    }
    let mut doc = Document::new("t.txt", text);
    let n = tokens.len() as u32;
    let mut bounds: Vec<u32> = cuts.iter().map(|&c| c as u32 % (n + 1)).collect();
    bounds.push(0);
    bounds.push(n);
    bounds.sort_unstable();
    bounds.dedup();
    for w in bounds.windows(2) {
        doc.sentences.push(Sentence {
            span: Span::new(0, 0),
            tokens: w[0]..w[1],
        });
    }
    doc.tokens = tokens;
    doc
}

fn check_trees(doc: &Document) {
    if doc.syntax.is_empty() {
        return;
    }
    assert_eq!(doc.syntax.len(), doc.tokens.len());
    if nlp().parser().is_none() {
        return;
    }
    for s in &doc.sentences {
        let r = s.token_range();
        let roots = r.clone().filter(|&i| doc.syntax[i].is_root()).count();
        assert_eq!(roots, 1, "one root per sentence");
        for i in r.clone() {
            let h = doc.syntax[i].head;
            assert!(h == u32::MAX || (r.contains(&(h as usize)) && h as usize != i));
            // Following heads reaches the root without cycles.
            let mut x = i;
            let mut steps = 0;
            while !doc.syntax[x].is_root() {
                x = doc.syntax[x].head as usize;
                steps += 1;
                assert!(steps <= r.len(), "cycle");
            }
        }
    }
}

#[test]
fn empty_document() {
    let mut doc = Document::new("e.txt", String::new());
    nlp().annotate(&mut doc);
    assert!(doc.syntax.is_empty());
}

#[test]
fn long_sentence() {
    let words: Vec<String> = (0..5000)
        .map(|i| {
            [
                "the", "council", "met", "on", "Tuesday", ",", "and", "said", ".",
            ][i % 9]
                .to_string()
        })
        .collect();
    let mut doc = doc_from(&words, &[]);
    nlp().annotate(&mut doc);
    check_trees(&doc);
}

#[test]
fn simple_sentence() {
    let words: Vec<String> = "The engineers said the bridges were closed ."
        .split(' ')
        .map(String::from)
        .collect();
    let mut doc = doc_from(&words, &[]);
    nlp().annotate(&mut doc);
    if doc.syntax.is_empty() || nlp().parser().is_none() {
        eprintln!("skipping: no models available");
        return;
    }
    check_trees(&doc);
    assert_eq!(doc.lemma(2), "say");
    assert_eq!(doc.lemma(4), "bridge");
    assert_eq!(doc.syntax[2].upos, headwater_doc::Upos::Verb);
    assert!(doc.syntax[2].is_root());
    assert_eq!(doc.syntax[1].deprel.as_str(), "nsubj");
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 64,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]
    #[test]
    fn never_panics(
        words in proptest::collection::vec("[a-zA-Z0-9.,!?'\"“”’()\\-$%\u{e9}\u{4e2d}]{1,8}", 0..120),
        cuts in proptest::collection::vec(0usize..200, 0..6),
    ) {
        let mut doc = doc_from(&words, &cuts);
        nlp().annotate(&mut doc);
        check_trees(&doc);
    }

    #[test]
    fn bad_model_bytes_error_not_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let _ = headwater_nlp::Tagger::from_bytes(&bytes, "fuzz");
        let _ = headwater_nlp::Parser::from_bytes(&bytes, "fuzz");
    }
}
