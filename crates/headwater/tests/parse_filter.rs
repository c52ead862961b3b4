//! The standard pipeline parses only the sentences the attribution stage may read arcs in.
//! That is a speed-up, never a change of output: attributions must be identical to a run that
//! parses every sentence. Checked on PolNeAR dev and test (real news, when `../shared` is present;
//! an equality check of two runs, not a score).

use headwater::Pipeline;
use headwater_doc::Document;

fn unfiltered() -> Option<Pipeline> {
    let nlp = headwater_nlp::NlpAnnotator::load().ok()?;
    nlp.tagger()?;
    Some(Pipeline::with_stages(vec![
        Box::new(headwater_text::TextAnnotator),
        Box::new(nlp),
        Box::new(headwater_ner::NerAnnotator::load()),
        Box::new(headwater_cite::CitationAnnotator),
        Box::new(headwater_attrib::AttributionAnnotator::new()),
        Box::new(headwater_cite::AttachCitations),
    ]))
}

#[test]
fn parsing_only_cue_sentences_changes_no_attribution() {
    let Some(dir) = headwater_attrib::polnear::default_data_dir() else {
        eprintln!("skipped: PolNeAR (../shared/corpora/polnear) is absent");
        return;
    };
    let mut docs = Vec::new();
    for split in ["dev", "test"] {
        match headwater_attrib::polnear::read_split(&dir.join(split)) {
            Ok(d) => docs.extend(d),
            Err(_) => {
                eprintln!("skipped: PolNeAR {split} is unreadable");
                return;
            }
        }
    }
    let (Ok(filtered), Some(full)) = (Pipeline::standard(), unfiltered()) else {
        eprintln!("skipped: no models");
        return;
    };
    let mut differing = Vec::new();
    for g in &docs {
        let mut a = Document::new("a", g.text.clone());
        filtered.annotate(&mut a);
        let mut b = Document::new("b", g.text.clone());
        full.annotate(&mut b);
        if a.attributions != b.attributions {
            differing.push(g.name.clone());
        }
    }
    assert!(
        differing.is_empty(),
        "{} of {} documents differ: {differing:?}",
        differing.len(),
        docs.len()
    );
}
