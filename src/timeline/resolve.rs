//! From any identifier in the data to the people it belongs to.

use rusqlite::Connection;

use super::context::DbContext;
use super::query;
use super::{LookupError, PersonRef};
use crate::contract::{self, Dataset};

/// Rows of one dataset-level person read at most (a guard against a degenerate ID column).
pub(crate) const MAX_ROWS_PER_ID: usize = 5000;

/// Exact match of `query` against every identifier column; see [`super::resolve`].
pub fn resolve_with(
    conn: &Connection,
    ctx: &DbContext,
    query: &str,
) -> Result<Vec<PersonRef>, LookupError> {
    let id = query.trim();
    if id.is_empty() {
        return Err(LookupError::UnknownId(query.to_string()));
    }
    let mut refs = Vec::new();
    if let Some(x) = query::person_exists(conn, id)? {
        refs.push(PersonRef::Linked(x));
    }
    for d in Dataset::ALL.into_iter().filter(|d| ctx.dataset_usable(*d)) {
        let table = d.main_table();
        for &column in contract::id_columns().get(table).into_iter().flatten() {
            for row in query::values_where(conn, table, "row_id_hash", column, id, MAX_ROWS_PER_ID)?
            {
                refs.extend(refs_of_row(conn, d, &row)?);
            }
        }
    }
    // Link rows whose dataset's main table is absent from this copy still name a person.
    for (ds, person) in query::links_of_row_id(conn, id)? {
        if Dataset::from_source_name(&ds).is_some() {
            refs.push(PersonRef::Linked(person));
        }
    }
    refs.sort();
    refs.dedup();
    if refs.is_empty() {
        return Err(LookupError::UnknownId(id.to_string()));
    }
    Ok(refs)
}

/// The people one main-table row belongs to: its linked persons, or its unlinked group.
pub(crate) fn refs_of_row(
    conn: &Connection,
    d: Dataset,
    row_id_hash: &str,
) -> rusqlite::Result<Vec<PersonRef>> {
    let persons = query::persons_of_row(conn, d, row_id_hash)?;
    if !persons.is_empty() {
        return Ok(persons.into_iter().map(PersonRef::Linked).collect());
    }
    // A repeated probation event row without a link belongs to whoever holds the event: their
    // timeline shows it among the event's rows.
    if d == Dataset::Probation {
        let table = d.main_table();
        let mut holders = Vec::new();
        for event in
            query::values_where(conn, table, "event_id_hash", "row_id_hash", row_id_hash, 1)?
        {
            for row in query::values_where(
                conn,
                table,
                "row_id_hash",
                "event_id_hash",
                &event,
                MAX_ROWS_PER_ID,
            )? {
                holders.extend(query::persons_of_row(conn, d, &row)?);
            }
        }
        if !holders.is_empty() {
            holders.sort();
            holders.dedup();
            return Ok(holders.into_iter().map(PersonRef::Linked).collect());
        }
    }
    let group = unlinked_group(conn, d, row_id_hash)?;
    Ok(vec![PersonRef::Unlinked {
        dataset: d,
        row_id_hash: group
            .into_iter()
            .next()
            .unwrap_or_else(|| row_id_hash.to_string()),
    }])
}

/// An unlinked record's "one-dataset person": every record of the same dataset-level person (or,
/// without a person ID, of the same probation event) that has no link row either. Sorted, so the
/// first row names the group whichever of its records was searched.
pub(crate) fn unlinked_group(
    conn: &Connection,
    d: Dataset,
    row_id_hash: &str,
) -> rusqlite::Result<Vec<String>> {
    let table = d.main_table();
    let mut rows = vec![row_id_hash.to_string()];
    let key = |col: &str| query::values_where(conn, table, col, "row_id_hash", row_id_hash, 1);
    let person = key(d.person_id_column())?.into_iter().next();
    let siblings = match person {
        Some(p) => Some((d.person_id_column(), p)),
        None if d == Dataset::Probation => key("event_id_hash")?
            .into_iter()
            .next()
            .map(|e| ("event_id_hash", e)),
        None => None,
    };
    if let Some((col, value)) = siblings {
        for r in query::values_where(conn, table, "row_id_hash", col, &value, MAX_ROWS_PER_ID)? {
            if r != row_id_hash && query::persons_of_row(conn, d, &r)?.is_empty() {
                rows.push(r);
            }
        }
    }
    rows.sort();
    rows.dedup();
    Ok(rows)
}
