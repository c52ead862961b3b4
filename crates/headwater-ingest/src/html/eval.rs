//! Extraction evaluations (run them with the `extraction_eval` example): the Zyte (Scrapinghub) article-extraction benchmark and the
//! trafilatura must-include / must-exclude snippet set.

use std::collections::HashMap;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Why an evaluation could not run.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// A file could not be read or decompressed.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A JSON file did not parse.
    #[error("{path}: bad JSON: {source}")]
    Json {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    /// A JSON file parsed but is not shaped as expected.
    #[error("{path}: unexpected format: {reason}")]
    Format { path: PathBuf, reason: String },
}

fn read_bytes(path: &Path) -> Result<Vec<u8>, EvalError> {
    std::fs::read(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn gunzip(path: &Path) -> Result<Vec<u8>, EvalError> {
    let raw = read_bytes(path)?;
    let mut out = Vec::with_capacity(raw.len() * 4);
    flate2::read::MultiGzDecoder::new(raw.as_slice())
        .read_to_end(&mut out)
        .map_err(|source| EvalError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    Ok(out)
}

fn read_json(path: &Path) -> Result<serde_json::Value, EvalError> {
    let raw = read_bytes(path)?;
    serde_json::from_slice(&raw).map_err(|source| EvalError::Json {
        path: path.to_path_buf(),
        source,
    })
}

/// Decodes page bytes: UTF-8 when valid, else the `charset` the page declares, else
/// windows-1252 (what browsers assume).
pub fn decode_html(bytes: &[u8]) -> String {
    if let Ok(s) = std::str::from_utf8(bytes) {
        return s.to_string();
    }
    let head = &bytes[..bytes.len().min(4096)];
    let head_s = String::from_utf8_lossy(head).to_ascii_lowercase();
    let enc = head_s
        .find("charset=")
        .and_then(|p| head_s.get(p + 8..))
        .map(|rest| {
            rest.trim_start_matches(['"', '\''])
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                .next()
                .unwrap_or("")
                .to_string()
        })
        .and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()))
        .unwrap_or(encoding_rs::WINDOWS_1252);
    let (s, _, _) = enc.decode(bytes);
    s.into_owned()
}

/// Word tokens as in the benchmark's `evaluate.py` (`\w+`).
fn tokens(s: &str) -> Vec<&str> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect()
}

/// 4-gram shingle counts; a text shorter than 4 tokens is one (short) shingle, as upstream.
fn shingles<'a>(toks: &[&'a str], n: usize) -> HashMap<Vec<&'a str>, u32> {
    let mut m: HashMap<Vec<&'a str>, u32> = HashMap::new();
    let count = toks.len().saturating_sub(n) + 1;
    for i in 0..count.max(1) {
        let end = (i + n).min(toks.len());
        let sh = toks.get(i..end).unwrap_or(&[]);
        if !sh.is_empty() {
            *m.entry(sh.to_vec()).or_insert(0) += 1;
        }
    }
    m
}

/// Normalized (TP, FP, FN) for one page, exactly as upstream `string_shingle_matching`.
pub fn shingle_tp_fp_fn(truth: &str, pred: &str) -> (f64, f64, f64) {
    let tt = tokens(truth);
    let pt = tokens(pred);
    let ts = shingles(&tt, 4);
    let ps = shingles(&pt, 4);
    let (mut tp, mut fp, mut fnn) = (0f64, 0f64, 0f64);
    for (k, &tc) in &ts {
        let pc = ps.get(k).copied().unwrap_or(0);
        tp += tc.min(pc) as f64;
        fnn += tc.saturating_sub(pc) as f64;
    }
    for (k, &pc) in &ps {
        let tc = ts.get(k).copied().unwrap_or(0);
        fp += pc.saturating_sub(tc) as f64;
    }
    let s = tp + fp + fnn;
    if s > 0.0 {
        (tp / s, fp / s, fnn / s)
    } else {
        (0.0, 0.0, 0.0)
    }
}

fn precision_score(tp: f64, fp: f64, fnn: f64) -> f64 {
    if fp == 0.0 && fnn == 0.0 {
        1.0
    } else if tp == 0.0 && fp == 0.0 {
        0.0
    } else {
        tp / (tp + fp)
    }
}

fn recall_score(tp: f64, fp: f64, fnn: f64) -> f64 {
    if fp == 0.0 && fnn == 0.0 {
        1.0
    } else if tp == 0.0 && fnn == 0.0 {
        0.0
    } else {
        tp / (tp + fnn)
    }
}

