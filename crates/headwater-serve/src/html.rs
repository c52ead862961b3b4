//! Server-rendered HTML pages. Every value from the store goes through [`esc`]; the stylesheet
//! and the claim page's graph scripts are embedded in the binary (no CDN, no files read from
//! disk), and the scripts get their data as JSON from the API, never from the markup.

use crate::api::{with_store, ApiError, ListParams, SearchParams};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::fmt::Write;
use std::sync::Arc;

const STYLE: &str = include_str!("style.css");

/// HTML-escapes text for element content and quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes a path segment or query value.
fn enc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

pub(crate) fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/", get(index))
        .route("/doc/{id}", get(doc_page))
        .route("/entity/{id}", get(entity_page))
        .route("/claim/{id}", get(claim_page))
        .route("/claims", get(claims_page))
        .route("/static/style.css", get(style))
}

async fn style() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLE).into_response()
}

fn page(title: &str, body: &str) -> Html<String> {
    page_with_scripts(title, body, &[])
}

/// A page that loads the given same-origin scripts (paths under `/assets/`) at the end of the
/// body.
fn page_with_scripts(title: &str, body: &str, scripts: &[&str]) -> Html<String> {
    let mut tags = String::new();
    for src in scripts {
        let _ = write!(tags, "<script src=\"{}\"></script>", esc(src));
    }
    Html(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} · headwater</title><link rel=\"stylesheet\" href=\"/static/style.css\">\
         <link rel=\"icon\" href=\"/assets/favicon.svg\" type=\"image/svg+xml\"></head>\
         <body><header><a href=\"/\">headwater</a> <a href=\"/claims\">claims</a></header>\
         <main>{body}</main>{tags}</body></html>",
        esc(title)
    ))
}

fn error_page(e: ApiError) -> Response {
    let status = e.status;
    let body = format!("<h1>{}</h1><p>{}</p>", status.as_u16(), esc(&e.message));
    (status, page("error", &body)).into_response()
}

fn search_form(p: &SearchParams) -> String {
    let q = p.q.as_deref().unwrap_or("");
    let kind = p.kind.as_deref().unwrap_or("");
    let mut opts = String::new();
    for (v, label) in [
        ("", "everything"),
        ("document", "documents"),
        ("attribution", "statements"),
        ("entity", "entities"),
    ] {
        let sel = if v == kind { " selected" } else { "" };
        let _ = write!(opts, "<option value=\"{v}\"{sel}>{label}</option>");
    }
    format!(
        "<form action=\"/\" method=\"get\" class=\"search\">\
         <input type=\"search\" name=\"q\" value=\"{}\" placeholder=\"search: reservoir, source:minister, &quot;exact words&quot;\" autofocus>\
         <select name=\"kind\">{opts}</select>\
         <input type=\"text\" name=\"source_kind\" value=\"{}\" placeholder=\"source kind\" size=\"10\">\
         <input type=\"text\" name=\"outlet\" value=\"{}\" placeholder=\"outlet\" size=\"12\">\
         <input type=\"text\" name=\"from\" value=\"{}\" placeholder=\"from date\" size=\"10\">\
         <input type=\"text\" name=\"to\" value=\"{}\" placeholder=\"to date\" size=\"10\">\
         <button>Search</button></form>",
        esc(q),
        esc(p.source_kind.as_deref().unwrap_or("")),
        esc(p.outlet.as_deref().unwrap_or("")),
        esc(p.from.as_deref().unwrap_or("")),
        esc(p.to.as_deref().unwrap_or("")),
    )
}

fn snippet_html(s: &headwater_store::Snippet) -> String {
    let chars: Vec<char> = s.text.chars().collect();
    let mut out = String::new();
    let mut pos = 0usize;
    for &[a, b] in &s.highlights {
        let (a, b) = (a as usize, b as usize);
        if a < pos || b < a || b > chars.len() {
            continue;
        }
        out.push_str(&esc(&chars[pos..a].iter().collect::<String>()));
        out.push_str("<mark>");
        out.push_str(&esc(&chars[a..b].iter().collect::<String>()));
        out.push_str("</mark>");
        pos = b;
    }
    out.push_str(&esc(&chars[pos.min(chars.len())..]
        .iter()
        .collect::<String>()));
    out
}

