//! Embeds the committed models when they exist, so a fresh clone without them still builds.
use std::env;
use std::fs;
use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let models = manifest.join("../../models");
    let out = PathBuf::from(env::var("OUT_DIR").unwrap_or_default()).join("embedded_models.rs");
    let mut code = String::new();
    for (name, file) in [
        ("TAGGER", "tagger.bin"),
        ("PARSER", "parser.bin"),
        ("CLUSTERS", "clusters.bin"),
    ] {
        let path = models.join(file);
        println!("cargo:rerun-if-changed={}", path.display());
        if path.is_file() {
            code.push_str(&format!(
                "/// Embedded model bytes.\npub static {name}: Option<&[u8]> = Some(include_bytes!({:?}));\n",
                path.display().to_string()
            ));
        } else {
            println!(
                "cargo:warning=headwater-nlp: {} missing; without it syntax stays empty (tagger, parser) or features are left out (clusters) unless HEADWATER_MODELS points to models",
                path.display()
            );
            code.push_str(&format!(
                "/// Embedded model bytes (absent at build time).\npub static {name}: Option<&[u8]> = None;\n"
            ));
        }
    }
    println!("cargo:rerun-if-changed=build.rs");
    if let Err(e) = fs::write(&out, code) {
        println!(
            "cargo:warning=headwater-nlp: cannot write {}: {e}",
            out.display()
        );
    }
}
