//! Reading many people's timelines at once for export. `timeline::assemble_with` runs a dozen
//! small statements per person; here each step runs one statement for a whole chunk of people,
//! driven by a JSON array of keys (`json_each`) joined to the table's index, so the database is
//! read the same way (index seeks) without per-statement costs. The rows read are turned into
//! events and timelines by the timeline's own builders, so every exported row is the same as the
//! per-person path gives (a test compares the two).
//!
//! Joins compare key columns with `=`, which is the timeline's exact-text comparison only when
//! both sides hold text; [`usable`] says whether the database's key columns have TEXT affinity,
//! and callers fall back to per-person assembly otherwise.

use std::collections::{BTreeMap, HashMap};

use rusqlite::Connection;

use crate::contract::{Dataset, JOURNEY_TABLE, LINK_TABLE};
use crate::db::{quote_ident, row_text};
use crate::record::{Columns, Record};
use crate::timeline::assemble::{build_event, sort_events, MAX_EVENT_ROWS};
use crate::timeline::describe::child_key;
use crate::timeline::person::{dataset_ids, Siblings};
use crate::timeline::{
    timeline_from_parts, DbContext, JourneyLink, LookupError, PersonRef, PersonTimeline,
    MAX_ROWS_PER_ID,
};

/// Whether every column the bulk joins compare holds text (TEXT affinity).
pub fn usable(ctx: &DbContext) -> bool {
    let mut cols: Vec<(&str, &str)> = vec![
        (LINK_TABLE, "estimated_xjs_id"),
        (LINK_TABLE, "row_id_hash"),
        (LINK_TABLE, "source_dataset"),
    ];
    for d in Dataset::ALL.into_iter().filter(|d| ctx.dataset_usable(*d)) {
        let main = d.main_table();
        cols.push((main, "row_id_hash"));
        cols.push((main, d.person_id_column()));
        if d == Dataset::Probation {
            cols.push((main, "event_id_hash"));
        }
        for &child in d.child_tables() {
            if ctx.table_usable(child) {
                cols.push((child, child_key(child).0));
            }
        }
    }
    cols.iter().all(|(t, c)| ctx.is_text(t, c))
}

