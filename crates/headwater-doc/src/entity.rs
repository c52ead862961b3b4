use crate::Span;
use serde::{Deserialize, Serialize};

/// Entity types of the output contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EntityLabel {
    #[serde(rename = "PERSON")]
    Person,
    #[serde(rename = "ORG")]
    Org,
    #[serde(rename = "GPE")]
    Gpe,
    #[serde(rename = "LOC")]
    Loc,
    #[serde(rename = "NORP")]
    Norp,
    #[serde(rename = "MEDIA")]
    Media,
    #[serde(rename = "DATE")]
    Date,
    #[serde(rename = "OTHER")]
    Other,
}

impl EntityLabel {
    /// All labels.
    pub const ALL: [EntityLabel; 8] = [
        EntityLabel::Person,
        EntityLabel::Org,
        EntityLabel::Gpe,
        EntityLabel::Loc,
        EntityLabel::Norp,
        EntityLabel::Media,
        EntityLabel::Date,
        EntityLabel::Other,
    ];
    /// Contract spelling (`"PERSON"`).
    pub fn as_str(self) -> &'static str {
        match self {
            EntityLabel::Person => "PERSON",
            EntityLabel::Org => "ORG",
            EntityLabel::Gpe => "GPE",
            EntityLabel::Loc => "LOC",
            EntityLabel::Norp => "NORP",
            EntityLabel::Media => "MEDIA",
            EntityLabel::Date => "DATE",
            EntityLabel::Other => "OTHER",
        }
    }
    /// Parses the contract spelling.
    pub fn parse(s: &str) -> Option<EntityLabel> {
        EntityLabel::ALL.iter().copied().find(|l| l.as_str() == s)
    }
}

/// One occurrence of a named entity in the text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    pub span: Span,
    pub label: EntityLabel,
    /// Index into [`crate::Document::entities`] once mentions are grouped; `None` before.
    pub entity: Option<u32>,
}

/// A document-level entity: mentions of one referent grouped together.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    pub label: EntityLabel,
    /// Canonical (longest, most complete) name.
    pub name: String,
    /// Other names the document uses for it (surname, acronym, variant spelling).
    pub aliases: Vec<String>,
    /// Indices into [`crate::Document::mentions`].
    pub mentions: Vec<u32>,
}
