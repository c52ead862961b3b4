//! POS tagger, dependency parser, lemmatizer and named-entity recognizer. (Placeholder.)

use headwater_doc::{Annotator, Document};

/// Errors loading or training models.
#[derive(Debug, thiserror::Error)]
pub enum NlpError {
    #[error("model file {path}: {reason}")]
    Model { path: String, reason: String },
}

/// Pipeline stage: fills `syntax`, `mentions` and `entities`.
#[derive(Debug, Default)]
pub struct NlpAnnotator {}

impl NlpAnnotator {
    /// Loads the committed models.
    pub fn load() -> Result<Self, NlpError> {
        Ok(NlpAnnotator {})
    }
}

impl Annotator for NlpAnnotator {
    fn name(&self) -> &'static str {
        "nlp"
    }
    fn annotate(&self, _doc: &mut Document) {}
}
