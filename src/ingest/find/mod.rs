//! Finding mentions by pattern, without the graph: codes, plan numbers, dates and what they date,
//! committee patterns, definitions, titles, people, events, MoUs, calls for comments, lifecycle verbs.
//!
//! (Skeleton: finds nothing yet.)

use super::Mention;

/// The mentions patterns find in `text`, in the order they start. `year` is the year, given to
/// dates that omit theirs.
pub fn find(text: &str, year: Option<i32>) -> Vec<Mention> {
    let _ = (text, year);
    Vec::new()
}
