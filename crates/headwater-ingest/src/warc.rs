//! WARC archives, streamed record by record: every `response` record holding a successful HTML
//! HTTP response (and every `resource` record of type text/html) is one article whose origin and
//! URL are the record's `WARC-Target-URI`. Other records (requests, metadata, images, redirects)
//! are not articles and are passed over.
//!
//! A small parser of our own rather than a library one: it accepts LF as well as CRLF line
//! endings, never panics on odd header bytes, caps what it holds in memory per record, and can
//! find the next record after a damaged one.

use crate::read::{read_line_capped, Line};
use crate::{decode, Content, IngestError, RawArticle};
use std::io::{BufRead, Read};

/// Largest record body kept in memory; larger records are skipped with an error.
const MAX_RECORD_BYTES: u64 = 64 << 20;
/// Longest header line accepted.
const MAX_HEADER_LINE: usize = 64 * 1024;

#[derive(Default)]
struct Header {
    warc_type: String,
    target: Option<String>,
    length: Option<u64>,
    content_type: String,
}

/// Reads every record of a WARC stream and hands each HTML page to `emit`.
pub(crate) fn read(
    path: &str,
    reader: &mut dyn BufRead,
    emit: &mut dyn FnMut(Result<RawArticle, IngestError>),
) {
    let mut line = Vec::new();
    let mut record_no = 0usize;
    let mut pages = 0usize;
    let mut errors = 0usize;
    let mut resync = false;
    loop {
        // The version line (`WARC/1.1`), after any blank lines that end the previous record.
        loop {
            match read_line_capped(reader, &mut line, MAX_HEADER_LINE) {
                Ok(Line::Eof) => {
                    if pages == 0 && errors == 0 {
                        emit(Err(IngestError::Unsupported {
                            origin: path.to_string(),
                            reason:
                                "no HTML response records in this WARC file: nothing to analyse"
                                    .to_string(),
                        }));
                    }
                    return;
                }
                Ok(Line::TooLong(_)) => continue,
                Ok(Line::Full) => {
                    let t = trim_line(&line);
                    if t.starts_with(b"WARC/") {
                        break;
                    }
                    if !t.is_empty() && !resync {
                        resync = true;
                        errors += 1;
                        emit(Err(IngestError::Record {
                            origin: format!("{path}#record{}", record_no + 1),
                            reason:
                                "expected a WARC/1.x record header; skipping to the next record"
                                    .to_string(),
                        }));
                    }
                }
                Err(source) => {
                    emit(Err(IngestError::Io {
                        origin: path.to_string(),
                        source,
                    }));
                    return;
                }
            }
        }
        resync = false;
        record_no += 1;
        let mut h = Header::default();
        loop {
            match read_line_capped(reader, &mut line, MAX_HEADER_LINE) {
                Ok(Line::Eof) => break,
                Ok(Line::TooLong(_)) => continue,
                Ok(Line::Full) => {
                    let t = trim_line(&line);
                    if t.is_empty() {
                        break;
                    }
                    let t = String::from_utf8_lossy(t);
                    if let Some((name, value)) = t.split_once(':') {
                        let value = value.trim();
                        match name.trim().to_ascii_lowercase().as_str() {
                            "warc-type" => h.warc_type = value.to_ascii_lowercase(),
                            "warc-target-uri" => {
                                let v = value.trim_start_matches('<').trim_end_matches('>');
                                if !v.is_empty() {
                                    h.target = Some(v.to_string());
                                }
                            }
                            "content-length" => h.length = value.parse().ok(),
                            "content-type" => h.content_type = value.to_ascii_lowercase(),
                            _ => {}
                        }
                    }
                }
                Err(source) => {
                    emit(Err(IngestError::Io {
                        origin: path.to_string(),
                        source,
                    }));
                    return;
                }
            }
        }
        let origin = h
            .target
            .clone()
            .unwrap_or_else(|| format!("{path}#record{record_no}"));
        let Some(length) = h.length else {
            errors += 1;
            emit(Err(IngestError::Record {
                origin,
                reason: "WARC record without a valid Content-Length; skipping to the next record"
                    .to_string(),
            }));
            continue;
        };
        let wanted = match h.warc_type.as_str() {
            "response" => h.content_type.contains("application/http") || h.content_type.is_empty(),
            "resource" => is_html_type(&h.content_type),
            _ => false,
        };
        if !wanted || length > MAX_RECORD_BYTES {
            if wanted {
                errors += 1;
                emit(Err(IngestError::Record {
                    origin: origin.clone(),
                    reason: format!(
                        "record of {length} bytes is over the {MAX_RECORD_BYTES}-byte limit; skipped"
                    ),
                }));
            }
            match std::io::copy(&mut Read::take(&mut *reader, length), &mut std::io::sink()) {
                Ok(n) if n == length => continue,
                Ok(_) => {
                    emit(Err(truncated(&origin)));
                    return;
                }
                Err(source) => {
                    emit(Err(IngestError::Io { origin, source }));
                    return;
                }
            }
        }
        let mut body = Vec::with_capacity(length.min(1 << 20) as usize);
        match Read::take(&mut *reader, length).read_to_end(&mut body) {
            Ok(n) if n as u64 == length => {}
            Ok(_) => {
                emit(Err(truncated(&origin)));
                return;
            }
            Err(source) => {
                emit(Err(IngestError::Io { origin, source }));
                return;
            }
        }
        let page = if h.warc_type == "response" {
            match http_payload(body) {
                Ok(Some(p)) => p,
                Ok(None) => continue,
                Err(reason) => {
                    errors += 1;
                    emit(Err(IngestError::Record { origin, reason }));
                    continue;
                }
            }
        } else {
            let charset = charset_of(&h.content_type);
            Payload { body, charset }
        };
        let declared = page
            .charset
            .as_deref()
            .and_then(|c| encoding_rs::Encoding::for_label(c.as_bytes()))
            .filter(|e| *e != encoding_rs::UTF_8)
            .or_else(|| decode::html_declared_encoding(&page.body));
        match decode::decode(page.body, declared) {
            Ok(d) => {
                pages += 1;
                emit(Ok(RawArticle {
                    url: h.target.clone(),
                    warnings: d.warning.into_iter().collect(),
                    ..RawArticle::new(origin, Content::Html(d.text))
                }));
            }
            Err(decode::NotText::Empty) => {
                errors += 1;
                emit(Err(IngestError::Record {
                    origin,
                    reason: "empty HTML page: nothing to analyse".to_string(),
                }));
            }
            Err(decode::NotText::Binary(detail)) => {
                errors += 1;
                emit(Err(IngestError::Record {
                    origin,
                    reason: format!("page labelled HTML is binary ({detail}); skipped"),
                }));
            }
        }
    }
}

