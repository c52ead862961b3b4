//! Markdown to plain body text with pulldown-cmark's offset iterator: paragraphs separated by a
//! blank line, headings as their own paragraphs, list items and table rows as lines, emphasis
//! markers dropped, link anchors kept with their URLs. Numbered reference definitions such as
//! `[1]: https://…` are notes, not just link targets, so they stay in the text as lines.

use headwater_doc::{Link, Span};
use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

/// What a Markdown article turned into.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MarkdownBody {
    pub title: Option<String>,
    pub text: String,
    pub paragraphs: Vec<Span>,
    pub links: Vec<Link>,
}

/// The kind of block a paragraph came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Block {
    Para,
    Heading(HeadingLevel),
    Item,
    Row,
    Code,
    Note,
}

struct Writer {
    out: String,
    paragraphs: Vec<Span>,
    kinds: Vec<Block>,
    links: Vec<Link>,
    /// Start of the open paragraph, if one is open.
    open: Option<(usize, Block)>,
    /// Kind of the last closed paragraph, to choose `\n` or `\n\n` before the next one.
    last: Option<Block>,
    /// Open links: start offset in `out`, URL, and whether `[`/`]` are kept around the anchor.
    link_stack: Vec<(usize, String, bool)>,
    /// Depth inside images, whose alt text is not body text.
    image_depth: usize,
    list_depth: usize,
    heading: Option<HeadingLevel>,
    in_code: bool,
    in_table: bool,
    cell_in_row: usize,
}

impl Writer {
    fn begin(&mut self, kind: Block) {
        if self.open.is_some() {
            return;
        }
        if !self.out.is_empty() {
            let tight = matches!(
                (self.last, kind),
                (Some(Block::Item), Block::Item)
                    | (Some(Block::Row), Block::Row)
                    | (Some(Block::Note), Block::Note)
            );
            self.out.push_str(if tight { "\n" } else { "\n\n" });
        }
        self.open = Some((self.out.len(), kind));
    }

    /// The kind of block inline content opens when none is open.
    fn context(&self) -> Block {
        if let Some(level) = self.heading {
            Block::Heading(level)
        } else if self.in_code {
            Block::Code
        } else if self.in_table {
            Block::Row
        } else if self.list_depth > 0 {
            Block::Item
        } else {
            Block::Para
        }
    }

    fn end(&mut self) {
        if let Some((start, kind)) = self.open.take() {
            let trimmed = self.out.trim_end().len();
            self.out.truncate(trimmed.max(start));
            if self.out.len() > start {
                self.paragraphs
                    .push(Span::new(start as u32, self.out.len() as u32));
                self.kinds.push(kind);
                self.last = Some(kind);
            } else {
                // Nothing was written: take back the separator too.
                let keep = self.out.trim_end_matches('\n').len();
                self.out.truncate(keep);
            }
        }
    }

    fn text(&mut self, s: &str) {
        if self.image_depth > 0 || s.is_empty() {
            return;
        }
        if self.open.is_none() {
            if s.trim().is_empty() {
                return;
            }
            let kind = self.context();
            self.begin(kind);
        }
        self.out.push_str(s);
    }

    fn note(&mut self, s: &str) {
        self.end();
        self.begin(Block::Note);
        self.out.push_str(s.trim());
        self.end();
    }
}

