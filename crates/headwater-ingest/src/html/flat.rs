//! A flat, pre-order copy of the parsed DOM.
//!
//! Every later pass (boilerplate marking, scoring, text emission) walks arrays instead of the
//! pointer tree: subtrees are index ranges `[i, end)`, children come after their parents, so
//! bottom-up sums are a single reverse loop. Nothing here recurses, which is what keeps 100,000
//! nested `<div>`s from overflowing the stack.

use ego_tree::iter::Edge;
use scraper::node::Element;
use scraper::{Html, Node};

/// Element names the extractor cares about; everything else is `Other`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tag {
    Html,
    Head,
    Body,
    Title,
    Meta,
    Link,
    Script,
    Style,
    Noscript,
    Template,
    Svg,
    Nav,
    Header,
    Footer,
    Aside,
    Form,
    Button,
    Input,
    Select,
    Textarea,
    Iframe,
    Figure,
    Figcaption,
    Img,
    A,
    P,
    Div,
    Section,
    Article,
    Main,
    H1,
    H2,
    H3,
    H4,
    H5,
    H6,
    Ul,
    Ol,
    Li,
    Dl,
    Dt,
    Dd,
    Blockquote,
    Pre,
    Table,
    Tr,
    Td,
    Th,
    Br,
    Hr,
    Time,
    Span,
    Address,
    Other,
}

impl Tag {
    fn of(name: &str) -> Tag {
        match name {
            "html" => Tag::Html,
            "head" => Tag::Head,
            "body" => Tag::Body,
            "title" => Tag::Title,
            "meta" => Tag::Meta,
            "link" => Tag::Link,
            "script" => Tag::Script,
            "style" => Tag::Style,
            "noscript" => Tag::Noscript,
            "template" => Tag::Template,
            "svg" | "math" | "canvas" | "video" | "audio" | "object" | "embed" | "picture" => {
                Tag::Svg
            }
            "nav" | "menu" => Tag::Nav,
            "header" => Tag::Header,
            "footer" => Tag::Footer,
            "aside" => Tag::Aside,
            "form" => Tag::Form,
            "button" => Tag::Button,
            "input" | "option" | "label" => Tag::Input,
            "select" => Tag::Select,
            "textarea" => Tag::Textarea,
            "iframe" | "frame" | "frameset" => Tag::Iframe,
            "figure" => Tag::Figure,
            "figcaption" => Tag::Figcaption,
            "img" => Tag::Img,
            "a" => Tag::A,
            "p" => Tag::P,
            "div" => Tag::Div,
            "section" => Tag::Section,
            "article" => Tag::Article,
            "main" => Tag::Main,
            "h1" => Tag::H1,
            "h2" => Tag::H2,
            "h3" => Tag::H3,
            "h4" => Tag::H4,
            "h5" => Tag::H5,
            "h6" => Tag::H6,
            "ul" => Tag::Ul,
            "ol" => Tag::Ol,
            "li" => Tag::Li,
            "dl" => Tag::Dl,
            "dt" => Tag::Dt,
            "dd" => Tag::Dd,
            "blockquote" => Tag::Blockquote,
            "pre" => Tag::Pre,
            "table" => Tag::Table,
            "tr" => Tag::Tr,
            "td" => Tag::Td,
            "th" => Tag::Th,
            "br" => Tag::Br,
            "hr" => Tag::Hr,
            "time" => Tag::Time,
            "span" => Tag::Span,
            "address" => Tag::Address,
            _ => Tag::Other,
        }
    }

    /// Elements whose boundaries break paragraphs in the output text.
    pub(crate) fn is_block(self) -> bool {
        matches!(
            self,
            Tag::P
                | Tag::Div
                | Tag::Section
                | Tag::Article
                | Tag::Main
                | Tag::H1
                | Tag::H2
                | Tag::H3
                | Tag::H4
                | Tag::H5
                | Tag::H6
                | Tag::Ul
                | Tag::Ol
                | Tag::Li
                | Tag::Dl
                | Tag::Dt
                | Tag::Dd
                | Tag::Blockquote
                | Tag::Pre
                | Tag::Table
                | Tag::Tr
                | Tag::Td
                | Tag::Th
                | Tag::Br
                | Tag::Hr
                | Tag::Figure
                | Tag::Figcaption
                | Tag::Header
                | Tag::Footer
                | Tag::Aside
                | Tag::Nav
                | Tag::Form
                | Tag::Address
                | Tag::Body
        )
    }

    /// Headings.
    pub(crate) fn is_heading(self) -> bool {
        matches!(
            self,
            Tag::H1 | Tag::H2 | Tag::H3 | Tag::H4 | Tag::H5 | Tag::H6
        )
    }
}

/// What one flat node holds.
#[derive(Clone, Copy)]
pub(crate) enum Kind<'a> {
    Elem(Tag, &'a Element),
    Text(&'a str),
    /// Documents, comments, doctypes: carry nothing for extraction.
    Void,
}

/// One node of the flat tree.
#[derive(Clone, Copy)]
pub(crate) struct FNode<'a> {
    pub kind: Kind<'a>,
    /// Index of the parent; the root is its own parent.
    pub parent: u32,
    /// One past the last index of this node's subtree.
    pub end: u32,
}

impl<'a> FNode<'a> {
    /// The tag, when this is an element.
    pub(crate) fn tag(&self) -> Option<Tag> {
        match self.kind {
            Kind::Elem(t, _) => Some(t),
            _ => None,
        }
    }
}

/// Flattens the parsed document in pre-order (iteratively: ego-tree's `traverse` follows
/// sibling/parent links without recursion).
pub(crate) fn flatten(doc: &Html) -> Vec<FNode<'_>> {
    let mut nodes: Vec<FNode<'_>> = Vec::with_capacity(doc.tree.values().len());
    let mut stack: Vec<u32> = Vec::with_capacity(64);
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(n) => {
                let idx = nodes.len() as u32;
                let parent = stack.last().copied().unwrap_or(idx);
                let kind = match n.value() {
                    Node::Element(e) => Kind::Elem(Tag::of(e.name()), e),
                    Node::Text(t) => Kind::Text(t),
                    _ => Kind::Void,
                };
                nodes.push(FNode {
                    kind,
                    parent,
                    end: idx + 1,
                });
                stack.push(idx);
            }
            Edge::Close(_) => {
                if let Some(idx) = stack.pop() {
                    let end = nodes.len() as u32;
                    if let Some(n) = nodes.get_mut(idx as usize) {
                        n.end = end;
                    }
                }
            }
        }
    }
    nodes
}
