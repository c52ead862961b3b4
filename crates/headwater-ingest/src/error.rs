//! Errors of the readers: each names the input (or record) it is about and, where it helps,
//! what to do about it.

/// What went wrong reading one input (a file, or one record inside a file).
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The file or stream could not be read (missing, permissions, corrupt gzip …).
    #[error("{origin}: cannot read: {source}")]
    Io {
        origin: String,
        #[source]
        source: std::io::Error,
    },
    /// The input is of a kind the readers do not handle.
    #[error("{origin}: {reason}")]
    Unsupported { origin: String, reason: String },
    /// The input is not text at all.
    #[error("{origin}: binary file ({detail}) — not an article; skipped")]
    Binary { origin: String, detail: String },
    /// The input holds nothing but whitespace.
    #[error("{origin}: empty file: nothing to analyse")]
    Empty { origin: String },
    /// A single-article input larger than the reader's cap.
    #[error(
        "{origin}: too large for one article ({size} bytes, limit {limit}); split it, or convert \
         it to JSONL (one article per line), which is streamed"
    )]
    TooLarge {
        origin: String,
        size: u64,
        limit: u64,
    },
    /// One record of a JSONL or WARC file is unusable; the other records are still read.
    #[error("{origin}: bad record: {reason}")]
    Record { origin: String, reason: String },
}

impl IngestError {
    /// The path or record id the error is about.
    pub fn origin(&self) -> &str {
        match self {
            IngestError::Io { origin, .. }
            | IngestError::Unsupported { origin, .. }
            | IngestError::Binary { origin, .. }
            | IngestError::Empty { origin }
            | IngestError::TooLarge { origin, .. }
            | IngestError::Record { origin, .. } => origin,
        }
    }
}
