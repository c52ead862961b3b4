//! Embeds `models/attribution.cues` when it exists; writes an empty model otherwise so that a
//! fresh clone builds and falls back to the rule lexicon.
use std::path::Path;

fn main() {
    // Read at run time, not baked in with env!: a build script binary reused from another
    // checkout (a worktree sharing the target folder) must still look in this one.
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".to_string());
    let models = Path::new(&manifest).join("../../models");
    let model = models.join("attribution.cues");
    println!("cargo:rerun-if-changed={}", model.display());
    let out = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".to_string());
    let dest = Path::new(&out).join("attribution.cues");
    let text = std::fs::read_to_string(&model).unwrap_or_default();
    if let Err(e) = std::fs::write(&dest, text) {
        println!("cargo:warning=cannot write {}: {e}", dest.display());
    }
    let bin = models.join("attribution.bin");
    println!("cargo:rerun-if-changed={}", bin.display());
    let bytes = std::fs::read(&bin).unwrap_or_default();
    let dest = Path::new(&out).join("attribution.bin");
    if let Err(e) = std::fs::write(&dest, bytes) {
        println!("cargo:warning=cannot write {}: {e}", dest.display());
    }
}
