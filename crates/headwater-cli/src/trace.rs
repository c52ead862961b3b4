//! `headwater trace QUERY PATH...`: for the claims matching a query, the tree from each document
//! down to the claim's root sources, with the independent-source count.

use headwater_doc::{Document, Work};
use std::collections::HashMap;
use std::io::Write;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Words that must all occur in the claim (case-insensitive), e.g. "spillway closed".
    query: String,
    /// Files or directories to analyse.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<String>,
    /// Also show claims made by a single statement.
    #[arg(long)]
    all: bool,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
    #[command(flatten)]
    options: crate::analyze::AnalysisOptions,
}

fn clip(s: &str, max: usize) -> String {
    let one: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match one.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &one[..i]),
        None => one,
    }
}

fn describe_work(w: &Work) -> String {
    let mut parts = Vec::new();
    if let Some(o) = &w.outlet {
        parts.push(o.clone());
    }
    if !w.authors.is_empty() {
        parts.push(w.authors.join(" & "));
    }
    if let Some(t) = &w.title {
        parts.push(format!("“{}”", clip(t, 60)));
    }
    if let Some(d) = &w.date {
        parts.push(d.clone());
    }
    format!("{} ({})", w.id, parts.join(", "))
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    crate::init_threads(args.jobs)?;
    let (outcome, missing) = crate::analyze::analyze_paths(
        &args.paths,
        &args.options.run_options()?,
        &args.options.cues,
    )?;
    let words: Vec<String> = args
        .query
        .split_whitespace()
        .map(str::to_lowercase)
        .collect();
    let docs: HashMap<&str, &Document> = outcome
        .documents
        .iter()
        .map(|d| (d.id.as_str(), d))
        .collect();
    let works: HashMap<&str, &Work> = outcome
        .corpus
        .works
        .iter()
        .map(|w| (w.id.as_str(), w))
        .collect();
    let content_of = |doc: &Document, a: usize| -> String {
        doc.attributions
            .get(a)
            .map(|x| doc.slice(x.content).to_lowercase())
            .unwrap_or_default()
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut shown = 0;
    for claim in &outcome.corpus.claims {
        if claim.members.len() < 2 && !args.all {
            continue;
        }
        let matches = words.iter().all(|w| {
            claim.text.to_lowercase().contains(w)
                || claim.members.iter().any(|m| {
                    let a = m
                        .attribution
                        .trim_start_matches('a')
                        .parse::<usize>()
                        .unwrap_or(0)
                        .saturating_sub(1);
                    docs.get(m.document.as_str())
                        .is_some_and(|d| content_of(d, a).contains(w))
                })
        });
        if !matches {
            continue;
        }
        shown += 1;
        let flags = if claim.flags.is_empty() {
            String::new()
        } else {
            format!("  [{}]", claim.flags.join(", "))
        };
        writeln!(out, "claim {} “{}”", claim.id, clip(&claim.text, 120))?;
        writeln!(
            out,
            "  {} statement(s) in {} document(s) — {} independent source(s){}",
            claim.members.len(),
            claim
                .members
                .iter()
                .map(|m| &m.document)
                .collect::<std::collections::BTreeSet<_>>()
                .len(),
            claim.independent_sources,
            flags
        )?;
        for m in &claim.members {
            let Some(doc) = docs.get(m.document.as_str()) else {
                continue;
            };
            let a = m
                .attribution
                .trim_start_matches('a')
                .parse::<usize>()
                .unwrap_or(0)
                .saturating_sub(1);
            let Some(att) = doc.attributions.get(a) else {
                continue;
            };
            let who = doc
                .publisher
                .clone()
                .or_else(|| doc.title.clone())
                .unwrap_or_else(|| doc.path.clone());
            writeln!(
                out,
                "  ├─ {} ({}){}",
                doc.id,
                clip(&who, 50),
                doc.published
                    .as_ref()
                    .map(|d| format!(", {d}"))
                    .unwrap_or_default()
            )?;
            // The chain: this statement, then its parents outward, printed outermost first.
            let mut chain = vec![a];
            let mut cur = att.parent;
            while let Some(p) = cur {
                if chain.len() > 16 || chain.contains(&(p as usize)) {
                    break;
                }
                chain.push(p as usize);
                cur = doc.attributions.get(p as usize).and_then(|x| x.parent);
            }
            for (depth, &i) in chain.iter().rev().enumerate() {
                let Some(x) = doc.attributions.get(i) else {
                    continue;
                };
                let source = x
                    .source
                    .as_ref()
                    .map(|s| format!("{} [{}]", clip(doc.slice(s.span), 50), s.kind.as_str()))
                    .unwrap_or_else(|| "(unknown source)".into());
                let cue = x.cue.map(|c| doc.slice(c)).unwrap_or("");
                writeln!(
                    out,
                    "  │  {}{} —{}→ “{}”",
                    "   ".repeat(depth),
                    source,
                    cue,
                    clip(doc.slice(x.content), 90)
                )?;
                for &c in &x.citations {
                    let cid = format!("c{}", c + 1);
                    if let Some(w) = outcome.corpus.works.iter().find(|w| {
                        w.cited_by
                            .iter()
                            .any(|b| b.document == doc.id && b.citation == cid)
                    }) {
                        writeln!(
                            out,
                            "  │  {}   cites {}",
                            "   ".repeat(depth),
                            describe_work(w)
                        )?;
                    }
                }
            }
        }
        for r in &claim.root_sources {
            let via: Vec<String> = r
                .via
                .iter()
                .map(|w| {
                    works
                        .get(w.as_str())
                        .map_or(w.clone(), |w| describe_work(w))
                })
                .collect();
            writeln!(
                out,
                "  └─ root: {} [{}]{}",
                clip(&r.text, 60),
                r.kind.as_str(),
                if via.is_empty() {
                    String::new()
                } else {
                    format!(" via {}", via.join(" → "))
                }
            )?;
        }
        writeln!(out)?;
    }
    if shown == 0 {
        writeln!(
            out,
            "no claim matches “{}”{}",
            args.query,
            if args.all {
                ""
            } else {
                " (try --all to include single statements)"
            }
        )?;
    }
    Ok(crate::analyze::exit_status(&outcome, missing))
}