async fn index(State(st): State<Arc<AppState>>, Query(p): Query<SearchParams>) -> Response {
    let mut body = search_form(&p);
    let q = p.q.clone().unwrap_or_default();
    if q.trim().is_empty() && p.kind.as_deref().unwrap_or("").is_empty() {
        match with_store(&st, |s| s.stats()).await {
            Ok(stats) => {
                let _ = write!(
                    body,
                    "<p class=\"stats\">{} documents · {} statements · {} entities · {} cited works · {} claims</p>",
                    stats.documents, stats.attributions, stats.corpus_entities, stats.works, stats.claims
                );
            }
            Err(e) => return error_page(e),
        }
        return page("search", &body).into_response();
    }
    let filters = match p.filters() {
        Ok(f) => f,
        Err(e) => return error_page(e),
    };
    let limit = p.limit.unwrap_or(50);
    let results = match with_store(&st, move |s| s.search(&q, &filters, limit)).await {
        Ok(r) => r,
        Err(e) if e.status == StatusCode::BAD_REQUEST => {
            let _ = write!(body, "<p class=\"error\">{}</p>", esc(&e.message));
            return (StatusCode::BAD_REQUEST, page("search", &body)).into_response();
        }
        Err(e) => return error_page(e),
    };
    let _ = write!(
        body,
        "<p class=\"stats\">{} of {} matches ({:.1} ms)</p><ol class=\"hits\">",
        results.hits.len(),
        results.total,
        results.took_ms
    );
    for h in &results.hits {
        let doc = h.document.as_deref().unwrap_or("");
        let head = match h.kind {
            headwater_store::HitKind::Document => format!(
                "<span class=\"kind\">document</span> <a href=\"/doc/{}\">{}</a> <span class=\"meta\">{}</span>",
                enc(doc),
                esc(h.title.as_deref().or(h.path.as_deref()).unwrap_or(doc)),
                esc(&[h.publisher.as_deref(), h.published.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(", "))
            ),
            headwater_store::HitKind::Attribution => format!(
                "<span class=\"kind\">statement</span> <span class=\"src\">{}</span> \
                 <span class=\"meta\">[{}]</span> <span class=\"cue\">{}</span> \
                 in <a href=\"/doc/{}#{}\">{}</a>",
                esc(h.source.as_deref().unwrap_or("(unknown source)")),
                esc(h.source_kind.as_deref().unwrap_or("")),
                esc(h.cue.as_deref().unwrap_or("")),
                enc(doc),
                enc(h.attribution.as_deref().unwrap_or("")),
                esc(h.title.as_deref().or(h.path.as_deref()).unwrap_or(doc)),
            ),
            headwater_store::HitKind::Entity => format!(
                "<span class=\"kind\">entity</span> <a href=\"/entity/{}\">{}</a> <span class=\"meta\">{}</span>",
                enc(h.entity.as_deref().unwrap_or("")),
                esc(h.name.as_deref().unwrap_or("")),
                esc(h.label.as_deref().unwrap_or("")),
            ),
        };
        let _ = write!(
            body,
            "<li>{head}<div class=\"snippet\">{}</div></li>",
            snippet_html(&h.snippet)
        );
    }
    body.push_str("</ol>");
    page("search", &body).into_response()
}

/// Marks of one character position, by priority (a source inside a content shows as source).
const MARK_CONTENT: u8 = 1;
const MARK_CUE: u8 = 2;
const MARK_SOURCE: u8 = 4;

fn span_of(v: &serde_json::Value) -> Option<(usize, usize)> {
    let s = v.get("start")?.as_u64()? as usize;
    let e = v.get("end")?.as_u64()? as usize;
    (s <= e).then_some((s, e))
}

fn str_at<'a>(v: &'a serde_json::Value, path: &[&str]) -> &'a str {
    let mut v = v;
    for k in path {
        match v.get(k) {
            Some(x) => v = x,
            None => return "",
        }
    }
    v.as_str().unwrap_or("")
}