/// Whether a source slice is a bracketed number like `[12]`.
fn is_numeric_marker(s: &str) -> bool {
    s.strip_prefix('[')
        .and_then(|r| r.strip_suffix(']'))
        .is_some_and(|d| !d.is_empty() && d.len() <= 4 && d.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether `s` starts with a footnote marker line such as `[3] `.
fn starts_with_marker(s: &str) -> bool {
    let Some(close) = s.find(']') else {
        return false;
    };
    s.get(..=close).is_some_and(is_numeric_marker)
}

/// Renders Markdown `src` to plain text. `title` is the title already known, if any.
pub fn parse(src: &str, title: Option<&str>) -> MarkdownBody {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let parser = Parser::new_ext(src, options).into_offset_iter();
    // Numbered reference definitions, in source order, to put back as note lines.
    let mut notes: Vec<(usize, &str)> = parser
        .reference_definitions()
        .iter()
        .filter(|(label, _)| label.bytes().all(|b| b.is_ascii_digit()))
        .filter_map(|(_, def)| src.get(def.span.clone()).map(|s| (def.span.start, s)))
        .collect();
    notes.sort_unstable_by_key(|n| n.0);
    let mut notes = notes.into_iter().peekable();

    let mut w = Writer {
        out: String::with_capacity(src.len()),
        paragraphs: Vec::new(),
        kinds: Vec::new(),
        links: Vec::new(),
        open: None,
        last: None,
        link_stack: Vec::new(),
        image_depth: 0,
        list_depth: 0,
        heading: None,
        in_code: false,
        in_table: false,
        cell_in_row: 0,
    };
    for (event, range) in parser {
        // Notes defined before this point come first, at block boundaries only.
        if w.open.is_none() && w.link_stack.is_empty() {
            while let Some(&(at, s)) = notes.peek() {
                if at > range.start {
                    break;
                }
                w.note(s);
                notes.next();
            }
        }
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph => {
                    w.end();
                }
                Tag::Heading { level, .. } => {
                    w.end();
                    w.heading = Some(level);
                }
                Tag::Item => {
                    w.end();
                }
                Tag::List(_) => {
                    w.end();
                    w.list_depth += 1;
                }
                Tag::CodeBlock(_) => {
                    w.end();
                    w.in_code = true;
                }
                Tag::Table(_) => {
                    w.end();
                    w.in_table = true;
                }
                Tag::TableRow | Tag::TableHead => {
                    w.end();
                    w.cell_in_row = 0;
                }
                Tag::TableCell => {
                    if w.cell_in_row > 0 && w.open.is_some() {
                        w.out.push_str(" | ");
                    }
                    w.cell_in_row += 1;
                }
                Tag::BlockQuote(_) | Tag::HtmlBlock => w.end(),
                Tag::Link {
                    link_type,
                    dest_url,
                    ..
                } => {
                    let source = src.get(range.clone()).unwrap_or("");
                    let keep_brackets =
                        matches!(link_type, LinkType::Shortcut | LinkType::ShortcutUnknown)
                            && is_numeric_marker(source);
                    if keep_brackets {
                        w.text("[");
                    }
                    if w.open.is_none() {
                        let kind = w.context();
                        w.begin(kind);
                    }
                    let start = w.out.len();
                    w.link_stack
                        .push((start, dest_url.to_string(), keep_brackets));
                }
                Tag::Image { dest_url, .. } => {
                    if w.image_depth == 0 && !dest_url.is_empty() {
                        let at = w.out.len() as u32;
                        w.links.push(Link {
                            span: Span::new(at, at),
                            url: dest_url.to_string(),
                        });
                    }
                    w.image_depth += 1;
                }
                _ => {}
            },
            Event::End(end) => match end {
                TagEnd::Paragraph | TagEnd::Item | TagEnd::TableRow | TagEnd::TableHead => w.end(),
                TagEnd::Heading(_) => {
                    w.end();
                    w.heading = None;
                }
                TagEnd::List(_) => {
                    w.end();
                    w.list_depth = w.list_depth.saturating_sub(1);
                }
                TagEnd::CodeBlock => {
                    w.end();
                    w.in_code = false;
                }
                TagEnd::Table => {
                    w.end();
                    w.in_table = false;
                }
                TagEnd::BlockQuote(_) | TagEnd::HtmlBlock => w.end(),
                TagEnd::Link => {
                    if let Some((start, url, brackets)) = w.link_stack.pop() {
                        let end = w.out.len();
                        if !url.is_empty() {
                            w.links.push(Link {
                                span: Span::new(start as u32, end as u32),
                                url,
                            });
                        }
                        if brackets {
                            w.text("]");
                        }
                    }
                }
                TagEnd::Image => w.image_depth = w.image_depth.saturating_sub(1),
                _ => {}
            },
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                w.text(&t)
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                // Markup is not prose; the text between tags is.
                let stripped = strip_tags(&h);
                if w.in_code || !stripped.trim().is_empty() {
                    w.text(&stripped);
                }
            }
            Event::FootnoteReference(r) => {
                w.text("[^");
                w.text(&r);
                w.text("]");
            }
            Event::SoftBreak | Event::HardBreak => {
                // A footnote line such as `[2] Reuters, …` right under another starts its own
                // paragraph so that the citation stage sees it as a line of its own.
                let next = src
                    .get(range.end..)
                    .unwrap_or("")
                    .trim_start_matches([' ', '\t']);
                if w.link_stack.is_empty() && w.heading.is_none() && starts_with_marker(next) {
                    let kind = w.open.map(|o| o.1).unwrap_or(Block::Para);
                    w.end();
                    if kind == Block::Para {
                        // Mark the paragraph before as a note too, so the lines stay together.
                        if let Some(k) = w.kinds.last_mut() {
                            if starts_with_marker(
                                w.out
                                    .get(w.paragraphs.last().map_or(0, |p| p.start as usize)..)
                                    .unwrap_or(""),
                            ) {
                                *k = Block::Note;
                                w.last = Some(Block::Note);
                            }
                        }
                    }
                    w.begin(Block::Note);
                } else if w.open.is_some() {
                    w.out.push('\n');
                }
            }
            Event::Rule | Event::TaskListMarker(_) => {}
        }
    }
    w.end();
    for (_, s) in notes {
        w.note(s);
    }
    finish(w, title)
}

