//! Behaviour tests on sentences written for this crate.

use crate::{AttributionAnnotator, CueLexicon, ExtractOptions};
use headwater_doc::{Annotator, AttributionType, Document, SourceKind};

fn run(text: &str) -> Document {
    let mut doc = Document::new("t.txt", text.to_string());
    headwater_text::TextAnnotator.annotate(&mut doc);
    AttributionAnnotator::new().annotate(&mut doc);
    doc
}

pub(crate) type Triple = (String, String, String);

/// Runs `text` through the tagged pipeline and returns the `(source, cue, content)` statement
/// whose cue reads `cue` (panicking when there is none), with all of them for failure
/// messages; `None` (the test skips) without the models.
fn statement(text: &str, cue: &str) -> Option<(Triple, Vec<Triple>)> {
    let doc = run_tagged(text)?;
    let t = triples(&doc);
    let found = t
        .iter()
        .find(|x| x.1 == cue)
        .unwrap_or_else(|| panic!("no attribution for {cue}: {t:?}"))
        .clone();
    Some((found, t))
}

/// `(source, cue, content)` text of every statement, for assertions and failure messages.
pub(crate) fn triples(doc: &Document) -> Vec<Triple> {
    doc.attributions
        .iter()
        .map(|a| {
            (
                a.source
                    .as_ref()
                    .map(|s| doc.slice(s.span).to_string())
                    .unwrap_or_default(),
                a.cue.map(|c| doc.slice(c).to_string()).unwrap_or_default(),
                doc.slice(a.content).to_string(),
            )
        })
        .collect()
}

#[test]
fn indirect_speech_with_that() {
    let doc = run("The mayor said that the bridge will reopen in May.");
    let t = triples(&doc);
    assert_eq!(t.len(), 1, "{t:?}");
    assert_eq!(t[0].0, "The mayor");
    assert_eq!(t[0].1, "said");
    assert_eq!(t[0].2, "that the bridge will reopen in May");
    assert_eq!(doc.attributions[0].kind, AttributionType::Indirect);
}

#[test]
fn told_object_that() {
    let doc = run("Ms. Lind told reporters that the budget was balanced.");
    let t = triples(&doc);
    assert_eq!(t[0].0, "Ms. Lind");
    assert_eq!(t[0].2, "that the budget was balanced");
}

#[test]
fn post_posed_cue() {
    let doc = run("The river will crest on Friday, the agency said.");
    let t = triples(&doc);
    assert_eq!(t.len(), 1, "{t:?}");
    assert_eq!(t[0].0, "the agency");
    assert_eq!(t[0].2, "The river will crest on Friday");
}

#[test]
fn direct_split_quote() {
    let doc = run("“We will rebuild the harbor,” Jane Roe said, “and we will do it this year.”");
    let t = triples(&doc);
    assert_eq!(t.len(), 1, "{t:?}");
    assert_eq!(t[0].0, "Jane Roe");
    assert_eq!(t[0].1, "said");
    assert!(t[0].2.starts_with("“We will") && t[0].2.ends_with("this year.”"));
    assert_eq!(doc.attributions[0].kind, AttributionType::Direct);
}

#[test]
fn quote_before_attributed_quote_merges() {
    let doc = run("\"The plan is ready and the funds are in place.\"\n\n“I will sign it next week,” Ana Diaz said.");
    let t = triples(&doc);
    assert_eq!(t.len(), 1, "{t:?}");
    assert_eq!(t[0].0, "Ana Diaz");
}

#[test]
fn multi_paragraph_quote() {
    let text = "Lee said: “The first part of the plan is about roads and bridges.\n\n“The second part is about schools.”\n\nThe meeting ended.";
    let doc = run(text);
    let d = doc
        .attributions
        .iter()
        .find(|a| a.kind == AttributionType::Direct)
        .expect("direct");
    assert!(doc.slice(d.content).contains("schools"));
    assert!(!doc.slice(d.content).contains("meeting"));
}

#[test]
fn according_to_front_and_back() {
    let doc = run("According to the report, sales fell by a third.");
    let t = triples(&doc);
    assert_eq!(
        t[0],
        (
            "the report".into(),
            "According to".into(),
            "sales fell by a third".into()
        )
    );
    assert_eq!(
        doc.attributions[0].source.as_ref().unwrap().kind,
        SourceKind::Document
    );
    let doc = run("Sales fell by a third last year, according to the company.");
    let t = triples(&doc);
    assert_eq!(t[0].2, "Sales fell by a third last year");
    assert_eq!(t[0].0, "the company");
}

#[test]
fn nested_chain_sets_parent() {
    let doc =
        run("The newspaper reported that a senior official told it that the talks had failed.");
    assert!(doc.attributions.len() >= 2, "{:?}", triples(&doc));
    assert!(doc.attributions.iter().any(|a| a.parent.is_some()));
}

#[test]
fn anonymous_and_author_sources() {
    let doc = run("Two anonymous officials said the meeting was postponed.");
    assert_eq!(
        doc.attributions[0].source.as_ref().unwrap().kind,
        SourceKind::Anonymous
    );
    let doc = run("I said that the results were early.");
    assert_eq!(
        doc.attributions[0].source.as_ref().unwrap().kind,
        SourceKind::Author
    );
}

#[test]
fn user_cues_extend_lexicon() {
    let mut lex = CueLexicon::builtin();
    lex.extend_from_str("grumble\n");
    let a = AttributionAnnotator::with(lex, ExtractOptions::default());
    let mut doc = Document::new("t", "The coach grumbled that the pitch was too wet.".into());
    headwater_text::TextAnnotator.annotate(&mut doc);
    a.annotate(&mut doc);
    assert_eq!(doc.attributions.len(), 1);
}

#[test]
fn robustness_never_panics() {
    for text in [
        "",
        "\"",
        "“ ” « » \" \" ' '",
        "He said “ and then nothing closed at all, said he, according to",
        "according to",
        ": : : said said said told that that",
        "»Backwards« quotes said «she».",
    ] {
        let _ = run(text);
    }
    // A stray opening mark must not swallow later paragraphs.
    let doc = run("He said “this never closes.\n\nThe council voted on Tuesday, officials said.");
    for a in &doc.attributions {
        assert!(
            !(doc.slice(a.content).contains("never") && doc.slice(a.content).contains("council"))
        );
    }
    // A 5,000-token sentence.
    let long = format!("The mayor said that {} .", " very".repeat(5000));
    let doc = run(&long);
    assert!(!doc.attributions.is_empty());
    let garbage: String = (0..20_000u32)
        .filter_map(|i| char::from_u32((i * 7919) % 0x2FFF))
        .collect();
    let _ = run(&garbage);
}

