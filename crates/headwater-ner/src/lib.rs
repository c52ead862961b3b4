//! Named-entity recognition and document-level entity grouping. (Placeholder.)

use headwater_doc::{Annotator, Document};

/// Pipeline stage: fills `mentions` and `entities`.
#[derive(Debug, Default)]
pub struct NerAnnotator {}

impl NerAnnotator {
    /// Loads the committed model.
    pub fn load() -> Self {
        NerAnnotator {}
    }
}

impl Annotator for NerAnnotator {
    fn name(&self) -> &'static str {
        "ner"
    }
    fn annotate(&self, _doc: &mut Document) {}
}
