//! The data catalogue: descriptions of every dataset, table and column of the contract, and the
//! data-quality notes attached to them. Built into the binary from `assets/catalogue.json`.
//! (Skeleton: the content is being written.)

use serde::{Deserialize, Serialize};

/// A data-quality note, as stored in the `catalogue_notes` table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueNote {
    /// `source_dataset` name; `None` for notes on the link tables.
    pub dataset: Option<String>,
    /// `None`: a note about the whole dataset.
    pub table_name: Option<String>,
    /// `None`: a note about the whole table.
    pub column_name: Option<String>,
    /// coverage | completeness | linkage | recording | definition
    pub topic: String,
    pub note: String,
    pub source: String,
}

/// The built-in catalogue notes, written by the generator to `catalogue_notes`.
pub fn builtin_notes() -> Vec<CatalogueNote> {
    Vec::new()
}
