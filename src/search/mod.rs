//! Finding people by any identifier in the data: exact, then prefix, then fuzzy matches.
//!
//! Search runs in two stages so a UI can show the cheap part at once and the rest after:
//! - [`SearchStage::Direct`]: exact and prefix matches, one index range scan per indexed ID
//!   column (see [`candidates`]).
//! - [`SearchStage::Fuzzy`]: SkimMatcherV2 over a bounded candidate set: per indexed ID column,
//!   the values sharing progressively shorter leading parts of the query (as typed, lower- and
//!   upper-case) until [`FUZZY_PER_COLUMN`] values are gathered, so at most
//!   `FUZZY_PER_COLUMN × columns` strings are scored whatever the database size. This finds IDs
//!   typed with a character left out or in the wrong case; it does not search inside IDs. Exact
//!   matches on ID columns that have no index (a hand-built copy) are also found here, by a scan.
//!
//! Each stage is a few milliseconds of plain synchronous SQL; a worker thread abandons a
//! superseded one with the connection's interrupt handle.

mod candidates;
pub mod typos;

use std::collections::BTreeSet;

use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;
use rusqlite::Connection;
use serde::Serialize;

use crate::contract::Dataset;
use crate::timeline::{DbContext, IdColumn, PersonRef};
pub use candidates::FUZZY_PER_COLUMN;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    Exact,
    Prefix,
    /// One character wrong, missing, extra or swapped (or O and l typed for 0 and 1).
    OneEdit,
    Fuzzy,
}

impl MatchKind {
    /// How the match is labelled on screen and in text output.
    pub fn label(self) -> &'static str {
        match self {
            MatchKind::Exact => "exact",
            MatchKind::Prefix => "prefix",
            MatchKind::OneEdit => "1 edit",
            MatchKind::Fuzzy => "fuzzy",
        }
    }
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
    /// Everyone it resolves to, unlinked records included (what `assemble` opens).
    pub resolves_to: Vec<PersonRef>,
}

/// The two stages of a search, cheap first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchStage {
    /// Exact and prefix matches (index range scans).
    Direct,
    /// Fuzzy matches over a bounded candidate set, and exact matches on unindexed columns.
    Fuzzy,
}

/// Exact matches first, then prefix matches, then fuzzy matches, at most `limit` hits.
pub fn search(conn: &Connection, query: &str, limit: usize) -> rusqlite::Result<Vec<SearchHit>> {
    search_with(conn, &DbContext::read(conn)?, query, limit)
}

/// [`search`] with a schema context read once by the caller.
pub fn search_with(
    conn: &Connection,
    ctx: &DbContext,
    query: &str,
    limit: usize,
) -> rusqlite::Result<Vec<SearchHit>> {
    let mut hits = search_stage(conn, ctx, query, SearchStage::Direct, limit, &[])?;
    if hits.len() < limit {
        let more = search_stage(
            conn,
            ctx,
            query,
            SearchStage::Fuzzy,
            limit - hits.len(),
            &hits,
        )?;
        hits.extend(more);
    }
    Ok(hits)
}

