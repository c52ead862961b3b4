//! Regression floor on UD EWT dev; skipped when the shared corpora are absent.

use std::path::PathBuf;

fn shared() -> PathBuf {
    std::env::var("HEADWATER_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")))
}

#[test]
fn ewt_dev_floor() {
    let p = shared().join("corpora/ud-ewt/en_ewt-ud-dev.conllu");
    if !p.exists() {
        println!("skipping: {} not found (set HEADWATER_SHARED)", p.display());
        return;
    }
    let r = headwater_text::eval::eval_ud(&p).unwrap();
    println!("{r}");
    assert!(r.tokens.f1() > 0.98, "{r}");
    assert!(r.sentence_ends.f1() > 0.92, "{r}");
}