/// Takes the title off the top (a leading heading, or a headline-like first line), or the first
/// H1 anywhere when nothing leads.
fn finish(w: Writer, title: Option<&str>) -> MarkdownBody {
    let Writer {
        out,
        paragraphs,
        kinds,
        links,
        ..
    } = w;
    let mut body = MarkdownBody {
        title: None,
        text: out,
        paragraphs,
        links,
    };
    let Some(first) = body.paragraphs.first().copied() else {
        return body;
    };
    let first_text = body.text.get(first.range()).unwrap_or("").to_string();
    let has_more = body.paragraphs.len() > 1;
    let first_kind = kinds.first().copied();
    let drop_first = match title {
        Some(t) => {
            has_more
                && matches!(first_kind, Some(Block::Heading(_)) | Some(Block::Para))
                && first_text.split_whitespace().eq(t.split_whitespace())
        }
        None => {
            let leading_heading = matches!(first_kind, Some(Block::Heading(_)));
            let headline_line = first_kind == Some(Block::Para)
                && !first_text.contains('\n')
                && crate::text::looks_like_headline(&first_text)
                && !kinds.contains(&Block::Heading(HeadingLevel::H1));
            if has_more && (leading_heading || headline_line) {
                body.title = Some(first_text.clone());
                true
            } else {
                body.title = body
                    .paragraphs
                    .iter()
                    .zip(kinds.iter())
                    .find(|(_, k)| **k == Block::Heading(HeadingLevel::H1))
                    .and_then(|(p, _)| body.text.get(p.range()))
                    .map(str::to_string);
                false
            }
        }
    };
    if drop_first {
        let cut = body
            .paragraphs
            .get(1)
            .map_or(body.text.len(), |p| p.start as usize);
        body.text.replace_range(..cut, "");
        let shift = cut as u32;
        body.paragraphs.remove(0);
        for p in &mut body.paragraphs {
            *p = Span::new(p.start - shift, p.end - shift);
        }
        body.links.retain(|l| l.span.start >= shift);
        for l in &mut body.links {
            l.span = Span::new(l.span.start - shift, l.span.end - shift);
        }
    }
    body
}

