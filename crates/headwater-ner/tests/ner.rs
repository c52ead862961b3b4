//! End-to-end checks on sentences written for these tests.

use headwater_doc::{Annotator, Document, EntityLabel, Mention, Sentence, Span, Token, TokenKind};
use headwater_ner::{group, tag_iob2, NerAnnotator};
use std::path::PathBuf;

fn analyze(text: &str) -> Document {
    let mut doc = Document::new("t.txt", text.to_string());
    headwater_text::TextAnnotator.annotate(&mut doc);
    NerAnnotator::load().annotate(&mut doc);
    doc
}

fn mentions(doc: &Document) -> Vec<(String, EntityLabel)> {
    doc.mentions
        .iter()
        .map(|m| (doc.slice(m.span).to_string(), m.label))
        .collect()
}

fn has(doc: &Document, text: &str, label: EntityLabel) -> bool {
    mentions(doc).iter().any(|(t, l)| t == text && *l == label)
}

/// A document tokenized on whitespace (one sentence), for grouping tests that must not depend on
/// the statistical model.
fn whitespace_doc(text: &str) -> Document {
    let mut doc = Document::new("w.txt", text.to_string());
    let mut pos = 0u32;
    for w in text.split(' ') {
        let start = pos;
        let end = start + w.len() as u32;
        if !w.is_empty() {
            doc.tokens.push(Token {
                span: Span::new(start, end),
                kind: TokenKind::Word,
                space_after: true,
            });
        }
        pos = end + 1;
    }
    doc.sentences.push(Sentence {
        span: Span::new(0, text.len() as u32),
        tokens: 0..doc.tokens.len() as u32,
    });
    doc
}

fn add_mention(doc: &mut Document, text: &str, nth: usize, label: EntityLabel) {
    let start = doc
        .text
        .match_indices(text)
        .nth(nth)
        .map(|(i, _)| i)
        .unwrap() as u32;
    doc.mentions.push(Mention {
        span: Span::new(start, start + text.len() as u32),
        label,
        entity: None,
    });
    doc.mentions.sort_by_key(|m| m.span.start);
}

#[test]
fn embedded_model_loads() {
    assert!(NerAnnotator::try_load().is_ok());
}

#[test]
fn people_places_and_outlets() {
    let doc = analyze(
        "Maria Lopez, a spokeswoman for the city council, told Reuters on Tuesday that the bridge \
         in Chicago would reopen. The New York Times reported the same story.",
    );
    assert!(
        has(&doc, "Maria Lopez", EntityLabel::Person),
        "{:?}",
        mentions(&doc)
    );
    assert!(
        has(&doc, "Reuters", EntityLabel::Media),
        "{:?}",
        mentions(&doc)
    );
    assert!(
        has(&doc, "Chicago", EntityLabel::Gpe),
        "{:?}",
        mentions(&doc)
    );
    assert!(
        has(&doc, "Tuesday", EntityLabel::Date),
        "{:?}",
        mentions(&doc)
    );
    assert!(
        mentions(&doc)
            .iter()
            .any(|(t, l)| t.contains("New York Times") && *l == EntityLabel::Media),
        "{:?}",
        mentions(&doc)
    );
}

#[test]
fn dates_and_nationalities() {
    let doc = analyze(
        "The agreement was signed on March 3, 2014, by German and Brazilian officials, and \
         it was extended last week.",
    );
    assert!(
        has(&doc, "March 3, 2014", EntityLabel::Date),
        "{:?}",
        mentions(&doc)
    );
    assert!(
        has(&doc, "German", EntityLabel::Norp),
        "{:?}",
        mentions(&doc)
    );
    assert!(
        has(&doc, "Brazilian", EntityLabel::Norp),
        "{:?}",
        mentions(&doc)
    );
    assert!(
        has(&doc, "last week", EntityLabel::Date),
        "{:?}",
        mentions(&doc)
    );
}