#[test]
fn polnear_dev_smoke_when_corpus_present() {
    let Some(data) = crate::polnear::default_data_dir() else {
        println!("skipped: PolNeAR not found (set HEADWATER_SHARED or put shared/ next to the workspace)");
        return;
    };
    let a = AttributionAnnotator::new();
    let rep = crate::eval_polnear(&data.join("dev"), &|t: &str| {
        let mut d = Document::new("p", t.to_string());
        headwater_text::TextAnnotator.annotate(&mut d);
        a.annotate(&mut d);
        d
    })
    .unwrap();
    println!("{rep}");
    assert!(rep.docs > 50);
    assert!(rep.content_partial.f1() > 0.5, "{rep}");
}

/// Runs the rule extractor over a sentence with hand-written dependency arcs
/// (`heads[i]` = head token, `usize::MAX` for the root), so the test needs no parser model.
fn run_with_arcs(text: &str, arcs: &[(usize, &str)]) -> Document {
    use headwater_doc::{DepRel, TokenSyntax};
    let mut doc = Document::new("t.txt", text.to_string());
    headwater_text::TextAnnotator.annotate(&mut doc);
    assert_eq!(doc.tokens.len(), arcs.len(), "tokenization changed");
    doc.syntax = arcs
        .iter()
        .map(|&(h, rel)| TokenSyntax {
            head: if h == usize::MAX { u32::MAX } else { h as u32 },
            deprel: DepRel::parse(rel),
            ..TokenSyntax::default()
        })
        .collect();
    AttributionAnnotator::rules_only().annotate(&mut doc);
    doc
}

#[test]
fn parsed_object_is_the_content_of_a_stance_verb() {
    const ROOT: usize = usize::MAX;
    // Most growers support the canal .
    let doc = run_with_arcs(
        "Most growers support the canal.",
        &[
            (1, "amod"),
            (2, "nsubj"),
            (ROOT, "root"),
            (4, "det"),
            (2, "obj"),
            (2, "punct"),
        ],
    );
    let t = triples(&doc);
    assert_eq!(t.len(), 1, "{t:?}");
    assert_eq!(t[0].0, "Most growers");
    assert_eq!(t[0].1, "support");
    assert_eq!(t[0].2, "the canal");
}

#[test]
fn parsed_object_blocks_the_post_posed_reading() {
    const ROOT: usize = usize::MAX;
    // On Monday , the council opposed the canal project .
    let doc = run_with_arcs(
        "On Monday, the council opposed the canal project.",
        &[
            (1, "case"),
            (5, "obl"),
            (5, "punct"),
            (4, "det"),
            (5, "nsubj"),
            (ROOT, "root"),
            (8, "det"),
            (8, "compound"),
            (5, "obj"),
            (5, "punct"),
        ],
    );
    let t = triples(&doc);
    assert_eq!(t.len(), 1, "{t:?}");
    assert_eq!(t[0].0, "the council");
    assert_eq!(t[0].2, "the canal project");
}

#[test]
fn broken_arcs_never_panic() {
    // Cycles and out-of-range heads must be tolerated.
    let doc = run_with_arcs(
        "Officials said the vote was close.",
        &[
            (1, "nsubj"),
            (0, "root"),
            (99, "ccomp"),
            (2, "obj"),
            (3, "ccomp"),
            (1, "x"),
            (7, "punct"),
        ],
    );
    let _ = triples(&doc);
}

#[test]
fn wire_service_is_a_media_source() {
    let doc = run("Harbor Wire reported that the ferry will resume service in June.");
    let a = doc.attributions.first().expect("one attribution");
    let s = a.source.as_ref().expect("a source");
    assert_eq!(doc.slice(s.span), "Harbor Wire");
    assert_eq!(s.kind, SourceKind::Media);
}

/// With tags, lemmas and the parse, as in the analysis pipeline.
fn run_full(text: &str) -> Document {
    let mut doc = Document::new("t.txt", text.to_string());
    headwater_text::TextAnnotator.annotate(&mut doc);
    if let Ok(nlp) = headwater_nlp::NlpAnnotator::load() {
        nlp.annotate(&mut doc);
    }
    AttributionAnnotator::new().annotate(&mut doc);
    doc
}

#[test]
fn cited_officials_are_a_nested_source() {
    let doc = run_full(
        "The Meridian Wire report cites two anonymous officials as saying that the spillway \
         was cracked.",
    );
    let t = triples(&doc);
    let inner = doc
        .attributions
        .iter()
        .position(|a| {
            a.source
                .as_ref()
                .is_some_and(|s| doc.slice(s.span) == "two anonymous officials")
        })
        .unwrap_or_else(|| panic!("no cited source in {t:?}"));
    let a = &doc.attributions[inner];
    assert_eq!(
        a.source.as_ref().map(|s| s.kind),
        Some(SourceKind::Anonymous)
    );
    assert!(
        doc.slice(a.content)
            .starts_with("that the spillway was cracked"),
        "{t:?}"
    );
    let parent = a.parent.expect("nested") as usize;
    assert_eq!(
        doc.attributions[parent].cue.map(|c| doc.slice(c)),
        Some("cites")
    );
}

#[test]
fn inverted_post_posed_cue_closes_the_inner_content() {
    let doc =
        run("The council also claimed that the budget had doubled, reported the Harbor Times.[2]");
    let t = triples(&doc);
    assert!(
        t.contains(&(
            "the Harbor Times".into(),
            "reported".into(),
            "The council also claimed that the budget had doubled".into()
        )),
        "{t:?}"
    );
    let inner = t
        .iter()
        .position(|x| x.0 == "The council")
        .unwrap_or_else(|| panic!("{t:?}"));
    assert_eq!(t[inner].2, "that the budget had doubled");
    assert!(doc.attributions[inner].parent.is_some(), "{t:?}");
}

