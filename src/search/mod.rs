//! Finding people by any identifier in the data: exact, then prefix, then fuzzy matches.
//! (Skeleton: types fixed, ranking being written.)

use serde::Serialize;

use crate::contract::Dataset;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    Exact,
    Prefix,
    Fuzzy,
}

/// One search result: which identifier matched and who it resolves to.
#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    pub matched: String,
    /// The ID column, e.g. `event_id_hash`, `estimated_xjs_id`.
    pub id_kind: String,
    /// `None` for `estimated_xjs_id` (cross-dataset).
    pub dataset: Option<Dataset>,
    pub match_kind: MatchKind,
    pub score: i64,
    /// The `estimated_xjs_id`s it resolves to; empty when the record is not linked.
    pub persons: Vec<String>,
}

/// Exact matches first, then prefix matches, then fuzzy matches, at most `limit` hits.
pub fn search(
    _conn: &rusqlite::Connection,
    _query: &str,
    _limit: usize,
) -> rusqlite::Result<Vec<SearchHit>> {
    Ok(Vec::new())
}
