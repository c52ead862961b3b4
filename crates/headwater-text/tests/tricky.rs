//! Table-driven tests on tricky news patterns, plus a randomized robustness test.

use headwater_doc::{Annotator, Document, Sentence, Span, Token, TokenKind};
use headwater_text::{paragraphs, split_sentences, tokenize, TextAnnotator};

fn toks(text: &str) -> Vec<&str> {
    let mut v = Vec::new();
    tokenize(text, &mut v);
    v.iter().map(|t| &text[t.span.range()]).collect()
}

fn sents(text: &str) -> Vec<&str> {
    let (mut p, mut t, mut s) = (Vec::new(), Vec::new(), Vec::new());
    paragraphs(text, &mut p);
    tokenize(text, &mut t);
    split_sentences(text, &t, &p, &mut s);
    s.iter().map(|s| &text[s.span.range()]).collect()
}

#[test]
fn token_table() {
    let cases: &[(&str, &[&str])] = &[
        ("I don't know.", &["I", "do", "n't", "know", "."]),
        ("We cannot wait.", &["We", "can", "not", "wait", "."]),
        ("John's car", &["John", "'s", "car"]),
        (
            "She’s here, isn’t she?",
            &["She", "’s", "here", ",", "is", "n’t", "she", "?"],
        ),
        ("We're gonna win", &["We", "'re", "gon", "na", "win"]),
        (
            "They can't and won't.",
            &["They", "ca", "n't", "and", "wo", "n't", "."],
        ),
        ("the players' union", &["the", "players", "'", "union"]),
        ("O'Brien said", &["O'Brien", "said"]),
        (
            "It cost $5,000 or 5%.",
            &["It", "cost", "$", "5,000", "or", "5", "%", "."],
        ),
        ("a 3.5 rise", &["a", "3.5", "rise"]),
        ("In the U.S. economy", &["In", "the", "U.S.", "economy"]),
        ("at 10 a.m. today", &["at", "10", "a.m.", "today"]),
        (
            "Mr. Lee met Dr. Park",
            &["Mr.", "Lee", "met", "Dr.", "Park"],
        ),
        ("by Seymour M. Hersh", &["by", "Seymour", "M.", "Hersh"]),
        ("No. 5 and no.", &["No.", "5", "and", "no", "."]),
        (
            "a well-known e-mail",
            &["a", "well", "-", "known", "e-mail"],
        ),
        ("non-profit group", &["non-profit", "group"]),
        ("and/or 08/16/2000", &["and", "/", "or", "08/16/2000"]),
        (
            "call 555-1234 at 10:30",
            &["call", "555-1234", "at", "10:30"],
        ),
        ("Wait... what…", &["Wait", "...", "what", "…"]),
        ("yes -- no — maybe", &["yes", "--", "no", "—", "maybe"]),
        ("it grew.[4] Then", &["it", "grew", ".", "[4]", "Then"]),
        ("it grew.¹ Then", &["it", "grew", ".", "¹", "Then"]),
        (
            "see https://example.org/a?b=1.",
            &["see", "https://example.org/a?b=1", "."],
        ),
        ("(www.example.com)", &["(", "www.example.com", ")"]),
        (
            "mail jane.doe@example.co.uk.",
            &["mail", "jane.doe@example.co.uk", "."],
        ),
        ("#budget2025 @newsdesk", &["#budget2025", "@newsdesk"]),
        ("«Bonjour» “Hi”", &["«", "Bonjour", "»", "“", "Hi", "”"]),
        (
            "1) first a) second",
            &["1", ")", "first", "a", ")", "second"],
        ),
        ("東京で会議 ok", &["東京で会議", "ok"]),
        ("Great 👍🏽 news 👨‍👩‍👧", &["Great", "👍🏽", "news", "👨‍👩‍👧"]),
        ("AT&T rose", &["AT&T", "rose"]),
        ("=====", &["====="]),
        (
            "write mailto:desk@example.org now",
            &["write", "mailto:desk@example.org", "now"],
        ),
    ];
    for (text, want) in cases {
        assert_eq!(&toks(text), want, "text: {text:?}");
    }
}

#[test]
fn token_kinds() {
    let text = "He said \"$5\" at http://a.org, x@y.com [2] ok";
    let mut v = Vec::new();
    tokenize(text, &mut v);
    let kinds: Vec<TokenKind> = v.iter().map(|t| t.kind).collect();
    use TokenKind::*;
    assert_eq!(
        kinds,
        [
            Word,
            Word,
            Quote,
            Symbol,
            Number,
            Quote,
            Word,
            Url,
            Punct,
            Email,
            FootnoteMarker,
            Word
        ]
    );
    assert!(v[0].space_after);
    assert!(!v[2].space_after);
    assert!(!v[11].space_after);
}