fn array<'a>(v: &'a serde_json::Value, key: &str) -> &'a [serde_json::Value] {
    v.get(key)
        .and_then(|x| x.as_array())
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// The hover text of each attribution (in the document's order, plain text, not yet escaped):
/// type, source with its kind and resolved entity, cue, the chain it sits in, its citations.
fn attribution_tooltips(doc: &serde_json::Value) -> Vec<String> {
    let atts = array(doc, "attributions");
    let by_id: std::collections::HashMap<&str, &serde_json::Value> = atts
        .iter()
        .filter_map(|a| Some((a.get("id")?.as_str()?, a)))
        .collect();
    let entity = |id: &str| {
        array(doc, "entities")
            .iter()
            .find(|e| str_at(e, &["id"]) == id)
            .map(|e| format!("{} ({})", str_at(e, &["name"]), str_at(e, &["label"])))
    };
    let citation = |id: &str| {
        let c = array(doc, "citations")
            .iter()
            .find(|c| str_at(c, &["id"]) == id)?;
        let parts: Vec<&str> = [
            str_at(c, &["marker"]),
            str_at(c, &["outlet"]),
            str_at(c, &["title"]),
            str_at(c, &["date"]),
            str_at(c, &["url"]),
        ]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect();
        Some(if parts.is_empty() {
            clip(str_at(c, &["text"]), 120)
        } else {
            clip(&parts.join(", "), 160)
        })
    };
    let describe = |a: &serde_json::Value| {
        format!(
            "{} {} “{}”",
            str_at(a, &["id"]),
            str_at(a, &["source", "text"]),
            clip(str_at(a, &["cue", "text"]), 30)
        )
    };
    atts.iter()
        .map(|a| {
            let id = str_at(a, &["id"]);
            let mut lines = vec![format!("{id} · {} statement", str_at(a, &["type"]))];
            let source = str_at(a, &["source", "text"]);
            lines.push(format!(
                "source: {} ({})",
                if source.is_empty() {
                    "none found"
                } else {
                    source
                },
                match str_at(a, &["source", "kind"]) {
                    "" => "unknown kind",
                    k => k,
                }
            ));
            let resolved = a
                .get("source")
                .and_then(|s| s.get("entity"))
                .and_then(|e| e.as_str())
                .and_then(entity);
            lines.push(format!(
                "entity: {}",
                resolved.as_deref().unwrap_or("not resolved")
            ));
            if let Some(cue) = Some(str_at(a, &["cue", "text"])).filter(|c| !c.is_empty()) {
                lines.push(format!("cue: {cue}"));
            }
            // Up the chain: the statements this one is nested in, innermost first.
            let mut outer = Vec::new();
            let mut up = a.get("parent").and_then(|p| p.as_str());
            while let Some(p) = up {
                match by_id.get(p) {
                    Some(pa) if outer.len() < 16 && p != id => {
                        outer.push(describe(pa));
                        up = pa.get("parent").and_then(|x| x.as_str());
                    }
                    _ => break,
                }
            }
            let inner: Vec<String> = atts
                .iter()
                .filter(|c| c.get("parent").and_then(|p| p.as_str()) == Some(id))
                .map(describe)
                .collect();
            if outer.is_empty() && inner.is_empty() {
                lines.push("chain: none (not nested)".to_string());
            }
            if !outer.is_empty() {
                lines.push(format!("chain: nested in {}", outer.join(" ← in ")));
            }
            if !inner.is_empty() {
                lines.push(format!("chain: reports {}", inner.join("; ")));
            }
            let cites: Vec<String> = array(a, "citations")
                .iter()
                .filter_map(|c| c.as_str())
                .map(|c| match citation(c) {
                    Some(t) => format!("{c} {t}"),
                    None => c.to_string(),
                })
                .collect();
            lines.push(if cites.is_empty() {
                "citations: none".to_string()
            } else {
                format!("citations: {}", cites.join("; "))
            });
            lines.join("\n")
        })
        .collect()
}

