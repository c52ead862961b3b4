//! End-to-end tests of the readers: files of every format written to a temporary folder, read
//! with `read_input`/`read_path`, then cleaned.

use flate2::write::GzEncoder;
use flate2::Compression;
use headwater_doc::Document;
use headwater_ingest::{
    clean, expand_inputs, read_path, read_reader, Content, IngestError, Input, RawArticle,
};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A fresh folder under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let p = std::env::temp_dir().join(format!(
            "headwater-ingest-test-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.0.join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, bytes).unwrap();
        p
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn read_all(path: &Path) -> Vec<Result<RawArticle, IngestError>> {
    let mut out = Vec::new();
    read_path(path, &mut |r| out.push(r));
    out
}

fn one_doc(path: &Path) -> Document {
    let mut items = read_all(path);
    assert_eq!(items.len(), 1, "{items:?}");
    clean(items.remove(0).unwrap())
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn paragraphs(doc: &Document) -> Vec<&str> {
    doc.paragraphs.iter().map(|p| doc.slice(*p)).collect()
}

const STORY: &str = "Harbor ferry route to reopen\r\n\r\nThe harbor council voted on Tuesday to reopen the \
northern ferry route, officials said.\r\n\r\n\"We expect the first boats in April,\" said Mara Quell, \
the council's transport lead.\r\n";

#[test]
fn plain_text_with_headline() {
    let dir = TempDir::new();
    let doc = one_doc(&dir.write("story.txt", STORY.as_bytes()));
    assert_eq!(doc.title.as_deref(), Some("Harbor ferry route to reopen"));
    assert!(!doc.text.contains('\r'));
    assert!(doc.text.starts_with("The harbor council voted"));
    assert_eq!(paragraphs(&doc).len(), 2);
    assert!(paragraphs(&doc)[1].starts_with("\"We expect"));
    assert!(doc.warnings.is_empty());
    assert_eq!(doc.path, dir.0.join("story.txt").display().to_string());
}

#[test]
fn markdown_file() {
    let dir = TempDir::new();
    let md =
        "# Ferry route reopens\n\nBy Imogen Vale\n\nThe council *voted* on Tuesday to reopen the \
              [northern route](https://example.org/route), officials said in a statement [1].\n\n\
              The first boats will sail in April, the operator said.\n\n\
              [1] Harbor Ledger, Council vote on ferries, 3 March 2031\n";
    let doc = one_doc(&dir.write("story.md", md.as_bytes()));
    assert_eq!(doc.title.as_deref(), Some("Ferry route reopens"));
    assert_eq!(doc.authors, ["Imogen Vale"]);
    assert!(
        doc.text.starts_with("The council voted on Tuesday"),
        "{:?}",
        doc.text
    );
    assert!(doc.text.contains("statement [1]."));
    assert!(doc
        .text
        .ends_with("[1] Harbor Ledger, Council vote on ferries, 3 March 2031"));
    assert_eq!(doc.links.len(), 1);
    assert_eq!(doc.slice(doc.links[0].span), "northern route");
    assert_eq!(doc.links[0].url, "https://example.org/route");
}

#[test]
fn html_file_and_sniffed_html() {
    let dir = TempDir::new();
    let html = "<!doctype html><html lang=\"en\"><head><title>Ferry route reopens</title></head><body>\
                <nav><a href=\"/\">Home</a></nav><article><h1>Ferry route reopens</h1>\
                <p>The harbor council voted on Tuesday to reopen the northern ferry route, officials said, \
                and the first boats will sail in April after a long pause.</p>\
                <p>\"We expect a busy summer,\" said Mara Quell, the council's transport lead, adding that \
                fares would stay the same for residents and visitors alike.</p></article></body></html>";
    for name in ["page.html", "page.unknown", "page"] {
        let doc = one_doc(&dir.write(name, html.as_bytes()));
        assert!(
            doc.text.contains("reopen the northern ferry route"),
            "{name}: {:?}",
            doc.text
        );
        assert!(!doc.text.contains("<p>"));
        assert_eq!(doc.title.as_deref(), Some("Ferry route reopens"));
    }
}

#[test]
fn jsonl_with_a_bad_line() {
    let dir = TempDir::new();
    let jsonl = "{\"id\": \"a1\", \"title\": \"Ferry route reopens\", \"text\": \"The council voted on Tuesday.\", \"authors\": [\"Imogen Vale\", \"Tobias Oduya\"], \"date\": \"2031-03-03\", \"url\": \"https://example.org/a1\"}\n\
                 {\"text\": \"broken line, missing the closing brace\"\n\
                 \n\
                 {\"html\": \"<p>The operator said the boats were ready for the season.</p>\", \"author\": \"Mara Quell\", \"publisher\": \"Harbor Ledger\"}\n\
                 {\"title\": \"no body\"}\n\
                 [1, 2]\n";
    let items = read_all(&dir.write("batch.jsonl", jsonl.as_bytes()));
    assert_eq!(items.len(), 5, "{items:?}");
    let path = dir.0.join("batch.jsonl").display().to_string();
    let first = items[0].as_ref().unwrap();
    assert_eq!(first.origin, format!("{path}#a1"));
    assert_eq!(first.authors, ["Imogen Vale", "Tobias Oduya"]);
    assert_eq!(first.published.as_deref(), Some("2031-03-03"));
    assert_eq!(first.url.as_deref(), Some("https://example.org/a1"));
    let bad = items[1].as_ref().unwrap_err();
    assert!(matches!(bad, IngestError::Record { .. }));
    assert_eq!(bad.origin(), format!("{path}#2"));
    assert!(bad.to_string().contains("not valid JSON"), "{bad}");
    let third = items[2].as_ref().unwrap();
    assert_eq!(third.origin, format!("{path}#4"));
    assert!(matches!(third.content, Content::Html(_)));
    assert_eq!(third.authors, ["Mara Quell"]);
    assert!(items[3]
        .as_ref()
        .unwrap_err()
        .to_string()
        .contains("no \"text\" or \"html\" field"));
    assert!(items[4]
        .as_ref()
        .unwrap_err()
        .to_string()
        .contains("not an object"));
    let doc = clean(first.clone());
    assert_eq!(doc.title.as_deref(), Some("Ferry route reopens"));
    assert_eq!(doc.text, "The council voted on Tuesday.");
    let doc = clean(third.clone());
    assert!(doc.text.contains("boats were ready"));
    assert_eq!(doc.publisher.as_deref(), Some("Harbor Ledger"));
}

#[test]
fn gzip_multi_member_and_sniffed_jsonl() {
    let dir = TempDir::new();
    let mut bytes = gzip(b"{\"text\": \"The first record.\"}\n");
    bytes.extend(gzip(b"{\"text\": \"The second record.\"}\n"));
    for name in ["batch.jsonl.gz", "batch.gz", "batch.data"] {
        let items = read_all(&dir.write(name, &bytes));
        let texts: Vec<String> = items.into_iter().map(|r| clean(r.unwrap()).text).collect();
        assert_eq!(texts, ["The first record.", "The second record."], "{name}");
    }
    let doc = one_doc(&dir.write("story.txt.gz", &gzip(STORY.as_bytes())));
    assert_eq!(doc.title.as_deref(), Some("Harbor ferry route to reopen"));
    // Garbage after the gzip magic number is an I/O error, not a panic.
    let items = read_all(&dir.write("broken.txt.gz", b"\x1f\x8b\x08\x00garbage"));
    assert!(
        matches!(items[..], [Err(IngestError::Io { .. })]),
        "{items:?}"
    );
}

fn warc_record(kind: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2031-03-03T10:00:00Z\r\n\
         WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000000>\r\n\
         Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

fn http(status: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    r
}

fn sample_warc() -> Vec<Vec<u8>> {
    let page = "<html><head><title>Ferry route reopens</title></head><body><article>\
                <p>The harbor council voted on Tuesday to reopen the northern ferry route, officials said, \
                and the first boats will sail in April.</p><p>The fee is \u{a3}5 per crossing, the \
                operator said in a statement.</p></article></body></html>";
    let latin1: Vec<u8> = page
        .replace("harbor council", "café owners")
        .chars()
        .map(|c| c as u32 as u8)
        .collect();
    vec![
        warc_record(
            "warcinfo",
            "",
            "application/warc-fields",
            b"software: test\r\n",
        ),
        warc_record(
            "request",
            "https://example.org/ferry",
            "application/http; msgtype=request",
            b"GET /ferry HTTP/1.1\r\n\r\n",
        ),
        warc_record(
            "response",
            "https://example.org/ferry",
            "application/http; msgtype=response",
            &http("200 OK", "text/html; charset=utf-8", page.as_bytes()),
        ),
        warc_record(
            "response",
            "https://example.org/logo.png",
            "application/http; msgtype=response",
            &http("200 OK", "image/png", b"\x89PNG\r\n\x1a\n\x00\x00"),
        ),
        warc_record(
            "response",
            "https://example.org/moved",
            "application/http; msgtype=response",
            &http("301 Moved", "text/html", b"<p>moved</p>"),
        ),
        warc_record(
            "response",
            "https://example.org/cafe",
            "application/http; msgtype=response",
            &http("200 OK", "text/html; charset=ISO-8859-1", &latin1),
        ),
    ]
}

#[test]
fn warc_plain_and_gzipped_per_record() {
    let dir = TempDir::new();
    let records = sample_warc();
    let plain: Vec<u8> = records.concat();
    let gz: Vec<u8> = records.iter().flat_map(|r| gzip(r)).collect();
    for (name, bytes) in [
        ("crawl.warc", plain.clone()),
        ("crawl.warc.gz", gz),
        ("crawl.bin", plain),
    ] {
        let items = read_all(&dir.write(name, &bytes));
        assert_eq!(items.len(), 2, "{name}: {items:?}");
        let a = items[0].as_ref().unwrap();
        assert_eq!(a.origin, "https://example.org/ferry");
        assert_eq!(a.url.as_deref(), Some("https://example.org/ferry"));
        let doc = clean(a.clone());
        assert!(
            doc.text.contains("reopen the northern ferry route"),
            "{:?}",
            doc.text
        );
        assert!(doc.text.contains("£5"));
        let b = clean(items[1].as_ref().unwrap().clone());
        assert!(b.text.contains("café owners"), "{:?}", b.text);
        assert!(
            b.warnings.is_empty(),
            "declared charset: no guess, no warning"
        );
    }
}

#[test]
fn truncated_and_damaged_warc() {
    let dir = TempDir::new();
    let records = sample_warc();
    let mut bytes = b"garbage line\r\n".to_vec();
    bytes.extend(records.concat());
    bytes.truncate(bytes.len() - 200);
    let items = read_all(&dir.write("crawl.warc", &bytes));
    assert!(items[0].is_err(), "{items:?}");
    assert!(items.iter().filter(|r| r.is_ok()).count() == 1, "{items:?}");
    assert!(items
        .last()
        .unwrap()
        .as_ref()
        .unwrap_err()
        .to_string()
        .contains("truncated"));
    let items = read_all(&dir.write("empty.warc", &records[0]));
    assert!(items[0]
        .as_ref()
        .unwrap_err()
        .to_string()
        .contains("no HTML response records"));
}

#[test]
fn invalid_utf8_is_decoded_with_a_warning() {
    let dir = TempDir::new();
    let doc = one_doc(&dir.write(
        "fee.txt",
        b"Fees rise again\n\nThe fee rose to \xA35 a visit, the council said.\n",
    ));
    assert!(doc.text.contains("£5"));
    assert_eq!(doc.warnings.len(), 1);
    assert!(
        doc.warnings[0].contains("not valid UTF-8"),
        "{:?}",
        doc.warnings
    );
}

#[test]
fn binary_empty_missing_and_directory() {
    let dir = TempDir::new();
    let items = read_all(&dir.write("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"));
    let msg = items[0].as_ref().unwrap_err().to_string();
    assert!(
        msg.contains("binary file") && msg.contains("not an article; skipped"),
        "{msg}"
    );
    for (name, bytes) in [
        ("empty.txt", &b""[..]),
        ("blank.md", b" \n\n\t \r\n"),
        ("empty.jsonl", b"\n\n"),
    ] {
        let items = read_all(&dir.write(name, bytes));
        let msg = items[0].as_ref().unwrap_err().to_string();
        assert!(
            msg.contains("empty file: nothing to analyse"),
            "{name}: {msg}"
        );
    }
    let items = read_all(&dir.0.join("missing.txt"));
    assert!(matches!(items[..], [Err(IngestError::Io { .. })]));
    let items = read_all(&dir.0);
    assert!(matches!(items[..], [Err(_)]), "{items:?}");
}

#[test]
fn directories_are_sorted_and_hidden_files_skipped() {
    let dir = TempDir::new();
    dir.write("b.txt", b"B");
    dir.write("a/z.txt", b"Z");
    dir.write("a/c/d.txt", b"D");
    dir.write(".hidden.txt", b"H");
    dir.write(".git/config.txt", b"G");
    dir.write("a.md", b"A");
    let (inputs, errors) = expand_inputs(&[
        dir.0.display().to_string(),
        "-".into(),
        "/no/such/path".into(),
    ]);
    assert_eq!(errors.len(), 1);
    let names: Vec<String> = inputs
        .iter()
        .map(|i| match i {
            Input::File { path, .. } => path.strip_prefix(&dir.0).unwrap().display().to_string(),
            Input::Stdin => "-".to_string(),
        })
        .collect();
    assert_eq!(names, ["a/c/d.txt", "a/z.txt", "a.md", "b.txt", "-"]);
}

#[test]
fn streams_without_a_name_are_sniffed() {
    let mut out = Vec::new();
    read_reader(
        "-",
        None,
        &b"{\"text\": \"One.\"}\n{\"text\": \"Two.\"}\n"[..],
        &mut |r| out.push(r),
    );
    assert_eq!(out.len(), 2);
    assert_eq!(out[1].as_ref().unwrap().origin, "-#2");
    let mut out = Vec::new();
    read_reader(
        "-",
        None,
        &b"# Heading\n\n[a link](https://example.org) here.\n"[..],
        &mut |r| out.push(r),
    );
    assert!(matches!(
        out[0].as_ref().unwrap().content,
        Content::Markdown(_)
    ));
    let mut out = Vec::new();
    read_reader("-", None, &b"Just a line of text."[..], &mut |r| {
        out.push(r)
    });
    assert!(matches!(out[0].as_ref().unwrap().content, Content::Text(_)));
}

#[test]
fn deeply_nested_html_and_unbalanced_quotes() {
    let dir = TempDir::new();
    let mut html = String::from("<html><body>");
    html.push_str(&"<div>".repeat(100_000));
    html.push_str("<p>The council said the \"plan was sound.</p>");
    html.push_str(&"</div>".repeat(100_000));
    html.push_str("</body></html>");
    let _ = one_doc(&dir.write("deep.html", html.as_bytes()));
    let text = "“Unbalanced quote opens here and never closes.\n\n\"Another one\" and \"one more.\n\n‘ ’ ” “ \" '";
    let doc = one_doc(&dir.write("quotes.txt", text.as_bytes()));
    assert!(doc.text.contains("“Unbalanced quote"));
    let md = "*emphasis never closed and **strong too [link](unclosed\n\n> > > nested";
    let _ = one_doc(&dir.write("odd.md", md.as_bytes()));
}

#[test]
fn large_text_file_is_read_in_linear_time() {
    let dir = TempDir::new();
    let para =
        "The harbor council voted on Tuesday to reopen the northern ferry route, officials said, \
                and the first boats will sail in April after the repairs.\n\n";
    let target = 100 << 20;
    let mut big = String::with_capacity(target + para.len());
    big.push_str("Council report\n\n");
    while big.len() < target {
        big.push_str(para);
    }
    let path = dir.write("big.txt", big.as_bytes());
    drop(big);
    let started = std::time::Instant::now();
    let doc = one_doc(&path);
    let secs = started.elapsed().as_secs_f64();
    eprintln!("100 MB text read and cleaned in {secs:.2} s");
    assert_eq!(doc.title.as_deref(), Some("Council report"));
    assert!(doc.text.len() > 100_000_000);
    assert!(doc.paragraphs.len() > 600_000);
}

/// Every BBC article reads cleanly; the one Latin-1 file comes with a warning.
#[test]
fn bbc_corpus_reads_cleanly() {
    let shared = std::env::var("HEADWATER_SHARED")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared").to_string());
    let root = Path::new(&shared).join("corpora/bbc-news/bbc");
    if !root.is_dir() {
        eprintln!(
            "skipped: {} not found (set HEADWATER_SHARED)",
            root.display()
        );
        return;
    }
    let (inputs, errors) = expand_inputs(&[root.display().to_string()]);
    assert!(errors.is_empty());
    let mut docs = 0;
    let mut warned = Vec::new();
    let mut titled = 0;
    for input in &inputs {
        if !input.display().ends_with(".txt") {
            continue;
        }
        headwater_ingest::read_input(input, &mut |r| {
            let doc = clean(r.unwrap());
            docs += 1;
            titled += doc.title.is_some() as usize;
            if !doc.warnings.is_empty() {
                warned.push(doc.path.clone());
            }
            assert!(!doc.text.is_empty(), "{}", doc.path);
        });
    }
    assert_eq!(docs, 2225);
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert!(warned[0].ends_with("sport/199.txt"));
    assert!(titled >= 2200, "{titled}");
}

/// Random mixes of markup fragments and bytes never panic in any reader or in `clean`.
#[test]
fn garbage_never_panics() {
    let pieces: &[&[u8]] = &[
        b"<p>",
        b"</div>",
        b"# ",
        b"[1]",
        b"](http://x)",
        b"{\"text\": \"",
        b"\"}",
        b"\n",
        b"\r\n\r\n",
        b"WARC/1.1\r\nContent-Length: 9\r\nWARC-Type: response\r\n\r\n",
        b"\xA3",
        b"\xE2\x80\x9C",
        b"\x1f\x8b",
        b"* ",
        b"> ",
        b"```",
        b"\"",
        b"By Imogen Vale",
        b"Copyright",
        b"\x00",
        b"Council votes",
        b".",
        b"|---|",
        b"<!doctype html>",
        b"&amp;",
        b"\xEF\xBB\xBF",
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..1500 {
        let mut bytes = Vec::new();
        for _ in 0..(next() % 40) {
            bytes.extend_from_slice(pieces[(next() % pieces.len() as u64) as usize]);
        }
        for hint in [
            None,
            Some("a.md"),
            Some("a.txt"),
            Some("a.html"),
            Some("a.jsonl"),
            Some("a.warc"),
        ] {
            read_reader("fuzz", hint, bytes.as_slice(), &mut |r| {
                if let Ok(raw) = r {
                    let doc = clean(raw);
                    for p in &doc.paragraphs {
                        assert!(doc.text.get(p.range()).is_some());
                    }
                    for l in &doc.links {
                        assert!(doc.text.get(l.span.range()).is_some());
                    }
                }
            });
        }
    }
}
