use super::*;
use headwater_doc::RemovedKind;

const ARTICLE: &str = r##"<!DOCTYPE html>
<html lang="en-GB">
<head>
<title>Harbour bridge reopens after repairs | Coastal Courier</title>
<meta property="og:title" content="Harbour bridge reopens after repairs">
<meta property="og:site_name" content="Coastal Courier">
<meta property="og:url" content="https://news.example.org/2021/03/bridge">
<meta property="article:published_time" content="2021-03-04T08:15:00Z">
<meta name="author" content="Jane Example">
<link rel="canonical" href="/2021/03/bridge-reopens">
<script type="application/ld+json">
{"@context":"https://schema.org","@graph":[
 {"@type":"WebSite","name":"Coastal Courier"},
 {"@type":"NewsArticle","headline":"Harbour bridge reopens after repairs",
  "author":[{"@type":"Person","name":"Jane Example"},{"@type":"Person","name":"Sam Writer"}],
  "datePublished":"2021-03-04T08:15:00Z","publisher":{"@type":"Organization","name":"Coastal Courier Ltd"}}
]}
</script>
<style>p { color: red }</style>
</head>
<body>
<header class="site-header"><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav></header>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies?</div>
<main>
<article class="story">
<h1>Harbour bridge reopens after repairs</h1>
<div class="byline">By <a rel="author" href="/staff/jane">Jane Example</a>, transport reporter</div>
<div class="share-bar"><a href="https://share.example/fb">Share on Facebook</a> <a href="https://share.example/tw">Tweet</a></div>
<div class="article-body">
<p>The harbour bridge reopened to traffic on Thursday morning, two weeks after engineers closed it for urgent repairs to its expansion joints.</p>
<p>Council engineer Priya Lane said the work had finished ahead of schedule, and that <a href="/2021/02/bridge-closure">the original closure</a> had been a precaution rather than a sign of lasting damage.</p>
<figure><img src="bridge.jpg" alt="The bridge"><figcaption>The bridge at dawn. Photo: Staff photographer</figcaption></figure>
<h2>What changes for commuters</h2>
<p>Buses will return to their usual routes from Friday, according to the regional transport authority, which had diverted six lines during the closure.</p>
<ul><li>Route 4 returns to the bridge stop on Friday.</li><li>Route 9 keeps its temporary timetable until Monday.</li></ul>
<blockquote><p>“We are grateful for everyone’s patience during the works,” the authority said in a statement.</p></blockquote>
<p>Cyclists can use the new <a href="#lane">dedicated lane</a> on the eastern side, which was widened during the repairs.</p>
<p class="disclaimer">This article was amended on 5 March 2021 to correct the number of bus routes affected.</p>
</div>
<div class="related-stories"><h3>Related</h3><ul>
<li><a href="/a">Ferry timetable changes announced for spring</a></li>
<li><a href="/b">New cycle lanes planned for the old town</a></li>
<li><a href="/c">Parking fees to rise in the city centre</a></li>
</ul></div>
</article>
<aside class="sidebar"><h3>Most read</h3><ol><li><a href="/x">Local bakery wins national award</a></li><li><a href="/y">Weather warning issued for the weekend</a></li></ol></aside>
</main>
<footer><p>Copyright 2021 Coastal Courier. All rights reserved.</p></footer>
</body></html>"##;

#[test]
fn extracts_body_and_drops_boilerplate() {
    let a = extract(
        ARTICLE,
        Some("https://news.example.org/2021/03/bridge?ref=home"),
    );
    let t = &a.text;
    assert!(t.starts_with("The harbour bridge reopened"), "{t}");
    assert!(t.contains("What changes for commuters"));
    assert!(t.contains("Route 4 returns to the bridge stop on Friday."));
    assert!(t.contains("“We are grateful for everyone’s patience during the works,”"));
    assert!(t.contains("Cyclists can use the new dedicated lane on the eastern side"));
    for bad in [
        "Home",
        "cookies",
        "Share on Facebook",
        "Tweet",
        "Ferry timetable",
        "Local bakery",
        "Copyright",
        "Photo: Staff photographer",
        "By Jane Example",
        "This article was amended",
        "Harbour bridge reopens after repairs",
        "p { color",
    ] {
        assert!(!t.contains(bad), "{bad:?} leaked into: {t}");
    }
    // Paragraphs are separated by a blank line and the spans cover them exactly.
    assert!(t.contains("joints.\n\nCouncil engineer"));
    assert!(a.paragraphs.len() >= 7);
    for p in &a.paragraphs {
        let s = t.get(p.range()).unwrap();
        assert!(!s.is_empty() && !s.contains("\n\n") && s.trim() == s);
    }
    let kinds: Vec<RemovedKind> = a.removed.iter().map(|r| r.kind).collect();
    assert!(kinds.contains(&RemovedKind::Byline), "{:?}", a.removed);
    assert!(kinds.contains(&RemovedKind::Share), "{:?}", a.removed);
    assert!(kinds.contains(&RemovedKind::Related), "{:?}", a.removed);
    assert!(kinds.contains(&RemovedKind::Disclaimer), "{:?}", a.removed);
}

