//! Main-content selection and text emission (readability-style scoring over the flat tree).

// Passes index several parallel per-node arrays with the same index.
#![allow(clippy::needless_range_loop)]

use super::flat::{FNode, Kind, Tag};
use headwater_doc::{Link, Removed, RemovedKind, Span};

/// Skip marks: `0` kept, `INHERITED` inside a skipped subtree, otherwise `1 + kind code`.
const INHERITED: u8 = 255;

fn kind_code(k: RemovedKind) -> u8 {
    match k {
        RemovedKind::Disclaimer => 1,
        RemovedKind::Related => 2,
        RemovedKind::Navigation => 3,
        RemovedKind::Share => 4,
        RemovedKind::Comments => 5,
        RemovedKind::Byline => 6,
        RemovedKind::Other => 7,
    }
}

fn code_kind(c: u8) -> RemovedKind {
    match c {
        1 => RemovedKind::Disclaimer,
        2 => RemovedKind::Related,
        3 => RemovedKind::Navigation,
        4 => RemovedKind::Share,
        5 => RemovedKind::Comments,
        6 => RemovedKind::Byline,
        _ => RemovedKind::Other,
    }
}

/// What class/id names say about an element.
#[derive(Default, Clone, Copy)]
struct Hint {
    negative: Option<RemovedKind>,
    positive: bool,
    /// A standfirst / lead paragraph container (`intro`, `lead`, `standfirst`...).
    lead: bool,
}

/// Reads class and id tokens, split on non-alphanumerics, lowercased into `buf` (reused so that
/// the per-element cost is no allocation).
fn class_hint(e: &scraper::node::Element, buf: &mut String) -> Hint {
    buf.clear();
    if let Some(c) = e.attr("class") {
        buf.push_str(c);
    }
    if let Some(i) = e.attr("id") {
        buf.push(' ');
        buf.push_str(i);
    }
    if let Some(r) = e.attr("role") {
        buf.push(' ');
        buf.push_str(match r {
            "navigation" | "menu" | "menubar" => "nav",
            "complementary" => "sidebar",
            "contentinfo" => "footer",
            "banner" => "banner",
            "dialog" | "alertdialog" => "modal",
            _ => "",
        });
    }
    if buf.is_empty() {
        return Hint::default();
    }
    buf.make_ascii_lowercase();
    let mut h = Hint::default();
    for part in buf.split(|c: char| !c.is_ascii_alphanumeric()) {
        if part.is_empty() {
            continue;
        }
        if let Some(k) = negative_part(part) {
            // The first strong signal wins; bylines beat generic "other" labels.
            if h.negative.is_none() || h.negative == Some(RemovedKind::Other) {
                h.negative = Some(k);
            }
        }
        if matches!(
            part,
            "intro"
                | "lead"
                | "leadtext"
                | "standfirst"
                | "summary"
                | "abstract"
                | "excerpt"
                | "dek"
                | "deck"
                | "teaser"
                | "subtitle"
                | "description"
        ) {
            h.lead = true;
        }
        if matches!(
            part,
            "article"
                | "articlebody"
                | "body"
                | "content"
                | "entry"
                | "main"
                | "post"
                | "story"
                | "storybody"
                | "text"
                | "blog"
                | "prose"
                | "rte"
        ) || part.starts_with("articlebody")
            || part.starts_with("storybody")
            || part.starts_with("postbody")
        {
            h.positive = true;
        }
    }
    h
}