#[test]
fn geographic_features_are_loc() {
    let doc = analyze("Hikers crossed the Rocky Mountains and then flew from Denver to Africa.");
    assert!(
        has(&doc, "Africa", EntityLabel::Loc),
        "{:?}",
        mentions(&doc)
    );
    assert!(
        has(&doc, "Denver", EntityLabel::Gpe),
        "{:?}",
        mentions(&doc)
    );
}

#[test]
fn surname_groups_with_full_name() {
    let mut doc = whitespace_doc("Gareth Porter wrote the report . Porter said it was late .");
    add_mention(&mut doc, "Gareth Porter", 0, EntityLabel::Person);
    add_mention(&mut doc, "Porter", 1, EntityLabel::Person);
    group::group(&mut doc);
    assert_eq!(doc.entities.len(), 1);
    assert_eq!(doc.entities[0].name, "Gareth Porter");
    assert_eq!(doc.entities[0].aliases, vec!["Porter".to_string()]);
    assert!(doc.mentions.iter().all(|m| m.entity == Some(0)));
}

#[test]
fn surname_given_groups_with_the_full_name() {
    let mut doc = whitespace_doc("Tomas Quillon wrote it . [2] Quillon, Tomas , Some Title");
    add_mention(&mut doc, "Tomas Quillon", 0, EntityLabel::Person);
    add_mention(&mut doc, "Quillon, Tomas", 0, EntityLabel::Person);
    group::group(&mut doc);
    assert_eq!(doc.entities.len(), 1, "{:?}", doc.entities);
    assert_eq!(doc.entities[0].name, "Tomas Quillon");
}

#[test]
fn two_people_sharing_a_surname_stay_apart() {
    let mut doc = whitespace_doc(
        "Anna Berg met Lukas Berg at noon . Later Lukas Berg left and Berg closed the door . Anna Berg stayed and Berg smiled .",
    );
    add_mention(&mut doc, "Anna Berg", 0, EntityLabel::Person);
    add_mention(&mut doc, "Lukas Berg", 0, EntityLabel::Person);
    add_mention(&mut doc, "Lukas Berg", 1, EntityLabel::Person);
    // the bare "Berg" after the second "Lukas Berg"
    let bare: Vec<usize> = doc
        .text
        .match_indices(" Berg ")
        .map(|(i, _)| i + 1)
        .collect();
    for b in bare {
        let start = b as u32;
        if doc
            .mentions
            .iter()
            .any(|m| m.span.contains(Span::new(start, start + 4)))
        {
            continue;
        }
        doc.mentions.push(Mention {
            span: Span::new(start, start + 4),
            label: EntityLabel::Person,
            entity: None,
        });
    }
    add_mention(&mut doc, "Anna Berg", 1, EntityLabel::Person);
    doc.mentions.sort_by_key(|m| m.span.start);
    group::group(&mut doc);
    let people: Vec<_> = doc.entities.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        people,
        vec!["Anna Berg", "Lukas Berg"],
        "{:?}",
        doc.entities
    );
    let entity_of = |at: usize| {
        doc.mentions
            .iter()
            .find(|m| m.span.start as usize == at)
            .and_then(|m| m.entity)
    };
    let first_bare = doc.text.find("Berg closed").unwrap();
    let second_bare = doc.text.find("Berg smiled").unwrap();
    assert_eq!(
        entity_of(first_bare),
        Some(1),
        "nearest full name before is Lukas Berg"
    );
    assert_eq!(
        entity_of(second_bare),
        Some(0),
        "nearest full name before is Anna Berg"
    );
}

#[test]
fn acronym_groups_with_expansion_and_later_uses() {
    let mut doc = whitespace_doc(
        "The International Energy Agency ( IEA ) published figures . The IEA expects demand to rise .",
    );
    add_mention(&mut doc, "International Energy Agency", 0, EntityLabel::Org);
    group::group(&mut doc);
    assert_eq!(doc.entities.len(), 1, "{:?}", doc.entities);
    let e = &doc.entities[0];
    assert_eq!(e.name, "International Energy Agency");
    assert_eq!(e.aliases, vec!["IEA".to_string()]);
    assert_eq!(e.mentions.len(), 3);
}