/// The document text with sources, cues and contents wrapped in classed spans, escaped. Each
/// span carries the hover text of the statement it belongs to; where statements overlap, a
/// character belongs to the one that marks it most specifically (source, then cue, then
/// content), and among those to the innermost (shortest content).
fn highlighted_text(text: &str, doc: &serde_json::Value) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut marks = vec![0u8; chars.len()];
    // Per character: (mark, content length, attribution index) of its owner.
    let mut owner: Vec<Option<(u8, usize, usize)>> = vec![None; chars.len()];
    let mut starts: Vec<(usize, String)> = Vec::new();
    let atts = array(doc, "attributions");
    let tooltips = attribution_tooltips(doc);
    for (ai, a) in atts.iter().enumerate() {
        let content_len = a
            .get("content")
            .and_then(span_of)
            .map(|(s, e)| e - s)
            .unwrap_or(usize::MAX);
        for (key, mark) in [
            ("content", MARK_CONTENT),
            ("cue", MARK_CUE),
            ("source", MARK_SOURCE),
        ] {
            if let Some((s, e)) = a.get(key).and_then(span_of) {
                let end = e.min(chars.len());
                for i in s.min(end)..end {
                    marks[i] |= mark;
                    let better = match owner[i] {
                        None => true,
                        Some((m, len, _)) => mark > m || (mark == m && content_len < len),
                    };
                    if better {
                        owner[i] = Some((mark, content_len, ai));
                    }
                }
                if key == "content" {
                    if let Some(id) = a.get("id").and_then(|v| v.as_str()) {
                        starts.push((s, id.to_string()));
                    }
                }
            }
        }
    }
    starts.sort();
    let mut anchor_at = vec![false; chars.len() + 1];
    for (s, _) in &starts {
        if let Some(a) = anchor_at.get_mut(*s) {
            *a = true;
        }
    }
    let class = |m: u8| {
        if m & MARK_SOURCE != 0 {
            Some("src")
        } else if m & MARK_CUE != 0 {
            Some("cue")
        } else if m & MARK_CONTENT != 0 {
            Some("content")
        } else {
            None
        }
    };
    let who = |i: usize| owner[i].map(|(_, _, a)| a);
    let mut out = String::with_capacity(text.len() * 2);
    let mut next_anchor = starts.iter().peekable();
    let mut i = 0;
    while i < chars.len() {
        while let Some((s, id)) = next_anchor.peek() {
            if *s > i {
                break;
            }
            let _ = write!(out, "<a id=\"{}\"></a>", esc(id));
            next_anchor.next();
        }
        let c = class(marks[i]);
        let w = who(i);
        let mut j = i + 1;
        while j < chars.len() && class(marks[j]) == c && who(j) == w && !anchor_at[j] {
            j += 1;
        }
        let run: String = chars[i..j].iter().collect();
        match (c, w) {
            (Some(cls), Some(ai)) => {
                let _ = write!(
                    out,
                    "<span class=\"{cls}\" data-att=\"{}\" title=\"{}\">{}</span>",
                    esc(atts.get(ai).map(|a| str_at(a, &["id"])).unwrap_or("")),
                    esc(tooltips.get(ai).map(String::as_str).unwrap_or("")),
                    esc(&run)
                );
            }
            (Some(cls), None) => {
                let _ = write!(out, "<span class=\"{cls}\">{}</span>", esc(&run));
            }
            _ => out.push_str(&esc(&run)),
        }
        i = j;
    }
    out
}

