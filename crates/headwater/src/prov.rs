//! W3C PROV-JSON export of a run (`--format prov-json`).
//!
//! Mapping:
//! - each document is a `prov:Entity` (`hw:doc/<id>`, type `hw:Article`), each cited work one
//!   (`hw:work/<W>`), each attributed statement one (`hw:stmt/<doc>/<a>`, its content as
//!   `prov:value`), each claim cluster one (`hw:claim/<K>`);
//! - each source is a `prov:Agent`: the corpus entity when resolved (`hw:agent/<E>`), otherwise
//!   one agent per source mention (`hw:agent/<doc>/<a>`); root sources of claims are agents too;
//! - `wasAttributedTo`: statement → its source; document → its authors / publisher;
//! - `wasQuotedFrom`: the document → a direct or mixed quote it carries; an outer statement →
//!   the nested statement it reports (`A reported that B told him …`);
//! - `hadPrimarySource`: claim → each root source;
//! - `wasDerivedFrom`: statement → the works it cites; claim → each member statement;
//!   document → the works it cites.

use crate::RunOutcome;
use headwater_doc::{AttributionType, Corpus, Document};
use serde_json::{json, Map, Value};

struct Prov {
    entity: Map<String, Value>,
    agent: Map<String, Value>,
    relations: [(&'static str, Map<String, Value>); 4],
    next: usize,
}

const ATTRIBUTED: usize = 0;
const QUOTED: usize = 1;
const PRIMARY: usize = 2;
const DERIVED: usize = 3;

impl Prov {
    fn relation(&mut self, kind: usize, body: Value) {
        self.next += 1;
        let id = format!("_:r{}", self.next);
        self.relations[kind].1.insert(id, body);
    }
}

fn agent_id(doc: &Document, a: usize, corpus_entity: Option<&str>) -> String {
    match corpus_entity {
        Some(e) => format!("hw:agent/{e}"),
        None => format!("hw:agent/{}/a{}", doc.id, a + 1),
    }
}

/// Builds the PROV-JSON document for a run.
pub fn prov_json(outcome: &RunOutcome) -> Value {
    let corpus: &Corpus = &outcome.corpus;
    let mut p = Prov {
        entity: Map::new(),
        agent: Map::new(),
        relations: [
            ("wasAttributedTo", Map::new()),
            ("wasQuotedFrom", Map::new()),
            ("hadPrimarySource", Map::new()),
            ("wasDerivedFrom", Map::new()),
        ],
        next: 0,
    };
    // (document id, citation id) → work id, so each citation is one lookup.
    let work_of: std::collections::HashMap<(&str, &str), &str> = corpus
        .works
        .iter()
        .flat_map(|w| {
            w.cited_by
                .iter()
                .map(move |c| ((c.document.as_str(), c.citation.as_str()), w.id.as_str()))
        })
        .collect();
    for w in &corpus.works {
        p.entity.insert(
            format!("hw:work/{}", w.id),
            json!({"prov:type": "hw:Work", "hw:outlet": w.outlet, "hw:title": w.title,
                   "hw:date": w.date, "hw:authors": w.authors}),
        );
    }
    // Which corpus entity each document entity became: by document and name.
    let mut entity_of: std::collections::HashMap<(&str, &str), &str> =
        std::collections::HashMap::new();
    for ce in &corpus.entities {
        for d in &ce.documents {
            for name in std::iter::once(&ce.name).chain(&ce.aliases) {
                entity_of
                    .entry((d.as_str(), name.as_str()))
                    .or_insert(ce.id.as_str());
            }
        }
    }
    let corpus_entity_of = |doc: &Document, e: u32| -> Option<String> {
        let ent = doc.entities.get(e as usize)?;
        entity_of
            .get(&(doc.id.as_str(), ent.name.as_str()))
            .map(|s| s.to_string())
    };
    for ce in &corpus.entities {
        p.agent.insert(
            format!("hw:agent/{}", ce.id),
            json!({"prov:type": "hw:NamedSource", "hw:label": ce.label.as_str(), "hw:name": ce.name, "hw:aliases": ce.aliases}),
        );
    }
    for doc in &outcome.documents {
        let doc_id = format!("hw:doc/{}", doc.id);
        p.entity.insert(
            doc_id.clone(),
            json!({"prov:type": "hw:Article", "hw:path": doc.path, "hw:title": doc.title,
                   "hw:published": doc.published, "hw:url": doc.url}),
        );
        for author in doc.authors.iter().chain(doc.publisher.iter()) {
            let agent = format!("hw:author/{}", author.replace(char::is_whitespace, "_"));
            p.agent
                .entry(agent.clone())
                .or_insert_with(|| json!({"prov:type": "prov:Person", "hw:name": author}));
            p.relation(
                ATTRIBUTED,
                json!({"prov:entity": doc_id, "prov:agent": agent}),
            );
        }
        let mut cited_works = Vec::new();
        for (ci, _) in doc.citations.iter().enumerate() {
            let cid = format!("c{}", ci + 1);
            if let Some(&w) = work_of.get(&(doc.id.as_str(), cid.as_str())) {
                if !cited_works.contains(&w) {
                    cited_works.push(w);
                    p.relation(DERIVED, json!({"prov:generatedEntity": doc_id, "prov:usedEntity": format!("hw:work/{w}")}));
                }
            }
        }
        for (a, att) in doc.attributions.iter().enumerate() {
            let stmt = format!("hw:stmt/{}/a{}", doc.id, a + 1);
            p.entity.insert(
                stmt.clone(),
                json!({"prov:type": "hw:Statement", "prov:value": doc.slice(att.content),
                       "hw:type": att.kind.as_str(), "hw:document": doc_id,
                       "hw:cue": att.cue.map(|c| doc.slice(c))}),
            );
            if let Some(src) = &att.source {
                let ce = src.entity.and_then(|e| corpus_entity_of(doc, e));
                let agent = agent_id(doc, a, ce.as_deref());
                p.agent
                    .entry(agent.clone())
                    .or_insert_with(|| json!({"prov:type": "hw:Source", "hw:kind": src.kind.as_str(), "hw:name": doc.slice(src.span)}));
                p.relation(
                    ATTRIBUTED,
                    json!({"prov:entity": stmt, "prov:agent": agent}),
                );
            }
            if matches!(att.kind, AttributionType::Direct | AttributionType::Mixed) {
                p.relation(
                    QUOTED,
                    json!({"prov:generatedEntity": doc_id, "prov:usedEntity": stmt}),
                );
            }
            if let Some(parent) = att.parent {
                p.relation(
                    QUOTED,
                    json!({"prov:generatedEntity": format!("hw:stmt/{}/a{}", doc.id, parent + 1), "prov:usedEntity": stmt}),
                );
            }
            for &c in &att.citations {
                let cid = format!("c{}", c + 1);
                if let Some(&w) = work_of.get(&(doc.id.as_str(), cid.as_str())) {
                    p.relation(DERIVED, json!({"prov:generatedEntity": stmt, "prov:usedEntity": format!("hw:work/{w}")}));
                }
            }
        }
    }
    for k in &corpus.claims {
        let claim = format!("hw:claim/{}", k.id);
        p.entity.insert(
            claim.clone(),
            json!({"prov:type": "hw:Claim", "prov:value": k.text,
                   "hw:independentSources": k.independent_sources, "hw:flags": k.flags}),
        );
        for m in &k.members {
            p.relation(
                DERIVED,
                json!({"prov:generatedEntity": claim, "prov:usedEntity": format!("hw:stmt/{}/{}", m.document, m.attribution)}),
            );
        }
        for (i, r) in k.root_sources.iter().enumerate() {
            let agent = format!("hw:root/{}/{}", k.id, i + 1);
            let body = json!({"prov:type": "hw:RootSource", "hw:kind": r.kind.as_str(), "hw:name": r.text,
                              "hw:via": r.via.iter().map(|w| format!("hw:work/{w}")).collect::<Vec<_>>()});
            // A root source is an agent and, as the origin of the claim, an entity too.
            p.agent.insert(agent.clone(), body.clone());
            p.entity.insert(agent.clone(), body);
            p.relation(
                PRIMARY,
                json!({"prov:generatedEntity": claim, "prov:usedEntity": agent}),
            );
        }
    }
    let mut out = Map::new();
    out.insert(
        "prefix".into(),
        json!({"hw": "https://headwater.invalid/ns#", "prov": "http://www.w3.org/ns/prov#"}),
    );
    out.insert("entity".into(), Value::Object(p.entity));
    out.insert("agent".into(), Value::Object(p.agent));
    for (name, map) in p.relations {
        out.insert(name.into(), Value::Object(map));
    }
    Value::Object(out)
}
