//! The provenance graph of one claim (`GET /api/claims/{id}/graph`), shaped for a graph
//! library: documents → attributions (nested ones as chains) → sources, attributions → cited
//! works → root sources.

use headwater_store::{AttributionRow, Store, StoreError, Trace};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// At most this many member statements are drawn; a claim repeated by thousands of articles
/// would make an unreadable picture and a slow page.
const MAX_MEMBERS: usize = 300;
/// Nesting deeper than this is cut: chains come from parsed text and may be cyclic or absurd.
const MAX_DEPTH: usize = 16;
/// Node labels are cut to this many characters; the full text travels in `text`.
const LABEL_CHARS: usize = 48;

/// A claim's provenance graph.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimGraph {
    pub claim: GraphClaim,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    /// Members left out because of the size cap.
    pub omitted_members: usize,
}

/// The claim the graph is about.
#[derive(Debug, Clone, Serialize)]
pub struct GraphClaim {
    pub id: String,
    pub text: String,
    pub members: usize,
    pub independent_sources: u32,
    pub flags: Vec<String>,
}

/// What a node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeType {
    Document,
    Attribution,
    Source,
    Work,
}

/// One node. Fields that do not apply to its type are absent.
#[derive(Debug, Clone, Serialize)]
pub struct Node {
    pub id: String,
    #[serde(rename = "type")]
    pub node_type: NodeType,
    /// Short text to draw.
    pub label: String,
    /// The full text: a title, a statement's content, a source's words.
    pub text: String,
    /// A root source of the claim.
    pub root: bool,
    /// An attribution that belongs to the claim (the others are links of its chains).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub member: bool,
    /// Document id (documents and attributions).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// Attribution id within its document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribution: Option<String>,
    /// Attribution type: direct, indirect, mixed, according_to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribution_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cue: Option<String>,
    /// Source kind: person, organization, media, document, anonymous, unnamed, author.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_kind: Option<String>,
    /// The entity a source resolves to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    /// Work id (`W1`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub work: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

impl Node {
    fn new(id: String, node_type: NodeType, text: &str) -> Node {
        Node {
            id,
            node_type,
            label: short(text),
            text: text.to_string(),
            root: false,
            member: false,
            document: None,
            attribution: None,
            attribution_type: None,
            cue: None,
            source_kind: None,
            entity: None,
            work: None,
            outlet: None,
            date: None,
        }
    }
}

/// What an edge says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EdgeType {
    /// document → attribution it contains (the outermost of a chain)
    States,
    /// attribution → the attribution nested in it (`A reported that [B said …]`)
    Nests,
    /// attribution → its source
    AttributedTo,
    /// attribution → a work it cites
    Cites,
    /// work → the next work or the root source reached through it
    Via,
    /// work → the document in the corpus that is that work
    PublishedAs,
}

/// One directed edge.
#[derive(Debug, Clone, Serialize)]
pub struct Edge {
    pub id: String,
    pub source: String,
    pub target: String,
    #[serde(rename = "type")]
    pub edge_type: EdgeType,
}

fn short(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= LABEL_CHARS {
        return text;
    }
    let mut out: String = text.chars().take(LABEL_CHARS - 1).collect();
    out.push('…');
    out
}

