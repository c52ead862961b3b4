//! `headwater ingest`, `headwater search`, `headwater serve`: the embedded store and its server.

use anyhow::Context;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct IngestArgs {
    /// Files or directories to add to the store (unchanged documents are skipped).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<String>,
    /// The store folder.
    #[arg(long, default_value = headwater_store::DEFAULT_DIR)]
    db: PathBuf,
    /// TOML file of known aliases (see `analyze --aliases`).
    #[arg(long, value_name = "FILE")]
    aliases: Option<PathBuf>,
}

#[derive(clap::ValueEnum, Clone, Copy)]
pub enum SearchFormat {
    Text,
    Json,
}

#[derive(clap::Args)]
pub struct SearchArgs {
    /// Tantivy query syntax: words, "phrases", field:value (title, source, cue, content, name, label, type).
    query: String,
    /// The store folder.
    #[arg(long, default_value = headwater_store::DEFAULT_DIR)]
    db: PathBuf,
    /// Only these kinds of hits: document, attribution, entity (repeatable).
    #[arg(long)]
    kind: Vec<String>,
    /// Attributions whose source is of this kind (person, anonymous, media, …).
    #[arg(long)]
    source_kind: Option<String>,
    /// A corpus entity id (E12) or exact name.
    #[arg(long)]
    entity: Option<String>,
    /// A publisher (exact, case-insensitive).
    #[arg(long)]
    outlet: Option<String>,
    /// Published on or after (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long)]
    from: Option<String>,
    /// Published on or before.
    #[arg(long)]
    to: Option<String>,
    #[arg(long, default_value_t = 20)]
    limit: usize,
    #[arg(long, value_enum, default_value = "text")]
    format: SearchFormat,
}

#[derive(clap::Args)]
pub struct ServeArgs {
    /// The store folder.
    #[arg(long, default_value = headwater_store::DEFAULT_DIR)]
    db: PathBuf,
    /// Address to bind (loopback by default).
    #[arg(long, default_value = "127.0.0.1:7878")]
    addr: String,
    /// Enable the upload endpoint (needs the bearer token printed at start, or $HEADWATER_TOKEN).
    #[arg(long)]
    allow_ingest: bool,
}

pub fn ingest(args: IngestArgs) -> anyhow::Result<ExitCode> {
    let mut options = headwater_store::IngestOptions::default();
    if let Some(path) = &args.aliases {
        options.aliases = headwater_link::AliasFile::load(path)?;
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let report = headwater_store::run_ingest(&args.paths, Some(&args.db), &options, &mut out)
        .with_context(|| format!("ingest into {} failed", args.db.display()))?;
    out.flush().ok();
    Ok(if report.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

pub fn search(args: SearchArgs) -> anyhow::Result<ExitCode> {
    let mut kinds = Vec::new();
    for k in &args.kind {
        kinds.push(
            headwater_store::HitKind::parse(k).with_context(|| {
                format!("unknown --kind {k}: use document, attribution or entity")
            })?,
        );
    }
    let filters = headwater_store::SearchFilters {
        kinds,
        source_kind: args.source_kind,
        entity: args.entity,
        outlet: args.outlet,
        date_from: args.from,
        date_to: args.to,
    };
    let format = match args.format {
        SearchFormat::Text => headwater_store::OutputFormat::Text,
        SearchFormat::Json => headwater_store::OutputFormat::Json,
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    headwater_store::run_search(
        &args.query,
        Some(&args.db),
        &filters,
        args.limit,
        format,
        &mut out,
    )
    .with_context(|| format!("search in {} failed", args.db.display()))?;
    Ok(ExitCode::SUCCESS)
}

pub fn serve(args: ServeArgs) -> anyhow::Result<ExitCode> {
    headwater_serve::run_serve(Some(&args.db), Some(&args.addr), args.allow_ingest)
        .with_context(|| format!("cannot serve {}", args.db.display()))?;
    Ok(ExitCode::SUCCESS)
}