#[test]
fn headline_label_light_verb_and_one_word_answer() {
    let doc = run_full(
        "Okafor: Harbor Plan Will Not Survive the Winter\n\n\
         The senator also took a swipe at the harbor board on Tuesday. \
         Asked whether the plan was dead, 60 percent of residents said yes, but the board disagreed.",
    );
    if doc.syntax.is_empty() {
        eprintln!("skipped: no tagger model");
        return;
    }
    let t = triples(&doc);
    let has = |s: &str, c: &str, x: &str| t.iter().any(|(a, b, d)| a == s && b == c && d == x);
    assert!(
        has("Okafor", ":", "Harbor Plan Will Not Survive the Winter"),
        "{t:?}"
    );
    assert!(t.iter().any(|(_, b, d)| b == "said" && d == "yes"), "{t:?}");
    // The light-verb frame, whatever the learned filter makes of this one invented sentence.
    let mut a = AttributionAnnotator::new();
    let mut m = a.cue_model().cloned();
    if let Some(m) = m.as_mut() {
        m.filter = None;
    }
    a.set_cue_model(m);
    let mut doc = doc.clone();
    doc.attributions.clear();
    a.annotate(&mut doc);
    let t = triples(&doc);
    let has = |s: &str, c: &str, x: &str| t.iter().any(|(a, b, d)| a == s && b == c && d == x);
    assert!(
        // `on Tuesday` hangs on the verb: the learned end leaves it out (the rules kept it).
        has("The senator", "also took a swipe at", "the harbor board")
            || has(
                "The senator",
                "also took a swipe at",
                "the harbor board on Tuesday"
            ),
        "{t:?}"
    );
}

/// A cue, content and parent as comparable values.
type Key = (Option<(u32, u32)>, (u32, u32), Option<u32>);

/// Attributions as comparable tuples (byte spans).
fn spans(doc: &Document) -> Vec<Key> {
    doc.attributions
        .iter()
        .map(|a| {
            (
                a.cue.map(|c| (c.start, c.end)),
                (a.content.start, a.content.end),
                a.parent,
            )
        })
        .collect()
}

#[test]
fn parse_filter_changes_no_output() {
    // The syntax filter must flag every sentence the extractor (rules, detector and end ranker)
    // reads arcs of: output with only flagged sentences parsed equals output with all parsed.
    let Ok(full) = headwater_nlp::NlpAnnotator::load() else {
        eprintln!("skipped: no nlp models");
        return;
    };
    if full.parser().is_none() {
        eprintln!("skipped: no parser model");
        return;
    }
    let attrib = AttributionAnnotator::new();
    let Ok(filtered) = headwater_nlp::NlpAnnotator::load() else {
        return;
    };
    let filtered =
        filtered.with_parse_filter(headwater_nlp::ParseFilter::new(attrib.syntax_filter()));
    let mut texts: Vec<String> = vec![
        "The senator also took a swipe at the harbor board on Tuesday, and the board said it \
         would respond. Voters who support the plan would vote for Okafor, a poll found. If it \
         announces a delay, the critics will have been right. The mayor said that the bridge \
         will reopen in May, and that the ferry will run until then."
            .to_string(),
    ];
    if let Some(dir) = crate::polnear::default_data_dir() {
        if let Ok(docs) = crate::polnear::read_split(&dir.join("dev")) {
            texts.extend(docs.into_iter().take(30).map(|d| d.text));
        }
    }
    for text in &texts {
        let mut a = Document::new("t.txt", text.clone());
        headwater_text::TextAnnotator.annotate(&mut a);
        let mut b = a.clone();
        full.annotate(&mut a);
        filtered.annotate(&mut b);
        attrib.annotate(&mut a);
        attrib.annotate(&mut b);
        assert_eq!(
            spans(&a),
            spans(&b),
            "{}",
            text.chars().take(80).collect::<String>()
        );
    }
}

#[test]
fn conjoined_cue_shares_the_subject() {
    let doc = run_full(
        "The senator toured the flooded harbor on Monday and said the board had failed the town.",
    );
    if doc.syntax.iter().all(|t| t.is_root()) {
        eprintln!("skipped: no parser model");
        return;
    }
    let t = triples(&doc);
    assert!(
        t.iter()
            .any(|(s, c, _)| s == "The senator" && c.ends_with("said")),
        "{t:?}"
    );
}

#[test]
fn long_appositive_speaker_told_an_outlet() {
    let doc = run(
        "“The plan is sound and it will pass,” Senator Jane Roe, a close ally of the mayor, \
         told the Courier.",
    );
    let t = triples(&doc);
    assert!(
        t.iter()
            .any(|(s, c, _)| s.starts_with("Senator Jane Roe") && c == "told"),
        "{t:?}"
    );
}

#[test]
fn parsed_odd_input_does_not_panic() {
    // The end ranker and the parse-reading rules on parsed text of odd shapes: cues at sentence
    // ends, unclosed quotes, long sentences, punctuation runs.
    let texts = [
        "He said".to_string(),
        "She told , , , “ and said — ; : that".to_string(),
        format!(
            "The mayor said that {}, and that it was fine.",
            "very ".repeat(300)
        ),
        "“Unclosed quote, she said, and then told reporters that it was over".to_string(),
        "Officials said: \"“ ” '' ``, according to , said .".to_string(),
    ];
    for t in &texts {
        let doc = run_full(t);
        for a in &doc.attributions {
            assert!(a.content.end as usize <= doc.text.len());
        }
    }
}

#[test]
fn transcript_speaker_labels_own_their_paragraph() {
    // Each turn opens with a quotation mark that never closes, as transcripts quoted in news
    // often do; the capitalized label speaks to the end of its paragraph.
    let doc = run_full(
        "A partial transcript follows:\n\n\
         \"HOST: Let's start with the budget story. Do you think the plan will pass this week?\n\n\
         \"BRADY: Well, look, the plan is a good one. The voters know it.\n\n\
         UPDATE: This story has been revised.\n",
    );
    if doc.syntax.is_empty() {
        eprintln!("skipped: no tagger model");
        return;
    }
    let t = triples(&doc);
    let has = |s: &str, x: &str| t.iter().any(|(a, b, d)| a == s && b == ":" && d == x);
    assert!(
        has(
            "HOST",
            "Let's start with the budget story. Do you think the plan will pass this week"
        ),
        "{t:?}"
    );
    assert!(
        has(
            "BRADY",
            "Well, look, the plan is a good one. The voters know it"
        ),
        "{t:?}"
    );
    assert!(!t.iter().any(|(a, _, _)| a == "UPDATE"), "{t:?}");
    assert!(
        !doc.attributions
            .iter()
            .any(|a| a.kind == headwater_doc::AttributionType::Direct),
        "{t:?}"
    );
}

