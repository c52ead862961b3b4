//! HTML main-text extraction and metadata. (Placeholder: owned by the extraction work.)

use headwater_doc::{Link, Removed, Span};

/// What extraction found in one HTML page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HtmlArticle {
    /// Main body text; paragraphs separated by a blank line.
    pub text: String,
    /// Paragraph spans (bytes) in `text`.
    pub paragraphs: Vec<Span>,
    /// Links whose anchor text lies in `text`.
    pub links: Vec<Link>,
    /// Boilerplate that was left out.
    pub removed: Vec<Removed>,
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub publisher: Option<String>,
    /// ISO 8601 date.
    pub published: Option<String>,
    /// Canonical URL when the page states one.
    pub url: Option<String>,
    pub language: Option<String>,
}

/// Extracts the main article from an HTML page. Never panics, whatever the input.
pub fn extract(html: &str, _base_url: Option<&str>) -> HtmlArticle {
    let doc = scraper::Html::parse_document(html);
    let text: String = doc.root_element().text().collect::<Vec<_>>().join(" ");
    HtmlArticle {
        text,
        ..HtmlArticle::default()
    }
}