async fn doc_page(State(st): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    let lookup = id.clone();
    let found = with_store(&st, move |s| {
        Ok(match s.document_json(&lookup)? {
            Some(j) => Some((j, s.claims_of(&lookup)?)),
            None => None,
        })
    })
    .await;
    let (json, claims) = match found {
        Ok(Some(x)) => x,
        Ok(None) => return error_page(ApiError::not_found("document")),
        Err(e) => return error_page(e),
    };
    let doc: serde_json::Value = match serde_json::from_str(&json) {
        Ok(v) => v,
        Err(e) => {
            return error_page(ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                e.to_string(),
            ))
        }
    };
    let s = |k: &str| doc.get(k).and_then(|v| v.as_str()).unwrap_or("");
    let title = if s("title").is_empty() {
        s("path")
    } else {
        s("title")
    };
    let mut body = format!("<h1>{}</h1><p class=\"meta\">", esc(title));
    let authors: Vec<&str> = doc
        .get("authors")
        .and_then(|v| v.as_array())
        .map(|a| a.iter().filter_map(|x| x.as_str()).collect())
        .unwrap_or_default();
    for part in [
        authors.join(", ").as_str(),
        s("publisher"),
        s("published"),
        s("path"),
        s("id"),
    ] {
        if !part.is_empty() {
            let _ = write!(body, "<span>{}</span> ", esc(part));
        }
    }
    body.push_str("</p><p class=\"legend\"><span class=\"src\">source</span> <span class=\"cue\">cue</span> <span class=\"content\">content</span> <span class=\"meta\">hover a statement for its source kind, entity, chain and citations</span></p>");
    let _ = write!(
        body,
        "<article class=\"text\">{}</article>",
        highlighted_text(s("text"), &doc)
    );
    body.push_str(
        "<h2>Statements</h2><table class=\"statements\"><tr><th>id</th><th>source</th><th>cue</th><th>content</th></tr>",
    );
    let empty = Vec::new();
    let tooltips = attribution_tooltips(&doc);
    for (ai, a) in array(&doc, "attributions").iter().enumerate() {
        let g = |k: &str, f: &str| {
            a.get(k)
                .and_then(|v| v.get(f))
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string()
        };
        let id = a.get("id").and_then(|v| v.as_str()).unwrap_or("");
        let _ = write!(
            body,
            "<tr title=\"{}\"><td><a href=\"#{}\">{}</a></td><td class=\"src\">{} <span class=\"meta\">{}</span></td><td class=\"cue\">{}</td><td class=\"content\">{}</td></tr>",
            esc(tooltips.get(ai).map(String::as_str).unwrap_or("")),
            enc(id),
            esc(id),
            esc(&g("source", "text")),
            esc(&g("source", "kind")),
            esc(&g("cue", "text")),
            esc(&g("content", "text")),
        );
    }
    body.push_str("</table>");
    let removed = doc
        .get("removed")
        .and_then(|v| v.as_array())
        .unwrap_or(&empty);
    if !removed.is_empty() {
        let _ = write!(
            body,
            "<details class=\"removed\"><summary>Removed as boilerplate ({} passages)</summary><ul>",
            removed.len()
        );
        for r in removed {
            let g = |k: &str| r.get(k).and_then(|v| v.as_str()).unwrap_or("");
            let _ = write!(
                body,
                "<li><span class=\"meta\">{}</span> {}</li>",
                esc(g("kind")),
                esc(g("text"))
            );
        }
        body.push_str("</ul></details>");
    }
    if !claims.is_empty() {
        body.push_str("<h2>Claims</h2><ul>");
        for k in &claims {
            let _ = write!(
                body,
                "<li><a href=\"/claim/{}\">{}</a> {} <span class=\"meta\">{} statements, {} independent</span></li>",
                enc(&k.id),
                esc(&k.id),
                esc(&k.text),
                k.members,
                k.independent_sources
            );
        }
        body.push_str("</ul>");
    }
    page(title, &body).into_response()
}

async fn entity_page(State(st): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    let detail = match with_store(&st, move |s| s.entity(&id)).await {
        Ok(Some(d)) => d,
        Ok(None) => return error_page(ApiError::not_found("entity")),
        Err(e) => return error_page(e),
    };
    let e = &detail.entity;
    let mut body = format!(
        "<h1>{}</h1><p class=\"meta\">{} {}</p>",
        esc(&e.name),
        esc(e.label.as_str()),
        esc(&e.aliases.join(" · "))
    );
    body.push_str("<h2>Documents</h2><ul>");
    for d in &detail.documents {
        let _ = write!(
            body,
            "<li><a href=\"/doc/{}\">{}</a></li>",
            enc(&d.id),
            esc(d.title.as_deref().unwrap_or(&d.path))
        );
    }
    body.push_str("</ul><h2>Statements</h2><ul>");
    for a in &detail.attributions {
        let _ = write!(
            body,
            "<li><span class=\"src\">{}</span> <span class=\"cue\">{}</span> <span class=\"content\">{}</span> <a href=\"/doc/{}#{}\">{}</a></li>",
            esc(a.source.as_deref().unwrap_or("")),
            esc(a.cue.as_deref().unwrap_or("")),
            esc(&a.content),
            enc(&a.document),
            enc(&a.id),
            esc(&a.document)
        );
    }
    body.push_str("</ul>");
    page(&e.name, &body).into_response()
}

