//! A person's journey across the four datasets, assembled from the link table and the main and
//! child tables. (Skeleton: model types and entry points fixed, assembly being written.)

pub mod model;

pub use model::*;

use rusqlite::Connection;

use crate::contract::Dataset;

/// Who a query resolves to: a linked person, or one record that has no `xjs_link` row.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum PersonRef {
    Linked(String),
    Unlinked {
        dataset: Dataset,
        row_id_hash: String,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum LookupError {
    #[error("no person or record has the ID {0:?}")]
    UnknownId(String),
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}

/// Resolves any identifier in the data to the people it belongs to (exact match only).
pub fn resolve(_conn: &Connection, query: &str) -> Result<Vec<PersonRef>, LookupError> {
    Err(LookupError::UnknownId(query.to_string()))
}

/// Assembles one person's timeline.
pub fn assemble(_conn: &Connection, person: &PersonRef) -> Result<PersonTimeline, LookupError> {
    Err(LookupError::UnknownId(format!("{person:?}")))
}
