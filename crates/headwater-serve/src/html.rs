//! Server-rendered HTML pages. Every value from the store goes through [`esc`]; the pages carry
//! no scripts, and the stylesheet is embedded in the binary (no CDN, no files read from disk).

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
    Html(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} · headwater</title><link rel=\"stylesheet\" href=\"/static/style.css\"></head>\
         <body><header><a href=\"/\">headwater</a> <a href=\"/claims\">claims</a></header>\
         <main>{body}</main></body></html>",
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

/// The document text with sources, cues and contents wrapped in classed spans, escaped.
fn highlighted_text(text: &str, doc: &serde_json::Value) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut marks = vec![0u8; chars.len()];
    let mut starts: Vec<(usize, String)> = Vec::new();
    let empty = Vec::new();
    for a in doc
        .get("attributions")
        .and_then(|v| v.as_array())
        .unwrap_or(&empty)
    {
        for (key, mark) in [
            ("content", MARK_CONTENT),
            ("cue", MARK_CUE),
            ("source", MARK_SOURCE),
        ] {
            if let Some((s, e)) = a.get(key).and_then(span_of) {
                for m in marks.iter_mut().take(e.min(chars.len())).skip(s) {
                    *m |= mark;
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
        let mut j = i + 1;
        while j < chars.len() && class(marks[j]) == c && !anchor_at[j] {
            j += 1;
        }
        let run: String = chars[i..j].iter().collect();
        match c {
            Some(cls) => {
                let _ = write!(out, "<span class=\"{cls}\">{}</span>", esc(&run));
            }
            None => out.push_str(&esc(&run)),
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
    body.push_str("</p><p class=\"legend\"><span class=\"src\">source</span> <span class=\"cue\">cue</span> <span class=\"content\">content</span></p>");
    let _ = write!(
        body,
        "<article class=\"text\">{}</article>",
        highlighted_text(s("text"), &doc)
    );
    body.push_str(
        "<h2>Statements</h2><table><tr><th>id</th><th>source</th><th>cue</th><th>content</th></tr>",
    );
    let empty = Vec::new();
    for a in doc
        .get("attributions")
        .and_then(|v| v.as_array())
        .unwrap_or(&empty)
    {
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
            "<tr><td><a href=\"#{}\">{}</a></td><td class=\"src\">{} <span class=\"meta\">{}</span></td><td class=\"cue\">{}</td><td class=\"content\">{}</td></tr>",
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
        body.push_str("<h2>Removed as boilerplate</h2><ul class=\"removed\">");
        for r in removed {
            let g = |k: &str| r.get(k).and_then(|v| v.as_str()).unwrap_or("");
            let _ = write!(
                body,
                "<li><span class=\"meta\">{}</span> {}</li>",
                esc(g("kind")),
                esc(g("text"))
            );
        }
        body.push_str("</ul>");
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
        "<h1>{} {}</h1><p class=\"meta\">{} statements · {} independent source(s) {}</p><h2>Statements</h2><ul>",
        esc(&k.id),
        esc(&k.text),
        k.members.len(),
        k.independent_sources,
        esc(&k.flags.join(", "))
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
    page(&k.id, &body).into_response()
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
        assert!(html.contains("<span class=\"src\">&lt;b&gt;Ann&lt;/b&gt;</span>"));
        assert!(html.contains("<span class=\"cue\">said</span>"));
        assert!(html.contains("<span class=\"content\">“no”</span>"));
        assert!(!html.contains("<b>"));
        // Out-of-range spans are ignored, not a panic.
        let bad = serde_json::json!({"attributions": [{"content": {"start": 5, "end": 999}},
            {"content": {"start": 9, "end": 2}}]});
        let _ = highlighted_text(text, &bad);
        let _ = highlighted_text("", &bad);
    }
}