/// Precision, recall, F1 over pages, as upstream `metrics_from_tp_fp_fns`.
pub fn shingle_metrics(rows: &[(f64, f64, f64)]) -> (f64, f64, f64) {
    let ps: Vec<f64> = rows
        .iter()
        .filter(|(tp, fp, _)| tp + fp > 0.0)
        .map(|&(tp, fp, f)| precision_score(tp, fp, f))
        .collect();
    let rs: Vec<f64> = rows
        .iter()
        .filter(|(tp, _, f)| tp + f > 0.0)
        .map(|&(tp, fp, f)| recall_score(tp, fp, f))
        .collect();
    let mean = |v: &[f64]| {
        if v.is_empty() {
            0.0
        } else {
            v.iter().sum::<f64>() / v.len() as f64
        }
    };
    let (p, r) = (mean(&ps), mean(&rs));
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f1)
}

/// One page of the Zyte benchmark.
#[derive(Debug, Clone)]
pub struct ZytePage {
    /// File name without `.html.gz` (a SHA-256).
    pub id: String,
    /// The page's URL from the ground truth.
    pub url: String,
    /// Shingle precision of the extracted text on this page.
    pub precision: f64,
    /// Shingle recall of the extracted text on this page.
    pub recall: f64,
}

/// Results on the Zyte article-extraction benchmark.
#[derive(Debug, Clone, Default)]
pub struct ZyteReport {
    /// Per-page scores.
    pub pages: Vec<ZytePage>,
    /// Mean per-page precision (pages with predicted shingles).
    pub precision: f64,
    /// Mean per-page recall (pages with true shingles).
    pub recall: f64,
    /// Harmonic mean of the two means, as upstream.
    pub f1: f64,
    /// The same scorer applied to the extractor outputs shipped in `output/`: (name, P, R, F1).
    pub baselines: Vec<(String, f64, f64, f64)>,
    /// HTML bytes extracted.
    pub html_bytes: usize,
    /// Seconds spent in [`super::extract`].
    pub seconds: f64,
}

impl fmt::Display for ZyteReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Zyte article-extraction benchmark: {} pages",
            self.pages.len()
        )?;
        writeln!(
            f,
            "{:<16} precision={:.3} recall={:.3} F1={:.3}",
            "headwater", self.precision, self.recall, self.f1
        )?;
        for (name, p, r, f1) in &self.baselines {
            writeln!(f, "{name:<16} precision={p:.3} recall={r:.3} F1={f1:.3}")?;
        }
        let mbs = if self.seconds > 0.0 {
            self.html_bytes as f64 / 1e6 / self.seconds
        } else {
            0.0
        };
        writeln!(
            f,
            "extraction speed: {:.1} MB of HTML in {:.2} s = {:.1} MB/s (one core)",
            self.html_bytes as f64 / 1e6,
            self.seconds,
            mbs
        )?;
        let mut worst: Vec<&ZytePage> = self.pages.iter().collect();
        worst.sort_by(|a, b| {
            let fa = a.precision.min(a.recall);
            let fb = b.precision.min(b.recall);
            fa.total_cmp(&fb)
        });
        writeln!(f, "worst pages (min of P, R):")?;
        for p in worst.iter().take(15) {
            writeln!(
                f,
                "  {} P={:.2} R={:.2} {}",
                p.id.get(..12).unwrap_or(&p.id),
                p.precision,
                p.recall,
                p.url
            )?;
        }
        Ok(())
    }
}