async fn claim_page(State(st): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    let trace = match with_store(&st, move |s| s.trace(&id)).await {
        Ok(Some(t)) => t,
        Ok(None) => return error_page(ApiError::not_found("claim")),
        Err(e) => return error_page(e),
    };
    let k = &trace.claim;
    let mut body = format!(
        "<h1>{} {}</h1><p class=\"meta\">{} statements · {} independent source(s) {}</p>",
        esc(&k.id),
        esc(&k.text),
        k.members.len(),
        k.independent_sources,
        esc(&k.flags.join(", "))
    );
    // The graph script fetches the claim's graph by the id in data-claim. The empty element
    // with cytoscape's stylesheet id stops the library from injecting an inline <style>, which
    // the Content-Security-Policy would refuse; style.css holds that rule instead.
    let _ = write!(
        body,
        "<h2>Provenance graph</h2><section class=\"graph\">\
         <span id=\"__________cytoscape_stylesheet\" hidden></span>\
         <div id=\"graph-legend\" class=\"graph-legend\"></div>\
         <div id=\"graph\" data-claim=\"{}\"><noscript>The graph needs JavaScript; the lists below hold the same information.</noscript></div>\
         <p id=\"graph-summary\" class=\"meta\"></p>\
         <div id=\"graph-detail\" class=\"graph-detail\"><p class=\"meta\">Click a node for its details; double-click a document or statement to open it.</p></div>\
         </section><h2>Statements</h2><ul>",
        esc(&k.id)
    );
    for m in &trace.members {
        let (Some(d), Some(a)) = (&m.document, &m.attribution) else {
            continue;
        };
        let _ = write!(
            body,
            "<li><a href=\"/doc/{}#{}\">{}</a>: <span class=\"src\">{}</span> <span class=\"cue\">{}</span> <span class=\"content\">{}</span>",
            enc(&d.id),
            enc(&a.id),
            esc(d.title.as_deref().unwrap_or(&d.path)),
            esc(a.source.as_deref().unwrap_or("(unknown source)")),
            esc(a.cue.as_deref().unwrap_or("")),
            esc(&a.content)
        );
        for c in &m.citations {
            let _ = write!(
                body,
                "<div class=\"meta\">cites {} {}</div>",
                esc(c.work.as_deref().unwrap_or("")),
                esc(&c.text)
            );
        }
        body.push_str("</li>");
    }
    body.push_str("</ul><h2>Root sources</h2><ul>");
    for r in &k.root_sources {
        let _ = write!(
            body,
            "<li><span class=\"src\">{}</span> <span class=\"meta\">{} via {}</span></li>",
            esc(&r.text),
            esc(r.kind.as_str()),
            esc(&r.via.join(" → "))
        );
    }
    body.push_str("</ul><h2>Works</h2><ul>");
    for w in &trace.works {
        let _ = write!(
            body,
            "<li>{} {} {} {}</li>",
            esc(&w.id),
            esc(w.outlet.as_deref().unwrap_or("")),
            esc(w.title.as_deref().unwrap_or("")),
            esc(w.date.as_deref().unwrap_or(""))
        );
    }
    body.push_str("</ul>");
    page_with_scripts(
        &k.id,
        &body,
        &["/assets/cytoscape.min.js", "/assets/graph.js"],
    )
    .into_response()
}

