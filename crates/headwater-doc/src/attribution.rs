use crate::Span;
use serde::{Deserialize, Serialize};

/// How the statement is reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttributionType {
    /// Quoted verbatim: `"…," she said`.
    Direct,
    /// Reported speech: `she said that …`.
    Indirect,
    /// Partly quoted: `he called it a "wolf in sheep's clothing"`.
    Mixed,
    /// A non-verbal cue: `According to X, …`.
    AccordingTo,
}

impl AttributionType {
    /// Contract spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            AttributionType::Direct => "direct",
            AttributionType::Indirect => "indirect",
            AttributionType::Mixed => "mixed",
            AttributionType::AccordingTo => "according_to",
        }
    }
}

/// What kind of source a statement is attributed to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    Person,
    Organization,
    Media,
    Document,
    Anonymous,
    Unnamed,
    Author,
}

impl SourceKind {
    /// Contract spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Person => "person",
            SourceKind::Organization => "organization",
            SourceKind::Media => "media",
            SourceKind::Document => "document",
            SourceKind::Anonymous => "anonymous",
            SourceKind::Unnamed => "unnamed",
            SourceKind::Author => "author",
        }
    }
}

/// The source of an attribution: its span in the text, its kind and, when resolved, the entity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRef {
    pub span: Span,
    pub kind: SourceKind,
    /// Index into [`crate::Document::entities`] when the source resolves to a named entity.
    pub entity: Option<u32>,
}

/// One attributed statement: who (source) says (cue) what (content).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribution {
    pub kind: AttributionType,
    /// The cue (`said`, `according to`); `None` for a floating quote that inherits its source.
    pub cue: Option<Span>,
    /// `None` when no source could be found.
    pub source: Option<SourceRef>,
    pub content: Span,
    /// Index into [`crate::Document::attributions`] of the attribution this one is nested in.
    pub parent: Option<u32>,
    /// Indices into [`crate::Document::citations`] that the statement rests on.
    pub citations: Vec<u32>,
}
