//! Opening inputs and choosing the reader: gzip detection, sniffing, size caps, and the
//! single-article path (read whole, decode, check).

use crate::decode::{self, NotText};
use crate::sniff::{self, Format};
use crate::{jsonl, warc, Content, IngestError, Input, RawArticle};
use std::io::{BufRead, BufReader, Cursor, Read};
use std::path::Path;

/// Largest single article (one file, or one JSONL line) read into memory.
pub const MAX_ARTICLE_BYTES: u64 = 512 << 20;

/// How much of the start of an input is looked at to choose its reader.
const SNIFF_BYTES: usize = 64 * 1024;

/// Result of reading one line with a cap.
pub(crate) enum Line {
    /// A whole line (without its `\n`) is in the buffer.
    Full,
    /// The line was longer than the cap: it was skipped; its length is given.
    TooLong(usize),
    /// Nothing left.
    Eof,
}

/// Reads one line into `buf` (cleared first, `\n` removed) holding at most `cap` bytes of it in
/// memory; a longer line is consumed and reported, so one bad line cannot exhaust memory.
pub(crate) fn read_line_capped(
    reader: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    cap: usize,
) -> std::io::Result<Line> {
    buf.clear();
    let mut total = 0usize;
    let mut any = false;
    loop {
        let chunk = match reader.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            break;
        }
        any = true;
        let (piece, used, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (chunk.get(..i).unwrap_or(&[]), i + 1, true),
            None => (chunk, chunk.len(), false),
        };
        total += piece.len();
        if total <= cap {
            buf.extend_from_slice(piece);
        }
        reader.consume(used);
        if done {
            break;
        }
    }
    if !any {
        return Ok(Line::Eof);
    }
    if total > cap {
        buf.clear();
        return Ok(Line::TooLong(total));
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(Line::Full)
}

/// Reads one input and hands each article (or per-record error) to `emit`, streaming: JSONL and
/// WARC files go record by record, single articles are read whole (up to
/// [`MAX_ARTICLE_BYTES`]).
pub fn read_input(input: &Input, emit: &mut dyn FnMut(Result<RawArticle, IngestError>)) {
    match input {
        Input::File { path, display } => {
            let file = match std::fs::File::open(path) {
                Ok(f) => f,
                Err(source) => {
                    return emit(Err(IngestError::Io {
                        origin: display.clone(),
                        source,
                    }))
                }
            };
            let meta = file.metadata();
            if meta.as_ref().is_ok_and(|m| m.is_dir()) {
                return emit(Err(IngestError::Unsupported {
                    origin: display.clone(),
                    reason: "is a directory; pass it through expand_inputs".to_string(),
                }));
            }
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or(display.as_str());
            let (named, _) = sniff::format_from_name(name);
            let size = meta.ok().map(|m| m.len());
            read_stream(display, named, size, Box::new(file), emit);
        }
        Input::Stdin => {
            let stdin = std::io::stdin();
            read_stream("-", None, None, Box::new(stdin.lock()), emit);
        }
    }
}

/// Reads articles from any byte stream: `origin` names it in messages and records, `name_hint`
/// is a file name whose extension chooses the format (content is sniffed when it says nothing).
/// Gzip is recognized by its magic number.
pub fn read_reader(
    origin: &str,
    name_hint: Option<&str>,
    reader: impl Read,
    emit: &mut dyn FnMut(Result<RawArticle, IngestError>),
) {
    let named = name_hint.and_then(|n| sniff::format_from_name(n).0);
    read_stream(origin, named, None, Box::new(reader), emit);
}

/// Convenience for a file path: the display name is the path as given.
pub fn read_path(path: &Path, emit: &mut dyn FnMut(Result<RawArticle, IngestError>)) {
    let input = Input::File {
        display: path.display().to_string(),
        path: path.to_path_buf(),
    };
    read_input(&input, emit);
}

