//! Cross-document linking: corpus entities with aliases, cited works, claim clusters and their
//! root sources. (Placeholder: an empty corpus until the linking issue lands.)

use headwater_doc::{Corpus, Document};

/// Links a whole corpus of analysed documents.
pub fn link(_docs: &[Document]) -> Corpus {
    Corpus::default()
}