async fn claims_page(State(st): State<Arc<AppState>>, Query(p): Query<ListParams>) -> Response {
    let mut q = p.to_query();
    if q.min_members.is_none() {
        q.min_members = Some(2);
    }
    let claims = match with_store(&st, move |s| s.claims(&q)).await {
        Ok(c) => c,
        Err(e) => return error_page(e),
    };
    let mut body = String::from("<h1>Claims made by more than one statement</h1><ul>");
    for k in &claims {
        let _ = write!(
            body,
            "<li><a href=\"/claim/{}\">{}</a> {} <span class=\"meta\">{} statements, {} independent {}</span></li>",
            enc(&k.id),
            esc(&k.id),
            esc(&k.text),
            k.members,
            k.independent_sources,
            esc(&k.flags.join(", "))
        );
    }
    body.push_str("</ul>");
    page("claims", &body).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(
            esc("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
        assert_eq!(enc("d-1/../x y"), "d-1%2F..%2Fx%20y");
    }

    #[test]
    fn highlighting_escapes_and_classes() {
        let text = "<b>Ann</b> said “no”.";
        let doc = serde_json::json!({"attributions": [{"id": "a1",
            "source": {"start": 0, "end": 10}, "cue": {"start": 11, "end": 15},
            "content": {"start": 16, "end": 20}}]});
        let html = highlighted_text(text, &doc);
        assert!(html.contains(">&lt;b&gt;Ann&lt;/b&gt;</span>"));
        assert!(html.contains("<span class=\"src\" data-att=\"a1\" title=\"a1 · "));
        assert!(html.contains("<span class=\"cue\" data-att=\"a1\""));
        assert!(html.contains(">said</span>"));
        assert!(html.contains("<span class=\"content\" data-att=\"a1\""));
        assert!(html.contains(">“no”</span>"));
        assert!(!html.contains("<b>"));
        // Out-of-range spans are ignored, not a panic.
        let bad = serde_json::json!({"attributions": [{"content": {"start": 5, "end": 999}},
            {"content": {"start": 9, "end": 2}}]});
        let _ = highlighted_text(text, &bad);
        let _ = highlighted_text("", &bad);
    }

    #[test]
    fn tooltips_name_kind_entity_chain_citations() {
        let text = "Ann reported that Bob said \"<x>\".";
        let doc = serde_json::json!({
        "entities": [{"id": "e1", "label": "PERSON", "name": "Ann Lee"}],
        "citations": [{"id": "c1", "marker": "[1]", "outlet": "Wire", "title": "<i>T</i>",
            "text": "Wire, T"}],
        "attributions": [
            {"id": "a1", "type": "indirect",
             "source": {"start": 0, "end": 3, "text": "Ann", "entity": "e1", "kind": "person"},
             "cue": {"start": 4, "end": 12, "text": "reported"},
             "content": {"start": 13, "end": 32, "text": "that Bob said \"<x>\""},
             "parent": null, "citations": ["c1"]},
            {"id": "a2", "type": "direct",
             "source": {"start": 18, "end": 21, "text": "Bob", "kind": "person"},
             "cue": {"start": 22, "end": 26, "text": "said"},
             "content": {"start": 27, "end": 32, "text": "\"<x>\""},
             "parent": "a1", "citations": []}
        ]});
        let tips = attribution_tooltips(&doc);
        assert!(tips[0].contains("source: Ann (person)"), "{}", tips[0]);
        assert!(tips[0].contains("entity: Ann Lee (PERSON)"));
        assert!(tips[0].contains("c1 [1], Wire, <i>T</i>"));
        assert!(tips[0].contains("chain: reports a2 Bob"));
        assert!(tips[1].contains("chain: nested in a1 Ann"));
        assert!(tips[1].contains("entity: not resolved"));
        assert!(tips[1].contains("citations: none"));
        let html = highlighted_text(text, &doc);
        assert!(!html.contains("<i>") && !html.contains("<x>"), "{html}");
        assert!(html.contains("&lt;i&gt;T&lt;/i&gt;"));
        // Bob is a2's source inside a1's content: the source mark and the inner statement win.
        assert!(html.contains("<span class=\"src\" data-att=\"a2\""));
        assert!(html.contains("<span class=\"content\" data-att=\"a2\""));
        assert!(html.contains("<span class=\"content\" data-att=\"a1\""));
    }
}
