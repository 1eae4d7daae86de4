//! A person's journey across the four datasets, assembled from the link table and the main and
//! child tables (CONTRACT.md, "How a person's timeline is assembled").
//!
//! Every query reads one table through an indexed equality, so lookups stay fast on a copy
//! without `ANALYZE` statistics. The functions are plain synchronous SQL calls: a caller on a
//! worker thread can abandon one with `Connection::get_interrupt_handle`.

pub(crate) mod assemble;
pub mod bulk;
pub mod context;
mod describe;
pub mod lanes;
pub mod many;
pub mod model;
pub(crate) mod person;
pub(crate) mod query;
mod resolve;

pub use context::{DbContext, IdColumn};
pub use lanes::{lane_count, pack_event_lanes, pack_lanes};
pub use model::*;
pub(crate) use resolve::refs_of_row;
pub use resolve::resolve_with;
pub(crate) use resolve::MAX_ROWS_PER_ID;

use rusqlite::Connection;

use crate::contract::Dataset;
use crate::quality::Flag;

/// Who a query resolves to: a linked person, or one record that has no `xjs_link` row.
///
/// `Unlinked` stands for a "one-dataset person": the named record together with the other
/// records of the same dataset-level person that have no link row either. `row_id_hash` is the
/// first of those rows, so every record of the group resolves to the same `PersonRef`.
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
    #[error("{0}")]
    Sqlite(#[from] rusqlite::Error),
}

/// Resolves any identifier in the data to the people it belongs to (exact match only):
/// `estimated_xjs_id` directly, any dataset-level ID through its rows and `xjs_link`.
/// Reads the schema first; callers doing many lookups use [`resolve_with`].
pub fn resolve(conn: &Connection, query: &str) -> Result<Vec<PersonRef>, LookupError> {
    resolve_with(conn, &DbContext::read(conn)?, query)
}

/// Assembles one person's timeline. Reads the schema first; see [`assemble_with`].
pub fn assemble(conn: &Connection, person: &PersonRef) -> Result<PersonTimeline, LookupError> {
    assemble_with(conn, &DbContext::read(conn)?, person)
}

/// Assembles one person's timeline with a schema context read once by the caller.
pub fn assemble_with(
    conn: &Connection,
    ctx: &DbContext,
    person: &PersonRef,
) -> Result<PersonTimeline, LookupError> {
    let (xjs_id, rows): (Option<String>, Vec<(Dataset, String)>) = match person {
        PersonRef::Linked(x) => {
            let rows = query::link_rows_of_person(conn, x)?;
            if rows.is_empty() {
                return Err(LookupError::UnknownId(x.clone()));
            }
            if rows.len() >= MANY_RECORDS && bulk::usable(ctx) {
                return assemble_in_bulk(conn, ctx, x);
            }
            (Some(x.clone()), rows)
        }
        PersonRef::Unlinked {
            dataset,
            row_id_hash,
        } => {
            let group = resolve::unlinked_group(conn, *dataset, row_id_hash)?;
            (None, group.into_iter().map(|r| (*dataset, r)).collect())
        }
    };
    let mut events = Vec::new();
    for d in Dataset::ALL.into_iter().filter(|d| ctx.dataset_usable(*d)) {
        let ds_rows: Vec<String> = rows
            .iter()
            .filter(|(rd, _)| *rd == d)
            .map(|(_, r)| r.clone())
            .collect();
        if !ds_rows.is_empty() {
            events.extend(assemble::dataset_events(conn, ctx, d, &ds_rows)?);
        }
    }
    if events.is_empty() {
        if let PersonRef::Unlinked { row_id_hash, .. } = person {
            return Err(LookupError::UnknownId(row_id_hash.clone()));
        }
    }
    assemble::sort_events(&mut events);
    let own_rows: Vec<String> = rows.iter().map(|(_, r)| r.clone()).collect();
    let dataset_ids = person::dataset_ids(&events);
    let siblings = person::siblings(conn, &dataset_ids, xjs_id.as_deref(), &own_rows)?;
    Ok(timeline_from_parts(
        ctx, person, xjs_id, events, &siblings, &own_rows,
    ))
}

/// From this many link rows on, a person is read with the bulk reader: a dozen statements in all
/// instead of several per record (a person with 50,000 records then takes well under a second).
pub const MANY_RECORDS: usize = 400;

/// One person's timeline through the bulk reader, journey links included: the same timeline
/// [`assemble_with`] builds record by record (a test compares the two on every sample person).
pub fn assemble_in_bulk(
    conn: &Connection,
    ctx: &DbContext,
    xjs_id: &str,
) -> Result<PersonTimeline, LookupError> {
    let mut timelines = bulk::timelines(conn, ctx, &[xjs_id.to_string()])?;
    let mut t = timelines
        .pop()
        .ok_or_else(|| LookupError::UnknownId(xjs_id.to_string()))?;
    bulk::add_journey_links(conn, ctx, &mut t.events)?;
    Ok(t)
}

/// The person-level part of assembly, from events already built and sorted and the siblings of
/// the person's dataset-level IDs. Shared with bulk readers so their timelines are identical.
pub(crate) fn timeline_from_parts(
    ctx: &DbContext,
    person: &PersonRef,
    xjs_id: Option<String>,
    events: Vec<Event>,
    siblings: &person::Siblings,
    own_rows: &[String],
) -> PersonTimeline {
    let dataset_ids = person::dataset_ids(&events);
    let demographics = person::demographics(&events);
    let mut flags = Vec::new();
    if let PersonRef::Unlinked { dataset, .. } = person {
        flags.extend(own_rows.iter().map(|r| Flag::unlinked(*dataset, r)));
    }
    flags.extend(person::missed_link_flags(siblings, xjs_id.as_deref()));
    flags.extend(person::disagreement_flags(&events));
    PersonTimeline {
        estimated_xjs_id: xjs_id,
        dataset_ids,
        demographics,
        events,
        flags,
        split_into: siblings.other_persons(),
        datasets_present: ctx.datasets_present(),
        windows: ctx.windows.clone(),
    }
}
