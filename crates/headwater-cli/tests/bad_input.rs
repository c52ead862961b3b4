//! Bad input never crashes a run and never loses the good documents beside it.

use std::io::Write;
use std::process::{Command, Output};

fn headwater(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_headwater"))
        .args(args)
        .output()
        .expect("headwater runs")
}

const GOOD: &str = "Harbor Council approves ferry plan\n\n\
The Harbor Council approved the new ferry timetable on Tuesday. \
\"We listened to every commuter who wrote to us,\" said council chair Imogen Vale. \
Officials said the first boats would sail in April.\n";

fn write(dir: &std::path::Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).expect("write fixture");
}

/// Every kind of bad file in one directory, next to one good article.
fn bad_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    write(d, "good.txt", GOOD.as_bytes());
    // Latin-1 bytes: not UTF-8, but clearly text.
    write(
        d,
        "latin1.txt",
        b"Caf\xe9 owners said the new rules were \xabunclear\xbb.\n",
    );
    // A PNG header followed by NUL bytes: binary.
    let mut binary = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    binary.extend(std::iter::repeat_n(0u8, 4096));
    write(d, "image.txt", &binary);
    write(d, "empty.txt", b"");
    let mut nested = String::from("<html><body>");
    for _ in 0..50_000 {
        nested.push_str("<div>");
    }
    nested.push_str("<p>Deep inside, the clerk said the archive was intact.</p>");
    write(d, "nested.html", nested.as_bytes());
    write(
        d,
        "quotes.txt",
        "The minister said “the plan is ready and then nothing closed.\n\n\
         A second paragraph follows with \"another stray mark and more text.\n\n\
         A third paragraph, calm and complete, said the spokesperson.\n"
            .as_bytes(),
    );
    write(
        d,
        "broken.html",
        b"<html><head><title>Broken <b>page</title><body><p>Unclosed <i>tags <p>said the editor.</div></span>",
    );
    dir
}

#[test]
fn bad_files_are_reported_and_good_files_still_analysed() {
    let dir = bad_dir();
    let out = headwater(&["analyze", "--format", "json", dir.path().to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "no panic: {stderr}");
    assert_eq!(out.status.code(), Some(1), "some inputs failed: {stderr}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    let docs = json["documents"].as_array().expect("documents");
    let paths: Vec<&str> = docs.iter().filter_map(|d| d["path"].as_str()).collect();
    for name in [
        "good.txt",
        "latin1.txt",
        "nested.html",
        "quotes.txt",
        "broken.html",
    ] {
        assert!(
            paths.iter().any(|p| p.ends_with(name)),
            "{name} analysed; got {paths:?}; stderr: {stderr}"
        );
    }
    // The binary and the empty file are named on stderr, with a reason.
    assert!(stderr.contains("image.txt"), "binary named: {stderr}");
    assert!(stderr.contains("empty.txt"), "empty named: {stderr}");
    // Nothing of the good article is lost.
    let good = docs
        .iter()
        .find(|d| d["path"].as_str().is_some_and(|p| p.ends_with("good.txt")))
        .unwrap();
    assert!(good["text"]
        .as_str()
        .unwrap()
        .contains("first boats would sail"));
    // The Latin-1 file was decoded, not mangled.
    let latin = docs
        .iter()
        .find(|d| {
            d["path"]
                .as_str()
                .is_some_and(|p| p.ends_with("latin1.txt"))
        })
        .unwrap();
    assert!(latin["text"].as_str().unwrap().contains("Café"));
    // Unbalanced quotes do not swallow later paragraphs.
    let quotes = docs
        .iter()
        .find(|d| {
            d["path"]
                .as_str()
                .is_some_and(|p| p.ends_with("quotes.txt"))
        })
        .unwrap();
    assert!(quotes["text"].as_str().unwrap().contains("third paragraph"));
    for a in quotes["attributions"].as_array().unwrap() {
        let content = a["content"]["text"].as_str().unwrap();
        assert!(
            !(content.contains("stray mark") && content.contains("third paragraph")),
            "a stray quote mark swallowed the rest of the article: {content}"
        );
    }
}

#[test]
fn a_100_megabyte_file_is_analysed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("huge.txt");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let paragraph = "The port authority said on Monday that cargo volumes rose by 4.5% in the \
        third quarter, according to figures released by the regional statistics office. \
        \"We expect the trend to continue,\" the director told reporters.\n\n";
    let mut written = 0usize;
    while written < 100 * 1024 * 1024 {
        f.write_all(paragraph.as_bytes()).unwrap();
        written += paragraph.len();
    }
    f.flush().unwrap();
    drop(f);
    let out = headwater(&["analyze", "--format", "jsonl", path.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "no panic: {stderr}");
    // Either analysed, or refused with a clear message naming the file.
    match out.status.code() {
        Some(0) => {
            let first = out.stdout.split(|&b| b == b'\n').next().unwrap();
            let doc: serde_json::Value = serde_json::from_slice(first).unwrap();
            assert!(doc["text"].as_str().unwrap().len() >= 100 * 1024 * 1024 - 4096);
        }
        Some(1) => assert!(stderr.contains("huge.txt"), "{stderr}"),
        other => panic!("unexpected exit {other:?}: {stderr}"),
    }
}

#[test]
fn missing_path_is_a_failure_and_usage_error_is_2() {
    let out = headwater(&["analyze", "/definitely/not/here.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/definitely/not/here.txt"));
    let out = headwater(&["analyze", "--no-such-flag", "x"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn stdin_is_read_with_dash() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_headwater"))
        .args(["analyze", "--format", "json", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(GOOD.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["documents"].as_array().unwrap().len(), 1);
}
