//! PolNeAR training and evaluation for the attribution stage, with the real pipeline.
//!
//! ```text
//! cargo run --release -p headwater-attrib --example attrib -- train [DATA_DIR]   (= headwater train attribution)
//! cargo run --release -p headwater-attrib --example attrib -- eval dev|test [DATA_DIR] [--rules] [--model FILE]
//! cargo run --release -p headwater-attrib --example attrib -- show dev NAME   (debug: gold vs predicted)
//! ```

use headwater_attrib::polnear::{self, default_data_dir, read_split};
use headwater_attrib::{AttributionAnnotator, TrainConfig};
use headwater_doc::{Annotator, Document};
use std::path::PathBuf;

fn pipeline(
    attrib: &AttributionAnnotator,
    nlp: &headwater_nlp::NlpAnnotator,
    ner: &headwater_ner::NerAnnotator,
    text: &str,
) -> Document {
    let mut doc = Document::new("polnear", text.to_string());
    headwater_text::TextAnnotator.annotate(&mut doc);
    nlp.annotate(&mut doc);
    ner.annotate(&mut doc);
    attrib.annotate(&mut doc);
    doc
}

/// Gold character ranges as text, joined with ` | ` (`chars`: the document's characters).
fn gold_text(chars: &[char], r: &[(u32, u32)]) -> String {
    r.iter()
        .map(|&(x, y)| {
            chars
                .get(x as usize..y as usize)
                .map(|c| c.iter().collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

/// Whether any of the character ranges `x` overlaps `y`.
fn overlaps(x: &[(u32, u32)], y: (u32, u32)) -> bool {
    x.iter().any(|&(s, e)| s < y.1 && y.0 < e)
}

/// For each gold attribution, the prediction the scorer paired with it.
fn matches(d: &Document, g: &polnear::GoldDoc) -> Vec<Option<usize>> {
    let mut rep = headwater_attrib::Report::default();
    polnear::score_document(d, &g.attributions, &mut rep)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let cmd = args.first().map(String::as_str).unwrap_or("");
    let rules = args.iter().any(|a| a == "--rules");
    let model = args
        .iter()
        .position(|a| a == "--model")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from);
    let pos: Vec<&String> = args
        .iter()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let nlp = headwater_nlp::NlpAnnotator::load()?;
    let ner = headwater_ner::NerAnnotator::load();
    match cmd {
        "train" => {
            // The library does the work (`headwater train attribution` is the same call).
            let data = pos.first().map(PathBuf::from).or_else(default_data_dir).ok_or("no PolNeAR data folder")?;
            let out = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../models"));
            let prepare = |t: &str| {
                let mut doc = Document::new("polnear", t.to_string());
                headwater_text::TextAnnotator.annotate(&mut doc);
                nlp.annotate(&mut doc);
                ner.annotate(&mut doc);
                doc
            };
            let o = headwater_attrib::train(&TrainConfig::new(data, out), &prepare)?;
            for r in &o.grid {
                println!("th {:.2} mdw {} oov {}: partial {:.3} all-three {:.3}", r.cue_threshold, r.options.min_direct_words, r.options.oov_margin, r.dev.content_partial.f1(), r.dev.all_three.f1());
            }
            println!("end ranker kept: {}", o.end_ranker);
            println!("candidate filter (detector threshold, filter threshold): {:?}", o.filter);
            println!("trained on {} docs / {} attributions: {} forms; best on dev: {:?}, threshold {} -> {}", o.summary.docs, o.summary.attributions, o.summary.forms, o.options, o.cue_threshold, o.cues_path.display());
        }
        "eval" => {
            let split = pos.first().map(|s| s.as_str()).unwrap_or("dev");
            let data = pos.get(1).map(PathBuf::from).or_else(default_data_dir).ok_or("no PolNeAR data folder")?;
            let mut a = if rules { AttributionAnnotator::rules_only() } else { AttributionAnnotator::new() };
            if let Some(m) = &model { a.load_model(m)?; a.set_cue_model(headwater_attrib::CueModel::load(&m.with_extension("bin"))?); }
            if args.iter().any(|x| x == "--no-detector") { a.set_cue_model(None); }
            if args.iter().any(|x| x == "--no-ends") { let mut m = a.cue_model().cloned(); if let Some(m) = m.as_mut() { m.ends = None; } a.set_cue_model(m); }
            // Quick experiments without retraining: ATTRIB_DEP=0|1|2 overrides `dep_content`.
            if let Some(th) = std::env::var("ATTRIB_TH").ok().and_then(|v| v.parse::<f32>().ok()) { let mut m = a.cue_model().cloned(); if let Some(m) = m.as_mut() { eprintln!("threshold {} -> {th}", m.threshold); m.threshold = th; } a.set_cue_model(m); }
            if let Some(v) = std::env::var("ATTRIB_OOV").ok().and_then(|v| v.parse().ok()) { let mut o = a.options(); o.oov_margin = v; a.set_options(o); }
            if let Some(v) = std::env::var("ATTRIB_DEP").ok().and_then(|v| v.parse().ok()) { let mut o = a.options(); o.dep_content = v; a.set_options(o); }
            let rep = polnear::eval_polnear(&data.join(split), &|t| pipeline(&a, &nlp, &ner, t))?;
            println!("PolNeAR {split} ({})\n{rep}", if rules { "rules only" } else { "trained cues" });
            // Time the attribution stage alone on pre-annotated documents.
            let docs = read_split(&data.join(split))?;
            let pre: Vec<Document> = docs.iter().map(|g| { let mut d = Document::new("p", g.text.clone()); headwater_text::TextAnnotator.annotate(&mut d); nlp.annotate(&mut d); ner.annotate(&mut d); d }).collect();
            let words: usize = pre.iter().map(|d| d.word_count()).sum();
            let reps: usize = std::env::var("ATTRIB_REPS").ok().and_then(|v| v.parse().ok()).unwrap_or(20);
            let t = std::time::Instant::now();
            for _ in 0..reps { for d in &pre { let mut d = d.clone(); a.annotate(&mut d); std::hint::black_box(&d.attributions); } }
            let secs = t.elapsed().as_secs_f64();
            // Clone cost measured separately and subtracted.
            let t2 = std::time::Instant::now();
            for _ in 0..reps { for d in &pre { let d = d.clone(); std::hint::black_box(&d); } }
            let clone = t2.elapsed().as_secs_f64();
            let stage = (secs - clone).max(1e-9);
            println!("attribution stage: {:.1} ns/word, {:.0} words/s", stage * 1e9 / (words * reps) as f64, (words * reps) as f64 / stage);
        }
        "ends" => {
            // Trains the content-end ranker on train with the current model, scores dev with
            // and without it; `--save` writes models/attribution.bin with it.
            let data = default_data_dir().ok_or("no PolNeAR data folder")?;
            let mut a = AttributionAnnotator::new();
            let prep = |t: &str| { let mut d = Document::new("p", t.to_string()); headwater_text::TextAnnotator.annotate(&mut d); nlp.annotate(&mut d); ner.annotate(&mut d); d };
            let train = read_split(&data.join("train"))?;
            let tp: Vec<Document> = train.iter().map(|g| prep(&g.text)).collect();
            let (em, st) = headwater_attrib::train_end_ranker(&a, &train, &tp);
            println!("end ranker: {st:?}");
            let dev = read_split(&data.join("dev"))?;
            let dp: Vec<Document> = dev.iter().map(|g| prep(&g.text)).collect();
            let score = |a: &AttributionAnnotator| { let mut rep = headwater_attrib::Report::default(); for (g, d) in dev.iter().zip(&dp) { let mut d = d.clone(); a.annotate(&mut d); polnear::score_document(&d, &g.attributions, &mut rep); } rep };
            let mut m = a.cue_model().cloned();
            if let Some(m) = m.as_mut() { m.ends = None; }
            a.set_cue_model(m.clone());
            println!("rules ends:\n{}", score(&a));
            println!("dev end ranker: {:?}", headwater_attrib::end_ranker_stats(&a, &em, &dev, &dp));
            if let Some(m) = m.as_mut() { m.ends = Some(em); }
            a.set_cue_model(m.clone());
            println!("learned ends:\n{}", score(&a));
            if args.iter().any(|x| x == "--save") { if let Some(m) = &m { m.save(&PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../models/attribution.bin")))?; } }
        }
        "filter" => {
            // Trains the candidate filter on train over the committed detector and end
            // ranker, picks its threshold on dev; `--save` writes models/attribution.bin.
            let data = default_data_dir().ok_or("no PolNeAR data folder")?;
            let det: f32 = std::env::var("FILTER_DET").ok().and_then(|v| v.parse().ok()).unwrap_or(headwater_attrib::train::FILTER_DETECTOR_THRESHOLD);
            let mut a = AttributionAnnotator::new();
            if let Some(v) = std::env::var("ATTRIB_OOV").ok().and_then(|v| v.parse().ok()) { let mut o = a.options(); o.oov_margin = v; a.set_options(o); }
            let prep = |t: &str| { let mut d = Document::new("p", t.to_string()); headwater_text::TextAnnotator.annotate(&mut d); nlp.annotate(&mut d); ner.annotate(&mut d); d };
            let train = read_split(&data.join("train"))?;
            let tp: Vec<Document> = train.iter().map(|g| prep(&g.text)).collect();
            let dev = read_split(&data.join("dev"))?;
            let dp: Vec<Document> = dev.iter().map(|g| prep(&g.text)).collect();
            let (m, with, without) = headwater_attrib::train_filter_for(&a, (&train, &tp), (&dev, &dp), det);
            println!("without filter:\n{without}\nbest with filter (threshold {:?}):\n{with}", m.as_ref().and_then(|m| m.filter.as_ref()).map(|f| f.threshold));
            if args.iter().any(|x| x == "--save") { if let Some(m) = &m { m.save(&PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../models/attribution.bin")))?; } }
        }
        "show" => {
            let split = pos.first().map(|s| s.as_str()).unwrap_or("train");
            let name = pos.get(1).map(|s| s.as_str()).unwrap_or("");
            let data = default_data_dir().ok_or("no PolNeAR data folder")?;
            let a = if rules { AttributionAnnotator::rules_only() } else { AttributionAnnotator::new() };
            for g in read_split(&data.join(split))?.iter().filter(|g| g.name.contains(name)).take(1) {
                let chars: Vec<char> = g.text.chars().collect();
                let sl = |r: &[(u32, u32)]| gold_text(&chars, r);
                println!("== GOLD {}", g.name);
                for at in &g.attributions { println!("S[{}] C[{}] T[{}]", sl(&at.source), sl(&at.cue), sl(&at.content)); }
                let d = pipeline(&a, &nlp, &ner, &g.text);
                println!("== PRED");
                for at in &d.attributions { println!("{:?} S[{}] C[{}] T[{}]", at.kind, at.source.as_ref().map(|s| d.slice(s.span)).unwrap_or(""), at.cue.map(|c| d.slice(c)).unwrap_or(""), d.slice(at.content)); }
            }
        }
        "text" => {
            let mut a = AttributionAnnotator::new();
            let mut m = a.cue_model().cloned();
            if let Some(m) = m.as_mut() {
                if let Some(th) = std::env::var("ATTRIB_TH").ok().and_then(|v| v.parse::<f32>().ok()) { m.threshold = th; }
                if std::env::var("NOCUE_NOFILTER").is_ok() { m.filter = None; }
            }
            a.set_cue_model(m);
            let d = pipeline(&a, &nlp, &ner, pos.first().map(|s| s.as_str()).unwrap_or(""));
            for (i, t) in d.tokens.iter().enumerate() { print!("{i}:{}/{:?}/{}/{}>{} ", d.slice(t.span), d.syntax.get(i).map(|s| s.upos), d.sentence_of_token(i).unwrap_or(99), d.syntax.get(i).map(|s| s.deprel.as_str()).unwrap_or(""), d.syntax.get(i).map(|s| s.head).unwrap_or(0)); }
            println!();
            for at in &d.attributions { println!("{:?} S[{}] C[{}] T[{}] P{:?}", at.kind, at.source.as_ref().map(|s| d.slice(s.span)).unwrap_or(""), at.cue.map(|c| d.slice(c)).unwrap_or(""), d.slice(at.content), at.parent); }
        }
        "diag" => {
            // Error analysis on train only: misses and false alarms.
            let data = default_data_dir().ok_or("no PolNeAR data folder")?;
            let a = if rules { AttributionAnnotator::rules_only() } else { AttributionAnnotator::new() };
            let n: usize = pos.first().and_then(|s| s.parse().ok()).unwrap_or(10);
            for g in read_split(&data.join("train"))?.iter().take(n) {
                let chars: Vec<char> = g.text.chars().collect();
                let sl = |r: &[(u32, u32)]| gold_text(&chars, r);
                let d = pipeline(&a, &nlp, &ner, &g.text);
                let m = matches(&d, g);
                for (gi, at) in g.attributions.iter().enumerate() {
                    if let Some(pi) = m[gi] { let p = &d.attributions[pi]; println!("PAIR gS[{}] gC[{}] | pS[{}] pC[{}] pT[{}] {:?}", sl(&at.source), sl(&at.cue), p.source.as_ref().map(|s| d.slice(s.span)).unwrap_or(""), p.cue.map(|c| d.slice(c)).unwrap_or(""), d.slice(p.content).chars().take(100).collect::<String>(), p.kind); }
                    if m[gi].is_none() { println!("MISS S[{}] C[{}] T[{}]", sl(&at.source), sl(&at.cue), sl(&at.content).chars().take(150).collect::<String>()); }
                }
                for (pi, at) in d.attributions.iter().enumerate() {
                    if !m.contains(&Some(pi)) { println!("FP   {:?} S[{}] C[{}] T[{}]", at.kind, at.source.as_ref().map(|s| d.slice(s.span)).unwrap_or(""), at.cue.map(|c| d.slice(c)).unwrap_or(""), d.slice(at.content).chars().take(150).collect::<String>()); }
                }
            }
        }
        "miss" => {
            // Miss classes (`miss [train|dev] [N]`): for each unmatched gold attribution,
            // whether some prediction's cue overlaps the gold cue (boundary problem) or none
            // does (cue missed).
            let data = default_data_dir().ok_or("no PolNeAR data folder")?;
            let a = AttributionAnnotator::new();
            let split = pos.first().filter(|s| s.parse::<usize>().is_err()).map_or("train", |s| s.as_str());
            let n: usize = pos.iter().find_map(|s| s.parse().ok()).unwrap_or(10);
                        for g in read_split(&data.join(split))?.iter().take(n) {
                let chars: Vec<char> = g.text.chars().collect();
                let sl = |r: &[(u32, u32)]| gold_text(&chars, r);
                let d = pipeline(&a, &nlp, &ner, &g.text);
                let map = headwater_doc::OffsetMap::new(&d.text);
                let cr = |s: headwater_doc::Span| (map.char_offset(s.start), map.char_offset(s.end));
                let m = matches(&d, g);
                for (gi, at) in g.attributions.iter().enumerate() {
                    if let Some(p) = m[gi].and_then(|pi| d.attributions.get(pi)) {
                        // Matched content: report a wrong source or cue (all-three misses).
                        let pc: Vec<(u32, u32)> = p.cue.map(|c| vec![cr(c)]).unwrap_or_default();
                        let ps: Vec<(u32, u32)> = p.source.as_ref().map(|s| vec![cr(s.span)]).unwrap_or_default();
                        let cue_ok = pc.iter().any(|&c| overlaps(&at.cue, c));
                        let ent_words: Vec<String> = p.source.as_ref().and_then(|s| s.entity).and_then(|e| d.entities.get(e as usize)).map(|e| e.name.split(|c: char| !c.is_alphanumeric()).filter(|w| w.len() > 2).map(str::to_lowercase).collect()).unwrap_or_default();
                        let gsrc = sl(&at.source).to_lowercase();
                        let src_ok = if at.source.is_empty() { ps.is_empty() } else { ps.iter().any(|&c| overlaps(&at.source, c)) || ent_words.iter().any(|w| gsrc.split(|c: char| !c.is_alphanumeric()).any(|g| g == w)) };
                        if !src_ok && std::env::var("MISS_SENT").is_ok() {
                            if let Some(c) = p.cue { if let Some(si) = d.sentences.iter().position(|s| s.span.start <= c.start && c.start < s.span.end) { println!("SENT\t{}", d.slice(d.sentences[si].span)); } }
                        }
                        if !cue_ok || !src_ok || std::env::var("MISS_ALL").is_ok() {
                            println!("{}\tgC[{}] gS[{}] | pC[{}] pS[{}] ent[{}] {:?}\tT[{}]", if !cue_ok { "BADCUE" } else if !src_ok { "BADSRC" } else { "OK" }, sl(&at.cue), sl(&at.source), p.cue.map(|c| d.slice(c)).unwrap_or(""), p.source.as_ref().map(|s| d.slice(s.span)).unwrap_or(""), p.source.as_ref().and_then(|s| s.entity).and_then(|e| d.entities.get(e as usize)).map(|e| e.name.as_str()).unwrap_or(""), p.kind, sl(&at.content).chars().take(100).collect::<String>());
                        }
                        continue;
                    }
                    let hit = d.attributions.iter().enumerate().find(|(_, p)| p.cue.is_some_and(|c| overlaps(&at.cue, cr(c))));
                    let cont = d.attributions.iter().enumerate().find(|(_, p)| overlaps(&at.content, cr(p.content)));
                    let class = match (hit, cont) { (Some((pi, _)), _) if m.contains(&Some(pi)) => "CUE-TAKEN", (Some(_), _) => "CUE-BOUND", (None, Some(_)) => "OVERLAP", (None, None) => "NOCUE" };
                    println!("{class}\tC[{}]\tS[{}]\tT[{}]", sl(&at.cue).to_lowercase(), sl(&at.source), sl(&at.content).chars().take(160).collect::<String>());
                    if let Some((_, p)) = hit.or(cont) { println!("   pred S[{}] C[{}] T[{}]", p.source.as_ref().map(|s| d.slice(s.span)).unwrap_or(""), p.cue.map(|c| d.slice(c)).unwrap_or(""), d.slice(p.content).chars().take(160).collect::<String>()); }
                }
                for (pi, p) in d.attributions.iter().enumerate() {
                    if m.contains(&Some(pi)) { continue; }
                    let gc = p.cue.is_some_and(|c| g.attributions.iter().any(|at| overlaps(&at.cue, cr(c))));
                    if p.cue.is_none() { if let Some(at) = g.attributions.iter().find(|at| overlaps(&at.content, cr(p.content))) { println!("   gold-ov C[{}] S[{}] T[{}]", sl(&at.cue), sl(&at.source), sl(&at.content).chars().take(300).collect::<String>()); } else { println!("   gold-ov none"); } }
                    if gc { if let Some(at) = g.attributions.iter().find(|at| p.cue.is_some_and(|c| overlaps(&at.cue, cr(c)))) { println!("   gold C[{}] S[{}] T[{}]", sl(&at.cue), sl(&at.source), sl(&at.content).chars().take(160).collect::<String>()); } }
                    println!("{}\t{:?}\tC[{}]\tS[{}]\tT[{}]", if gc { "FP-GOLDCUE" } else { "FP-SPURIOUS" }, p.kind, p.cue.map(|c| d.slice(c)).unwrap_or("").to_lowercase(), p.source.as_ref().map(|s| d.slice(s.span)).unwrap_or(""), d.slice(p.content).chars().take(160).collect::<String>());
                }
            }
        }
        "bounds" => {
            // For each prediction whose cue overlaps an unmatched gold cue: where its content
            // starts and ends relative to that gold content (in evaluation tokens).
            let split = pos.first().map_or("dev", |s| s.as_str());
            let data = default_data_dir().ok_or("no PolNeAR data folder")?;
            let a = AttributionAnnotator::new();
                        let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
            for g in read_split(&data.join(split))?.iter() {
                let chars: Vec<char> = g.text.chars().collect();
                let d = pipeline(&a, &nlp, &ner, &g.text);
                let map = headwater_doc::OffsetMap::new(&d.text);
                let cr = |s: headwater_doc::Span| (map.char_offset(s.start), map.char_offset(s.end));
                let m = matches(&d, g);
                for (gi, at) in g.attributions.iter().enumerate() {
                    if m[gi].is_some() { continue; }
                    let Some(p) = d.attributions.iter().enumerate().find(|(pi, p)| !m.contains(&Some(*pi)) && p.cue.is_some_and(|c| overlaps(&at.cue, cr(c)))).map(|x| x.1) else { continue };
                    let (ps, pe) = cr(p.content);
                    let gs = at.content.iter().map(|r| r.0).min().unwrap_or(0);
                    let ge = at.content.iter().map(|r| r.1).max().unwrap_or(0);
                    let c = |x: u32, y: u32| if x + 2 < y { "<" } else if x > y + 2 { ">" } else { "=" };
                    let cue0 = at.cue.iter().map(|r| r.0).min().unwrap_or(0);
                    let key = format!("{} start{} end{} disc{}", if gs > cue0 { "after" } else { "before" }, c(ps, gs), c(pe, ge), at.content.len() > 1);
                    *counts.entry(key.clone()).or_default() += 1;
                    let txt = |r: &[(u32, u32)]| gold_text(&chars, r);
                    println!("{key}\tC[{}]\tG[{}]\tP[{}]", txt(&at.cue), txt(&at.content).chars().take(200).collect::<String>(), d.slice(p.content).chars().take(200).collect::<String>());
                }
            }
            for (k, v) in counts { println!("{v}\t{k}"); }
        }
        "nocue" => {
            // For each gold attribution with no predicted cue overlapping its cue: the cue's
            // head word (first verb/noun/adjective), its tag, whether the lexicon knows it, and
            // where the content lies (`nocue SPLIT`).
            let split = pos.first().map_or("dev", |s| s.as_str());
            let data = default_data_dir().ok_or("no PolNeAR data folder")?;
            let a = AttributionAnnotator::new();
            // The same annotator with every lexicon word and tagged verb let through the
            // detector: a miss it still has is the frame rules' doing.
            let mut loose = a.clone();
            let mut lm = loose.cue_model().cloned();
            if let Some(m) = lm.as_mut() { m.threshold = -1e9; if std::env::var("NOCUE_NOFILTER").is_ok() { m.filter = None; } }
            loose.set_cue_model(lm);
                        for g in read_split(&data.join(split))?.iter() {
                let chars: Vec<char> = g.text.chars().collect();
                let d = pipeline(&a, &nlp, &ner, &g.text);
                let mut dl = d.clone();
                loose.annotate(&mut dl);
                let map = headwater_doc::OffsetMap::new(&d.text);
                let cr = |s: headwater_doc::Span| (map.char_offset(s.start), map.char_offset(s.end));
                let m = matches(&d, g);
                for (gi, at) in g.attributions.iter().enumerate() {
                    if m[gi].is_some() || d.attributions.iter().any(|p| p.cue.is_some_and(|c| overlaps(&at.cue, cr(c)))) { continue; }
                    let toks: Vec<usize> = (0..d.tokens.len()).filter(|&k| d.tokens.get(k).is_some_and(|t| overlaps(&at.cue, cr(t.span)))).collect();
                    let head = toks.iter().copied().find(|&k| d.syntax.get(k).is_some_and(|t| matches!(t.upos, headwater_doc::Upos::Verb | headwater_doc::Upos::Noun | headwater_doc::Upos::Adj))).or(toks.first().copied());
                    let Some(h) = head else { println!("NOTOK"); continue };
                    let lemma = d.lemma(h).to_string();
                    let up = d.syntax.get(h).map(|t| format!("{:?}", t.upos)).unwrap_or_default();
                    let low = d.token_text(h).to_lowercase();
                    let inlex = a.lexicon().get(&low).or(a.lexicon().get(&lemma)).map_or("oov".to_string(), |e| format!("{:?}{:.2}", e.class, e.weight));
                    let cstart = at.content.iter().map(|r| r.0).min().unwrap_or(0);
                    let cue0 = at.cue.iter().map(|r| r.0).min().unwrap_or(0);
                    let side = if cstart > cue0 { "after" } else { "before" };
                    let ntok = toks.len();
                    let lc = dl.attributions.iter().find(|p| p.cue.is_some_and(|c| overlaps(&at.cue, cr(c))));
                    let lz = match lc { None => "frame", Some(p) => { let gt: Vec<(u32,u32)> = at.content.clone(); if overlaps(&gt, cr(p.content)) { "detector-ov" } else { "detector-noov" } } };
                    let txt = |r: &[(u32, u32)]| gold_text(&chars, r);
                    println!("{lemma}\t{up}\t{inlex}\t{side}\t{ntok}\t{lz}\tC[{}] S[{}] T[{}]", txt(&at.cue), txt(&at.source), txt(&at.content).chars().take(120).collect::<String>());
                }
            }
        }
        "rejected" => {
            // Candidates the learned filter drops (`rejected [SPLIT]`): each with whether the
            // unfiltered run pairs it with a gold attribution (TRUE/FALSE), and its text.
            let split = pos.first().map_or("dev", |s| s.as_str());
            let data = default_data_dir().ok_or("no PolNeAR data folder")?;
            let a = AttributionAnnotator::new();
            let mut off = a.clone();
            let mut m = off.cue_model().cloned();
            if let Some(m) = m.as_mut() { m.filter = None; if let Some(th) = std::env::var("ATTRIB_TH").ok().and_then(|v| v.parse::<f32>().ok()) { m.threshold = th; } }
            off.set_cue_model(m);
            for g in read_split(&data.join(split))?.iter() {
                let chars: Vec<char> = g.text.chars().collect();
                let d = pipeline(&a, &nlp, &ner, &g.text);
                let mut dl = d.clone();
                off.annotate(&mut dl);
                let ml = matches(&dl, g);
                for (pi, p) in dl.attributions.iter().enumerate() {
                    let kept = d.attributions.iter().any(|q| q.cue == p.cue && q.content == p.content);
                    if kept { continue; }
                    let gi = ml.iter().position(|x| *x == Some(pi));
                    let gtxt = gi.and_then(|i| g.attributions.get(i)).map(|at| gold_text(&chars, &at.content)).unwrap_or_default();
                    println!("{}	{:?}	C[{}]	S[{}]	T[{}]	G[{}]", if gi.is_some() { "TRUE" } else { "FALSE" }, p.kind, p.cue.map(|c| d.slice(c)).unwrap_or(""), p.source.as_ref().map(|s| d.slice(s.span)).unwrap_or(""), d.slice(p.content).chars().take(140).collect::<String>(), gtxt.chars().take(140).collect::<String>());
                }
            }
        }
        "simcut" => {
            // Simulated content cuts (`simcut [SPLIT]`): for each pattern, end every pre-posed
            // indirect content before its first occurrence, and rescore.
            let split = pos.first().map_or("dev", |s| s.as_str());
            let data = default_data_dir().ok_or("no PolNeAR data folder")?;
            let a = AttributionAnnotator::new();
            let golds = read_split(&data.join(split))?;
            let docs: Vec<Document> = golds.iter().map(|g| pipeline(&a, &nlp, &ner, &g.text)).collect();
            let pats = [", which ", ", but ", "; ", ", and ", " and ", ", who ", ", as ", " as ", ", while ", " while ", ", after ", " after ", ", before ", ", when ", " when ", ", because ", " because ", " -- ", " — ", " - ", ", including ", ", saying ", ", citing ", ", adding ", ", according ", " in a statement", " in an interview", " on twitter", ", a ", ", the ", ", so ", ", although ", ", though ", ", even ", ", despite ", ", with ", ", since ", " since ", ", if ", " if ", ", not ", " during ", " at a ", " in a ", " on monday", " on tuesday", " on wednesday", " on thursday", " on friday", " last week", " during the", ", where ", ", in ", ", at ", ", said ", ", he said", ", she said", " to reporters", ", for ", ", or "];
            let run = |pat: Option<&str>| {
                let mut rep = headwater_attrib::Report::default();
                for (g, d) in golds.iter().zip(&docs) {
                    let mut d = d.clone();
                    if let Some(p) = pat {
                        for at in d.attributions.iter_mut() {
                            let Some(c) = at.cue else { continue };
                            if at.kind != headwater_doc::AttributionType::Indirect || c.start > at.content.start { continue; }
                            let (s, e) = (at.content.start as usize, at.content.end as usize);
                            let low = d.text.get(s..e).unwrap_or("").to_lowercase();
                            if let Some(k) = low.find(p).filter(|&k| k > 0 && low.len() == e - s) {
                                at.content.end = (s + k) as u32;
                            }
                        }
                    }
                    polnear::score_document(&d, &g.attributions, &mut rep);
                }
                rep
            };
            if args.iter().any(|a| a == "--start") {
                // Start variant: drop a leading word of any content.
                let starts = ["that ", "but ", "and ", "so ", "because ", "if ", "whether ", "how ", "to ", "the ", "he ", "she ", "it ", "they ", "also ", "now ", "then ", "in ", "on ", "of ", "about ", "\u{201c}", "\"", "-- ", "as "];
                let runs = |pat: &str| {
                    let mut rep = headwater_attrib::Report::default();
                    for (g, d) in golds.iter().zip(&docs) {
                        let mut d = d.clone();
                        for at in d.attributions.iter_mut() {
                            let (s, e) = (at.content.start as usize, at.content.end as usize);
                            let low = d.text.get(s..e).unwrap_or("").to_lowercase();
                            if low.len() == e - s && low.starts_with(pat) && low.len() > pat.len() + 2 {
                                at.content.start = (s + pat.len()) as u32;
                            }
                        }
                        polnear::score_document(&d, &g.attributions, &mut rep);
                    }
                    rep
                };
                let base = run(None);
                for p in starts {
                    let r = runs(p);
                    println!("start {p:?}\tpartial {:+} exact {:+} all3 {:+}", r.content_partial.tp as i64 - base.content_partial.tp as i64, r.content_exact.tp as i64 - base.content_exact.tp as i64, r.all_three.tp as i64 - base.all_three.tp as i64);
                }
                return Ok(());
            }
            let base = run(None);
            println!("base partial {:.4} exact {:.4} all3 {:.4}", base.content_partial.f1(), base.content_exact.f1(), base.all_three.f1());
            for p in pats {
                let r = run(Some(p));
                println!("{p:?}\tpartial {:+} exact {:+} all3 {:+}", r.content_partial.tp as i64 - base.content_partial.tp as i64, r.content_exact.tp as i64 - base.content_exact.tp as i64, r.all_three.tp as i64 - base.all_three.tp as i64);
            }
        }
        _ => eprintln!("usage: attrib train [DATA] | eval dev|test [DATA] [--rules] [--model FILE] | show SPLIT NAME"),
    }
    Ok(())
}