/// Class/id tokens that mark boilerplate, with the kind to record.
fn negative_part(p: &str) -> Option<RemovedKind> {
    let has = |s: &str| p.contains(s);
    if has("share") || has("social") || p == "sharing" || has("sociable") {
        return Some(RemovedKind::Share);
    }
    if (p.starts_with("comment") && !p.starts_with("commentar"))
        || has("disqus")
        || p == "respond"
        || p == "replies"
    {
        return Some(RemovedKind::Comments);
    }
    if has("related")
        || has("recommend")
        || has("mostread")
        || has("mostpopular")
        || has("mostviewed")
        || p == "popular"
        || p == "trending"
        || has("outbrain")
        || has("taboola")
        || has("readmore")
        || has("readnext")
        || p == "teasers"
        || p == "promo"
        || has("morestories")
        || p == "upnext"
    {
        return Some(RemovedKind::Related);
    }
    if has("byline")
        || p.starts_with("author")
        || p == "dateline"
        || p == "contributor"
        || p == "timestamp"
        || p == "published"
        || p == "pubdate"
        || p == "postmeta"
        || p == "entrymeta"
        || p == "articlemeta"
        || p == "meta"
    {
        return Some(RemovedKind::Byline);
    }
    if has("disclaimer")
        || has("copyright")
        || has("cookie")
        || has("consent")
        || p == "gdpr"
        || has("subscribe")
        || has("subscription")
        || has("newsletter")
        || has("paywall")
        || has("signup")
        || p == "regwall"
        || p == "legal"
    {
        return Some(RemovedKind::Disclaimer);
    }
    if p == "nav"
        || p == "navbar"
        || p.starts_with("navigation")
        || has("breadcrumb")
        || p == "menu"
        || p.starts_with("pagination")
        || p == "pager"
        || p == "skip"
        || p == "masthead"
        || p == "topbar"
        || p == "toolbar"
    {
        return Some(RemovedKind::Navigation);
    }
    if has("sidebar")
        || p == "footer"
        || p == "header"
        || p == "ad"
        || p == "ads"
        || p.starts_with("advert")
        || p.starts_with("sponsor")
        || p == "banner"
        || p == "modal"
        || p == "popup"
        || p == "overlay"
        || p == "hidden"
        || p == "hide"
        || p.contains("caption")
        || p == "credit"
        || p == "widget"
        || p == "tags"
        || p == "taglist"
        || p == "sronly"
        || p == "sr"
        || p == "visuallyhidden"
        || p == "print"
        || p == "tools"
        || p == "rail"
        || p == "promoted"
        || p == "noprint"
        || p == "hidden-print"
    {
        return Some(RemovedKind::Other);
    }
    None
}

/// Boilerplate decided by element name alone.
fn tag_skip(t: Tag) -> Option<RemovedKind> {
    match t {
        Tag::Script
        | Tag::Style
        | Tag::Noscript
        | Tag::Template
        | Tag::Svg
        | Tag::Button
        | Tag::Input
        | Tag::Select
        | Tag::Textarea
        | Tag::Iframe
        | Tag::Head
        | Tag::Title
        | Tag::Meta
        | Tag::Link
        | Tag::Img
        | Tag::Figcaption => Some(RemovedKind::Other),
        Tag::Nav => Some(RemovedKind::Navigation),
        Tag::Header | Tag::Footer | Tag::Aside | Tag::Form => Some(RemovedKind::Other),
        _ => None,
    }
}

fn is_hidden(e: &scraper::node::Element) -> bool {
    if e.attr("hidden").is_some() {
        return true;
    }
    if let Some(s) = e.attr("style") {
        let s = s.as_bytes();
        // Cheap check without allocating: look for "none"/"hidden" after display/visibility.
        let lower = |i: usize| s.get(i).map(|b| b.to_ascii_lowercase());
        let mut i = 0;
        while i + 7 < s.len() {
            if lower(i) == Some(b'd')
                && s.get(i..i + 7)
                    .is_some_and(|w| w.eq_ignore_ascii_case(b"display"))
            {
                let rest = s.get(i + 7..).unwrap_or(&[]);
                let rest: Vec<u8> = rest
                    .iter()
                    .copied()
                    .skip_while(|b| *b == b' ' || *b == b':')
                    .take(4)
                    .collect();
                if rest.eq_ignore_ascii_case(b"none") {
                    return true;
                }
            }
            i += 1;
        }
    }
    false
}

/// Per-node statistics over kept (non-skipped) text.
struct Stats {
    /// Non-whitespace characters of text below the node.
    text: Vec<u32>,
    /// Of those, characters inside `<a>`.
    link: Vec<u32>,
    /// Commas below the node (a readability signal for prose).
    commas: Vec<u32>,
}

fn text_weight(s: &str) -> (u32, u32) {
    let mut n = 0u32;
    let mut commas = 0u32;
    for c in s.chars() {
        if !c.is_whitespace() {
            n += 1;
            if c == ',' || c == '，' || c == '、' {
                commas += 1;
            }
        }
    }
    (n, commas)
}

