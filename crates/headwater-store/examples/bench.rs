//! Store benchmark: `cargo run --release -p headwater-store --example bench -- [CORPUS] [DB]`.
//!
//! CORPUS defaults to the BBC News folder under the shared corpora (`HEADWATER_SHARED` or
//! `../shared` next to the workspace); DB defaults to a fresh folder under the system temp dir.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let corpus = match args.next() {
        Some(c) => c,
        None => {
            let shared = std::env::var("HEADWATER_SHARED").unwrap_or_else(|_| {
                concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared").to_string()
            });
            format!("{shared}/corpora/bbc-news/bbc")
        }
    };
    if !std::path::Path::new(&corpus).exists() {
        eprintln!("skipping: corpus folder {corpus} not found");
        return Ok(());
    }
    let db = match args.next() {
        Some(d) => std::path::PathBuf::from(d),
        None => std::env::temp_dir().join(format!("headwater-store-bench-{}", std::process::id())),
    };
    if db.exists() {
        return Err(format!("{} exists: the benchmark needs a fresh store", db.display()).into());
    }
    let report = headwater_store::bench(&[corpus], &db, 20)?;
    println!("{}", serde_json::to_string_pretty(&report)?);
    // HEADWATER_BENCH_KEEP=1 keeps the store for inspection.
    if std::env::var_os("HEADWATER_BENCH_KEEP").is_none() {
        std::fs::remove_dir_all(&db)?;
    }
    Ok(())
}
