//! CoNLL-U round trips, the lemmatizer on a hand-written treebank, and corpus smoke tests
//! (skipped when the shared corpora are absent).

use headwater_nlp::{parse_conllu, write_conllu, Lemmatizer};

const TINY: &str = "# text = The clerks said the boxes stopped.
1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\tclerks\tclerk\tNOUN\tNNS\t_\t3\tnsubj\t_\t_
3\tsaid\tsay\tVERB\tVBD\t_\t0\troot\t_\t_
4\tthe\tthe\tDET\tDT\t_\t5\tdet\t_\t_
5\tboxes\tbox\tNOUN\tNNS\t_\t6\tnsubj\t_\t_
6-7\tstopped.\t_\t_\t_\t_\t_\t_\t_\t_
6\tstopped\tstop\tVERB\tVBD\t_\t3\tccomp\t_\t_
7\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

1\tPlanners\tplanner\tNOUN\tNNS\t_\t2\tnsubj\t_\t_
2\tsays\tsay\tVERB\tVBZ\t_\t0\troot\t_\t_
3\tlamps\tlamp\tNOUN\tNNS\t_\t2\tobj\t_\t_
4\twent\tgo\tVERB\tVBD\t_\t2\tconj\t_\t_
5\tdropped\tdrop\tVERB\tVBD\t_\t2\tconj\t_\t_

";

#[test]
fn conllu_round_trip() {
    let sents = parse_conllu(TINY).unwrap();
    assert_eq!(sents.len(), 2);
    assert_eq!(sents[0].words.len(), 7);
    assert_eq!(sents[0].ranges.len(), 1);
    assert_eq!(write_conllu(&sents), TINY);
}

#[test]
fn conllu_errors_are_typed() {
    assert!(parse_conllu("1\tonly three\tcols\n").is_err());
    assert!(parse_conllu("1\ta\ta\tX\tXX\t_\tzz\tdep\t_\t_\n").is_err());
    assert!(parse_conllu("").unwrap().is_empty());
}

#[test]
fn lemmatizer_learns_rules_and_exceptions() {
    let sents = parse_conllu(TINY).unwrap();
    let lem = Lemmatizer::train(&sents);
    let vbd = headwater_nlp::conllu::xpos_index("VBD");
    let nns = headwater_nlp::conllu::xpos_index("NNS");
    let mut out = String::new();
    for (form, tag, want) in [
        ("went", vbd, "go"),
        ("said", vbd, "say"),
        ("Clerks", nns, "clerk"),
        ("lamps", nns, "lamp"),
        ("", nns, ""),
    ] {
        out.clear();
        lem.lemmatize_into(form, tag, &mut out);
        assert_eq!(out, want, "{form}");
    }
}

fn shared() -> Option<std::path::PathBuf> {
    let p = headwater_nlp::train::default_shared_dir();
    if p.join("corpora/ud-ewt").is_dir() {
        Some(p)
    } else {
        eprintln!("skipping: {} not found (set HEADWATER_SHARED)", p.display());
        None
    }
}

#[test]
fn ewt_dev_round_trips_and_scores() {
    let Some(sh) = shared() else {
        return;
    };
    let path = headwater_nlp::train::ewt_path(&sh, "dev");
    let gold = headwater_nlp::read_conllu(&path).unwrap();
    assert!(gold.len() > 1000);
    let again = parse_conllu(&write_conllu(&gold)).unwrap();
    assert_eq!(again.len(), gold.len());
    let models = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../models"));
    let (Ok(t), Ok(p)) = (
        headwater_nlp::Tagger::load_from(models),
        headwater_nlp::Parser::load_from(models),
    ) else {
        eprintln!("skipping scores: models not found");
        return;
    };
    let few = &gold[..300];
    let ts = headwater_nlp::eval::eval_tagger(&t, few);
    let ps = headwater_nlp::eval::eval_parser(&t, &p, few);
    assert!(ts.upos > 0.9, "{ts:?}");
    assert!(ps.uas > 0.8, "{ps:?}");
}
