//! Readers and article cleaning: turn files (txt, md, html, jsonl, warc, gz, directories, stdin)
//! into [`RawArticle`]s, then [`clean`] each into a [`Document`] with body text, metadata,
//! removed boilerplate, paragraphs and links.
//!
//! Reading streams: [`read_input`] hands articles to a callback one by one, so a multi-gigabyte
//! JSONL or WARC file is never held in memory whole. Bad input never panics and is never dropped
//! silently: it comes back as an [`IngestError`] for that file or record, or as a warning on the
//! document (for example a file that was not UTF-8 and was decoded as Windows-1252).
//!
//! ```
//! use headwater_ingest::{clean, Content, RawArticle};
//! let raw = RawArticle::new("a.txt", Content::Text("Ferry plan approved\n\nThe council voted.\n".into()));
//! let doc = clean(raw);
//! assert_eq!(doc.title.as_deref(), Some("Ferry plan approved"));
//! assert_eq!(doc.text, "The council voted.");
//! ```

pub mod boilerplate;
mod decode;
mod error;
pub mod html;
mod jsonl;
pub mod markdown;
mod read;
pub mod sniff;
pub mod text;
mod warc;

pub use decode::normalize;
pub use error::IngestError;
pub use read::{read_input, read_path, read_reader, MAX_ARTICLE_BYTES};
pub use sniff::Format;

use headwater_doc::{Document, Link, Span};
use std::path::PathBuf;

/// The body of an article as the reader found it, before cleaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    Text(String),
    Markdown(String),
    Html(String),
}

/// One article as read, with whatever metadata the container supplied (JSONL fields, WARC headers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawArticle {
    /// Path as given on the command line, or `path#record` for JSONL records, or the
    /// `WARC-Target-URI` for WARC records.
    pub origin: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub publisher: Option<String>,
    pub published: Option<String>,
    pub content: Content,
    /// Problems the reader worked around (copied into [`Document::warnings`]).
    pub warnings: Vec<String>,
}

impl RawArticle {
    /// An article with no metadata.
    pub fn new(origin: impl Into<String>, content: Content) -> RawArticle {
        RawArticle {
            origin: origin.into(),
            url: None,
            title: None,
            authors: Vec::new(),
            publisher: None,
            published: None,
            content,
            warnings: Vec::new(),
        }
    }
}

/// One thing to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file, with its path as the user should see it.
    File { path: PathBuf, display: String },
    /// Standard input (`-`).
    Stdin,
}

impl Input {
    /// The name to show in messages and output.
    pub fn display(&self) -> &str {
        match self {
            Input::File { display, .. } => display,
            Input::Stdin => "-",
        }
    }
}

/// Expands command-line paths: directories recursively (files in sorted path order, hidden
/// files and folders skipped, symbolic links to folders not followed, so a link loop cannot trap
/// the walk), `-` as stdin. Paths that do not exist come back as errors.
pub fn expand_inputs(paths: &[String]) -> (Vec<Input>, Vec<IngestError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        let path = PathBuf::from(p);
        if path.is_dir() {
            let mut files = Vec::new();
            let mut stack = vec![path];
            while let Some(dir) = stack.pop() {
                let entries = match std::fs::read_dir(&dir) {
                    Ok(e) => e,
                    Err(source) => {
                        errors.push(IngestError::Io {
                            origin: dir.display().to_string(),
                            source,
                        });
                        continue;
                    }
                };
                for entry in entries {
                    let entry = match entry {
                        Ok(e) => e,
                        Err(source) => {
                            errors.push(IngestError::Io {
                                origin: dir.display().to_string(),
                                source,
                            });
                            continue;
                        }
                    };
                    let hidden = entry
                        .file_name()
                        .to_str()
                        .is_some_and(|n| n.starts_with('.'));
                    if hidden {
                        continue;
                    }
                    let child = entry.path();
                    match entry.file_type() {
                        Ok(t) if t.is_dir() => stack.push(child),
                        // A link to a file is read; a link to a folder is not followed.
                        Ok(t) if t.is_file() || (t.is_symlink() && child.is_file()) => {
                            files.push(child)
                        }
                        Ok(_) => {}
                        Err(source) => errors.push(IngestError::Io {
                            origin: child.display().to_string(),
                            source,
                        }),
                    }
                }
            }
            files.sort();
            inputs.extend(files.into_iter().map(|child| Input::File {
                display: child.display().to_string(),
                path: child,
            }));
        } else if path.exists() {
            inputs.push(Input::File {
                display: p.clone(),
                path,
            });
        } else {
            errors.push(IngestError::Io {
                origin: p.clone(),
                source: std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "no such file or directory",
                ),
            });
        }
    }
    (inputs, errors)
}

/// Cleans a raw article into a [`Document`]: extracts the main text, removes boilerplate into
/// `removed`, fills metadata, paragraphs and links, then sets the id from the final text.
///
/// Metadata the container supplied (JSONL fields, WARC URL) wins over what the content states;
/// the content fills what the container left empty.
pub fn clean(raw: RawArticle) -> Document {
    let RawArticle {
        origin,
        url,
        title,
        authors,
        publisher,
        published,
        content,
        warnings,
    } = raw;
    let mut doc = Document::new(origin, String::new());
    doc.warnings = warnings;
    doc.url = url;
    doc.title = title;
    doc.authors = authors;
    doc.publisher = publisher;
    doc.published = published;
    match content {
        Content::Text(t) => {
            let t = normalize(t);
            let body = text::parse(&t, doc.title.as_deref());
            fill_or_keep(&mut doc.title, body.title);
            strip_boilerplate(&mut doc, &body.text, &body.paragraphs, &[]);
        }
        Content::Markdown(t) => {
            let t = normalize(t);
            let body = markdown::parse(&t, doc.title.as_deref());
            fill_or_keep(&mut doc.title, body.title);
            strip_boilerplate(&mut doc, &body.text, &body.paragraphs, &body.links);
        }
        Content::Html(h) => {
            let h = normalize(h);
            let art = html::extract(&h, doc.url.as_deref());
            doc.text = art.text;
            doc.paragraphs = art.paragraphs;
            doc.links = art.links;
            doc.removed = art.removed;
            fill_or_keep(&mut doc.title, art.title);
            if doc.authors.is_empty() {
                doc.authors = art.authors;
            }
            fill_or_keep(&mut doc.publisher, art.publisher);
            fill_or_keep(&mut doc.published, art.published);
            fill_or_keep(&mut doc.url, art.url);
            if let Some(lang) = art.language {
                doc.language = lang;
            }
        }
    }
    if doc.text.trim().is_empty() {
        doc.warnings
            .push("no article text found in this input".to_string());
    }
    doc.refresh_id();
    doc
}

fn fill_or_keep(slot: &mut Option<String>, found: Option<String>) {
    if slot.is_none() {
        *slot = found.filter(|s| !s.trim().is_empty());
    }
}

/// Runs the text/Markdown boilerplate pass and keeps what it learned where the container said
/// nothing.
fn strip_boilerplate(doc: &mut Document, text: &str, paragraphs: &[Span], links: &[Link]) {
    let c = boilerplate::strip(text, paragraphs, links);
    doc.text = c.text;
    doc.paragraphs = c.paragraphs;
    doc.links = c.links;
    doc.removed = c.removed;
    if doc.authors.is_empty() {
        doc.authors = c.authors;
    }
    fill_or_keep(&mut doc.publisher, c.publisher);
    fill_or_keep(&mut doc.published, c.published);
}