fn truncated(origin: &str) -> IngestError {
    IngestError::Record {
        origin: origin.to_string(),
        reason: "WARC file ends inside this record (truncated download?); stopped here".to_string(),
    }
}

fn trim_line(line: &[u8]) -> &[u8] {
    let end = line
        .iter()
        .rposition(|b| !matches!(b, b'\r' | b'\n' | b' ' | b'\t'))
        .map_or(0, |i| i + 1);
    line.get(..end).unwrap_or(&[])
}

fn is_html_type(ct: &str) -> bool {
    ct.contains("text/html") || ct.contains("application/xhtml")
}

fn charset_of(ct: &str) -> Option<String> {
    let at = ct.find("charset=")?;
    let v = ct.get(at + 8..)?.trim_start_matches(['"', '\'']);
    let end = v.find([';', '"', '\'', ' ']).unwrap_or(v.len());
    v.get(..end).map(str::to_string).filter(|s| !s.is_empty())
}

struct Payload {
    body: Vec<u8>,
    charset: Option<String>,
}

/// The HTML body of an HTTP response; `None` when it is not a successful HTML response.
fn http_payload(raw: Vec<u8>) -> Result<Option<Payload>, String> {
    let (head_end, body_start) = match decode::find_sub(&raw, b"\r\n\r\n") {
        Some(i) => (i, i + 4),
        None => match decode::find_sub(&raw, b"\n\n") {
            Some(i) => (i, i + 2),
            None => return Err("HTTP response without a header end".to_string()),
        },
    };
    let head = String::from_utf8_lossy(raw.get(..head_end).unwrap_or(&[])).into_owned();
    let mut lines = head.lines();
    let status: u16 = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    if !(200..300).contains(&status) {
        return Ok(None);
    }
    let mut content_type = String::new();
    let mut chunked = false;
    let mut encoding = String::new();
    for l in lines {
        if let Some((name, value)) = l.split_once(':') {
            let value = value.trim().to_ascii_lowercase();
            match name.trim().to_ascii_lowercase().as_str() {
                "content-type" => content_type = value,
                "transfer-encoding" => chunked = value.contains("chunked"),
                "content-encoding" => encoding = value,
                _ => {}
            }
        }
    }
    let mut body = raw.get(body_start..).unwrap_or(&[]).to_vec();
    if chunked {
        body = dechunk(&body);
    }
    match encoding.as_str() {
        "" | "identity" => {}
        "gzip" | "x-gzip" | "deflate" => {
            let mut out = Vec::new();
            let res = if encoding == "deflate" {
                flate2::read::ZlibDecoder::new(body.as_slice())
                    .take(MAX_RECORD_BYTES * 4)
                    .read_to_end(&mut out)
            } else {
                flate2::read::MultiGzDecoder::new(body.as_slice())
                    .take(MAX_RECORD_BYTES * 4)
                    .read_to_end(&mut out)
            };
            if let Err(e) = res {
                return Err(format!("cannot decompress the {encoding} page: {e}"));
            }
            body = out;
        }
        other => {
            return Err(format!(
                "page compressed with {other}, which is not supported"
            ))
        }
    }
    let html = if content_type.is_empty() {
        crate::sniff::sniff(body.get(..4096).unwrap_or(&body), body.len() <= 4096)
            == crate::sniff::Format::Html
    } else {
        is_html_type(&content_type)
    };
    if !html {
        return Ok(None);
    }
    Ok(Some(Payload {
        body,
        charset: charset_of(&content_type),
    }))
}

/// Undoes HTTP chunked transfer encoding; stops quietly at the first malformed chunk.
fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    while let Some(nl) = data.iter().position(|&b| b == b'\n') {
        let size_line = String::from_utf8_lossy(data.get(..nl).unwrap_or(&[])).into_owned();
        let size_hex = size_line.split(';').next().unwrap_or("").trim();
        let Ok(size) = usize::from_str_radix(size_hex, 16) else {
            break;
        };
        if size == 0 {
            break;
        }
        let start = nl + 1;
        let Some(chunk) = data.get(start..start.saturating_add(size)) else {
            out.extend_from_slice(data.get(start..).unwrap_or(&[]));
            break;
        };
        out.extend_from_slice(chunk);
        let mut rest = data.get(start + size..).unwrap_or(&[]);
        rest = rest.strip_prefix(b"\r").unwrap_or(rest);
        rest = rest.strip_prefix(b"\n").unwrap_or(rest);
        data = rest;
    }
    out
}
