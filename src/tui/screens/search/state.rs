//! What the search screen holds: the query, its results and the answer they belong to.

use crate::search::SearchHit;

#[derive(Debug, Clone, Default)]
pub struct SearchState {
    pub input: String,
    pub hits: Vec<SearchHit>,
    pub selected: usize,
    /// The generation of the newest search sent; answers to older ones are dropped.
    pub generation: u64,
    /// The generation the shown hits answer (equal to `generation` when up to date).
    pub answered: u64,
    pub error: Option<String>,
}

impl SearchState {
    pub fn searching(&self) -> bool {
        !self.input.trim().is_empty() && self.answered != self.generation
    }
}
