//! Token/sentence boundary evaluation on UD EWT and throughput on BBC News.
//!
//! `cargo run --release -p headwater-text --example tokeval [SHARED_DIR]`
//! `cargo run --release -p headwater-text --example tokeval -- --show FILE` prints the sentences
//! and tokens of one text file.

use std::path::PathBuf;

fn show(path: &str) {
    let text = match std::fs::read(path) {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(e) => {
            eprintln!("{path}: {e}");
            return;
        }
    };
    let mut doc = headwater_doc::Document::new(path, text);
    headwater_doc::Annotator::annotate(&headwater_text::TextAnnotator, &mut doc);
    for s in &doc.sentences {
        let toks: Vec<&str> = s.token_range().map(|i| doc.token_text(i)).collect();
        println!("{}", toks.join(" "));
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--show") {
        args.iter().skip(2).for_each(|p| show(p));
        return;
    }
    let shared = std::env::args()
        .nth(1)
        .or_else(|| std::env::var("HEADWATER_SHARED").ok())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")));
    let ud = shared.join("corpora/ud-ewt");
    for split in ["dev", "test"] {
        let p = ud.join(format!("en_ewt-ud-{split}.conllu"));
        match headwater_text::eval::eval_ud(&p) {
            Ok(r) => println!("{r}"),
            Err(e) => println!("skipped {split}: {e}"),
        }
    }
    match headwater_text::eval::throughput(shared.join("corpora/bbc-news"), 5) {
        Ok(r) => println!("bbc-news throughput: {r}"),
        Err(e) => println!("skipped throughput: {e}"),
    }
}
