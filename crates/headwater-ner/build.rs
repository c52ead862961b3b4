//! Embeds `models/ner.bin` when it exists, so a fresh clone without the model still builds.
use std::path::PathBuf;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(hw_ner_model)");
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let model = manifest.join("../../models/ner.bin");
    // Watching the folder catches the model appearing after a build without it.
    println!(
        "cargo::rerun-if-changed={}",
        manifest.join("../../models").display()
    );
    println!("cargo::rerun-if-changed={}", model.display());
    if model.is_file() {
        println!("cargo::rustc-cfg=hw_ner_model");
        println!("cargo::rustc-env=HW_NER_MODEL={}", model.display());
    }
}