/// Reads the first bytes of `reader` for sniffing; returns them, whether they are the whole
/// stream, and a reader that yields the whole stream again from its start.
fn peek<'a>(
    mut reader: Box<dyn Read + 'a>,
) -> std::io::Result<(Vec<u8>, bool, Box<dyn BufRead + 'a>)> {
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    (&mut reader)
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)?;
    let complete = head.len() < SNIFF_BYTES;
    let again = BufReader::with_capacity(SNIFF_BYTES, Cursor::new(head.clone()).chain(reader));
    Ok((head, complete, Box::new(again)))
}

fn read_stream<'a>(
    origin: &str,
    named: Option<Format>,
    size: Option<u64>,
    reader: Box<dyn Read + 'a>,
    emit: &mut dyn FnMut(Result<RawArticle, IngestError>),
) {
    let io_err = |source: std::io::Error| IngestError::Io {
        origin: origin.to_string(),
        source,
    };
    let (mut head, mut complete, mut reader) = match peek(reader) {
        Ok(p) => p,
        Err(e) => return emit(Err(io_err(e))),
    };
    let mut gzipped = false;
    if sniff::is_gzip(&head) {
        gzipped = true;
        let gz = flate2::read::MultiGzDecoder::new(reader);
        match peek(Box::new(gz)) {
            Ok(p) => (head, complete, reader) = p,
            Err(e) => {
                return emit(Err(IngestError::Io {
                    origin: origin.to_string(),
                    source: std::io::Error::new(
                        e.kind(),
                        format!("corrupt gzip data ({e}); re-download or gunzip it to check"),
                    ),
                }))
            }
        }
    }
    if complete && head.iter().all(u8::is_ascii_whitespace) {
        return emit(Err(IngestError::Empty {
            origin: origin.to_string(),
        }));
    }
    let format = sniff::resolve(named, &head, complete);
    if format != Format::Warc
        && encoding_rs::Encoding::for_bom(&head).is_none_or(|(e, _)| e == encoding_rs::UTF_8)
    {
        if let Some(detail) = decode::binary_reason(&head) {
            return emit(Err(IngestError::Binary {
                origin: origin.to_string(),
                detail,
            }));
        }
    }
    match format {
        Format::Jsonl => jsonl::read(origin, &mut *reader, emit),
        Format::Warc => warc::read(origin, &mut *reader, emit),
        Format::Text | Format::Markdown | Format::Html => {
            if let Some(size) = size.filter(|s| !gzipped && *s > MAX_ARTICLE_BYTES) {
                return emit(Err(IngestError::TooLarge {
                    origin: origin.to_string(),
                    size,
                    limit: MAX_ARTICLE_BYTES,
                }));
            }
            let mut bytes = Vec::with_capacity(size.unwrap_or(0).min(MAX_ARTICLE_BYTES) as usize);
            if let Err(e) = (&mut reader)
                .take(MAX_ARTICLE_BYTES + 1)
                .read_to_end(&mut bytes)
            {
                return emit(Err(io_err(e)));
            }
            if bytes.len() as u64 > MAX_ARTICLE_BYTES {
                return emit(Err(IngestError::TooLarge {
                    origin: origin.to_string(),
                    size: bytes.len() as u64,
                    limit: MAX_ARTICLE_BYTES,
                }));
            }
            emit(single(origin, format, bytes));
        }
    }
}

/// One article from the whole content of an input.
fn single(origin: &str, format: Format, bytes: Vec<u8>) -> Result<RawArticle, IngestError> {
    let declared = if format == Format::Html {
        decode::html_declared_encoding(&bytes)
    } else {
        None
    };
    let decoded = decode::decode(bytes, declared).map_err(|e| match e {
        NotText::Empty => IngestError::Empty {
            origin: origin.to_string(),
        },
        NotText::Binary(detail) => IngestError::Binary {
            origin: origin.to_string(),
            detail,
        },
    })?;
    let content = match format {
        Format::Markdown => Content::Markdown(decoded.text),
        Format::Html => Content::Html(decoded.text),
        _ => Content::Text(decoded.text),
    };
    Ok(RawArticle {
        warnings: decoded.warning.into_iter().collect(),
        ..RawArticle::new(origin, content)
    })
}
