//! `headwater_attrib::train` on a tiny PolNeAR-shaped folder written for this test: it writes
//! both model files, gives the same bytes on a second run, tries the whole dev grid, and the
//! annotator loads what it wrote.

use headwater_attrib::{train, AttribError, AttributionAnnotator, CueModel, TrainConfig};
use headwater_doc::{Annotator, Document};
use std::path::{Path, PathBuf};

/// Sentences of the form `SOURCE CUE that CONTENT.`, with brat annotations in code points.
const SENTENCES: &[(&str, &str, &str)] = &[
    ("The mayor", "said", "the bridge will reopen in May"),
    ("Two officials", "told reporters", "the dam was safe"),
    ("The council", "claimed", "the budget was balanced"),
    ("A spokeswoman", "said", "the line would close"),
    ("The engineer", "warned", "the cracks were growing"),
    ("Residents", "said", "the water tasted odd"),
];

fn write_split(dir: &Path, offset: usize) {
    std::fs::create_dir_all(dir.join("text")).unwrap();
    std::fs::create_dir_all(dir.join("attributions")).unwrap();
    for doc in 0..4 {
        let mut text = String::new();
        let mut ann = String::new();
        for k in 0..SENTENCES.len() {
            let (source, cue, content) = SENTENCES[(k + doc + offset) % SENTENCES.len()];
            let at = text.chars().count();
            let s = (at, at + source.chars().count());
            let c = (s.1 + 1, s.1 + 1 + cue.chars().count());
            let t0 = c.1 + " that ".len();
            let t = (t0, t0 + content.chars().count());
            text.push_str(&format!("{source} {cue} that {content}. "));
            let n = k * 3;
            ann.push_str(&format!(
                "T{}\tSource {} {}\t{source}\nT{}\tCue {} {}\t{cue}\nT{}\tContent {} {}\t{content}\n\
                 E{k}\tAttribution:T{} Content:T{} Cue:T{} Source:T{}\n",
                n + 1,
                s.0,
                s.1,
                n + 2,
                c.0,
                c.1,
                n + 3,
                t.0,
                t.1,
                n + 2,
                n + 3,
                n + 2,
                n + 1,
            ));
            text.push('\n');
        }
        std::fs::write(dir.join(format!("text/doc{doc}.txt")), text).unwrap();
        std::fs::write(dir.join(format!("attributions/doc{doc}_a.ann")), ann).unwrap();
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hw-attrib-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn tokens_only(text: &str) -> Document {
    let mut doc = Document::new("t", text.to_string());
    headwater_text::TextAnnotator.annotate(&mut doc);
    doc
}

#[test]
fn trains_tunes_on_dev_and_is_deterministic() {
    let root = scratch("train");
    let data = root.join("polnear/data");
    write_split(&data.join("train"), 0);
    write_split(&data.join("dev"), 3);
    let run = |out: &str| {
        // The `polnear` folder above `data/` is accepted too.
        let config = TrainConfig::new(root.join("polnear"), root.join(out));
        train(&config, &tokens_only).unwrap()
    };
    let first = run("a");
    run("b");
    assert_eq!(first.summary.docs, 4);
    assert_eq!(first.dev_docs, 4);
    assert_eq!(first.grid.len(), 30, "every grid point is tried");
    assert!(first.best.is_some(), "some grid point finds attributions");
    for file in ["attribution.cues", "attribution.bin"] {
        let a = std::fs::read(root.join("a").join(file)).unwrap();
        let b = std::fs::read(root.join("b").join(file)).unwrap();
        assert!(!a.is_empty());
        assert_eq!(a, b, "{file} differs between two runs");
    }
    let cues = std::fs::read_to_string(&first.cues_path).unwrap();
    assert!(cues.lines().any(|l| l.starts_with("#opts\t")), "{cues}");
    assert!(cues.lines().any(|l| l.starts_with("said\t")), "{cues}");

    let mut annotator = AttributionAnnotator::rules_only();
    annotator.load_model(&first.cues_path).unwrap();
    let model = CueModel::load(first.model_path.as_deref().unwrap()).unwrap();
    assert_eq!(
        model.as_ref().map(|m| m.threshold),
        Some(first.cue_threshold)
    );
    annotator.set_cue_model(model);
    let mut doc = tokens_only("The mayor said that the bridge will reopen in May.");
    annotator.annotate(&mut doc);
    assert_eq!(doc.attributions.len(), 1, "{:?}", doc.attributions);
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn a_folder_without_splits_is_a_typed_error() {
    let root = scratch("empty");
    let config = TrainConfig::new(&root, root.join("out"));
    match train(&config, &tokens_only) {
        Err(AttribError::NotPolnear(p)) => assert_eq!(p, root),
        other => panic!("expected NotPolnear, got {:?}", other.map(|o| o.best)),
    }
    assert!(!root.join("out").exists(), "nothing written");
    let _ = std::fs::remove_dir_all(&root);
}
