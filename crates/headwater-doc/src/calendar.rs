//! Calendar words that several stages read (citation dates, date entities, sources that are
//! only a date).

/// The twelve month names in order, lowercase: `MONTH_NAMES[0]` is January.
///
/// ```
/// assert_eq!(headwater_doc::MONTH_NAMES[8], "september");
/// ```
pub const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
