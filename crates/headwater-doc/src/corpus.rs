use crate::{EntityLabel, SourceKind};
use serde::{Deserialize, Serialize};

/// Results across documents.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Corpus {
    pub entities: Vec<CorpusEntity>,
    pub works: Vec<Work>,
    pub claims: Vec<ClaimCluster>,
}

/// An entity merged across documents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorpusEntity {
    pub id: String,
    pub label: EntityLabel,
    pub name: String,
    pub aliases: Vec<String>,
    /// Document ids.
    pub documents: Vec<String>,
}

/// A cited work (report, article) merged across the citations that point to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Work {
    pub id: String,
    pub outlet: Option<String>,
    pub authors: Vec<String>,
    pub title: Option<String>,
    pub date: Option<String>,
    pub cited_by: Vec<WorkCitedBy>,
}

/// One citation of a [`Work`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkCitedBy {
    pub document: String,
    pub citation: String,
}

/// Attributions that say the same thing, grouped, with their root sources.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimCluster {
    pub id: String,
    pub text: String,
    pub members: Vec<ClaimMember>,
    pub root_sources: Vec<RootSource>,
    pub independent_sources: u32,
    pub flags: Vec<String>,
}

/// One attribution in a claim cluster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimMember {
    pub document: String,
    pub attribution: String,
}

/// The deepest source behind a claim, and the works passed through to reach it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RootSource {
    pub text: String,
    pub kind: SourceKind,
    pub via: Vec<String>,
}