/// One stage of a search. `shown` are hits already shown (from the direct stage); the fuzzy
/// stage leaves them out. At most `limit` hits.
pub fn search_stage(
    conn: &Connection,
    ctx: &DbContext,
    query: &str,
    stage: SearchStage,
    limit: usize,
    shown: &[SearchHit],
) -> rusqlite::Result<Vec<SearchHit>> {
    let normalised = typos::normalise(query);
    let q = normalised.as_str();
    if q.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    let columns = ctx.id_columns();
    let matcher = SkimMatcherV2::default().ignore_case();
    let score = |v: &str| matcher.fuzzy_match(v, q).unwrap_or(0);
    let mut found: Vec<(IdColumn, String, MatchKind, i64)> = Vec::new();
    match stage {
        SearchStage::Direct => {
            // As typed, and a whole hash typed in upper case as the data writes it.
            let forms: Vec<String> = std::iter::once(q.to_string())
                .chain(typos::hash_in_lower_case(q))
                .collect();
            for form in &forms {
                for (rank, col) in columns.iter().enumerate().filter(|(_, c)| c.indexed) {
                    if candidates::exists(conn, col, form)? {
                        found.push((*col, form.clone(), MatchKind::Exact, rank as i64));
                    }
                }
            }
            let mut prefixed = Vec::new();
            for form in &forms {
                for (rank, col) in columns.iter().enumerate().filter(|(_, c)| c.indexed) {
                    for v in candidates::with_prefix(conn, col, form, limit)? {
                        if !forms.contains(&v) {
                            prefixed.push((v.chars().count(), v, rank, *col));
                        }
                    }
                }
            }
            prefixed.sort_by(|a, b| (a.0, &a.1, a.2).cmp(&(b.0, &b.1, b.2)));
            found.extend(
                prefixed
                    .into_iter()
                    .map(|(_, v, rank, col)| (col, v, MatchKind::Prefix, rank as i64)),
            );
            // Whole IDs with one typo, when nothing matches exactly and there is room.
            let exact = found.iter().any(|f| f.2 == MatchKind::Exact);
            if !exact && found.len() < limit && q.chars().count() >= typos::MIN_TYPO_CHARS {
                let whole = forms.last().expect("the query as typed");
                let variants = typos::one_edit_variants(whole);
                for (rank, col) in columns.iter().enumerate().filter(|(_, c)| c.indexed) {
                    for v in typos::existing(conn, col, &variants)? {
                        if !found.iter().any(|f| f.0 == *col && f.1 == v) {
                            found.push((*col, v, MatchKind::OneEdit, rank as i64));
                        }
                    }
                }
            }
            for f in &mut found {
                f.3 = score(&f.1);
            }
        }
        SearchStage::Fuzzy => {
            let seen: BTreeSet<(&str, Option<Dataset>, &str)> = shown
                .iter()
                .map(|h| (h.id_kind.as_str(), h.dataset, h.matched.as_str()))
                .collect();
            for col in columns.iter().filter(|c| !c.indexed) {
                if candidates::exists(conn, col, q)? {
                    found.push((*col, q.to_string(), MatchKind::Exact, score(q)));
                }
            }
            let mut fuzzy = Vec::new();
            for col in columns.iter().filter(|c| c.indexed) {
                for v in candidates::near(conn, col, q)? {
                    if seen.contains(&(col.column, col.dataset, v.as_str())) || v == q {
                        continue;
                    }
                    if let Some(s) = matcher.fuzzy_match(&v, q) {
                        fuzzy.push((*col, v, MatchKind::Fuzzy, s));
                    }
                }
            }
            fuzzy.sort_by(|a, b| b.3.cmp(&a.3).then_with(|| a.1.cmp(&b.1)));
            fuzzy.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
            found.extend(fuzzy);
        }
    }
    found.truncate(limit);
    found
        .into_iter()
        .map(|(col, value, kind, score)| hit(conn, col, value, kind, score))
        .collect()
}

fn hit(
    conn: &Connection,
    col: IdColumn,
    matched: String,
    match_kind: MatchKind,
    score: i64,
) -> rusqlite::Result<SearchHit> {
    let resolves_to = candidates::resolve_value(conn, &col, &matched)?;
    let persons = resolves_to
        .iter()
        .filter_map(|p| match p {
            PersonRef::Linked(x) => Some(x.clone()),
            PersonRef::Unlinked { .. } => None,
        })
        .collect();
    Ok(SearchHit {
        matched,
        id_kind: col.column.to_string(),
        dataset: col.dataset,
        match_kind,
        score,
        persons,
        resolves_to,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How each kind of match reads in the result list and the text output.
    #[test]
    fn match_kinds_have_their_labels() {
        let labels = [
            MatchKind::Exact,
            MatchKind::Prefix,
            MatchKind::OneEdit,
            MatchKind::Fuzzy,
        ]
        .map(MatchKind::label);
        assert_eq!(labels, ["exact", "prefix", "1 edit", "fuzzy"]);
    }
}
