//! The JSON output follows the contract (shared/spec/output.md), checked against the JSON Schema
//! in `schema/`, on the example corpus and — when ../shared is present — on the seeds.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn shared() -> PathBuf {
    std::env::var_os("HEADWATER_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared"))
}

fn analyze(path: &Path, format: &str) -> (Vec<u8>, Option<i32>) {
    let out = Command::new(env!("CARGO_BIN_EXE_headwater"))
        .args(["analyze", "--format", format])
        .arg(path)
        .output()
        .expect("headwater runs");
    (out.stdout, out.status.code())
}

fn load_schema(name: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(root().join("schema").join(name)).expect("schema file");
    serde_json::from_str(&text).expect("schema is JSON")
}

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&load_schema("output.schema.json")).expect("schema compiles")
}

fn assert_valid(validator: &jsonschema::Validator, instance: &serde_json::Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .take(10)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} violates the schema:\n{}",
        errors.join("\n")
    );
}

/// Offsets are code points into `text`, and every span's `text` is exactly that slice.
fn assert_offsets(doc: &serde_json::Value) {
    let text: Vec<char> = doc["text"].as_str().unwrap().chars().collect();
    let check = |span: &serde_json::Value| {
        let (s, e) = (
            span["start"].as_u64().unwrap() as usize,
            span["end"].as_u64().unwrap() as usize,
        );
        assert!(s <= e && e <= text.len(), "span in range: {span}");
        let slice: String = text[s..e].iter().collect();
        assert_eq!(
            slice,
            span["text"].as_str().unwrap(),
            "span text matches offsets"
        );
    };
    for a in doc["attributions"].as_array().unwrap() {
        check(&a["content"]);
        if !a["cue"].is_null() {
            check(&a["cue"]);
        }
        if !a["source"].is_null() {
            check(&a["source"]);
        }
    }
    for e in doc["entities"].as_array().unwrap() {
        for m in e["mentions"].as_array().unwrap() {
            check(m);
        }
    }
}

#[test]
fn examples_output_validates_against_the_schema() {
    let (stdout, code) = analyze(&root().join("examples"), "json");
    assert_eq!(code, Some(0), "every example analyses");
    let json: serde_json::Value = serde_json::from_slice(&stdout).expect("JSON");
    assert_valid(&validator(), &json, "examples output");
    let docs = json["documents"].as_array().unwrap();
    assert!(docs.len() >= 6, "the example corpus has 6+ articles");
    for d in docs {
        assert_offsets(d);
    }
    // Ids are stable: a second run gives the same ids.
    let (again, _) = analyze(&root().join("examples"), "json");
    let again: serde_json::Value = serde_json::from_slice(&again).unwrap();
    let ids = |v: &serde_json::Value| -> Vec<String> {
        v["documents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&json), ids(&again));
}

#[test]
fn jsonl_lines_validate_and_end_with_the_corpus() {
    let (stdout, code) = analyze(&root().join("examples"), "jsonl");
    assert_eq!(code, Some(0));
    let schema = load_schema("output.schema.json");
    let document = jsonschema::validator_for(&serde_json::json!({
        "$defs": schema["$defs"],
        "$ref": "#/$defs/document"
    }))
    .expect("document schema compiles");
    let lines: Vec<&[u8]> = stdout
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    let (last, docs) = lines.split_last().expect("lines");
    for l in docs {
        let v: serde_json::Value = serde_json::from_slice(l).unwrap();
        assert_valid(&document, &v, "a jsonl document line");
    }
    let corpus: serde_json::Value = serde_json::from_slice(last).unwrap();
    assert!(
        corpus["corpus"]["claims"].is_array(),
        "last line is the corpus"
    );
}

#[test]
fn prov_json_is_well_formed() {
    let (stdout, code) = analyze(&root().join("examples"), "prov-json");
    assert_eq!(code, Some(0));
    let prov: serde_json::Value = serde_json::from_slice(&stdout).unwrap();
    let entities = prov["entity"].as_object().expect("entity map");
    let agents = prov["agent"].as_object().expect("agent map");
    assert!(entities.keys().any(|k| k.starts_with("hw:doc/")));
    for (relation, from, to, to_agent) in [
        ("wasAttributedTo", "prov:entity", "prov:agent", true),
        (
            "wasQuotedFrom",
            "prov:generatedEntity",
            "prov:usedEntity",
            false,
        ),
        (
            "hadPrimarySource",
            "prov:generatedEntity",
            "prov:usedEntity",
            false,
        ),
        (
            "wasDerivedFrom",
            "prov:generatedEntity",
            "prov:usedEntity",
            false,
        ),
    ] {
        let map = prov[relation]
            .as_object()
            .unwrap_or_else(|| panic!("{relation} map"));
        for (id, r) in map {
            let f = r[from]
                .as_str()
                .unwrap_or_else(|| panic!("{relation} {id} has {from}"));
            let t = r[to]
                .as_str()
                .unwrap_or_else(|| panic!("{relation} {id} has {to}"));
            assert!(
                entities.contains_key(f),
                "{relation} {id}: {f} is a declared entity"
            );
            if to_agent {
                assert!(
                    agents.contains_key(t),
                    "{relation} {id}: {t} is a declared agent"
                );
            } else {
                assert!(
                    entities.contains_key(t),
                    "{relation} {id}: {t} is a declared entity"
                );
            }
        }
    }
}

#[test]
fn seeds_output_validates_and_has_both_documents() {
    let seeds = shared().join("seeds");
    if !seeds.is_dir() {
        eprintln!(
            "skipped: {} not found (set HEADWATER_SHARED)",
            seeds.display()
        );
        return;
    }
    let (stdout, code) = analyze(&seeds, "json");
    assert_eq!(code, Some(0));
    let json: serde_json::Value = serde_json::from_slice(&stdout).unwrap();
    assert_valid(&validator(), &json, "seeds output");
    assert_eq!(json["documents"].as_array().unwrap().len(), 2);
}
