//! Readers and article cleaning: turn files (txt, md, html, jsonl, warc, gz, directories, stdin)
//! into [`RawArticle`]s, then [`clean`] each into a [`Document`] with body text, metadata,
//! removed boilerplate, paragraphs and links.

pub mod boilerplate;
pub mod html;

use headwater_doc::Document;
use std::path::PathBuf;

/// What went wrong reading one input (a file, or one record inside a file).
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{origin}: cannot read: {source}")]
    Io {
        origin: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{origin}: {reason}")]
    Unsupported { origin: String, reason: String },
}

impl IngestError {
    /// The path or record id the error is about.
    pub fn origin(&self) -> &str {
        match self {
            IngestError::Io { origin, .. } | IngestError::Unsupported { origin, .. } => origin,
        }
    }
}

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
    /// Path as given on the command line, or `path#record` for JSONL/WARC records.
    pub origin: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub publisher: Option<String>,
    pub published: Option<String>,
    pub content: Content,
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

/// Expands command-line paths: directories recursively (sorted, hidden files skipped), `-` as
/// stdin. Paths that do not exist come back as errors.
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
                let mut paths: Vec<PathBuf> =
                    entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
                paths.sort();
                for child in paths.into_iter().rev() {
                    let hidden = child
                        .file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with('.'));
                    if hidden {
                        continue;
                    }
                    if child.is_dir() {
                        stack.push(child);
                    } else {
                        inputs.push(Input::File {
                            display: child.display().to_string(),
                            path: child,
                        });
                    }
                }
            }
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

/// Reads one input and hands each article (or per-record error) to `emit`, streaming.
pub fn read_input(input: &Input, emit: &mut dyn FnMut(Result<RawArticle, IngestError>)) {
    let origin = input.display().to_string();
    let bytes = match input {
        Input::File { path, .. } => std::fs::read(path),
        Input::Stdin => {
            let mut buf = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf).map(|_| buf)
        }
    };
    match bytes {
        Err(source) => emit(Err(IngestError::Io { origin, source })),
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => emit(Ok(RawArticle {
                origin,
                url: None,
                title: None,
                authors: Vec::new(),
                publisher: None,
                published: None,
                content: Content::Text(text),
            })),
            Err(_) => emit(Err(IngestError::Unsupported {
                origin,
                reason: "not valid UTF-8".to_string(),
            })),
        },
    }
}

/// Cleans a raw article into a [`Document`]: extracts the main text, removes boilerplate into
/// `removed`, fills metadata, paragraphs and links.
pub fn clean(raw: RawArticle) -> Document {
    let text = match raw.content {
        Content::Text(t) | Content::Markdown(t) | Content::Html(t) => t,
    };
    let mut doc = Document::new(raw.origin, text);
    doc.url = raw.url;
    doc.title = raw.title;
    doc.authors = raw.authors;
    doc.publisher = raw.publisher;
    doc.published = raw.published;
    doc
}