#[test]
fn links_are_resolved_and_anchored() {
    let a = extract(
        ARTICLE,
        Some("https://news.example.org/2021/03/bridge?ref=home"),
    );
    let link = a
        .links
        .iter()
        .find(|l| l.url.ends_with("/2021/02/bridge-closure"))
        .expect("inline link kept");
    assert_eq!(a.text.get(link.span.range()), Some("the original closure"));
    assert_eq!(link.url, "https://news.example.org/2021/02/bridge-closure");
    let frag = a
        .links
        .iter()
        .find(|l| l.url == "#lane")
        .expect("fragment kept as given");
    assert_eq!(a.text.get(frag.span.range()), Some("dedicated lane"));
}

#[test]
fn reads_metadata() {
    let a = extract(ARTICLE, None);
    assert_eq!(
        a.title.as_deref(),
        Some("Harbour bridge reopens after repairs")
    );
    assert_eq!(
        a.authors,
        vec!["Jane Example".to_string(), "Sam Writer".to_string()]
    );
    assert_eq!(a.publisher.as_deref(), Some("Coastal Courier"));
    assert_eq!(a.published.as_deref(), Some("2021-03-04"));
    // Canonical is relative: resolved against og:url's absent base -> falls back to og:url.
    assert!(a.url.is_some());
    assert_eq!(a.language.as_deref(), Some("en"));
    let b = extract(ARTICLE, Some("https://news.example.org/x"));
    assert_eq!(
        b.url.as_deref(),
        Some("https://news.example.org/2021/03/bridge-reopens")
    );
}

#[test]
fn json_ld_fields_and_dates() {
    let html = r#"<html><head><script type="application/ld+json">
    [{"@type":["Article"],"headline":"Quarterly rainfall figures published",
      "author":"Alex Doe","datePublished":"March 7, 2019","publisher":{"name":"Weather Desk"},
      "articleBody":"Rainfall in the first quarter was close to the long-term average across most regions, the weather service said on Monday.\nThe wettest month was February, when several stations recorded more than twice their usual totals, while March was unusually dry in the south.\nForecasters expect a drier spring overall, although they cautioned that short-range outlooks remain uncertain and will be updated every week."}]
    </script></head><body><div class="paywall">Subscribe to read more.</div><time datetime="2019-03-08">8 March</time></body></html>"#;
    let a = extract(html, None);
    assert_eq!(
        a.title.as_deref(),
        Some("Quarterly rainfall figures published")
    );
    assert_eq!(a.authors, vec!["Alex Doe".to_string()]);
    assert_eq!(a.publisher.as_deref(), Some("Weather Desk"));
    assert_eq!(a.published.as_deref(), Some("2019-03-07"));
    // The DOM has no body, so the structured body is used, split into paragraphs.
    assert!(
        a.text.starts_with("Rainfall in the first quarter"),
        "{}",
        a.text
    );
    assert_eq!(a.paragraphs.len(), 3);
    assert_eq!(meta::iso_date("2020/12/31"), Some("2020-12-31".into()));
    assert_eq!(meta::iso_date("20201231"), Some("2020-12-31".into()));
    assert_eq!(meta::iso_date("5 January 2022"), Some("2022-01-05".into()));
    assert_eq!(meta::iso_date("2020-13-01"), None);
    assert_eq!(meta::iso_date("yesterday"), None);
}

#[test]
fn hostile_title_and_scripts() {
    let html = "<html><head><title><script>alert('x')</script>Budget   vote \
                <b>delayed</b></title></head><body><div><script>document.write('<p>injected text that is long enough to count as a paragraph here</p>')</script>\
                <p>The committee postponed the budget vote until next week, citing missing figures from two departments.</p></div></body></html>";
    let a = extract(html, None);
    let title = a.title.unwrap();
    assert!(!title.contains('<'), "{title}");
    assert!(title.contains("Budget vote"));
    assert!(!a.text.contains("injected"), "{}", a.text);
    assert!(!a.text.contains("alert"));
    assert!(a.text.contains("postponed the budget vote"));
}

#[test]
fn empty_and_garbage_do_not_panic() {
    let mut junk = String::new();
    for i in 0..2000u32 {
        junk.push(char::from_u32(i * 37 % 0x2FFF).unwrap_or('x'));
        if i % 7 == 0 {
            junk.push_str("<p \"'><a href=");
        }
    }
    for s in [
        "",
        "   ",
        "<",
        "<<<>>>",
        "\u{0}\u{1}garbage",
        "<html><body>",
        "</div></p>",
        "<p>unclosed <b>bold <i>italic <a href='x'>link",
        "<a href=\"\">  </a><a href=javascript:void(0)>x</a>",
        "%PDF-1.4 binary-ish \u{fffd}\u{fffd}",
        junk.as_str(),
    ] {
        let a = extract(s, Some("not a url"));
        for p in &a.paragraphs {
            assert!(a.text.get(p.range()).is_some());
        }
        for l in &a.links {
            assert!(a.text.get(l.span.range()).is_some());
        }
    }
}