/// Text of an HTML fragment without its tags.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(b: &MarkdownBody) -> Vec<&str> {
        b.paragraphs.iter().map(|p| &b.text[p.range()]).collect()
    }

    fn link_texts(b: &MarkdownBody) -> Vec<(&str, &str)> {
        b.links
            .iter()
            .map(|l| (&b.text[l.span.range()], l.url.as_str()))
            .collect()
    }

    #[test]
    fn headings_lists_emphasis_links() {
        let src = "# Harbor council backs ferry plan\n\nThe council *voted* on **Tuesday** to back the \
                   [ferry plan](https://example.org/plan \"Plan\"), officials said.\n\n## Next steps\n\n\
                   - Boats sail in April\n- Fares stay the same\n\nSee [the notes](#notes).\n";
        let b = parse(src, None);
        assert_eq!(b.title.as_deref(), Some("Harbor council backs ferry plan"));
        assert_eq!(
            paras(&b),
            [
                "The council voted on Tuesday to back the ferry plan, officials said.",
                "Next steps",
                "Boats sail in April",
                "Fares stay the same",
                "See the notes."
            ]
        );
        assert!(b
            .text
            .contains("Next steps\n\nBoats sail in April\nFares stay the same\n\nSee"));
        assert_eq!(
            link_texts(&b),
            [
                ("ferry plan", "https://example.org/plan"),
                ("the notes", "#notes")
            ]
        );
    }

    #[test]
    fn footnote_lines_and_brackets_survive() {
        let src = "Officials said the plan was sound [1] and cheap [2].\n\n\
                   [1] Harbor Ledger, Ferry plan approved, 3 March 2031\n\
                   [2] ibid\n";
        let b = parse(src, None);
        assert!(b.title.is_none());
        assert!(b.text.contains("sound [1] and cheap [2]."), "{}", b.text);
        assert!(
            b.text
                .ends_with("\n[1] Harbor Ledger, Ferry plan approved, 3 March 2031\n[2] ibid"),
            "{:?}",
            b.text
        );
        assert_eq!(paras(&b).len(), 3);
    }

    #[test]
    fn numbered_definitions_stay_as_lines() {
        let src = "The report [1] said so.\n\n[1]: https://example.org/report\n";
        let b = parse(src, None);
        assert!(b.text.contains("The report [1] said so."), "{:?}", b.text);
        assert!(
            b.text.ends_with("[1]: https://example.org/report"),
            "{:?}",
            b.text
        );
        assert_eq!(link_texts(&b), [("1", "https://example.org/report")]);
    }

    #[test]
    fn headline_first_line_and_h1_later() {
        let b = parse("Ferry plan approved\n\nThe council voted.\n", None);
        assert_eq!(b.title.as_deref(), Some("Ferry plan approved"));
        assert_eq!(b.text, "The council voted.");
        let b = parse("Intro text here.\n\n# The Plan\n\nMore text.\n", None);
        assert_eq!(b.title.as_deref(), Some("The Plan"));
        assert!(b.text.contains("The Plan"));
    }

    #[test]
    fn images_tables_code_and_html() {
        let src = "Text with ![a chart](chart.png) inside.\n\n| Year | Boats |\n|---|---|\n| 2030 | 4 |\n\n\
                   ```\nlet x = 1;\n```\n\n<div>Raw <b>html</b> here</div>\n";
        let b = parse(src, None);
        assert!(b.text.starts_with("Text with  inside."), "{:?}", b.text);
        assert!(b.text.contains("Year | Boats\n2030 | 4"), "{:?}", b.text);
        assert!(b.text.contains("let x = 1;"));
        assert!(b.text.contains("Raw html here"), "{:?}", b.text);
        assert_eq!(b.links[0].url, "chart.png");
        assert!(b.links[0].span.is_empty());
    }

    #[test]
    fn pathological_input_does_not_panic() {
        let deep = ">".repeat(50_000) + " quote";
        parse(&deep, None);
        let list = "- ".repeat(20_000) + "item";
        parse(&list, None);
        parse("[[[[[[[[[[]]]]]]]](((((((", None);
        parse("", None);
        parse("\"unbalanced “quotes everywhere", None);
    }
}