#[test]
fn candidate_filter_survives_serialization() {
    let Some(m) = AttributionAnnotator::new().cue_model().cloned() else {
        eprintln!("skipped: no trained model");
        return;
    };
    let back = crate::CueModel::from_bytes(&m.to_bytes()).expect("round trip");
    assert_eq!(back.threshold, m.threshold);
    assert_eq!(back.ends.is_some(), m.ends.is_some());
    let (a, b) = (back.filter.as_ref(), m.filter.as_ref());
    assert_eq!(a.map(|f| f.threshold), b.map(|f| f.threshold));
    assert_eq!(
        a.map(|f| f.detector_threshold),
        b.map(|f| f.detector_threshold)
    );
    assert_eq!(back.to_bytes(), m.to_bytes());
}

#[test]
fn dash_signed_quotations() {
    let doc = run("Readers wrote in after the debate.\n\
         “The candidate never answered the question about the budget.” ― Maria Lopez\n\
         “I expected more from both of them tonight.” — Tom Reyes (@treyes)\n");
    let t = triples(&doc);
    assert!(
        t.iter().any(|(s, c, x)| s == "Maria Lopez"
            && c == "―"
            && x.contains("never answered")
            && !x.contains("expected")),
        "{t:?}"
    );
    assert!(
        t.iter()
            .any(|(s, c, x)| s.starts_with("Tom Reyes") && c == "—" && x.contains("expected more")),
        "{t:?}"
    );
}

