//! The handful of lookups a timeline is built from. Each statement reads one table through an
//! equality on one column (`col IN (?1, ?2)`, see [`id_params`]), so SQLite has a single plan:
//! an index seek when the column is indexed, whatever statistics the copy holds (or lacks).

use rusqlite::{params_from_iter, Connection};

use super::context::id_params;
use crate::contract::{Dataset, JOURNEY_TABLE, LINK_TABLE};
use crate::db::{quote_ident, row_text};
use crate::record::Record;

/// Every row of `table` whose `column` equals `id`, all columns as a [`Record`].
pub fn records_where(
    conn: &Connection,
    table: &str,
    column: &str,
    id: &str,
) -> rusqlite::Result<Vec<Record>> {
    let sql = format!(
        "SELECT * FROM {} WHERE {} IN (?1, ?2)",
        quote_ident(table),
        quote_ident(column)
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let names: crate::record::Columns = stmt
        .column_names()
        .map(Into::into)
        .collect::<Vec<std::sync::Arc<str>>>()
        .into();
    let table: std::sync::Arc<str> = table.into();
    let rows = stmt.query_map(params_from_iter(id_params(id)), |r| {
        Record::from_row(&table, &names, r)
    })?;
    let mut out = Vec::new();
    for r in rows {
        let r = r?;
        if same_id(r.raw(column), id) {
            out.push(r);
        }
    }
    Ok(out)
}

/// SQLite's affinity rules let `'05'` equal integer `5`; opaque IDs compare as exact text.
fn same_id(stored: Option<&str>, id: &str) -> bool {
    stored == Some(id)
}

/// The text of one column for every row whose `key` equals `id` (at most `limit` rows).
pub fn values_where(
    conn: &Connection,
    table: &str,
    wanted: &str,
    key: &str,
    id: &str,
    limit: usize,
) -> rusqlite::Result<Vec<String>> {
    let sql = format!(
        "SELECT {}, {} FROM {} WHERE {} IN (?1, ?2) LIMIT ?3",
        quote_ident(wanted),
        quote_ident(key),
        quote_ident(table),
        quote_ident(key)
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let [a, b] = id_params(id);
    let rows = stmt.query_map(rusqlite::params![a, b, limit as i64], |r| {
        Ok((row_text(r, 0)?, row_text(r, 1)?))
    })?;
    let mut out = Vec::new();
    for v in rows {
        let (value, key) = v?;
        if same_id(key.as_deref(), id) {
            out.extend(value);
        }
    }
    Ok(out)
}

/// The `estimated_xjs_id`s a main-table row is linked to (empty: not linked).
pub fn persons_of_row(
    conn: &Connection,
    dataset: Dataset,
    row_id_hash: &str,
) -> rusqlite::Result<Vec<String>> {
    let sql = format!(
        "SELECT estimated_xjs_id, row_id_hash FROM {LINK_TABLE} WHERE source_dataset = ?1 AND row_id_hash IN (?2, ?3)"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let [a, b] = id_params(row_id_hash);
    let rows = stmt.query_map(rusqlite::params![dataset.source_name(), a, b], |r| {
        Ok((row_text(r, 0)?, row_text(r, 1)?))
    })?;
    let mut out = Vec::new();
    for v in rows {
        let (person, row) = v?;
        if same_id(row.as_deref(), row_id_hash) {
            out.extend(person);
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// The (dataset, row_id_hash) records a person's link rows point at; unknown datasets skipped.
pub fn link_rows_of_person(
    conn: &Connection,
    xjs_id: &str,
) -> rusqlite::Result<Vec<(Dataset, String)>> {
    let sql = format!(
        "SELECT source_dataset, row_id_hash, estimated_xjs_id FROM {LINK_TABLE} WHERE estimated_xjs_id IN (?1, ?2)"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(id_params(xjs_id)), |r| {
        Ok((row_text(r, 0)?, row_text(r, 1)?, row_text(r, 2)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (ds, id, person) = row?;
        if !same_id(person.as_deref(), xjs_id) {
            continue;
        }
        if let (Some(ds), Some(id)) = (ds, id) {
            if let Some(d) = Dataset::from_source_name(&ds) {
                out.push((d, id));
            }
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// Whether any link row names this person.
pub fn person_exists(conn: &Connection, xjs_id: &str) -> rusqlite::Result<Option<String>> {
    let sql = format!(
        "SELECT estimated_xjs_id FROM {LINK_TABLE} WHERE estimated_xjs_id IN (?1, ?2) LIMIT 1"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params_from_iter(id_params(xjs_id)))?;
    match rows.next()? {
        Some(r) => row_text(r, 0),
        None => Ok(None),
    }
}

/// Link rows whose `row_id_hash` is `id`, whatever the dataset: (dataset name, person).
pub fn links_of_row_id(conn: &Connection, id: &str) -> rusqlite::Result<Vec<(String, String)>> {
    let sql = format!(
        "SELECT source_dataset, estimated_xjs_id, row_id_hash FROM {LINK_TABLE} WHERE row_id_hash IN (?1, ?2)"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(id_params(id)), |r| {
        Ok((row_text(r, 0)?, row_text(r, 1)?, row_text(r, 2)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        if let (Some(d), Some(p), row) = row? {
            if same_id(row.as_deref(), id) {
                out.push((d, p));
            }
        }
    }
    Ok(out)
}

/// `mags_crown_journey` rows on one side of the link: (mags row, crown row, score).
pub fn journey_links(
    conn: &Connection,
    side_column: &str,
    row_id_hash: &str,
) -> rusqlite::Result<Vec<(String, String, Option<f64>)>> {
    let sql = format!(
        "SELECT mags_row_id_hash, crown_row_id_hash, estimated_match_score FROM {JOURNEY_TABLE} WHERE {} IN (?1, ?2)",
        quote_ident(side_column)
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(id_params(row_id_hash)), |r| {
        Ok((
            row_text(r, 0)?,
            row_text(r, 1)?,
            r.get::<_, Option<f64>>(2).ok().flatten(),
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        if let (Some(m), Some(c), score) = row? {
            out.push((m, c, score));
        }
    }
    Ok(out)
}
