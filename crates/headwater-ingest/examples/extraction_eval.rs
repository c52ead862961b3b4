//! Runs the HTML extraction evaluations on the shared corpora.
//!
//! `cargo run --release -p headwater-ingest --example extraction_eval [zyte|trafilatura|speed|all] [--dump DIR]`
//! (`HEADWATER_SHARED` overrides where the corpora live.) `--dump DIR` writes each Zyte page's
//! extracted text to `DIR/<id>.txt` for inspecting failures.

use headwater_ingest::html::eval;
use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let which = args.first().map(String::as_str).unwrap_or("all");
    let Some(shared) = eval::shared_dir() else {
        eprintln!("shared corpora not found (set HEADWATER_SHARED)");
        std::process::exit(2);
    };
    let corpora = shared.join("corpora");
    if let Some(pos) = args.iter().position(|a| a == "--nest") {
        let depth: usize = args
            .get(pos + 1)
            .and_then(|d| d.parse().ok())
            .unwrap_or(10_000);
        let html = format!(
            "<body>{}<p>deep text here, long enough to be a paragraph.</p>{}",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let t0 = std::time::Instant::now();
        let doc = scraper::Html::parse_document(&html);
        let t1 = t0.elapsed();
        drop(doc);
        let t0 = std::time::Instant::now();
        let a = headwater_ingest::html::extract(&html, None);
        println!(
            "depth {depth}: parse {:?}, extract total {:?}, text {:?}",
            t1,
            t0.elapsed(),
            a.text
        );
        return;
    }
    if let Some(pos) = args.iter().position(|a| a == "--tf") {
        if let Some(key) = args.get(pos + 1) {
            tf_one(&corpora.join("trafilatura-eval"), key);
        }
        return;
    }
    if let Some(pos) = args.iter().position(|a| a == "--one") {
        if let Some(id) = args.get(pos + 1) {
            one(&corpora.join("article-extraction-benchmark"), id);
        }
        return;
    }
    if let Some(pos) = args.iter().position(|a| a == "--dump") {
        if let Some(dir) = args.get(pos + 1) {
            dump(
                &corpora.join("article-extraction-benchmark"),
                &PathBuf::from(dir),
            );
        }
    }
    if which == "zyte" || which == "all" {
        match eval::eval_zyte(&corpora.join("article-extraction-benchmark")) {
            Ok(r) => println!("{r}"),
            Err(e) => eprintln!("zyte: {e}"),
        }
    }
    if which == "speed" {
        match eval::bench_zyte(&corpora.join("article-extraction-benchmark"), 5) {
            Ok(r) => println!("{r}"),
            Err(e) => eprintln!("speed: {e}"),
        }
    }
    if which == "trafilatura" || which == "all" {
        match eval::eval_trafilatura(&corpora.join("trafilatura-eval")) {
            Ok(r) => {
                println!("{r}");
                if args.iter().any(|a| a == "--failures") {
                    for (url, snip, with) in &r.failures {
                        println!(
                            "{} {url} :: {snip}",
                            if *with { "MISSING" } else { "LEAKED " }
                        );
                    }
                }
            }
            Err(e) => eprintln!("trafilatura: {e}"),
        }
    }
}

fn dump(dir: &std::path::Path, out: &std::path::Path) {
    use std::io::Read;
    let _ = std::fs::create_dir_all(out);
    let Ok(rd) = std::fs::read_dir(dir.join("html")) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let id = name.trim_end_matches(".html.gz");
        let Ok(raw) = std::fs::read(&p) else { continue };
        let mut bytes = Vec::new();
        if flate2::read::GzDecoder::new(raw.as_slice())
            .read_to_end(&mut bytes)
            .is_err()
        {
            continue;
        }
        let art = headwater_ingest::html::extract(&eval::decode_html(&bytes), None);
        let _ = std::fs::write(out.join(format!("{id}.txt")), art.text);
    }
}

fn one(dir: &std::path::Path, prefix: &str) {
    use std::io::Read;
    let Ok(rd) = std::fs::read_dir(dir.join("html")) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !name.starts_with(prefix) {
            continue;
        }
        let Ok(raw) = std::fs::read(&p) else { continue };
        let mut bytes = Vec::new();
        if flate2::read::GzDecoder::new(raw.as_slice())
            .read_to_end(&mut bytes)
            .is_err()
        {
            continue;
        }
        let art = headwater_ingest::html::extract(&eval::decode_html(&bytes), None);
        println!("{art:#?}");
    }
}

fn tf_one(dir: &std::path::Path, key: &str) {
    use std::io::Read;
    let Ok(raw) = std::fs::read(dir.join("evaldata.json")) else {
        return;
    };
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(&raw) else {
        return;
    };
    let Some(obj) = v.as_object() else { return };
    for (url, e) in obj {
        if !url.contains(key) {
            continue;
        }
        let Some(file) = e.get("file").and_then(|f| f.as_str()) else {
            continue;
        };
        let Ok(raw) = std::fs::read(dir.join("html").join(format!("{file}.gz"))) else {
            continue;
        };
        let mut bytes = Vec::new();
        if flate2::read::GzDecoder::new(raw.as_slice())
            .read_to_end(&mut bytes)
            .is_err()
        {
            continue;
        }
        println!("file {file}");
        let art = headwater_ingest::html::extract(&eval::decode_html(&bytes), Some(url));
        println!("{}\n----", art.text);
        println!("with: {:?}\nwithout: {:?}", e.get("with"), e.get("without"));
        break;
    }
}
