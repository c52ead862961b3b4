//! The headwater pipeline and its JSON output.
