//! The example corpus (fictional articles in examples/) comes out as its README says: the wire
//! report's claim is one cluster across the outlets with one independent, anonymous root, and the
//! organization's names form one corpus entity.

use std::path::Path;
use std::process::Command;

fn corpus_json() -> serde_json::Value {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let out = Command::new(env!("CARGO_BIN_EXE_headwater"))
        .args(["analyze", "--format", "json"])
        .arg(&examples)
        .output()
        .expect("headwater runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

#[test]
fn wire_claim_is_one_cluster_with_one_anonymous_root() {
    let json = corpus_json();
    let claims = json["corpus"]["claims"].as_array().unwrap();
    let spread = |c: &serde_json::Value| {
        let mut docs: Vec<&str> = c["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["document"].as_str().unwrap())
            .collect();
        docs.sort();
        docs.dedup();
        docs.len()
    };
    let best = claims.iter().max_by_key(|c| spread(c)).expect("some claim");
    assert!(
        spread(best) >= 3,
        "the wire claim spans the outlets: {best:#}"
    );
    assert_eq!(best["independent_sources"], 1, "{best:#}");
    let flags: Vec<&str> = best["flags"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f.as_str())
        .collect();
    assert!(flags.contains(&"single_source"), "{flags:?}");
    assert!(flags.contains(&"anonymous_root"), "{flags:?}");
}

#[test]
fn organization_names_form_one_entity() {
    let json = corpus_json();
    let entities = json["corpus"]["entities"].as_array().unwrap();
    let merged = entities.iter().find(|e| {
        let aliases: Vec<&str> = e["aliases"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|a| a.as_str())
            .collect();
        let acronym = aliases
            .iter()
            .chain(std::iter::once(&e["name"].as_str().unwrap()))
            .any(|a| a.len() >= 2 && a.chars().all(|c| c.is_ascii_uppercase()));
        acronym && aliases.len() >= 2 && e["documents"].as_array().unwrap().len() >= 2
    });
    assert!(
        merged.is_some(),
        "an organization with its acronym and two other spellings across documents: {entities:#?}"
    );
}

/// `bench` prints the syntax core's tokens/s; by default it parses only the sentences that
/// attribution reads, with `--parse-all` every one.
#[test]
fn bench_reports_the_syntax_core_and_how_many_sentences_it_parsed() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let parsed = |extra: &[&str]| -> (usize, usize) {
        let out = Command::new(env!("CARGO_BIN_EXE_headwater"))
            .args(["bench", "--repeat", "1"])
            .args(extra)
            .arg(&examples)
            .output()
            .expect("headwater runs");
        assert_eq!(out.status.code(), Some(0));
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let line = stdout
            .lines()
            .find(|l| l.trim_start().starts_with("tag+parse+NER"))
            .unwrap_or_else(|| panic!("no core line in:\n{stdout}"));
        assert!(line.contains("tokens/s (cpu)"), "{line}");
        // "…; P of S sentences parsed…"
        let tail = line.split("; ").nth(1).expect("sentence counts");
        let nums: Vec<usize> = tail
            .split_whitespace()
            .filter_map(|w| w.parse().ok())
            .collect();
        (nums[0], nums[1])
    };
    let (some, total) = parsed(&[]);
    let (all, total_again) = parsed(&["--parse-all"]);
    assert_eq!(total, total_again);
    assert!(some > 0 && some < total, "{some} of {total}");
    assert_eq!(all, total);
}
