//! JSONL / NDJSON: one JSON object per line, one article each, streamed line by line.
//!
//! Fields: `text` (or `body`/`content`), `html` or `markdown` for the body; optional `title`,
//! `url`, `date` (or `published`), `authors` (string or array; also `author`), `publisher`, `id`.
//! A record's origin is `path#id`, or `path#LINE` (1-based) without an id. A bad line is an error
//! for that record only.

use crate::read::{read_line_capped, Line, MAX_ARTICLE_BYTES};
use crate::{decode, Content, IngestError, RawArticle};
use serde_json::{Map, Value};
use std::io::BufRead;

/// Reads every record of a JSONL stream and hands each to `emit`.
pub(crate) fn read(
    path: &str,
    reader: &mut dyn BufRead,
    emit: &mut dyn FnMut(Result<RawArticle, IngestError>),
) {
    let mut buf = Vec::new();
    let mut line_no = 0usize;
    let mut seen = 0usize;
    loop {
        line_no += 1;
        let line = match read_line_capped(reader, &mut buf, MAX_ARTICLE_BYTES as usize) {
            Ok(Line::Eof) => break,
            Ok(Line::Full) => &buf,
            Ok(Line::TooLong(size)) => {
                seen += 1;
                emit(Err(IngestError::Record {
                    origin: format!("{path}#{line_no}"),
                    reason: format!(
                        "line is {size} bytes, over the {MAX_ARTICLE_BYTES}-byte limit; skipped"
                    ),
                }));
                continue;
            }
            Err(source) => {
                emit(Err(IngestError::Io {
                    origin: format!("{path}#{line_no}"),
                    source,
                }));
                return;
            }
        };
        let line = if line_no == 1 {
            line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line)
        } else {
            line
        };
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        seen += 1;
        emit(record(path, line_no, line));
    }
    if seen == 0 {
        emit(Err(IngestError::Empty {
            origin: path.to_string(),
        }));
    }
}

/// One line to an article.
fn record(path: &str, line_no: usize, line: &[u8]) -> Result<RawArticle, IngestError> {
    let at_line = || format!("{path}#{line_no}");
    let mut warnings = Vec::new();
    let parsed = match std::str::from_utf8(line) {
        Ok(s) => serde_json::from_str::<Value>(s),
        Err(_) => {
            let (s, _, _) = encoding_rs::WINDOWS_1252.decode(line);
            warnings.push(
                "record is not valid UTF-8; decoded as windows-1252: check accented letters"
                    .to_string(),
            );
            serde_json::from_str::<Value>(&s)
        }
    };
    let obj = match parsed {
        Ok(Value::Object(obj)) => obj,
        Ok(other) => {
            return Err(IngestError::Record {
                origin: at_line(),
                reason: format!(
                    "line {line_no} is a JSON {}, not an object with a \"text\" or \"html\" field",
                    kind_of(&other)
                ),
            })
        }
        Err(e) => {
            return Err(IngestError::Record {
                origin: at_line(),
                reason: format!("line {line_no} is not valid JSON ({e}); the other lines are read"),
            })
        }
    };
    let origin = match obj.get("id") {
        Some(Value::String(s)) if !s.trim().is_empty() => format!("{path}#{}", s.trim()),
        Some(Value::Number(n)) => format!("{path}#{n}"),
        _ => at_line(),
    };
    let body = |keys: &[&str]| keys.iter().find_map(|k| non_empty_str(&obj, k));
    let content = if let Some(h) = body(&["html"]) {
        Content::Html(decode::normalize(h))
    } else if let Some(t) = body(&["text", "body", "content"]) {
        Content::Text(decode::normalize(t))
    } else if let Some(m) = body(&["markdown"]) {
        Content::Markdown(decode::normalize(m))
    } else {
        let has_field = ["text", "html", "body", "content", "markdown"]
            .iter()
            .any(|k| obj.contains_key(*k));
        let reason = if has_field {
            "the text field is empty or not a string: nothing to analyse".to_string()
        } else {
            "no \"text\" or \"html\" field; each line needs one".to_string()
        };
        return Err(IngestError::Record { origin, reason });
    };
    Ok(RawArticle {
        origin,
        url: non_empty_str(&obj, "url"),
        title: non_empty_str(&obj, "title").or_else(|| non_empty_str(&obj, "headline")),
        authors: authors(&obj),
        publisher: name_of(obj.get("publisher")).or_else(|| non_empty_str(&obj, "source")),
        published: non_empty_str(&obj, "date")
            .or_else(|| non_empty_str(&obj, "published"))
            .or_else(|| non_empty_str(&obj, "published_at")),
        content,
        warnings,
    })
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn non_empty_str(obj: &Map<String, Value>, key: &str) -> Option<String> {
    match obj.get(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    }
}

/// A name from a string or an object with a `name` (JSON-LD style).
fn name_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Object(o) => non_empty_str(o, "name"),
        _ => None,
    }
}

fn authors(obj: &Map<String, Value>) -> Vec<String> {
    let v = obj.get("authors").or_else(|| obj.get("author"));
    match v {
        Some(Value::Array(items)) => items.iter().filter_map(|i| name_of(Some(i))).collect(),
        other => name_of(other).into_iter().collect(),
    }
}