/// Runs `SELECT <wanted>, j.key FROM json_each(keys) CROSS JOIN table WHERE column = j.value`
/// and calls `each(key index, row)` in index order per key. `CROSS JOIN` fixes the join order,
/// so the plan is an index seek per key whatever statistics the copy holds. A key column without
/// TEXT affinity (a copy storing IDs as integers) is matched key by key with [`same_id`]
/// instead, so the rows are the same whatever the storage.
///
/// [`same_id`]: crate::db::same_id
pub(crate) fn for_each_match(
    conn: &Connection,
    table: &str,
    column: &str,
    wanted: &str,
    extra_where: &str,
    keys: &[&str],
    mut each: impl FnMut(usize, &Columns, &rusqlite::Row<'_>) -> rusqlite::Result<()>,
) -> rusqlite::Result<()> {
    if keys.is_empty() {
        return Ok(());
    }
    if !crate::db::has_text_affinity(conn, table, column) {
        let sql = format!(
            "SELECT {wanted}, ?2 FROM {} AS m WHERE m.{} {} {extra_where}",
            quote_ident(table),
            quote_ident(column),
            crate::db::same_id(conn, table, column, "?1")
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let names: Vec<std::sync::Arc<str>> = stmt.column_names().map(Into::into).collect();
        let names: Columns = names[..names.len() - 1].to_vec().into();
        for (k, key) in keys.iter().enumerate() {
            let mut rows = stmt.query(rusqlite::params![key, k as i64])?;
            while let Some(r) = rows.next()? {
                each(k, &names, r)?;
            }
        }
        return Ok(());
    }
    let sql = format!(
        "SELECT {wanted}, j.key FROM json_each(?1) AS j CROSS JOIN {} AS m
         WHERE m.{} = j.value {extra_where}",
        quote_ident(table),
        quote_ident(column)
    );
    let json = serde_json::to_string(keys).expect("strings serialise");
    let mut stmt = conn.prepare_cached(&sql)?;
    let names: Vec<std::sync::Arc<str>> = stmt.column_names().map(Into::into).collect();
    let key_col = names.len() - 1;
    let names: Columns = names[..key_col].to_vec().into();
    let mut rows = stmt.query([json])?;
    while let Some(r) = rows.next()? {
        let k: i64 = r.get(key_col)?;
        each(k as usize, &names, r)?;
    }
    Ok(())
}

/// The timelines of `persons` (linked `estimated_xjs_id`s), in order, as
/// [`crate::timeline::assemble_with`] builds them except that journey links are not read (no
/// export column uses them).
pub fn timelines(
    conn: &Connection,
    ctx: &DbContext,
    persons: &[String],
) -> Result<Vec<PersonTimeline>, LookupError> {
    // 1. Each person's link rows, sorted and without repeats.
    let mut links: Vec<Vec<(Dataset, String)>> = vec![Vec::new(); persons.len()];
    let keys: Vec<&str> = persons.iter().map(String::as_str).collect();
    for_each_match(
        conn,
        LINK_TABLE,
        "estimated_xjs_id",
        "m.source_dataset, m.row_id_hash",
        "",
        &keys,
        |k, _, r| {
            if let (Some(ds), Some(row)) = (row_text(r, 0)?, row_text(r, 1)?) {
                if let Some(d) = Dataset::from_source_name(&ds) {
                    links[k].push((d, row));
                }
            }
            Ok(())
        },
    )?;
    for (p, l) in persons.iter().zip(&mut links) {
        l.sort();
        l.dedup();
        if l.is_empty() {
            return Err(LookupError::UnknownId(p.clone()));
        }
    }

    // 2. Events per dataset, in the order assemble_with builds them.
    // Sized once (a person's link rows bound their events): a person with 50,000 records would
    // otherwise copy them as the list grows.
    let mut events: Vec<Vec<crate::timeline::Event>> =
        links.iter().map(|l| Vec::with_capacity(l.len())).collect();
    for d in Dataset::ALL.into_iter().filter(|d| ctx.dataset_usable(*d)) {
        let wanted: Vec<(usize, &str)> = links
            .iter()
            .enumerate()
            .flat_map(|(p, l)| {
                l.iter()
                    .filter(move |(ld, _)| *ld == d)
                    .map(move |(_, r)| (p, r.as_str()))
            })
            .collect();
        let rows: Vec<&str> = wanted.iter().map(|w| w.1).collect();
        let table: std::sync::Arc<str> = d.main_table().into();
        let mut first: Vec<Option<Record>> = vec![None; rows.len()];
        for_each_match(
            conn,
            d.main_table(),
            "row_id_hash",
            "m.*",
            "",
            &rows,
            |k, names, r| {
                if first[k].is_none() {
                    first[k] = Some(Record::from_row(&table, names, r)?);
                }
                Ok(())
            },
        )?;
        // (person, record, row ids behind the event)
        let mut built: Vec<(usize, Record, Vec<String>)> = Vec::new();
        if d == Dataset::Probation {
            let mut by_person: BTreeMap<usize, (BTreeMap<String, Record>, Vec<Record>)> =
                BTreeMap::new();
            for ((p, _), rec) in wanted.iter().zip(first) {
                let Some(rec) = rec else { continue };
                let entry = by_person.entry(*p).or_default();
                match rec.get("event_id_hash").map(str::to_string) {
                    Some(e) => {
                        entry.0.entry(e).or_insert(rec);
                    }
                    None => entry.1.push(rec),
                }
            }
            let event_ids: Vec<String> = {
                let mut v: Vec<String> = by_person
                    .values()
                    .flat_map(|(by_event, _)| by_event.keys().cloned())
                    .collect();
                v.sort();
                v.dedup();
                v
            };
            let ev_keys: Vec<&str> = event_ids.iter().map(String::as_str).collect();
            let mut rows_of: Vec<Vec<String>> = vec![Vec::new(); ev_keys.len()];
            let mut seen: Vec<usize> = vec![0; ev_keys.len()];
            for_each_match(
                conn,
                d.main_table(),
                "event_id_hash",
                "m.row_id_hash",
                "",
                &ev_keys,
                |k, _, r| {
                    seen[k] += 1;
                    if seen[k] <= MAX_EVENT_ROWS {
                        rows_of[k].extend(row_text(r, 0)?);
                    }
                    Ok(())
                },
            )?;
            for v in &mut rows_of {
                v.sort();
                v.dedup();
            }
            for (p, (by_event, no_event)) in by_person {
                for (e, rec) in by_event {
                    let i = event_ids.binary_search(&e).expect("collected above");
                    built.push((p, rec, rows_of[i].clone()));
                }
                for rec in no_event {
                    let ids = rec.get("row_id_hash").map(str::to_string).into_iter();
                    built.push((p, rec, ids.collect()));
                }
            }
        } else {
            for ((p, row), rec) in wanted.iter().zip(first) {
                if let Some(rec) = rec {
                    built.push((*p, rec, vec![row.to_string()]));
                }
            }
        }
        let mut children = children_of(conn, ctx, d, &built)?;
        for (i, (p, rec, ids)) in built.into_iter().enumerate() {
            let kids = std::mem::take(&mut children[i]);
            events[p].push(build_event(ctx, d, rec, ids, kids, Vec::new()));
        }
    }

    // 3. Siblings of each person's dataset-level IDs, then the person-level assembly.
    let mut out = Vec::with_capacity(persons.len());
    let ids: Vec<_> = events.iter().map(|e| dataset_ids(e)).collect();
    let holders = SiblingRows::read(conn, ctx, &ids)?;
    for (p, mut evs) in events.into_iter().enumerate() {
        sort_events(&mut evs);
        let own_rows: Vec<String> = links[p].iter().map(|(_, r)| r.clone()).collect();
        let siblings = holders.siblings(&ids[p], &persons[p], &own_rows);
        let person = PersonRef::Linked(persons[p].clone());
        out.push(timeline_from_parts(
            ctx,
            &person,
            Some(persons[p].clone()),
            evs,
            &siblings,
            &own_rows,
        ));
    }
    Ok(out)
}

/// Reads the magistrates-to-Crown journey links of `events` (which the bulk reader leaves out) in
/// one statement per side, in the order the per-person path gives them. Used for one person
/// with many records, where per-record statements would dominate.
pub fn add_journey_links(
    conn: &Connection,
    ctx: &DbContext,
    events: &mut [crate::timeline::Event],
) -> rusqlite::Result<()> {
    if !ctx.table_usable(JOURNEY_TABLE) {
        return Ok(());
    }
    for (d, side) in [
        (Dataset::Magistrates, "mags_row_id_hash"),
        (Dataset::Crown, "crown_row_id_hash"),
    ] {
        let at: Vec<usize> = (0..events.len())
            .filter(|i| events[*i].dataset == d)
            .collect();
        let keys: Vec<&str> = at
            .iter()
            .filter_map(|i| events[*i].row_id_hashes.first().map(String::as_str))
            .collect();
        let mut found: Vec<Vec<JourneyLink>> = vec![Vec::new(); keys.len()];
        for_each_match(
            conn,
            JOURNEY_TABLE,
            side,
            "m.mags_row_id_hash, m.crown_row_id_hash, m.estimated_match_score",
            "",
            &keys,
            |k, _, r| {
                if let (Some(m), Some(c)) = (row_text(r, 0)?, row_text(r, 1)?) {
                    found[k].push(JourneyLink {
                        mags_row_id_hash: m,
                        crown_row_id_hash: c,
                        estimated_match_score: r.get::<_, Option<f64>>(2).ok().flatten(),
                    });
                }
                Ok(())
            },
        )?;
        // `at` and `keys` line up: every main-table event has its row.
        for (i, links) in at.into_iter().zip(found) {
            events[i].journey_links = links;
        }
    }
    Ok(())
}

/// Child records of each built event, in the order the per-person path reads them.
fn children_of(
    conn: &Connection,
    ctx: &DbContext,
    d: Dataset,
    built: &[(usize, Record, Vec<String>)],
) -> rusqlite::Result<Vec<Vec<Record>>> {
    let mut out: Vec<Vec<Record>> = vec![Vec::new(); built.len()];
    for &table in d.child_tables() {
        if !ctx.table_usable(table) {
            continue;
        }
        let (child_col, parent_col) = child_key(table);
        let mut keys: Vec<&str> = built.iter().filter_map(|b| b.1.get(parent_col)).collect();
        keys.sort();
        keys.dedup();
        let mut found: Vec<Vec<Record>> = vec![Vec::new(); keys.len()];
        let shared: std::sync::Arc<str> = table.into();
        for_each_match(conn, table, child_col, "m.*", "", &keys, |k, names, r| {
            found[k].push(Record::from_row(&shared, names, r)?);
            Ok(())
        })?;
        for (i, b) in built.iter().enumerate() {
            if let Some(key) = b.1.get(parent_col) {
                let at = keys.binary_search(&key).expect("collected above");
                out[i].extend(found[at].iter().cloned());
            }
        }
    }
    Ok(out)
}

/// For every dataset-level ID of a chunk: the main-table rows holding it, and the people each
/// row is linked to.
struct SiblingRows {
    /// (dataset, ID value) -> rows (as the per-person path lists them).
    rows: HashMap<(Dataset, String), Vec<String>>,
    /// (dataset, row) -> linked people, sorted.
    persons: HashMap<(Dataset, String), Vec<String>>,
}

impl SiblingRows {
    fn read(
        conn: &Connection,
        ctx: &DbContext,
        ids: &[Vec<crate::timeline::DatasetId>],
    ) -> rusqlite::Result<SiblingRows> {
        let mut rows = HashMap::new();
        let mut persons = HashMap::new();
        for d in Dataset::ALL.into_iter().filter(|d| ctx.dataset_usable(*d)) {
            let mut values: Vec<&str> = ids
                .iter()
                .flatten()
                .filter(|i| i.dataset == d)
                .map(|i| i.value.as_str())
                .collect();
            values.sort();
            values.dedup();
            let mut found: Vec<Vec<String>> = vec![Vec::new(); values.len()];
            let mut seen = vec![0usize; values.len()];
            for_each_match(
                conn,
                d.main_table(),
                d.person_id_column(),
                "m.row_id_hash",
                "",
                &values,
                |k, _, r| {
                    seen[k] += 1;
                    if seen[k] <= MAX_ROWS_PER_ID {
                        found[k].extend(row_text(r, 0)?);
                    }
                    Ok(())
                },
            )?;
            let mut all_rows: Vec<&str> = found.iter().flatten().map(String::as_str).collect();
            all_rows.sort();
            all_rows.dedup();
            let mut linked: Vec<Vec<String>> = vec![Vec::new(); all_rows.len()];
            let extra = format!("AND m.source_dataset = '{}'", d.source_name());
            for_each_match(
                conn,
                LINK_TABLE,
                "row_id_hash",
                "m.estimated_xjs_id",
                &extra,
                &all_rows,
                |k, _, r| {
                    linked[k].extend(row_text(r, 0)?);
                    Ok(())
                },
            )?;
            for (row, mut people) in all_rows.iter().zip(linked) {
                people.sort();
                people.dedup();
                persons.insert((d, row.to_string()), people);
            }
            for (v, f) in values.iter().zip(found) {
                rows.insert((d, v.to_string()), f);
            }
        }
        Ok(SiblingRows { rows, persons })
    }

    /// The same as `timeline::person::siblings` computes with one query per row.
    fn siblings(
        &self,
        ids: &[crate::timeline::DatasetId],
        own: &str,
        own_rows: &[String],
    ) -> Siblings {
        let mut split = Vec::new();
        let mut unlinked_rows = 0;
        let none = Vec::new();
        for id in ids {
            let mut others: Vec<String> = Vec::new();
            for row in self
                .rows
                .get(&(id.dataset, id.value.clone()))
                .unwrap_or(&none)
            {
                let people = self
                    .persons
                    .get(&(id.dataset, row.clone()))
                    .unwrap_or(&none);
                if people.is_empty() && !own_rows.contains(row) {
                    unlinked_rows += 1;
                }
                others.extend(people.iter().filter(|p| p.as_str() != own).cloned());
            }
            others.sort();
            others.dedup();
            if !others.is_empty() {
                split.push((id.clone(), others));
            }
        }
        Siblings {
            split,
            unlinked_rows,
        }
    }
}