#[test]
fn acronym_used_before_its_definition_joins_the_definition() {
    // The first use of the acronym comes before `Full Name (ACR)`; the nationality mention
    // before that first use must not be taken for the definition.
    let mut doc = whitespace_doc(
        "The Canadian reporter said an IEA official called . Later the International Energy Agency ( IEA ) replied .",
    );
    add_mention(&mut doc, "Canadian", 0, EntityLabel::Norp);
    add_mention(&mut doc, "IEA", 0, EntityLabel::Org);
    add_mention(&mut doc, "International Energy Agency", 0, EntityLabel::Org);
    group::group(&mut doc);
    let agency = doc
        .entities
        .iter()
        .find(|e| e.name == "International Energy Agency")
        .expect("agency entity");
    assert_eq!(agency.aliases, vec!["IEA".to_string()]);
    assert_eq!(agency.mentions.len(), 3, "{:?}", doc.entities);
    let canadian = doc
        .entities
        .iter()
        .find(|e| e.name == "Canadian")
        .expect("nationality entity");
    assert!(canadian.aliases.is_empty(), "{:?}", canadian);
}

#[test]
fn acronym_end_to_end() {
    let doc = analyze(
        "The World Health Organization (WHO) issued new guidance on Monday. A WHO official \
         said the guidance was routine.",
    );
    let who = doc
        .entities
        .iter()
        .find(|e| e.aliases.iter().any(|a| a == "WHO"));
    assert!(who.is_some(), "{:?} {:?}", doc.entities, mentions(&doc));
    assert_eq!(who.unwrap().mentions.len(), 3);
}

#[test]
fn exact_repeats_group() {
    let doc = analyze("Officials in Ohio said Ohio would vote. Ohio is large.");
    let ohio: Vec<_> = doc.entities.iter().filter(|e| e.name == "Ohio").collect();
    assert_eq!(ohio.len(), 1, "{:?}", doc.entities);
    assert_eq!(ohio[0].mentions.len(), 3);
}

#[test]
fn empty_and_garbage_inputs() {
    let ner = NerAnnotator::load();
    let mut empty = Document::new("e", String::new());
    ner.annotate(&mut empty);
    assert!(empty.mentions.is_empty());
    // Tokens without sentences, and garbage text.
    let garbage = "\u{0}\u{7f} ))(( “““ ''' 🙂🙂 ÄÖÜ ((( 12-34-5678 (ABC) ) ( Xx X. .. -- \n\n\t";
    let mut doc = Document::new("g", garbage.repeat(50));
    headwater_text::TextAnnotator.annotate(&mut doc);
    ner.annotate(&mut doc);
    doc.sentences.clear();
    ner.annotate(&mut doc);
    for m in &doc.mentions {
        assert!(doc.text.get(m.span.range()).is_some());
    }
    // Out-of-range spans in a hand-made document must not panic.
    let mut bad = Document::new("b", "short".to_string());
    bad.tokens.push(Token {
        span: Span::new(3, 99),
        kind: TokenKind::Word,
        space_after: false,
    });
    bad.sentences.push(Sentence {
        span: Span::new(0, 99),
        tokens: 0..5,
    });
    ner.annotate(&mut bad);
}

#[test]
fn very_long_sentence() {
    let text = "Maria Lopez visited Paris and Berlin with colleagues ".repeat(625);
    let mut doc = Document::new("long", text);
    headwater_text::TextAnnotator.annotate(&mut doc);
    // Force one 5,000-token sentence.
    let n = doc.tokens.len() as u32;
    doc.sentences = vec![Sentence {
        span: Span::new(0, doc.text.len() as u32),
        tokens: 0..n,
    }];
    assert!(n >= 5000);
    NerAnnotator::load().annotate(&mut doc);
    assert!(doc.mentions.len() >= 1000);
    assert!(doc.entities.len() < 20, "{}", doc.entities.len());
}