#[test]
fn models_folder_overrides_the_embedded_files() {
    // Each run gets its own folder: tests run in parallel.
    let dir = std::env::temp_dir().join(format!("hw-attrib-models-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join(crate::train::CUES_FILE),
        "#opts\t0.3\t7\t1.5\nproclaimed\t0.9\tverb\n",
    )
    .unwrap();
    let a = AttributionAnnotator::from_models_dir(Some(&dir));
    assert_eq!(a.options().min_direct_words, 7);
    assert_eq!(a.options().oov_margin, 1.5);
    // No `attribution.bin` there: the embedded detector stays.
    assert_eq!(
        a.cue_model().is_some(),
        AttributionAnnotator::new().cue_model().is_some()
    );
    let none = AttributionAnnotator::from_models_dir(Some(&dir.join("missing")));
    assert_eq!(
        none.options(),
        AttributionAnnotator::from_models_dir(None).options()
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_floating_quotation_shares_its_speaker_s_cue() {
    let doc = run_full(
        "\"The new pumps have cut our repair bills by a third this year,\" plant manager Ada \
         Moreno said after the inspection. She did not give a date for the next upgrade. \
         \"We will keep the old pumps as spares until the winter is over.\"",
    );
    let t = triples(&doc);
    let floating = doc
        .attributions
        .iter()
        .find(|a| doc.slice(a.content).contains("as spares"))
        .unwrap_or_else(|| panic!("no floating quotation in {t:?}"));
    assert_eq!(floating.cue.map(|c| doc.slice(c)), Some("said"), "{t:?}");
}

#[test]
fn free_relative_content_ends_with_the_relative() {
    let doc = run(
        "What the mayor says the new bridge would cost, and what it will actually cost, \
         remains a matter of dispute.",
    );
    let t = triples(&doc);
    let says = t
        .iter()
        .find(|x| x.1 == "says")
        .expect("a `says` attribution");
    assert_eq!(says.0, "the mayor", "{t:?}");
    assert_eq!(says.2, "the new bridge would cost", "{t:?}");
}

#[test]
fn reported_clause_ends_before_a_contrast_or_semicolon() {
    let doc = run(
        "The minister said that the talks had been useful, but the deal collapsed a week later.",
    );
    let t = triples(&doc);
    let said = t
        .iter()
        .find(|x| x.1 == "said")
        .expect("a `said` attribution");
    assert_eq!(said.2, "that the talks had been useful", "{t:?}");
    let doc =
        run("The union said that the strike would go ahead; the company declined to comment.");
    let t = triples(&doc);
    let said = t
        .iter()
        .find(|x| x.1 == "said")
        .expect("a `said` attribution");
    assert_eq!(said.2, "that the strike would go ahead", "{t:?}");
}

#[test]
fn quote_attaches_over_a_long_apposed_subject() {
    // Tagged: the apposition test reads tags, so run the real tagger when the models exist.
    let Ok(nlp) = headwater_nlp::NlpAnnotator::load() else {
        return;
    };
    let text = "“The levee will not hold another storm like this one,” Dana Whitfield, the \
                chief engineer of the county, one of the agencies reviewing the plan, said on \
                Monday.";
    let mut doc = Document::new("t.txt", text.to_string());
    headwater_text::TextAnnotator.annotate(&mut doc);
    nlp.annotate(&mut doc);
    AttributionAnnotator::new().annotate(&mut doc);
    let t = triples(&doc);
    let said = t
        .iter()
        .find(|x| x.1 == "said")
        .expect("a `said` attribution");
    assert!(said.0.starts_with("Dana Whitfield"), "{t:?}");
    assert_eq!(
        said.2, "“The levee will not hold another storm like this one,”",
        "{t:?}"
    );
}

#[test]
fn participle_on_a_noun_takes_the_main_subject() {
    let Ok(nlp) = headwater_nlp::NlpAnnotator::load() else {
        return;
    };
    let text = "Two tenant groups gave the landlord more time on a city order to repair the \
                boilers in an old building, saying his loan had come through late.";
    let mut doc = Document::new("t.txt", text.to_string());
    headwater_text::TextAnnotator.annotate(&mut doc);
    nlp.annotate(&mut doc);
    AttributionAnnotator::new().annotate(&mut doc);
    let t = triples(&doc);
    let saying = t
        .iter()
        .find(|x| x.1 == "saying")
        .expect("a `saying` attribution");
    assert_eq!(saying.0, "Two tenant groups", "{t:?}");
    assert_eq!(saying.2, "his loan had come through late", "{t:?}");
}

#[test]
fn agentless_passive_cue_reports_about_its_subject() {
    let Ok(nlp) = headwater_nlp::NlpAnnotator::load() else {
        return;
    };
    let text = "The plan was widely criticized as a giveaway to developers, and the council \
                dropped it in May.";
    let mut doc = Document::new("t.txt", text.to_string());
    headwater_text::TextAnnotator.annotate(&mut doc);
    nlp.annotate(&mut doc);
    AttributionAnnotator::new().annotate(&mut doc);
    let t = triples(&doc);
    let c = t
        .iter()
        .find(|x| x.1.contains("criticized"))
        .expect("a `criticized` attribution");
    assert_eq!(c.0, "", "{t:?}");
    assert_eq!(
        c.2, "The plan was widely criticized as a giveaway to developers",
        "{t:?}"
    );
}

#[test]
fn conjoined_cue_misparsed_on_an_object_shares_the_first_subject() {
    use headwater_doc::{DepRel, TokenSyntax, Upos};
    const ROOT: usize = usize::MAX;
    let text = "The union has urged the board to publish the audit and urged its members to \
                stay calm.";
    let mut doc = Document::new("t.txt", text.to_string());
    headwater_text::TextAnnotator.annotate(&mut doc);
    // The second `urged` hangs on `audit`, the object of the infinitive, as parsers do.
    let arcs: [(usize, &str, Upos); 18] = [
        (1, "det", Upos::Det),
        (3, "nsubj", Upos::Noun),
        (3, "aux", Upos::Aux),
        (ROOT, "root", Upos::Verb),
        (5, "det", Upos::Det),
        (3, "obj", Upos::Noun),
        (7, "mark", Upos::Part),
        (5, "acl", Upos::Verb),
        (9, "det", Upos::Det),
        (7, "obj", Upos::Noun),
        (11, "cc", Upos::Cconj),
        (9, "conj", Upos::Verb),
        (13, "nmod:poss", Upos::Pron),
        (11, "obj", Upos::Noun),
        (15, "mark", Upos::Part),
        (11, "advcl", Upos::Verb),
        (15, "xcomp", Upos::Adj),
        (3, "punct", Upos::Punct),
    ];
    assert_eq!(doc.tokens.len(), arcs.len(), "tokenization changed");
    doc.syntax = arcs
        .iter()
        .map(|&(h, rel, upos)| TokenSyntax {
            head: if h == ROOT { u32::MAX } else { h as u32 },
            deprel: DepRel::parse(rel),
            upos,
            ..TokenSyntax::default()
        })
        .collect();
    AttributionAnnotator::rules_only().annotate(&mut doc);
    let t = triples(&doc);
    let second = t
        .iter()
        .find(|x| x.1 == "urged")
        .unwrap_or_else(|| panic!("no second `urged`: {t:?}"));
    assert_eq!(second.0, "The union", "{t:?}");
}

#[test]
fn parenthetical_cue_reports_the_sentence_around_it() {
    let Ok(nlp) = headwater_nlp::NlpAnnotator::load() else {
        return;
    };
    let text = "Public transit, the mayor often says, is the backbone of the city's economy.";
    let mut doc = Document::new("t.txt", text.to_string());
    headwater_text::TextAnnotator.annotate(&mut doc);
    nlp.annotate(&mut doc);
    AttributionAnnotator::new().annotate(&mut doc);
    let t = triples(&doc);
    let says = t
        .iter()
        .find(|x| x.1.ends_with("says"))
        .expect("a `says` attribution");
    assert_eq!(says.0, "the mayor", "{t:?}");
    assert_eq!(
        says.2, "Public transit, the mayor often says, is the backbone of the city's economy",
        "{t:?}"
    );
}

use crate::tests_sources::run_full as run_tagged;

#[test]
fn split_quote_goes_on_past_a_participle() {
    let Some(doc) = run_tagged(
        "“Every time you say that,” Halvorsen said, referring to the harbor fee, “you give \
         ammunition to the people who want to close the harbor.”",
    ) else {
        return;
    };
    let t = triples(&doc);
    assert_eq!(t.len(), 1, "{t:?}");
    assert_eq!(t[0].0, "Halvorsen", "{t:?}");
    assert_eq!(t[0].1, "said", "{t:?}");
    assert!(t[0].2.starts_with("“Every time"), "{t:?}");
    assert!(t[0].2.ends_with("close the harbor.”"), "{t:?}");
}

#[test]
fn question_quote_takes_the_short_clause_after_it() {
    let Some(doc) = run_tagged(
        "“Why is this not clear proof that the mill is too big to manage?” Vitter demanded.\n\n\
         “We will not wait another year,” Okafor said.",
    ) else {
        return;
    };
    let t = triples(&doc);
    let q = t
        .iter()
        .find(|x| x.2.contains("too big to manage"))
        .unwrap_or_else(|| panic!("no attribution of the question: {t:?}"));
    assert_eq!(
        (q.0.as_str(), q.1.as_str()),
        ("Vitter", "demanded"),
        "{t:?}"
    );
    assert!(!q.2.contains("another year"), "{t:?}");
}

#[test]
fn floating_quote_after_a_reported_statement_joins_it() {
    let Some(doc) = run_tagged(
        "“We expected more,” Halvorsen said.\n\nThe answers to the flooding are \"not meeting \
         the demand,\" says Paul Okafor, founder of Harbor Watch. \"We often compare it to the \
         early days of the canal.\"",
    ) else {
        return;
    };
    let t = triples(&doc);
    let canal = t
        .iter()
        .filter(|x| x.2.contains("early days of the canal"))
        .collect::<Vec<_>>();
    assert_eq!(canal.len(), 1, "{t:?}");
    assert!(canal[0].0.starts_with("Paul Okafor"), "{t:?}");
    assert!(canal[0].2.contains("not meeting"), "{t:?}");
}

#[test]
fn as_x_put_it_reports_the_rest_of_the_sentence() {
    let Some(doc) = run_tagged(
        "As Jane Roe, a harbor engineer, recently put it, the spillway was never built for \
         floods of this size.\n\nThe plan needs a \"lawful source of funding,\" as a ministry \
         memo put it.",
    ) else {
        return;
    };
    let t = triples(&doc);
    let first = t
        .iter()
        .find(|x| x.2.starts_with("the spillway"))
        .unwrap_or_else(|| panic!("no `put it` attribution: {t:?}"));
    assert_eq!(first.1, "put it", "{t:?}");
    assert!(first.0.starts_with("Jane Roe"), "{t:?}");
    assert_eq!(
        first.2, "the spillway was never built for floods of this size",
        "{t:?}"
    );
    let second = t
        .iter()
        .find(|x| x.0 == "a ministry memo")
        .unwrap_or_else(|| panic!("no memo attribution: {t:?}"));
    assert_eq!(second.1, "put it", "{t:?}");
    assert!(second.2.starts_with("The plan needs"), "{t:?}");
}

#[test]
fn a_poll_opening_the_sentence_is_its_source() {
    let Some(doc) = run_tagged(
        "In a Harbor Times poll released Monday, 52 percent of residents backed the new \
         spillway plan.",
    ) else {
        return;
    };
    let t = triples(&doc);
    let poll = t
        .iter()
        .find(|x| x.1 == "In")
        .unwrap_or_else(|| panic!("no poll attribution: {t:?}"));
    assert_eq!(poll.0, "a Harbor Times poll released Monday", "{t:?}");
    assert_eq!(
        poll.2, "52 percent of residents backed the new spillway plan",
        "{t:?}"
    );
}

#[test]
fn a_poll_closing_the_clause_reports_it() {
    let Some(doc) = run_tagged(
        "Mayor Ilse Varga holds a 12-point lead in the latest Harbor Times poll. But in \
         most surveys of the eastern districts, she trails her rival.",
    ) else {
        return;
    };
    let t = triples(&doc);
    let closing = t
        .iter()
        .find(|x| x.0 == "the latest Harbor Times poll")
        .unwrap_or_else(|| panic!("no closing poll attribution: {t:?}"));
    assert_eq!(closing.1, "in", "{t:?}");
    assert_eq!(closing.2, "Mayor Ilse Varga holds a 12-point lead", "{t:?}");
    let opening = t
        .iter()
        .find(|x| x.0 == "most surveys of the eastern districts")
        .unwrap_or_else(|| panic!("no opening poll attribution: {t:?}"));
    assert_eq!(opening.2, "she trails her rival", "{t:?}");
}

#[test]
fn an_interest_in_polls_is_no_attribution() {
    let Some(doc) = run_tagged("The council has shown little interest in the survey.") else {
        return;
    };
    let t = triples(&doc);
    assert!(t.iter().all(|x| x.1 != "in"), "{t:?}");
}

#[test]
fn reportedly_cues_its_clause_without_a_source() {
    let Some((r, t)) = statement(
        "The river authority reportedly met twice in March to review the spillway plan.",
        "reportedly",
    ) else {
        return;
    };
    assert_eq!(r.0, "", "{t:?}");
    assert_eq!(
        r.2, "The river authority reportedly met twice in March to review the spillway plan",
        "{t:?}"
    );
}

#[test]
fn a_cue_conjoined_after_a_reported_clause_takes_the_reporting_subject() {
    let Some((c, t)) = statement(
        "Whitlock noted that the dam had been inspected twice and criticized the delay.",
        "criticized",
    ) else {
        return;
    };
    assert_eq!(c.0, "Whitlock", "{t:?}");
    assert_eq!(c.2, "the delay", "{t:?}");
}

#[test]
fn a_conjunct_sharing_the_reported_tense_keeps_its_parse() {
    // Both verbs of the reported clause carry `had`: the conjunct belongs to the clause.
    let Some(doc) = run_tagged(
        "Whitlock said the engineers had inspected the dam and had criticized the delay.",
    ) else {
        return;
    };
    let t = triples(&doc);
    assert!(
        t.iter().all(|x| x.0 != "Whitlock" || x.1 != "criticized"),
        "{t:?}"
    );
}

#[test]
fn a_third_person_object_leaves_the_subject_the_source() {
    let Some((c, t)) = statement(
        "Later he turned on Whitlock, calling him a \"careless planner\" in front of the council.",
        "calling",
    ) else {
        return;
    };
    assert_eq!(c.0, "he", "{t:?}");
}

#[test]
fn a_participle_clause_opening_the_sentence_takes_the_main_subject() {
    let Some((c, t)) = statement(
        "After thanking the raucous crowd, Whitlock touted how far the spillway campaign had come.",
        "thanking",
    ) else {
        return;
    };
    assert_eq!(c.0, "Whitlock", "{t:?}");
    assert_eq!(c.2, "the raucous crowd", "{t:?}");
}

#[test]
fn a_subjectless_paratactic_cue_shares_the_source_of_the_cue_it_hangs_on() {
    let Some(doc) = run_tagged(
        "Whitlock jokingly offered the engineer a job as head of the water board, then says \
         she will welcome advice.",
    ) else {
        return;
    };
    let t = triples(&doc);
    let c = t
        .iter()
        .find(|x| x.1 == "then says" || x.1 == "says")
        .unwrap_or_else(|| panic!("no attribution for says: {t:?}"));
    assert_eq!(c.0, "Whitlock", "{t:?}");
}

#[test]
fn a_relative_clause_with_its_own_subject_gives_that_subject_as_source() {
    let Some((c, t)) = statement(
        "Her son has the kind of job that many economists say is the future of the valley.",
        "say",
    ) else {
        return;
    };
    assert_eq!(c.0, "many economists", "{t:?}");
}

#[test]
fn a_cue_with_two_parsed_subjects_reports_for_the_nearer() {
    let Some((c, t)) = statement(
        "But Whitlock said the politics surrounding the spillway would be more intense — and \
         he noted that any change would come a few weeks later in the season.",
        "noted",
    ) else {
        return;
    };
    assert_eq!(c.0, "he", "{t:?}");
}

#[test]
fn a_source_naming_nothing_gives_way_to_the_clause_subject() {
    let Some((c, t)) = statement(
        "Whitlock hardly clarified the matter, treating the remark first as a compliment -- \
         \"That makes me careful\" -- and, when questioned after the meeting, asserting, \
         \"Of course, I pay the levy.\"",
        "asserting",
    ) else {
        return;
    };
    assert_eq!(c.0, "Whitlock", "{t:?}");
}

#[test]
fn a_participle_inherits_no_speaker_from_a_relative_clause() {
    let Some((c, t)) = statement(
        "Whitlock was similarly defensive when forced to defend not paying an engineer who said \
         he was stiffed after he surveyed the spillway, saying, \"Maybe he didn't do a good job.\"",
        "saying",
    ) else {
        return;
    };
    assert_ne!(c.0, "an engineer who", "{t:?}");
}

#[test]
fn a_participle_on_the_occasion_of_a_statement_reports_for_its_speaker() {
    let Some((c, t)) = statement(
        "\"We will rebuild the spillway before the rains,\" she said at a recent news conference \
         announcing that her department was suing the contractor.",
        "announcing",
    ) else {
        return;
    };
    assert_eq!(c.0, "she", "{t:?}");
}

#[test]
fn a_split_quotation_goes_on_past_an_aside_that_ends_the_sentence() {
    let Some((said, t)) = statement(
        "The port needs money. ''We need a new dredging contract,'' said Ms. Okafor, \
         referring to the channel that silted up in March. ''Give us the funds and the \
         ships will come back.''",
        "said",
    ) else {
        return;
    };
    assert_eq!(said.0, "Ms. Okafor", "{t:?}");
    assert!(said.2.starts_with("''We need"), "{t:?}");
    assert!(said.2.ends_with("come back.''"), "{t:?}");
    // A speech verb in a clause subordinate to the cue does not take the next quotation.
    let Some((told, t)) = statement(
        "“The leases cannot be cancelled,” spokeswoman Ana Ruiz told the Ledger in July, after \
         the mayor stated an interest in ending them. “These contracts are binding.”",
        "told",
    ) else {
        return;
    };
    assert!(told.2.ends_with("are binding.”"), "{t:?}");
    // Nor a verb whose own complement stands before a quotation that opens in lowercase.
    let Some((wrote, t)) = statement(
        "“Many people are unsure this year,” Dana Roe wrote in a statement explaining why she \
         is speaking at the fair, “but most of us agree that the town needs a new bridge.”",
        "wrote",
    ) else {
        return;
    };
    assert!(wrote.2.ends_with("a new bridge.”"), "{t:?}");
}

#[test]
fn a_title_in_quotation_marks_is_no_statement() {
    let Some((said, t)) = statement(
        "“Running the ferry is what I know best,” Dana Holt said in May on the podcast \
         “Tides of the North.” “I will be back on the water next spring.”",
        "said",
    ) else {
        return;
    };
    // The title is neither a statement of its own nor the end of Holt's: the quotation after
    // it goes on with what she said.
    assert!(said.2.starts_with("“Running the ferry"), "{t:?}");
    assert!(said.2.ends_with("next spring.”"), "{t:?}");
    assert!(!t.iter().any(|x| x.2.starts_with("“Tides")), "{t:?}");
}

#[test]
fn according_to_set_off_inside_a_sentence_attributes_all_of_it() {
    let Some((acc, t)) = statement(
        "Missing from the talks, according to two delegates who spoke to reporters \
         afterward, was any mention of the river treaty.",
        "according to",
    ) else {
        return;
    };
    assert_eq!(acc.0, "two delegates", "{t:?}");
    assert!(acc.2.starts_with("Missing from the talks"), "{t:?}");
    assert!(acc.2.ends_with("the river treaty"), "{t:?}");
    // A complete clause before the phrase keeps it to that clause.
    let Some((acc, t)) = statement(
        "The ferry plan failed, according to two officials, and the town lost its grant.",
        "according to",
    ) else {
        return;
    };
    assert_eq!(acc.2, "The ferry plan failed", "{t:?}");
}

#[test]
fn an_inverted_speaker_with_an_apposition_after_a_partial_quotation() {
    let Some((said, t)) = statement(
        "That ''is the reform that saved the harbor,'' said Carla Moss, the port's director \
         at the time the levy was introduced.",
        "said",
    ) else {
        return;
    };
    assert!(said.0.starts_with("Carla Moss"), "{t:?}");
    assert_eq!(
        said.2, "That ''is the reform that saved the harbor,''",
        "{t:?}"
    );
}

#[test]
fn an_opening_asked_reports_the_question_not_the_answer() {
    let Some((asked, t)) = statement(
        "Asked Tuesday about the ferry contract, Mayor Lund said the city would review it.",
        "Asked",
    ) else {
        return;
    };
    assert_eq!(asked.2, "about the ferry contract", "{t:?}");
    assert_eq!(asked.0, "", "{t:?}");
    let said = t
        .iter()
        .find(|x| x.1 == "said")
        .unwrap_or_else(|| panic!("no `said` in {t:?}"));
    assert_eq!(said.0, "Mayor Lund", "{t:?}");
}

#[test]
fn a_speaker_label_after_a_headline_dash_and_from_the_report() {
    let Some((colon, t)) = statement(
        "Harbor polls agree - Mara Quist: “The biggest lesson is a simple one: keep asking \
         voters until the last week.”",
        ":",
    ) else {
        return;
    };
    assert_eq!(colon.0, "Mara Quist", "{t:?}");
    let Some((colon, t)) = statement(
        "Not all panels are equal. From the report: “Samples with longer field periods \
         produced more accurate results.”",
        ":",
    ) else {
        return;
    };
    assert_eq!(colon.0, "the report", "{t:?}");
}

#[test]
fn no_reply_to_a_request_for_comment_is_a_statement() {
    let Some((reply, t)) = statement(
        "The ferry operator did not immediately respond to a request for comment.",
        "did not immediately respond to",
    ) else {
        return;
    };
    assert_eq!(reply.0, "The ferry operator", "{t:?}");
    assert_eq!(reply.2, "a request for comment", "{t:?}");
}

#[test]
fn a_quotation_inside_a_reported_clause_is_no_statement_of_its_own() {
    let Some(doc) = run_tagged(
        "“The harbor stays open,” Mayor Lund told a crowd on Tuesday. Lund joked that he \
         appreciates a good, “peaceful protest every once in a while” since he went to college \
         in the 1970s.",
    ) else {
        return;
    };
    let t = triples(&doc);
    assert!(
        !t.iter().any(|x| x.2.starts_with("“peaceful")),
        "a mixed quotation floated: {t:?}"
    );
    assert!(
        t.iter()
            .any(|x| x.1 == "joked" && x.2.contains("“peaceful protest")),
        "{t:?}"
    );
}

#[test]
fn an_according_to_source_runs_on_to_its_comma() {
    let Some((acc, t)) = statement(
        "According to an online Harbor Institute/Lakeside Tribune poll out Thursday, the two \
         candidates each have the support of 27 percent of likely voters.",
        "According to",
    ) else {
        return;
    };
    assert_eq!(
        acc.0, "an online Harbor Institute/Lakeside Tribune poll out Thursday",
        "{t:?}"
    );
    assert!(acc.2.starts_with("the two candidates"), "{t:?}");
    let Some((acc, t)) = statement(
        "According to Jane Roe, writing for the Harbor Ledger, the ferry fund received as much \
         as $2 million in unreported payments.",
        "According to",
    ) else {
        return;
    };
    assert_eq!(acc.0, "Jane Roe, writing for the Harbor Ledger", "{t:?}");
    assert!(acc.2.starts_with("the ferry fund"), "{t:?}");
    assert!(!t.iter().any(|x| x.1 == "writing"), "{t:?}");
}

#[test]
fn a_cue_before_a_participle_reports_the_clause_before_it() {
    let Some((said, t)) = statement(
        "The two mayors will meet sometime next week, Lund said, adding, \"They need to sit \
         down and have a good talk.\"",
        "said",
    ) else {
        return;
    };
    assert_eq!(said.0, "Lund", "{t:?}");
    assert_eq!(
        said.2, "The two mayors will meet sometime next week",
        "{t:?}"
    );
}

#[test]
fn a_participle_after_a_copular_clause_or_a_dash_reports_for_its_subject() {
    let Some((arguing, t)) = statement(
        "For months, Mayor Lund has been on the sidelines of the ferry dispute, arguing he did \
         not want to tip the scales before voters weighed in.",
        "arguing",
    ) else {
        return;
    };
    assert_eq!(arguing.0, "Mayor Lund", "{t:?}");
    let Some((saying, t)) = statement(
        "Mayor Lund flipped his choice on the spot – saying he was rooting for the Harbor Hawks \
         but would now root for the Lakeside team.",
        "saying",
    ) else {
        return;
    };
    assert_eq!(saying.0, "Mayor Lund", "{t:?}");
}

#[test]
fn a_quotation_after_a_reported_statement_continues_it() {
    let Some((said, t)) = statement(
        "Yet the ferry plan is also a “lifeline,” Cole said. “That is exactly what the islands \
         want right now, so in that sense the council is well placed.”",
        "said",
    ) else {
        return;
    };
    assert_eq!(said.0, "Cole", "{t:?}");
    assert!(said.2.starts_with("Yet the ferry plan"), "{t:?}");
    assert!(said.2.ends_with("well placed.”"), "{t:?}");
}

#[test]
fn that_is_according_to_a_source_names_the_rest_of_the_sentence() {
    let Some((acc, t)) = statement(
        "The ferry fund raised $9 million in March. That’s according to fundraising reports \
         through March 31 that the fund is filing on Saturday.",
        "according to",
    ) else {
        return;
    };
    assert_eq!(acc.2, "That", "{t:?}");
    assert_eq!(
        acc.0, "fundraising reports through March 31 that the fund is filing on Saturday",
        "{t:?}"
    );
    let Some((acc, t)) = statement(
        "The fund lost money, according to early results of an audit conducted for the council \
         and the port authority.",
        "according to",
    ) else {
        return;
    };
    assert_eq!(
        acc.0, "early results of an audit conducted for the council and the port authority",
        "{t:?}"
    );
    assert_eq!(acc.2, "The fund lost money", "{t:?}");
}

#[test]
fn a_name_with_a_party_parenthetical_is_the_source() {
    let Some((called, t)) = statement(
        "In a fiery takedown of the plan, Sen. Mara Quist (I-Vt.) called it reckless and \
         accused the council of hiding the costs.",
        "called",
    ) else {
        return;
    };
    assert_eq!(called.0, "Sen. Mara Quist (I-Vt.)", "{t:?}");
    let Some((said, t)) = statement("Sen. Jane Roe (D-Ohio) said the plan would fail.", "said")
    else {
        return;
    };
    assert_eq!(said.0, "Sen. Jane Roe (D-Ohio)", "{t:?}");
}

#[test]
fn a_speaker_with_appositions_around_a_post_posed_cue_is_the_source() {
    let Some((wrote, t)) = statement(
        "''We finally may be seeing some wage growth, and if it sticks, that would be a big \
         story,'' the economist Jane Roe, a former adviser at the Harbor Institute, wrote on her \
         blog.",
        "wrote",
    ) else {
        return;
    };
    assert_eq!(
        wrote.0, "the economist Jane Roe, a former adviser at the Harbor Institute",
        "{t:?}"
    );
    assert!(wrote.2.ends_with("big story,''"), "{t:?}");
    let Some((said, t)) = statement(
        "They ''actually had chemistry,'' said Benjamin J. Lund, the mayor's deputy adviser.",
        "said",
    ) else {
        return;
    };
    assert_eq!(
        said.0, "Benjamin J. Lund, the mayor's deputy adviser",
        "{t:?}"
    );
}

#[test]
fn a_speaker_whose_apposition_ends_in_a_split_abbreviation_is_the_source() {
    let Some((said, t)) = statement(
        "''I just don't think the plan has been explained,'' Clara Voss, 67, a retired nurse in \
         Allentown, Pa., said in a follow-up interview.",
        "said",
    ) else {
        return;
    };
    assert!(
        said.0.starts_with("Clara Voss, 67, a retired nurse"),
        "{t:?}"
    );
    assert!(said.2.ends_with("explained,''"), "{t:?}");
}

#[test]
fn a_name_before_a_participle_aside_speaks_for_the_cue_after_it() {
    let Some((said, t)) = statement(
        "But Sen. Jane Roe (D-Ohio), noting the size of the crowd, said, \"Let me tell you, \
         the county has never seen a turnout like this.\"",
        "said",
    ) else {
        return;
    };
    assert_eq!(said.0, "Sen. Jane Roe (D-Ohio)", "{t:?}");
}