#[test]
fn malformed_markup_still_extracts() {
    let html = "<html><body><div id=content><p>The museum will extend its opening hours during the summer, the director announced on Tuesday.<p>Visitors will be able to enter until nine in the evening on Fridays and Saturdays <b>from June<p>Tickets bought online will remain valid for the whole day</div></table></span></body>";
    let a = extract(html, None);
    assert!(a.text.contains("extend its opening hours"));
    assert!(a
        .text
        .contains("until nine in the evening on Fridays and Saturdays from June"));
    assert!(a.text.contains("Tickets bought online"));
    assert!(a.paragraphs.len() >= 3, "{:?}", a.text);
}

#[test]
fn deep_nesting_does_not_overflow() {
    let depth = 100_000;
    let mut html = String::with_capacity(depth * 12 + 200);
    html.push_str("<html><body>");
    for _ in 0..depth {
        html.push_str("<div>");
    }
    html.push_str("<p>A sentence at the very bottom of a very deep tree of containers, long enough to score.</p>");
    for _ in 0..depth {
        html.push_str("</div>");
    }
    html.push_str("</body></html>");
    let a = extract(&html, None);
    assert!(a.text.contains("very bottom"));
    let mut spans = String::new();
    for _ in 0..depth {
        spans.push_str("<span><a href='/x'>");
    }
    let _ = extract(&spans, None);
}

#[test]
fn inline_spacing() {
    let html = "<html><body><article><p>Prices rose by <b>3</b>%  in   <em>March</em>,\n the office&nbsp;said.</p><p>Wind<span>mill</span> output <i>fell</i>.</p></article></body></html>";
    let a = extract(html, None);
    assert_eq!(
        a.text,
        "Prices rose by 3% in March, the office said.\n\nWindmill output fell."
    );
}

/// Structural invariants on real pages: spans on char boundaries and inside the text, paragraphs
/// trimmed and separated by blank lines, link anchors inside kept text.
#[test]
fn invariants_on_benchmark_pages() {
    let Some(shared) = eval::shared_dir() else {
        println!("skipped: shared corpora not found (set HEADWATER_SHARED)");
        return;
    };
    let dir = shared.join("corpora/article-extraction-benchmark/html");
    let Ok(rd) = std::fs::read_dir(&dir) else {
        println!("skipped: {} not found", dir.display());
        return;
    };
    let mut files: Vec<_> = rd.flatten().map(|e| e.path()).collect();
    files.sort();
    for p in files.iter().take(25) {
        use std::io::Read;
        let raw = std::fs::read(p).unwrap();
        let mut bytes = Vec::new();
        flate2::read::GzDecoder::new(raw.as_slice())
            .read_to_end(&mut bytes)
            .unwrap();
        let a = extract(&eval::decode_html(&bytes), Some("https://example.org/a/b"));
        assert!(!a.text.is_empty(), "{}", p.display());
        let mut joined = String::new();
        for (k, sp) in a.paragraphs.iter().enumerate() {
            let s = a.text.get(sp.range()).expect("paragraph span in text");
            assert!(!s.is_empty() && s.trim() == s && !s.contains("\n\n"));
            if k > 0 {
                joined.push_str("\n\n");
            }
            joined.push_str(s);
        }
        assert_eq!(joined, a.text, "{}", p.display());
        for l in &a.links {
            let s = a.text.get(l.span.range()).expect("link span in text");
            assert!(s.trim() == s, "{s:?}");
        }
    }
}

#[test]
fn shingle_scorer_matches_upstream_conventions() {
    let (tp, fp, fnn) = eval::shingle_tp_fp_fn("a b c d e", "a b c d e");
    assert_eq!((tp, fp, fnn), (1.0, 0.0, 0.0));
    // Both empty: no shingles, all zero -> perfect by upstream's convention.
    let z = eval::shingle_tp_fp_fn("", "");
    assert_eq!(z, (0.0, 0.0, 0.0));
    let (p, r, _) = eval::shingle_metrics(&[(0.5, 0.5, 0.0), (1.0, 0.0, 0.0)]);
    assert!((p - 0.75).abs() < 1e-9 && (r - 1.0).abs() < 1e-9);
}

#[test]
fn author_strings_are_cleaned() {
    assert_eq!(
        meta::clean_author("Analysis by Pat Lee, Senior Editor-at-large").as_deref(),
        Some("Pat Lee")
    );
    assert_eq!(
        meta::clean_author("By Kim Park").as_deref(),
        Some("Kim Park")
    );
    assert_eq!(
        meta::clean_author("Abby Stone").as_deref(),
        Some("Abby Stone")
    );
    assert_eq!(meta::clean_author("   ").as_deref(), None);
}