#[test]
fn iob2_round_trip_keeps_layout() {
    let input = "# sent_id = a-1\n# text = Anna Berg lives in Oslo .\n1\tAnna\tO\t-\t-\n2\tBerg\tO\t-\t-\n3\tlives\tO\t-\t-\n4\tin\tO\t-\t-\n5\tOslo\tO\t-\t-\n6\t.\tO\t-\t-\n\n";
    let out = tag_iob2(&NerAnnotator::load(), input);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), input.lines().count());
    assert_eq!(lines[0], "# sent_id = a-1");
    assert_eq!(lines[2], "1\tAnna\tB-PER\t-\t-");
    assert_eq!(lines[3], "2\tBerg\tI-PER\t-\t-");
    assert_eq!(lines[6], "5\tOslo\tB-LOC\t-\t-");
}

/// `headwater ner --pretokenized` labels a document's sentences together, like `headwater eval
/// ner`: its output, read back as gold, matches what the evaluation predicts span for span.
#[test]
fn iob2_tags_like_the_evaluation() {
    let input = "# newdoc id = d1\n# sent_id = d1-1\n1\tHelga\tB-PER\n2\tMarsh\tI-PER\n3\tjoined\tO\n4\tthe\tO\n5\tValley\tB-ORG\n6\tWater\tI-ORG\n7\tAuthority\tI-ORG\n8\tin\tO\n9\tArden\tB-LOC\n10\tFalls\tI-LOC\n11\t.\tO\n\n# sent_id = d1-2\n1\tMarsh\tB-PER\n2\tsaid\tO\n3\tthe\tO\n4\treservoir\tO\n5\twould\tO\n6\topen\tO\n7\t.\tO\n\n# newdoc id = d2\n# sent_id = d2-1\n1\tmarsh\tO\n2\tbirds\tO\n3\tnest\tO\n4\there\tO\n5\t.\tO\n\n";
    let ner = NerAnnotator::load();
    let out = tag_iob2(&ner, input);
    assert_eq!(out.lines().count(), input.lines().count(), "{out}");
    for (a, b) in out.lines().zip(input.lines()) {
        if b.starts_with('#') || b.is_empty() {
            assert_eq!(a, b);
        }
    }
    let gold = headwater_ner::corpus::parse_iob2(input);
    let tagged = headwater_ner::corpus::parse_iob2(&out);
    let rep = headwater_ner::train::evaluate(&ner, &gold);
    let (mut tp, mut predicted) = (0, 0);
    for (g, p) in gold.iter().zip(&tagged) {
        predicted += p.spans.len();
        tp += p.spans.iter().filter(|x| g.spans.contains(x)).count();
    }
    assert_eq!(
        (tp, predicted),
        (rep.overall.tp, rep.overall.predicted),
        "{out}"
    );
}

fn shared() -> Option<PathBuf> {
    let p = std::env::var_os("HEADWATER_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")));
    p.join("corpora").is_dir().then_some(p)
}

#[test]
fn gum_conversion_finds_named_mentions() {
    let Some(sh) = shared() else {
        eprintln!("skipped: shared corpora folder not found");
        return;
    };
    let dir = sh.join("corpora/gum/dep");
    let Some(file) = std::fs::read_dir(&dir).ok().and_then(|rd| {
        rd.filter_map(|e| e.ok())
            .map(|e| e.path())
            .find(|p| p.to_string_lossy().contains("GUM_news"))
    }) else {
        eprintln!("skipped: no GUM news file");
        return;
    };
    let text = std::fs::read_to_string(file).unwrap();
    let sents = headwater_ner::corpus::parse_gum(&text);
    assert!(!sents.is_empty());
    let spans: usize = sents.iter().map(|s| s.spans.len()).sum();
    assert!(spans > 0);
    for s in &sents {
        for &(a, b, _) in &s.spans {
            assert!(a < b && b <= s.words.len());
        }
    }
}
