//! Attribution extraction: who said what, according to whom. (Placeholder.)

use headwater_doc::{Annotator, Document};

/// Pipeline stage: fills `attributions`.
#[derive(Debug, Default, Clone)]
pub struct AttributionAnnotator {}

impl AttributionAnnotator {
    /// The annotator with the built-in cue lexicon.
    pub fn new() -> Self {
        AttributionAnnotator {}
    }
}

impl Annotator for AttributionAnnotator {
    fn name(&self) -> &'static str {
        "attribution"
    }
    fn annotate(&self, _doc: &mut Document) {}
}
