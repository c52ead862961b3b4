//! The headwater document model.
//!
//! One [`Document`] holds an article's cleaned text and every stand-off annotation layer that the
//! pipeline adds to it: paragraphs, tokens, sentences, syntax, entities, citations and
//! attributions. Each pipeline stage (an [`Annotator`]) reads the layers it needs and fills one
//! more. Corpus-level results (entities merged across documents, cited works, claim clusters) live
//! in [`Corpus`].
//!
//! **Offsets.** Every [`Span`] inside this crate is a *byte* range into [`Document::text`] that
//! starts and ends on UTF-8 character boundaries. The JSON contract speaks in Unicode code points;
//! the conversion happens once, at output time, through [`OffsetMap`].
//!
//! ```
//! use headwater_doc::{Document, Span};
//! let doc = Document::new("articles/a.txt", "Officials said it was “routine”.".to_string());
//! assert_eq!(doc.slice(Span::new(0, 9)), "Officials");
//! assert!(doc.id.starts_with("d-"));
//! ```

mod attribution;
mod calendar;
mod citation;
mod corpus;
mod document;
mod entity;
mod offsets;
mod syntax;
mod token;

pub use attribution::{Attribution, AttributionType, SourceKind, SourceRef};
pub use calendar::MONTH_NAMES;
pub use citation::{Citation, CitationKind};
pub use corpus::{ClaimCluster, ClaimMember, Corpus, CorpusEntity, RootSource, Work, WorkCitedBy};
pub use document::{stable_hash, Document, Link, Removed, RemovedKind};
pub use entity::{Entity, EntityLabel, Mention};
pub use offsets::OffsetMap;
pub use syntax::{DepRel, TokenSyntax, Upos, XPOS_TAGS};
pub use token::{Sentence, Span, Token, TokenKind};

/// A pipeline stage: reads some layers of a document and adds one.
///
/// Annotators are total: they accept any text (empty, huge, garbage) without panicking, and a
/// stage that finds nothing simply leaves its layer empty.
pub trait Annotator: Send + Sync {
    /// Short stable name, used in timings and error messages.
    fn name(&self) -> &'static str;
    /// Adds this stage's layer to `doc`.
    fn annotate(&self, doc: &mut Document);
}
