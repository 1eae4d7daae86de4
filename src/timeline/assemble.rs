//! Building a person's events from their main-table rows: one event per record (per distinct
//! `event_id_hash` in probation), its children, journey links, markers and quality flags.

use std::collections::BTreeMap;

use rusqlite::Connection;

use super::context::DbContext;
use super::describe::{self, start_key};
use super::model::{Event, JourneyLink};
use super::query;
use crate::contract::{Dataset, JOURNEY_TABLE};
use crate::dates::DateCell;
use crate::quality::{self, Flag};
use crate::record::Record;

/// Rows of one probation event read at most (the flatfile repeats an event; each row is named).
pub(crate) const MAX_EVENT_ROWS: usize = 10_000;

/// Events for the given main-table rows of one dataset. Rows absent from the main table (a link
/// row pointing nowhere) are skipped.
pub fn dataset_events(
    conn: &Connection,
    ctx: &DbContext,
    d: Dataset,
    rows: &[String],
) -> rusqlite::Result<Vec<Event>> {
    let table = d.main_table();
    let mut events = Vec::new();
    if d != Dataset::Probation {
        for row in rows {
            if let Some(record) = query::records_where(conn, table, "row_id_hash", row)?
                .into_iter()
                .next()
            {
                events.push(event(conn, ctx, d, record, vec![row.clone()])?);
            }
        }
        return Ok(events);
    }
    // Probation: group the person's rows by event, then take every flatfile row of that event.
    let mut by_event: BTreeMap<String, Record> = BTreeMap::new();
    let mut no_event = Vec::new();
    for row in rows {
        for record in query::records_where(conn, table, "row_id_hash", row)?
            .into_iter()
            .take(1)
        {
            match record.get("event_id_hash").map(str::to_string) {
                Some(e) => {
                    by_event.entry(e).or_insert(record);
                }
                None => no_event.push(record),
            }
        }
    }
    for (event_id, first) in by_event {
        let mut row_ids: Vec<String> = query::values_where(
            conn,
            table,
            "row_id_hash",
            "event_id_hash",
            &event_id,
            MAX_EVENT_ROWS,
        )?;
        row_ids.sort();
        row_ids.dedup();
        events.push(event(conn, ctx, d, first, row_ids)?);
    }
    for record in no_event {
        let row_ids = record
            .get("row_id_hash")
            .map(str::to_string)
            .into_iter()
            .collect();
        events.push(event(conn, ctx, d, record, row_ids)?);
    }
    Ok(events)
}

fn event(
    conn: &Connection,
    ctx: &DbContext,
    d: Dataset,
    record: Record,
    row_id_hashes: Vec<String>,
) -> rusqlite::Result<Event> {
    let mut children = Vec::new();
    for &child_table in d.child_tables() {
        if !ctx.table_usable(child_table) {
            continue;
        }
        let (child_col, event_col) = describe::child_key(child_table);
        let Some(key) = record.get(event_col) else {
            continue;
        };
        children.extend(query::records_where(conn, child_table, child_col, key)?);
    }
    let links = journey(conn, ctx, d, &row_id_hashes)?;
    Ok(build_event(ctx, d, record, row_id_hashes, children, links))
}

/// An event from rows already read: its main record, every main-table row behind it, its child
/// records and journey links. Pure, so bulk readers (cohort export) build identical events.
pub(crate) fn build_event(
    ctx: &DbContext,
    d: Dataset,
    record: Record,
    row_id_hashes: Vec<String>,
    child_records: Vec<Record>,
    journey_links: Vec<JourneyLink>,
) -> Event {
    let (start_col, end_col) = d.span_columns();
    let start = record.date(start_col);
    let end = record.date(end_col);
    let mut flags = quality::record_flags(&record, &ctx.windows);
    if row_id_hashes.len() > 1 {
        let event_id = record.get("event_id_hash").unwrap_or_default();
        flags.push(Flag::duplicate_event(event_id, row_id_hashes.len()));
    }
    let mut children: Vec<_> = child_records
        .into_iter()
        .map(|r| describe::child(r, &ctx.windows))
        .collect();
    describe::sort_children(&mut children);
    Event {
        dataset: d,
        table: d.main_table(),
        kind: describe::event_kind(d, &record),
        label: describe::event_label(d, &record),
        markers: describe::event_markers(d, &record),
        open: end == DateCell::Missing,
        journey_links,
        row_id_hashes,
        start,
        end,
        flags,
        children,
        record,
    }
}

fn journey(
    conn: &Connection,
    ctx: &DbContext,
    d: Dataset,
    rows: &[String],
) -> rusqlite::Result<Vec<JourneyLink>> {
    let side = match d {
        Dataset::Magistrates => "mags_row_id_hash",
        Dataset::Crown => "crown_row_id_hash",
        _ => return Ok(Vec::new()),
    };
    if !ctx.table_usable(JOURNEY_TABLE) {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for row in rows {
        for (m, c, score) in query::journey_links(conn, side, row)? {
            out.push(JourneyLink {
                mags_row_id_hash: m,
                crown_row_id_hash: c,
                estimated_match_score: score,
            });
        }
    }
    Ok(out)
}

/// Events by start date, missing (or malformed) starts last; ties by dataset, then row.
pub fn sort_events(events: &mut [Event]) {
    // Unstable: no scratch copy of the events (megabytes for a person with 50,000 records), and
    // the keys end with the row IDs, so only identical rows tie.
    events.sort_unstable_by(|a, b| {
        start_key(&a.start)
            .cmp(&start_key(&b.start))
            .then(a.dataset.cmp(&b.dataset))
            .then(start_key(&a.end).cmp(&start_key(&b.end)))
            .then(a.row_id_hashes.cmp(&b.row_id_hashes))
    });
}