#[test]
fn datelines_are_their_own_sentence() {
    let cases: &[(&str, &[&str])] = &[
        (
            "PORT ELLIS, June 9 (Harbor Wire) - The council will vote on Friday, two members said.",
            &[
                "PORT ELLIS, June 9 (Harbor Wire) -",
                "The council will vote on Friday, two members said.",
            ],
        ),
        (
            "OSTRAVIN (Valley Press) — Crews reopened the bridge.",
            &["OSTRAVIN (Valley Press) —", "Crews reopened the bridge."],
        ),
        (
            "MARLOW, Westshire — The mill closed. It had run for a century.",
            &[
                "MARLOW, Westshire —",
                "The mill closed.",
                "It had run for a century.",
            ],
        ),
        // Not datelines: a title before a name, an acronym in running text, lower case after
        // the dash.
        (
            "NASA Director Jane Roe - The agency said no.",
            &["NASA Director Jane Roe - The agency said no."],
        ),
        (
            "The NASA budget - The agency said no.",
            &["The NASA budget - The agency said no."],
        ),
        ("OK - fine then.", &["OK - fine then."]),
    ];
    for (text, want) in cases {
        assert_eq!(&sents(text), want, "{text}");
    }
}

#[test]
fn sentence_table() {
    let cases: &[(&str, &[&str])] = &[
        (
            "\"It is over.\" She left.",
            &["\"It is over.\"", "She left."],
        ),
        ("“It is over.” She left.", &["“It is over.”", "She left."]),
        (
            "\"Why?\" she asked. Then she left.",
            &["\"Why?\" she asked.", "Then she left."],
        ),
        (
            "“Will it run again?” Mayor Ines Kaur said on Monday. “Yes!” Kaur told reporters.",
            &[
                "“Will it run again?” Mayor Ines Kaur said on Monday.",
                "“Yes!” Kaur told reporters.",
            ],
        ),
        (
            "“Will it run again?” Nobody knows.",
            &["“Will it run again?”", "Nobody knows."],
        ),
        (
            "Mr. Smith met Dr. Jones. They talked.",
            &["Mr. Smith met Dr. Jones.", "They talked."],
        ),
        (
            "He moved to the U.S. The next day he left.",
            &["He moved to the U.S.", "The next day he left."],
        ),
        ("The U.S. Army said so.", &["The U.S. Army said so."]),
        (
            "A book by Seymour M. Hersh appeared.",
            &["A book by Seymour M. Hersh appeared."],
        ),
        (
            "It rose on Jan. 5 to No. 3 in the chart.",
            &["It rose on Jan. 5 to No. 3 in the chart."],
        ),
        (
            "It grew.[1] Then it fell.",
            &["It grew.[1]", "Then it fell."],
        ),
        ("It grew.¹ Then it fell.", &["It grew.¹", "Then it fell."]),
        (
            "Wait... what happened? Nobody knows!",
            &["Wait... what happened?", "Nobody knows!"],
        ),
        (
            "Budget Talks Resume\nThe council met today.",
            &["Budget Talks Resume", "The council met today."],
        ),
        (
            "First paragraph ends\n\nsecond one",
            &["First paragraph ends", "second one"],
        ),
        (
            "The minister said on Tuesday that the\nGovernment would act.",
            &["The minister said on Tuesday that the\nGovernment would act."],
        ),
        (
            "Storm Closes Schools\nHeavy snow fell. Roads shut.",
            &["Storm Closes Schools", "Heavy snow fell.", "Roads shut."],
        ),
        (
            "He said: \"We will see. Maybe not.\" Then he left.",
            &["He said: \"We will see.", "Maybe not.\"", "Then he left."],
        ),
        (
            "Prices rose 3.5 percent. Analysts were surprised.",
            &["Prices rose 3.5 percent.", "Analysts were surprised."],
        ),
        (
            "Visit www.example.com. It is new.",
            &["Visit www.example.com.", "It is new."],
        ),
        ("Items: 1) bread, 2) milk.", &["Items: 1) bread, 2) milk."]),
        ("(It ended.) Then more.", &["(It ended.)", "Then more."]),
        (
            "Hits like Who Are You? and others sold well.",
            &["Hits like Who Are You? and others sold well."],
        ),
        (
            "did you grow up here? where else.",
            &["did you grow up here?", "where else."],
        ),
        ("it was late. we left.", &["it was late.", "we left."]),
        ("Smith v. Jones was cited.", &["Smith v. Jones was cited."]),
    ];
    for (text, want) in cases {
        assert_eq!(&sents(text), want, "text: {text:?}");
    }
}