fn fold(text: &str) -> String {
    text.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Nodes and edges, each added once.
#[derive(Default)]
struct Builder {
    nodes: Vec<Node>,
    node_at: HashMap<String, usize>,
    edges: Vec<Edge>,
    edge_seen: HashSet<(String, String, EdgeType)>,
}

impl Builder {
    /// Adds the node unless one with its id exists; returns its id.
    fn node(&mut self, node: Node) -> String {
        let id = node.id.clone();
        if !self.node_at.contains_key(&id) {
            self.node_at.insert(id.clone(), self.nodes.len());
            self.nodes.push(node);
        }
        id
    }

    fn get_mut(&mut self, id: &str) -> Option<&mut Node> {
        let i = *self.node_at.get(id)?;
        self.nodes.get_mut(i)
    }

    fn edge(&mut self, source: &str, target: &str, edge_type: EdgeType) {
        if source == target
            || !self
                .edge_seen
                .insert((source.to_string(), target.to_string(), edge_type))
        {
            return;
        }
        self.edges.push(Edge {
            id: format!("x{}", self.edges.len()),
            source: source.to_string(),
            target: target.to_string(),
            edge_type,
        });
    }
}

fn attribution_node_id(doc: &str, att: &str) -> String {
    format!("att:{doc}/{att}")
}

/// The node id of an attribution's source. Named sources are shared across documents, so
/// articles quoting the same outlet or person meet in one node; anonymous, unnamed and author
/// sources stay inside their document ("officials" in two articles need not be the same people).
fn source_node_id(a: &AttributionRow) -> Option<String> {
    let text = a.source.as_deref()?;
    let kind = a.source_kind.as_deref().unwrap_or("");
    Some(match kind {
        "anonymous" | "unnamed" | "author" => format!("src:{}:{kind}:{}", a.document, fold(text)),
        // By the resolved name where there is one, so "Wire" resolved to Meridian Wire and a
        // plain "Meridian Wire" meet.
        _ => format!(
            "src:{}",
            fold(a.source_entity_name.as_deref().unwrap_or(text))
        ),
    })
}

/// Builds the graph of claim `id`; `None` when there is no such claim.
pub fn claim_graph(store: &Store, id: &str) -> Result<Option<ClaimGraph>, StoreError> {
    let Some(trace) = store.trace(id)? else {
        return Ok(None);
    };
    let mut attributions: HashMap<String, Vec<AttributionRow>> = HashMap::new();
    for m in trace.members.iter().take(MAX_MEMBERS) {
        if let Some(d) = &m.document {
            if !attributions.contains_key(&d.id) {
                attributions.insert(d.id.clone(), store.attributions_of(&d.id)?);
            }
        }
    }
    Ok(Some(build(&trace, &attributions)))
}

fn build(trace: &Trace, attributions: &HashMap<String, Vec<AttributionRow>>) -> ClaimGraph {
    let k = &trace.claim;
    let mut g = Builder::default();
    // Which work each (document, citation) is a citation of.
    let mut work_of: HashMap<(&str, &str), &str> = HashMap::new();
    for w in &trace.works {
        for c in &w.cited_by {
            work_of.insert((c.document.as_str(), c.citation.as_str()), w.id.as_str());
        }
    }
    for m in &trace.members {
        for c in &m.citations {
            if let Some(w) = &c.work {
                work_of.insert((c.document.as_str(), c.id.as_str()), w.as_str());
            }
        }
    }
    let mut included: Vec<(&str, &AttributionRow)> = Vec::new();
    let mut included_ids: HashSet<(&str, &str)> = HashSet::new();
    let mut member_ids: HashSet<(&str, &str)> = HashSet::new();
    for m in trace.members.iter().take(MAX_MEMBERS) {
        let (Some(d), Some(a)) = (&m.document, &m.attribution) else {
            continue;
        };
        let mut doc_node = Node::new(
            format!("doc:{}", d.id),
            NodeType::Document,
            d.title.as_deref().unwrap_or(&d.path),
        );
        doc_node.document = Some(d.id.clone());
        doc_node.outlet = d.publisher.clone();
        doc_node.date = d.published.clone();
        g.node(doc_node);
        member_ids.insert((d.id.as_str(), a.id.as_str()));
        let rows = attributions.get(&d.id).map(Vec::as_slice).unwrap_or(&[]);
        let by_id: HashMap<&str, &AttributionRow> =
            rows.iter().map(|r| (r.id.as_str(), r)).collect();
        // The chain around the member: every enclosing statement, then every nested one.
        let mut chain: Vec<&AttributionRow> = vec![a];
        let mut up = a.parent.as_deref();
        while let Some(p) = up {
            match by_id.get(p) {
                Some(r) if chain.len() <= MAX_DEPTH && !chain.iter().any(|c| c.id == r.id) => {
                    chain.push(r);
                    up = r.parent.as_deref();
                }
                _ => break,
            }
        }
        let mut frontier = vec![a.id.as_str()];
        for _ in 0..MAX_DEPTH {
            let next: Vec<&AttributionRow> = rows
                .iter()
                .filter(|r| {
                    r.parent.as_deref().is_some_and(|p| frontier.contains(&p))
                        && !chain.iter().any(|c| c.id == r.id)
                })
                .collect();
            if next.is_empty() {
                break;
            }
            frontier = next.iter().map(|r| r.id.as_str()).collect();
            chain.extend(next);
        }
        for r in chain {
            if included_ids.insert((d.id.as_str(), r.id.as_str())) {
                included.push((d.id.as_str(), r));
            }
        }
    }
    for &(doc, a) in &included {
        let id = attribution_node_id(doc, &a.id);
        let mut node = Node::new(id.clone(), NodeType::Attribution, &a.content);
        node.member = member_ids.contains(&(doc, a.id.as_str()));
        node.document = Some(doc.to_string());
        node.attribution = Some(a.id.clone());
        node.attribution_type = Some(a.kind.clone());
        node.cue = a.cue.clone();
        node.source_kind = a.source_kind.clone();
        node.entity = a.source_entity_name.clone();
        g.node(node);
        let parent_included = a
            .parent
            .as_deref()
            .is_some_and(|p| included_ids.contains(&(doc, p)));
        match a.parent.as_deref() {
            Some(p) if parent_included => {
                g.edge(&attribution_node_id(doc, p), &id, EdgeType::Nests)
            }
            _ => g.edge(&format!("doc:{doc}"), &id, EdgeType::States),
        }
        if let (Some(src_id), Some(text)) = (source_node_id(a), a.source.as_deref()) {
            let mut src = Node::new(src_id.clone(), NodeType::Source, text);
            src.source_kind = a.source_kind.clone();
            src.entity = a.source_entity_name.clone();
            g.node(src);
            g.edge(&id, &src_id, EdgeType::AttributedTo);
        }
        for c in &a.citations {
            if let Some(w) = work_of.get(&(doc, c.as_str())) {
                g.edge(&id, &format!("work:{w}"), EdgeType::Cites);
            }
        }
    }
    for w in &trace.works {
        let text = match (&w.outlet, &w.title) {
            (Some(o), Some(t)) => format!("{o}: {t}"),
            (Some(x), None) | (None, Some(x)) => x.clone(),
            (None, None) => w.id.clone(),
        };
        let mut node = Node::new(format!("work:{}", w.id), NodeType::Work, &text);
        node.work = Some(w.id.clone());
        node.outlet = w.outlet.clone();
        node.date = w.date.clone();
        g.node(node);
    }
    // Edges to works that were not found would dangle: drop them.
    let known: HashSet<String> = g.nodes.iter().map(|n| n.id.clone()).collect();
    g.edges
        .retain(|e| known.contains(&e.source) && known.contains(&e.target));
    // A work that is a document of the corpus (same title) leads into that document.
    let docs: Vec<(String, String)> = g
        .nodes
        .iter()
        .filter(|n| n.node_type == NodeType::Document)
        .map(|n| (n.id.clone(), fold(&n.text)))
        .collect();
    for w in &trace.works {
        let Some(title) = w.title.as_deref().map(fold).filter(|t| !t.is_empty()) else {
            continue;
        };
        for (doc_id, doc_title) in &docs {
            if *doc_title == title {
                g.edge(&format!("work:{}", w.id), doc_id, EdgeType::PublishedAs);
            }
        }
    }
    // Roots: the source nodes with the same words and kind are marked; a root no statement
    // in view names gets a node of its own. The works it is reached through lead to it.
    for (i, r) in k.root_sources.iter().enumerate() {
        let (text, kind) = (fold(&r.text), r.kind.as_str());
        let matching: Vec<String> = g
            .nodes
            .iter()
            .filter(|n| {
                n.node_type == NodeType::Source
                    && fold(&n.text) == text
                    && n.source_kind.as_deref() == Some(kind)
            })
            .map(|n| n.id.clone())
            .collect();
        let targets = if matching.is_empty() {
            let mut node = Node::new(format!("root:{i}"), NodeType::Source, &r.text);
            node.source_kind = Some(kind.to_string());
            vec![g.node(node)]
        } else {
            matching
        };
        let via: Vec<String> = r
            .via
            .iter()
            .map(|w| format!("work:{w}"))
            .filter(|w| known.contains(w))
            .collect();
        for pair in via.windows(2) {
            if let [a, b] = pair {
                g.edge(a, b, EdgeType::Via);
            }
        }
        for t in &targets {
            if let Some(n) = g.get_mut(t) {
                n.root = true;
            }
            if let Some(last) = via.last() {
                g.edge(last, t, EdgeType::Via);
            }
        }
    }
    ClaimGraph {
        claim: GraphClaim {
            id: k.id.clone(),
            text: k.text.clone(),
            members: k.members.len(),
            independent_sources: k.independent_sources,
            flags: k.flags.clone(),
        },
        nodes: g.nodes,
        edges: g.edges,
        omitted_members: trace.members.len().saturating_sub(MAX_MEMBERS),
    }
}