fn compute_stats(nodes: &[FNode<'_>], skip: &[u8]) -> Stats {
    let n = nodes.len();
    let mut text = vec![0u32; n];
    let mut link = vec![0u32; n];
    let mut commas = vec![0u32; n];
    for i in (0..n).rev() {
        if skip.get(i).copied().unwrap_or(0) != 0 {
            continue;
        }
        let Some(node) = nodes.get(i) else { continue };
        if let Kind::Text(t) = node.kind {
            let (w, c) = text_weight(t);
            text[i] = w;
            commas[i] = c;
        }
        if node.tag() == Some(Tag::A) {
            link[i] = text[i];
        }
        let p = node.parent as usize;
        if p != i {
            let (t, l, c) = (text[i], link[i], commas[i]);
            if let Some(x) = text.get_mut(p) {
                *x += t;
            }
            if let Some(x) = link.get_mut(p) {
                *x += l;
            }
            if let Some(x) = commas.get_mut(p) {
                *x += c;
            }
        }
    }
    Stats { text, link, commas }
}

/// The extracted body.
#[derive(Default)]
pub(crate) struct Body {
    pub text: String,
    pub paragraphs: Vec<Span>,
    pub links: Vec<Link>,
    pub removed: Vec<Removed>,
}

/// Selects the main content and renders it.
pub(crate) fn extract_body(nodes: &[FNode<'_>], resolve: &dyn Fn(&str) -> Option<String>) -> Body {
    let n = nodes.len();
    if n == 0 {
        return Body::default();
    }
    // Raw stats first (nothing skipped): lets the class-based rules spare a container that
    // holds most of the page's text even when one of its class names looks negative.
    let no_skip = vec![0u8; n];
    let raw = compute_stats(nodes, &no_skip);
    let total = raw.text.first().copied().unwrap_or(0).max(1);
    // Prose held in <p> below each node, ignoring any skipping: a container holding most of it
    // is never dropped on name or class alone.
    let mut raw_p = vec![0u32; n];
    for i in (0..n).rev() {
        let Some(node) = nodes.get(i) else { continue };
        if node.tag() == Some(Tag::P) {
            raw_p[i] = raw.text.get(i).copied().unwrap_or(0);
        }
        let p = node.parent as usize;
        if p != i {
            let v = raw_p[i];
            if let Some(x) = raw_p.get_mut(p) {
                *x = x.saturating_add(v);
            }
        }
    }
    let total_p = raw_p.first().copied().unwrap_or(0).max(1);
    let p_share = |i: usize| raw_p.get(i).copied().unwrap_or(0) as f32 / total_p as f32;

    let mut skip = vec![0u8; n];
    let mut weight = vec![0i32; n];
    let mut lead = vec![false; n];
    let mut buf = String::new();
    for i in 0..n {
        let Some(node) = nodes.get(i) else { continue };
        let p = node.parent as usize;
        if p != i && skip.get(p).copied().unwrap_or(0) != 0 {
            skip[i] = INHERITED;
            continue;
        }
        let Kind::Elem(tag, e) = node.kind else {
            continue;
        };
        if let Some(k) = tag_skip(tag) {
            // Page-level header/footer/aside can wrap everything on badly built pages.
            let big = matches!(tag, Tag::Header | Tag::Form | Tag::Aside | Tag::Footer)
                && (raw.text.get(i).copied().unwrap_or(0) * 2 > total || p_share(i) > 0.4);
            if !big {
                skip[i] = 1 + kind_code(k);
                continue;
            }
        }
        if is_hidden(e) && !matches!(tag, Tag::Html | Tag::Body) {
            skip[i] = 1 + kind_code(RemovedKind::Other);
            continue;
        }
        if e.attr("class").is_none() && e.attr("id").is_none() && e.attr("role").is_none() {
            continue;
        }
        let h = class_hint(e, &mut buf);
        if let Some(x) = lead.get_mut(i) {
            *x = h.lead && h.negative.is_none();
        }
        if let Some(k) = h.negative {
            let structural = matches!(tag, Tag::Html | Tag::Body | Tag::Main | Tag::Article);
            let share = raw.text.get(i).copied().unwrap_or(0) as f32 / total as f32;
            // Layout words (modal, overlay, sidebar...) next to a content word describe a
            // wrapper, not boilerplate; strong words (share, related...) need the wrapper to
            // also hold a good part of the page before they are ignored.
            let weak = k == RemovedKind::Other;
            let protected = structural
                || (h.positive && (weak || share > 0.3))
                || share > 0.6
                || p_share(i) > 0.4;
            if !protected {
                skip[i] = 1 + kind_code(k);
                continue;
            }
            weight[i] -= 25;
        }
        if h.positive {
            weight[i] += 25;
        }
    }

    let st = compute_stats(nodes, &skip);

    // Readability scoring: each paragraph-like node credits its ancestors.
    let mut score = vec![f32::NAN; n];
    let init = |i: usize, score: &mut [f32]| {
        if let Some(s) = score.get_mut(i) {
            if s.is_nan() {
                let base = match nodes.get(i).and_then(|x| x.tag()) {
                    Some(Tag::Div | Tag::Article | Tag::Main | Tag::Section) => 5.0,
                    Some(Tag::Pre | Tag::Td | Tag::Blockquote) => 3.0,
                    Some(Tag::Ol | Tag::Ul | Tag::Dl | Tag::Dd | Tag::Dt | Tag::Li | Tag::Form) => {
                        -3.0
                    }
                    Some(Tag::Th) => -5.0,
                    Some(t) if t.is_heading() => -5.0,
                    _ => 0.0,
                };
                *s = base + weight.get(i).copied().unwrap_or(0) as f32;
            }
        }
    };
    let mut para_text_total = 0u64;
    for i in 0..n {
        if skip.get(i).copied().unwrap_or(0) != 0 {
            continue;
        }
        let Some(node) = nodes.get(i) else { continue };
        let Some(tag) = node.tag() else { continue };
        let len = match tag {
            Tag::P | Tag::Pre | Tag::Td | Tag::Blockquote => st.text.get(i).copied().unwrap_or(0),
            Tag::Div | Tag::Section | Tag::Article | Tag::Span => {
                // Divs used as paragraphs: text sitting directly in them.
                let mut direct = 0u32;
                let mut j = i + 1;
                while j < node.end as usize {
                    let Some(c) = nodes.get(j) else { break };
                    if c.parent as usize == i {
                        match c.kind {
                            Kind::Text(_) => direct += st.text.get(j).copied().unwrap_or(0),
                            Kind::Elem(t, _) if !t.is_block() => {
                                direct += st.text.get(j).copied().unwrap_or(0)
                            }
                            _ => {}
                        }
                    }
                    j = c.end.max(j as u32 + 1) as usize;
                }
                if direct < 25 {
                    0
                } else {
                    direct
                }
            }
            _ => 0,
        };
        if len < 25 {
            continue;
        }
        para_text_total += len as u64;
        // Capped: a list of names is full of commas but is not prose.
        let commas = st.commas.get(i).copied().unwrap_or(0).min(8) as f32;
        let s = 1.0 + commas + (len as f32 / 100.0).min(3.0);
        let mut anc = node.parent as usize;
        let mut prev = i;
        for level in 0..5 {
            if anc == prev {
                break;
            }
            init(anc, &mut score);
            let div = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            if let Some(x) = score.get_mut(anc) {
                *x += s / div;
            }
            prev = anc;
            anc = nodes.get(anc).map(|x| x.parent as usize).unwrap_or(anc);
        }
    }
    let _ = para_text_total;

    let ld = |i: usize| -> f32 {
        let t = st.text.get(i).copied().unwrap_or(0);
        if t == 0 {
            return 0.0;
        }
        st.link.get(i).copied().unwrap_or(0) as f32 / t as f32
    };
    let mut best: Option<(usize, f32)> = None;
    let mut finals = vec![0f32; n];
    for i in 0..n {
        let s = score.get(i).copied().unwrap_or(f32::NAN);
        if s.is_nan() {
            continue;
        }
        let f = s * (1.0 - ld(i));
        finals[i] = f;
        if best.is_none_or(|(_, b)| f > b) {
            best = Some((i, f));
        }
    }

    let winner = best.map(|(t, _)| t);
    let best = best.map(|(top, top_score)| {
        let t = promote(nodes, &skip, &st, &finals, top, top_score);
        (t, finals.get(t).copied().unwrap_or(0.0).max(top_score))
    });
    let mut roots: Vec<usize> = Vec::new();
    match best {
        None => {
            // No paragraphs at all: fall back to the body.
            let body = (0..n).find(|&i| nodes.get(i).and_then(|x| x.tag()) == Some(Tag::Body));
            roots.push(body.unwrap_or(0));
        }
        Some((top, top_score)) => {
            let parent = nodes.get(top).map(|x| x.parent as usize).unwrap_or(top);
            if parent == top {
                roots.push(top);
            } else {
                let threshold = (top_score * 0.2).max(10.0);
                let mut j = parent + 1;
                let pend = nodes.get(parent).map(|x| x.end as usize).unwrap_or(j);
                while j < pend {
                    let Some(c) = nodes.get(j) else { break };
                    let next = c.end.max(j as u32 + 1) as usize;
                    if c.parent as usize == parent && skip.get(j).copied().unwrap_or(0) == 0 {
                        let keep = if j == top {
                            true
                        } else {
                            let f = finals.get(j).copied().unwrap_or(0.0);
                            let len = st.text.get(j).copied().unwrap_or(0);
                            let d = ld(j);
                            f >= threshold
                                || (c.tag() == Some(Tag::P) && len > 80 && d < 0.25)
                                || (c.tag() == Some(Tag::P) && len > 0 && d == 0.0 && len >= 40)
                                || (j < top && f > 0.0 && len > 80 && d < 0.25)
                        };
                        if keep {
                            roots.push(j);
                        }
                    }
                    j = next;
                }
            }
        }
    }

    // Bodies split into repeated containers (one per section, around inline media) share the
    // winner's class: take the other copies too.
    if let Some(class) = winner
        .filter(|_| roots.len() <= 200)
        .and_then(|w| nodes.get(w))
        .and_then(|x| match x.kind {
            Kind::Elem(_, e) => e.attr("class"),
            _ => None,
        })
        .filter(|c| !c.trim().is_empty())
    {
        let covered = |j: usize, roots: &[usize]| {
            roots.iter().any(|&r| {
                let re = nodes.get(r).map(|x| x.end as usize).unwrap_or(r);
                let je = nodes.get(j).map(|x| x.end as usize).unwrap_or(j);
                (r <= j && j < re) || (j <= r && r < je)
            })
        };
        let mut extra = Vec::new();
        for j in 0..n {
            let Some(Kind::Elem(_, e)) = nodes.get(j).map(|x| x.kind) else {
                continue;
            };
            if e.attr("class") != Some(class) || skip.get(j).copied().unwrap_or(0) != 0 {
                continue;
            }
            let t = st.text.get(j).copied().unwrap_or(0);
            if t >= 100
                && ld(j) < 0.3
                && finals.get(j).copied().unwrap_or(0.0) > 0.0
                && !covered(j, &roots)
                && !covered(j, &extra)
            {
                extra.push(j);
            }
        }
        if !extra.is_empty() && extra.len() <= 50 {
            roots.extend(extra);
            roots.sort_unstable();
        }
    }

    // A standfirst often sits in the article header, outside the container that won: take
    // lead-classed blocks that precede the body within a few levels of it.
    if let Some(&first) = roots.first() {
        let mut anc = first;
        for _ in 0..4 {
            let p = nodes.get(anc).map(|x| x.parent as usize).unwrap_or(anc);
            if p == anc {
                break;
            }
            anc = p;
        }
        let mut leads = Vec::new();
        let mut j = anc + 1;
        while j < first {
            let Some(c) = nodes.get(j) else { break };
            let next = c.end.max(j as u32 + 1) as usize;
            if skip.get(j).copied().unwrap_or(0) != 0 {
                j = next;
                continue;
            }
            let t = st.text.get(j).copied().unwrap_or(0);
            if lead.get(j).copied().unwrap_or(false)
                && next <= first
                && t >= 40
                && st.link.get(j).copied().unwrap_or(0) * 10 < t * 3
            {
                leads.push(j);
                j = next;
                continue;
            }
            j += 1;
        }
        if !leads.is_empty() && leads.len() <= 3 {
            leads.extend_from_slice(&roots);
            roots = leads;
        }
    }

    let mut em = Emitter {
        out: String::with_capacity(4096),
        paragraphs: Vec::new(),
        links: Vec::new(),
        removed: Vec::new(),
        para_start: 0,
        pending: false,
        link_bytes: 0,
        link_depth: 0,
    };
    for &r in &roots {
        emit(nodes, &skip, &st, r, &mut em, resolve);
    }
    // Removed boilerplate inside the chosen container(s) and their parent: what a reader of the
    // article would have seen around the body.
    let scope = roots.first().map(|&r| article_scope(nodes, r)).unwrap_or(0);
    collect_removed(nodes, &skip, scope, &mut em.removed);
    Body {
        text: em.out,
        paragraphs: em.paragraphs,
        links: em.links,
        removed: em.removed,
    }
}

/// Readability's refinements of the winner: an ancestor shared by several near-best candidates
/// (the body split over sibling wrappers), a parent that scores better, and wrappers with a
/// single child.
fn promote(
    nodes: &[FNode<'_>],
    skip: &[u8],
    st: &Stats,
    finals: &[f32],
    top: usize,
    top_score: f32,
) -> usize {
    let parent_of = |i: usize| nodes.get(i).map(|x| x.parent as usize).unwrap_or(i);
    let is_body = |i: usize| {
        matches!(
            nodes.get(i).and_then(|x| x.tag()),
            Some(Tag::Body | Tag::Html) | None
        )
    };
    let contains = |a: usize, b: usize| a < b && nodes.get(a).is_some_and(|x| (x.end as usize) > b);
    // Top five candidates other than the winner, close in score.
    let mut near: Vec<usize> = Vec::new();
    {
        let mut order: Vec<(usize, f32)> = finals
            .iter()
            .copied()
            .enumerate()
            .filter(|&(i, f)| f > 0.0 && i != top)
            .collect();
        order.sort_by(|a, b| b.1.total_cmp(&a.1));
        for (i, f) in order.into_iter().take(4) {
            // The winner's own ancestors and descendants say nothing about a split body.
            if f >= 0.75 * top_score && !contains(i, top) && !contains(top, i) {
                near.push(i);
            }
        }
    }
    let mut top = top;
    if near.len() >= 2 {
        let mut a = parent_of(top);
        while !is_body(a) && a != parent_of(a) {
            let k = near.iter().filter(|&&c| contains(a, c)).count();
            if k >= 2 {
                top = a;
                break;
            }
            a = parent_of(a);
        }
    }
    // Walk up while the parent scores better, as long as scores stay meaningful.
    let mut last = finals.get(top).copied().unwrap_or(0.0);
    let threshold = last / 3.0;
    let mut a = parent_of(top);
    while !is_body(a) && a != parent_of(a) {
        let f = finals.get(a).copied().unwrap_or(0.0);
        if f == 0.0 {
            a = parent_of(a);
            continue;
        }
        if f < threshold {
            break;
        }
        if f > last {
            top = a;
            break;
        }
        last = f;
        a = parent_of(a);
    }
    // A lone child carries no structure of its own.
    loop {
        let p = parent_of(top);
        if p == top || is_body(p) {
            break;
        }
        let own = st.text.get(top).copied().unwrap_or(0);
        let all = st.text.get(p).copied().unwrap_or(0);
        if all > own || skip.get(p).copied().unwrap_or(0) != 0 {
            break;
        }
        top = p;
    }
    top
}

/// The enclosing `<article>`/`<main>` of the body when there is one close by, else its
/// grandparent: where bylines, share bars and related lists of this article live.
fn article_scope(nodes: &[FNode<'_>], root: usize) -> usize {
    let parent_of = |i: usize| nodes.get(i).map(|x| x.parent as usize).unwrap_or(i);
    let mut a = root;
    for _ in 0..6 {
        if matches!(
            nodes.get(a).and_then(|x| x.tag()),
            Some(Tag::Article | Tag::Main)
        ) {
            return a;
        }
        let p = parent_of(a);
        if p == a
            || matches!(
                nodes.get(p).and_then(|x| x.tag()),
                Some(Tag::Body | Tag::Html)
            )
        {
            break;
        }
        a = p;
    }
    parent_of(parent_of(root))
}

fn collect_removed(nodes: &[FNode<'_>], skip: &[u8], scope: usize, out: &mut Vec<Removed>) {
    let end = nodes.get(scope).map(|x| x.end as usize).unwrap_or(0);
    let mut i = scope;
    let mut seen = 0usize;
    while i < end && seen < 64 {
        let Some(node) = nodes.get(i) else { break };
        let code = skip.get(i).copied().unwrap_or(0);
        if code != 0 && code != INHERITED {
            let kind = code_kind(code - 1);
            let tag = node.tag();
            let meaningful =
                kind != RemovedKind::Other || matches!(tag, Some(Tag::Aside | Tag::Figcaption));
            if meaningful
                && !matches!(
                    tag,
                    Some(Tag::Script | Tag::Style | Tag::Noscript | Tag::Template | Tag::Svg)
                )
            {
                let t = subtree_text(nodes, i, 2000);
                if !t.is_empty() {
                    out.push(Removed { kind, text: t });
                    seen += 1;
                }
            }
            i = node.end.max(i as u32 + 1) as usize;
            continue;
        }
        i += 1;
    }
}

/// Whitespace-collapsed text of a subtree (scripts and styles left out), capped at `cap` bytes.
fn subtree_text(nodes: &[FNode<'_>], root: usize, cap: usize) -> String {
    let mut out = String::new();
    let end = nodes.get(root).map(|x| x.end as usize).unwrap_or(root);
    let mut i = root;
    while i < end && out.len() < cap {
        let Some(node) = nodes.get(i) else { break };
        match node.kind {
            Kind::Elem(Tag::Script | Tag::Style | Tag::Noscript | Tag::Template | Tag::Svg, _) => {
                i = node.end.max(i as u32 + 1) as usize;
                continue;
            }
            Kind::Text(t) => {
                for w in t.split(char::is_whitespace).filter(|w| !w.is_empty()) {
                    if !out.is_empty() {
                        out.push(' ');
                    }
                    out.push_str(w);
                }
            }
            _ => {}
        }
        i += 1;
    }
    if out.len() > cap {
        let mut c = cap;
        while c > 0 && !out.is_char_boundary(c) {
            c -= 1;
        }
        out.truncate(c);
    }
    out
}

struct Emitter {
    out: String,
    paragraphs: Vec<Span>,
    links: Vec<Link>,
    removed: Vec<Removed>,
    para_start: usize,
    pending: bool,
    /// Bytes of the current paragraph that sit inside links.
    link_bytes: usize,
    link_depth: u32,
}

/// Short lines that are interface text, not prose.
fn boiler_line(p: &str) -> Option<RemovedKind> {
    if p.len() > 240 {
        return None;
    }
    if p.len() > 80 {
        // Short calls to action that trail articles.
        let l = p.to_lowercase();
        let has = |s: &str| l.contains(s);
        if has("newsletter")
            || has("subscribe to")
            || has("sign up for")
            || has("have a tip")
            || has("all rights reserved")
            || has("copyrighted")
        {
            return Some(RemovedKind::Disclaimer);
        }
        if has("follow us on") || has("share this article") || has("share this story") {
            return Some(RemovedKind::Share);
        }
        return None;
    }
    let l = p
        .trim_end_matches([':', '.', '!', '»', '›', '→', ' '])
        .to_lowercase();
    let l = l.as_str();
    match l {
        "advertisement"
        | "advertising"
        | "ad"
        | "sponsored"
        | "sponsored content"
        | "story continues below advertisement"
        | "continue reading the main story"
        | "skip advertisement" => Some(RemovedKind::Other),
        "share" | "share this" | "share this article" | "share this story"
        | "share on facebook" | "share on twitter" | "tweet" | "email" | "print" | "facebook"
        | "twitter" | "linkedin" | "whatsapp" | "pinterest" | "reddit" | "copy link"
        | "share via email" => Some(RemovedKind::Share),
        "read more" | "related" | "related articles" | "related stories" | "more stories"
        | "recommended" | "most read" | "most popular" | "most viewed" | "trending"
        | "see also" | "more on this story" | "read next" => Some(RemovedKind::Related),
        "sign up" | "subscribe" | "subscribe now" | "log in" | "sign in" => {
            Some(RemovedKind::Disclaimer)
        }
        _ => {
            if l.starts_with("sign up for") || l.starts_with("subscribe to") {
                Some(RemovedKind::Disclaimer)
            } else if l.starts_with("follow us on") || l.starts_with("share this") {
                Some(RemovedKind::Share)
            } else {
                None
            }
        }
    }
}

impl Emitter {
    fn push_text(&mut self, s: &str) {
        for (k, w) in s.split(char::is_whitespace).enumerate() {
            if k > 0 {
                self.pending = true;
            }
            if w.is_empty() {
                continue;
            }
            if self.pending && self.out.len() > self.para_start {
                self.out.push(' ');
            }
            self.pending = false;
            let before = self.out.len();
            // Soft hyphens and zero-width characters are invisible and split words.
            if w.contains(['\u{ad}', '\u{200b}', '\u{feff}']) {
                for c in w.chars() {
                    if !matches!(c, '\u{ad}' | '\u{200b}' | '\u{feff}') {
                        self.out.push(c);
                    }
                }
            } else {
                self.out.push_str(w);
            }
            if self.link_depth > 0 {
                self.link_bytes += self.out.len() - before;
            }
        }
    }

    /// Closes the current paragraph, keeping it unless it looks like interface text.
    fn break_para(&mut self, heading_drop: bool) {
        self.pending = false;
        let start = self.para_start;
        let len = self.out.len().saturating_sub(start);
        if len == 0 {
            self.link_bytes = 0;
            return;
        }
        let para = self.out.get(start..).unwrap_or("");
        let mut drop: Option<RemovedKind> = None;
        if heading_drop {
            drop = Some(RemovedKind::Other);
        } else if let Some(k) = boiler_line(para) {
            drop = Some(k);
        } else if self.link_bytes * 10 > len * 6 && len < 400 {
            drop = Some(RemovedKind::Related);
        }
        if let Some(k) = drop {
            if !heading_drop {
                self.removed.push(Removed {
                    kind: k,
                    text: para.to_string(),
                });
            }
            // Take back the paragraph and its separator, and any links inside it.
            let cut = start.saturating_sub(2);
            let cut = if self.paragraphs.is_empty() { 0 } else { cut };
            self.out.truncate(cut.min(self.out.len()));
            // Links are pushed in text order, so the ones inside the paragraph are at the end.
            while self
                .links
                .last()
                .is_some_and(|l| (l.span.end as usize) > cut)
            {
                self.links.pop();
            }
            self.para_start = self.out.len();
        } else {
            self.paragraphs
                .push(Span::new(start as u32, self.out.len() as u32));
            self.para_start = self.out.len();
        }
        self.link_bytes = 0;
    }

    /// Starts a new paragraph after a break: the blank-line separator is written lazily, so
    /// empty blocks leave no trace.
    fn open_para(&mut self) {
        if self.out.len() == self.para_start && !self.out.is_empty() && !self.out.ends_with("\n\n")
        {
            self.out.push_str("\n\n");
            self.para_start = self.out.len();
        }
    }
}

/// Renders one kept subtree into the emitter, iteratively.
fn emit(
    nodes: &[FNode<'_>],
    skip: &[u8],
    st: &Stats,
    root: usize,
    em: &mut Emitter,
    resolve: &dyn Fn(&str) -> Option<String>,
) {
    let end = nodes.get(root).map(|x| x.end as usize).unwrap_or(root);
    // Open elements that need work at their close: (end index, tag, link start, href).
    let mut open: Vec<(usize, Tag, usize, Option<String>)> = Vec::new();
    let mut i = root;
    em.break_para(false);
    loop {
        while let Some(&(e_end, _, _, _)) = open.last() {
            if e_end > i {
                break;
            }
            let Some((_, tag, start, href)) = open.pop() else {
                break;
            };
            close(em, tag, start, href);
        }
        if i >= end {
            break;
        }
        let Some(node) = nodes.get(i) else { break };
        let next_sibling = node.end.max(i as u32 + 1) as usize;
        if skip.get(i).copied().unwrap_or(0) != 0 {
            i = next_sibling;
            continue;
        }
        match node.kind {
            Kind::Text(t) => {
                if em.out.len() == em.para_start {
                    if t.trim().is_empty() {
                        i += 1;
                        continue;
                    }
                    em.open_para();
                }
                em.push_text(t);
            }
            Kind::Elem(tag, e) => {
                // Link-heavy lists and boxes inside the article are link farms ("related").
                if i != root
                    && matches!(
                        tag,
                        Tag::Ul | Tag::Ol | Tag::Div | Tag::Section | Tag::Table | Tag::Dl
                    )
                {
                    let t = st.text.get(i).copied().unwrap_or(0);
                    let l = st.link.get(i).copied().unwrap_or(0);
                    if t > 0 && l * 10 > t * 6 {
                        em.break_para(false);
                        let txt = subtree_text(nodes, i, 2000);
                        if !txt.is_empty() {
                            em.removed.push(Removed {
                                kind: RemovedKind::Related,
                                text: txt,
                            });
                        }
                        i = next_sibling;
                        continue;
                    }
                }
                if tag == Tag::H1 && i != root {
                    // The headline is metadata (`title`), not body text.
                    em.break_para(false);
                    i = next_sibling;
                    continue;
                }
                if tag.is_block() {
                    em.break_para(false);
                }
                let href = if tag == Tag::A {
                    e.attr("href").and_then(resolve)
                } else {
                    None
                };
                if tag == Tag::A {
                    em.link_depth += 1;
                }
                if tag.is_block() || tag == Tag::A {
                    let start = if em.pending && em.out.len() > em.para_start {
                        em.out.len() + 1
                    } else {
                        em.out.len()
                    };
                    open.push((next_sibling, tag, start, href));
                }
            }
            Kind::Void => {}
        }
        i += 1;
    }
    em.break_para(false);
}

fn close(em: &mut Emitter, tag: Tag, start: usize, href: Option<String>) {
    if tag == Tag::A {
        em.link_depth = em.link_depth.saturating_sub(1);
        if let Some(url) = href {
            let end = em.out.len();
            let mut s = start.min(end);
            // The start was guessed before a possible separating space.
            while s < end && matches!(em.out.as_bytes().get(s), Some(b' ' | b'\n')) {
                s += 1;
            }
            if s >= em.para_start && s <= end && em.out.is_char_boundary(s) {
                em.links.push(Link {
                    span: Span::new(s as u32, end as u32),
                    url,
                });
            }
        }
    } else if tag.is_block() {
        em.break_para(false);
    }
}
