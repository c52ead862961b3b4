//! Prints word-span disagreements on a CoNLL-U file (debug aid).
//!
//! `cargo run --release -p headwater-text --example tokdiff -- FILE`

fn main() {
    let Some(p) = std::env::args().nth(1) else {
        eprintln!("usage: tokdiff FILE.conllu");
        return;
    };
    match headwater_text::eval::diff_ud(&p) {
        Ok(lines) => lines.iter().for_each(|l| println!("{l}")),
        Err(e) => eprintln!("{e}"),
    }
}