/// Runs [`super::extract`] on every page of the Zyte benchmark at `dir` and scores it with the
/// benchmark's own shingle measure; also scores the shipped baseline outputs.
pub fn eval_zyte(dir: &Path) -> Result<ZyteReport, EvalError> {
    let gt_path = dir.join("ground-truth.json");
    let gt = read_json(&gt_path)?;
    let gt = gt.as_object().ok_or_else(|| EvalError::Format {
        path: gt_path.clone(),
        reason: "top level is not an object".into(),
    })?;
    let mut ids: Vec<&String> = gt.keys().collect();
    ids.sort();
    let mut report = ZyteReport::default();
    let mut rows = Vec::with_capacity(ids.len());
    for id in &ids {
        let truth = gt
            .get(*id)
            .and_then(|v| v.get("articleBody"))
            .and_then(|v| v.as_str())
            .unwrap_or("");
        let url = gt
            .get(*id)
            .and_then(|v| v.get("url"))
            .and_then(|v| v.as_str())
            .unwrap_or("");
        let html = decode_html(&gunzip(&dir.join("html").join(format!("{id}.html.gz")))?);
        let t0 = Instant::now();
        let art = super::extract(&html, Some(url).filter(|u| !u.is_empty()));
        report.seconds += t0.elapsed().as_secs_f64();
        report.html_bytes += html.len();
        let row = shingle_tp_fp_fn(truth, &art.text);
        rows.push(row);
        report.pages.push(ZytePage {
            id: (*id).clone(),
            url: url.to_string(),
            precision: precision_score(row.0, row.1, row.2),
            recall: recall_score(row.0, row.1, row.2),
        });
    }
    (report.precision, report.recall, report.f1) = shingle_metrics(&rows);

    let out_dir = dir.join("output");
    if let Ok(rd) = std::fs::read_dir(&out_dir) {
        let mut files: Vec<PathBuf> = rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        for p in files {
            let pred = read_json(&p)?;
            // Some shipped outputs wrap the map as {"output": {...}, "version": ...}.
            let pred = match pred.get("output") {
                Some(o) if o.is_object() => o.clone(),
                _ => pred,
            };
            let rows: Vec<(f64, f64, f64)> = ids
                .iter()
                .map(|id| {
                    let t = gt
                        .get(*id)
                        .and_then(|v| v.get("articleBody"))
                        .and_then(|v| v.as_str())
                        .unwrap_or("");
                    let q = pred
                        .get(id.as_str())
                        .and_then(|v| v.get("articleBody"))
                        .and_then(|v| v.as_str())
                        .unwrap_or("");
                    shingle_tp_fp_fn(t, q)
                })
                .collect();
            let (pp, rr, ff) = shingle_metrics(&rows);
            let name = p
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            report.baselines.push((name, pp, rr, ff));
        }
    }
    Ok(report)
}

/// Results on the trafilatura snippet set.
#[derive(Debug, Clone, Default)]
pub struct SnippetReport {
    /// Pages in `evaldata.json`.
    pub pages: usize,
    /// Must-include snippets found.
    pub true_positives: usize,
    /// Must-include snippets missing.
    pub false_negatives: usize,
    /// Must-exclude snippets absent.
    pub true_negatives: usize,
    /// Must-exclude snippets present.
    pub false_positives: usize,
    /// Pages whose HTML file could not be read.
    pub missing_files: usize,
    /// HTML bytes extracted.
    pub html_bytes: usize,
    /// Seconds spent in [`super::extract`].
    pub seconds: f64,
    /// Failed checks for inspection: (page URL, snippet, true when it was a must-include).
    pub failures: Vec<(String, String, bool)>,
}

impl SnippetReport {
    /// tp / (tp + fp).
    pub fn precision(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_positives,
        )
    }
    /// tp / (tp + fn).
    pub fn recall(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_negatives,
        )
    }
    /// Correct decisions over all snippets.
    pub fn accuracy(&self) -> f64 {
        ratio(
            self.true_positives + self.true_negatives,
            self.true_positives + self.true_negatives + self.false_positives + self.false_negatives,
        )
    }
    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

impl fmt::Display for SnippetReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "trafilatura snippet evaluation: {} pages ({} unreadable)",
            self.pages, self.missing_files
        )?;
        writeln!(
            f,
            "tp={} fn={} tn={} fp={}",
            self.true_positives, self.false_negatives, self.true_negatives, self.false_positives
        )?;
        writeln!(
            f,
            "precision={:.3} recall={:.3} accuracy={:.3} F1={:.3}",
            self.precision(),
            self.recall(),
            self.accuracy(),
            self.f1()
        )?;
        let mbs = if self.seconds > 0.0 {
            self.html_bytes as f64 / 1e6 / self.seconds
        } else {
            0.0
        };
        writeln!(f, "extraction speed: {mbs:.1} MB/s (one core)")
    }
}

fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Runs [`super::extract`] over the trafilatura evaluation set at `dir` and counts
/// must-include / must-exclude snippets (whitespace-normalized substring tests, like
/// trafilatura's own comparison script).
pub fn eval_trafilatura(dir: &Path) -> Result<SnippetReport, EvalError> {
    let path = dir.join("evaldata.json");
    let data = read_json(&path)?;
    let obj = data.as_object().ok_or_else(|| EvalError::Format {
        path: path.clone(),
        reason: "top level is not an object".into(),
    })?;
    let mut keys: Vec<&String> = obj.keys().collect();
    keys.sort();
    let mut r = SnippetReport::default();
    for url in keys {
        let Some(entry) = obj.get(url) else { continue };
        let Some(file) = entry.get("file").and_then(|f| f.as_str()) else {
            continue;
        };
        r.pages += 1;
        let gz = dir.join("html").join(format!("{file}.gz"));
        let bytes = match gunzip(&gz) {
            Ok(b) => b,
            Err(_) => {
                r.missing_files += 1;
                continue;
            }
        };
        let html = decode_html(&bytes);
        let t0 = Instant::now();
        let art = super::extract(&html, Some(url.as_str()));
        r.seconds += t0.elapsed().as_secs_f64();
        r.html_bytes += html.len();
        let text = collapse_ws(&art.text);
        let snippets = |k: &str| -> Vec<String> {
            entry
                .get(k)
                .and_then(|v| v.as_array())
                .map(|a| {
                    a.iter()
                        .filter_map(|s| s.as_str())
                        .map(collapse_ws)
                        .collect()
                })
                .unwrap_or_default()
        };
        for s in snippets("with") {
            if text.contains(&s) {
                r.true_positives += 1;
            } else {
                r.false_negatives += 1;
                r.failures.push((url.clone(), s, true));
            }
        }
        for s in snippets("without") {
            if text.contains(&s) {
                r.false_positives += 1;
                r.failures.push((url.clone(), s, false));
            } else {
                r.true_negatives += 1;
            }
        }
    }
    Ok(r)
}

/// Finds the shared corpora folder: `$HEADWATER_SHARED`, else `../shared` next to the workspace.
pub fn shared_dir() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("HEADWATER_SHARED") {
        let p = PathBuf::from(p);
        if p.is_dir() {
            return Some(p);
        }
    }
    let p = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared"));
    p.is_dir().then_some(p)
}

/// Speed of [`super::extract`] against html5ever parsing alone, on the Zyte pages.
#[derive(Debug, Clone, Default)]
pub struct SpeedReport {
    /// Pages timed.
    pub pages: usize,
    /// Their total size.
    pub html_bytes: usize,
    /// Best of the runs, whole corpus: parsing only (`scraper::Html::parse_document`).
    pub parse_seconds: f64,
    /// Best of the runs, whole corpus: full extraction (parse, scoring, text, metadata).
    pub extract_seconds: f64,
}

impl fmt::Display for SpeedReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mb = self.html_bytes as f64 / 1e6;
        let rate = |s: f64| if s > 0.0 { mb / s } else { 0.0 };
        writeln!(
            f,
            "speed on {} pages, {:.1} MB of HTML (best of runs, one core):",
            self.pages, mb
        )?;
        writeln!(
            f,
            "  parse only: {:.3} s = {:.1} MB/s",
            self.parse_seconds,
            rate(self.parse_seconds)
        )?;
        writeln!(
            f,
            "  extract:    {:.3} s = {:.1} MB/s ({:.0}% of it parsing)",
            self.extract_seconds,
            rate(self.extract_seconds),
            if self.extract_seconds > 0.0 {
                100.0 * self.parse_seconds / self.extract_seconds
            } else {
                0.0
            }
        )
    }
}

/// Times parsing alone and full extraction over the Zyte pages, best of `runs`.
pub fn bench_zyte(dir: &Path, runs: usize) -> Result<SpeedReport, EvalError> {
    let mut pages = Vec::new();
    let rd = std::fs::read_dir(dir.join("html")).map_err(|source| EvalError::Io {
        path: dir.join("html"),
        source,
    })?;
    for e in rd.flatten() {
        let p = e.path();
        if p.to_string_lossy().ends_with(".html.gz") {
            pages.push(decode_html(&gunzip(&p)?));
        }
    }
    let mut r = SpeedReport {
        pages: pages.len(),
        html_bytes: pages.iter().map(String::len).sum(),
        parse_seconds: f64::MAX,
        extract_seconds: f64::MAX,
    };
    for _ in 0..runs.max(1) {
        let t0 = Instant::now();
        for h in &pages {
            let d = scraper::Html::parse_document(h);
            std::hint::black_box(&d);
        }
        r.parse_seconds = r.parse_seconds.min(t0.elapsed().as_secs_f64());
        let t0 = Instant::now();
        for h in &pages {
            std::hint::black_box(super::extract(h, None));
        }
        r.extract_seconds = r.extract_seconds.min(t0.elapsed().as_secs_f64());
    }
    Ok(r)
}
