use crate::Span;
use serde::{Deserialize, Serialize};

/// Where a citation comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CitationKind {
    /// A numbered note at the end of the article, referenced by markers in the text.
    Footnote,
    /// A hyperlink (Markdown or HTML).
    Link,
    /// A reference in running text: `a report carried by CBS News in March 2014`.
    Inline,
}

/// A reference to another work.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    pub kind: Option<CitationKind>,
    /// The marker as written (`"[4]"`), for footnotes.
    pub marker: Option<String>,
    /// Where the marker (footnote), anchor text (link) or phrase (inline) occurs in the text.
    pub spans: Vec<Span>,
    /// The full reference text.
    pub text: String,
    pub outlet: Option<String>,
    pub authors: Vec<String>,
    pub title: Option<String>,
    /// ISO 8601 date.
    pub date: Option<String>,
    pub url: Option<String>,
    /// For `ibid` or a repeated reference: index of the citation it points to.
    pub same_as: Option<u32>,
}
