//! `headwater eval entities` (cross-document entity linking on ECB+): the report has its lines,
//! the `--min-f1` gate fails and passes as asked, and a folder without the derived files is a
//! clear error. ECB+ is not part of this repository: without ../shared (or HEADWATER_SHARED) the
//! corpus tests print why they skip. Two topics keep the debug-build run short.

use std::path::PathBuf;
use std::process::{Command, Output};

fn ecbplus() -> Option<PathBuf> {
    let shared = std::env::var_os("HEADWATER_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")));
    let dir = shared.join("corpora/ecbplus");
    if dir.join("derived/ecbplus_docs.jsonl").is_file() {
        Some(dir)
    } else {
        eprintln!(
            "skipped: {} has no derived/ecbplus_docs.jsonl (set HEADWATER_SHARED)",
            dir.display()
        );
        None
    }
}

fn eval(dir: &PathBuf, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_headwater"))
        .args(["eval", "entities"])
        .arg(dir)
        .args(extra)
        .output()
        .expect("headwater runs")
}

/// The F1 of the report line that starts with `name`.
fn f1(stdout: &str, name: &str) -> f64 {
    let line = stdout
        .lines()
        .find(|l| l.trim_start().starts_with(name))
        .unwrap_or_else(|| panic!("no {name} line in:\n{stdout}"));
    line.split("F1 ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no F1 in {line}"))
}

#[test]
fn reports_scores_and_gates_on_two_topics() {
    let Some(dir) = ecbplus() else {
        return;
    };
    let out = eval(&dir, &["--topics", "1,2", "--min-f1", "0.5", "--verbose"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("coverage"), "{stdout}");
    assert!(
        stdout.contains("most over-merged corpus entities"),
        "{stdout}"
    );
    for name in ["all pairs", "same topic", "B-cubed"] {
        let v = f1(&stdout, name);
        assert!(v > 0.5 && v <= 1.0, "{name} F1 {v}:\n{stdout}");
    }
    let out = eval(&dir, &["--topics", "1,2", "--min-f1", "1.01"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("GATE FAILED"));
}

#[test]
fn a_folder_without_the_derived_files_is_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = eval(&dir.path().to_path_buf(), &[]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot read") && stderr.contains("ecbplus_docs.jsonl"),
        "{stderr}"
    );
}