#[test]
fn annotator_fills_layers() {
    let mut doc = Document::new("a.txt", "Title\n\nOne. Two.".to_string());
    TextAnnotator.annotate(&mut doc);
    assert_eq!(doc.paragraphs.len(), 2);
    assert_eq!(doc.sentences.len(), 3);
    assert_eq!(doc.tokens.len(), 5);
}

#[test]
fn empty_and_whitespace() {
    for text in ["", " ", "\n\n\n", "\t \u{a0}\u{2003}"] {
        assert!(toks(text).is_empty());
        assert!(sents(text).is_empty());
    }
}

/// Small deterministic PRNG so the robustness test needs no extra dependency.
struct XorShift(u64);
impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

const PIECES: &[&str] = &[
    "a", "Mr", ".", " ", "\n", "\n\n", "\"", "'", "’", "”", "“", "n't", "s", "U.S.", "[", "]", "1",
    ",", "-", "—", "…", "?", "!", "http://", "www.", "@", "#", "$", "%", "¹", "é", "\u{301}",
    "\u{200d}", "👍", "🏽", "🇫", "東", "(", ")", "x@y.z", ":", "/", "_", "=", "\r", "\u{a0}",
    "The", "No", "can", "not", "e-", "\t", "«", "»",
];

fn check(text: &str, paras_from_reader: Option<&[Span]>) {
    let mut t: Vec<Token> = Vec::new();
    tokenize(text, &mut t);
    let mut prev_end = 0u32;
    for tok in &t {
        assert!(tok.span.start < tok.span.end, "{text:?}");
        assert!(tok.span.start >= prev_end, "{text:?}");
        assert!((tok.span.end as usize) <= text.len());
        assert!(text.is_char_boundary(tok.span.start as usize));
        assert!(text.is_char_boundary(tok.span.end as usize));
        prev_end = tok.span.end;
    }
    let mut p = Vec::new();
    match paras_from_reader {
        Some(x) => p.extend_from_slice(x),
        None => paragraphs(text, &mut p),
    }
    for w in p.windows(2) {
        assert!(w[0].end <= w[1].start);
    }
    let mut s: Vec<Sentence> = Vec::new();
    split_sentences(text, &t, &p, &mut s);
    let mut next = 0u32;
    for sent in &s {
        assert_eq!(sent.tokens.start, next, "{text:?}");
        assert!(sent.tokens.end > sent.tokens.start);
        next = sent.tokens.end;
        assert_eq!(sent.span.start, t[sent.tokens.start as usize].span.start);
        assert_eq!(sent.span.end, t[sent.tokens.end as usize - 1].span.end);
    }
    assert_eq!(next as usize, t.len(), "{text:?}");
}

#[test]
fn random_unicode_never_panics() {
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let mut text = String::new();
    for round in 0..4000 {
        text.clear();
        let len = (rng.next() % 60) as usize;
        for _ in 0..len {
            let r = rng.next();
            if matches!(r % 3, 0) {
                // Any scalar value, including rare planes.
                if let Some(c) = char::from_u32((r >> 8) as u32 % 0x11_0000) {
                    text.push(c);
                }
            } else {
                text.push_str(PIECES[(r >> 8) as usize % PIECES.len()]);
            }
        }
        check(&text, None);
        if round % 4 == 0 {
            // Paragraphs from a reader that do not cover everything.
            let n = text.len() as u32;
            let mut mid = n / 2;
            while !text.is_char_boundary(mid as usize) {
                mid -= 1;
            }
            check(&text, Some(&[Span::new(0, mid / 2), Span::new(mid, n)]));
        }
    }
}

#[test]
fn pathological_inputs_stay_linear() {
    let inputs = [
        "a-".repeat(100_000) + "@x.y",
        ".".repeat(200_000),
        "\"".repeat(200_000),
        "[1".repeat(100_000),
        "U.".repeat(100_000),
        "http://".repeat(30_000),
        "Mr. ".repeat(50_000),
        "x\n".repeat(100_000),
    ];
    for text in &inputs {
        let t0 = std::time::Instant::now();
        check(text, None);
        assert!(t0.elapsed().as_secs() < 20, "slow on {:?}", &text[..10]);
    }
}
