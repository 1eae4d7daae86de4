//! Finding the members of a cohort. One pass over `probation_flatfile` in referral-date order
//! (the covering index `(referral_date, row_id_hash)` serves it), each row joined to `xjs_link`
//! by its record key. Because rows arrive in date order, a person's first row in range is their
//! index referral, and members can be shown while the count is still running.

use std::collections::HashSet;
use std::ops::ControlFlow;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use super::CohortFilter;
use crate::contract::Dataset;
use crate::dates::{parse_date, years_between};
use crate::db::row_text;

/// A cohort member and the facts of their index referral.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Member {
    pub estimated_xjs_id: String,
    pub index_referral_date: NaiveDate,
    pub index_row_id_hash: String,
    pub index_event_id_hash: Option<String>,
    pub gender: Option<String>,
    /// Age at the index referral: `age_at_offence` carried forward from `main_offence_date`.
    pub age_at_index: Option<i64>,
    pub disposal_type: Option<String>,
}

/// How the scan went, beyond the members themselves.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ScanCounts {
    /// `probation_flatfile` rows with a valid referral date in range.
    pub rows_in_range: u64,
    /// Of those, rows with no `xjs_link` row: not members, counted here.
    pub unlinked_rows_in_range: u64,
    /// People with a referral in range whom the further filters excluded.
    pub excluded_by_filters: u64,
    /// False when the scan was cancelled before the end.
    pub complete: bool,
}

/// What the caller sees while the scan runs.
pub struct ScanProgress<'a> {
    /// Members found since the previous call, in index-date order.
    pub new_members: &'a [Member],
    pub members_so_far: usize,
    pub rows_scanned: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum CohortError {
    #[error("{0}")]
    Invalid(String),
    #[error(
        "this database has no probation_flatfile table, so there are no referrals to filter on"
    )]
    NoProbation,
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}

/// Rows scanned between progress reports.
const BATCH: u64 = 20_000;

/// Scans for members, calling `progress` with new members as they are found (the first member at
/// once, then every few thousand rows). Return `ControlFlow::Break` to cancel.
pub fn scan(
    conn: &Connection,
    filter: &CohortFilter,
    mut progress: impl FnMut(ScanProgress<'_>) -> ControlFlow<()>,
) -> Result<(Vec<Member>, ScanCounts), CohortError> {
    filter.validate().map_err(CohortError::Invalid)?;
    if !crate::db::table_exists(conn, Dataset::Probation.main_table())? {
        return Err(CohortError::NoProbation);
    }
    let mut bounds = Vec::new();
    let mut sql = String::from(
        "SELECT f.rowid, f.referral_date, l.estimated_xjs_id, f.row_id_hash
         FROM probation_flatfile AS f
         LEFT JOIN xjs_link AS l
           ON l.source_dataset = 'probation_delius' AND l.row_id_hash = f.row_id_hash
         WHERE f.referral_date IS NOT NULL",
    );
    if let Some(from) = filter.referral_from {
        sql += " AND f.referral_date >= ?";
        bounds.push(crate::dates::format_date(from));
    }
    if let Some(to) = filter.referral_to {
        // '~' sorts after every time part, so '2016-12-31 00:00:00' stays in range, and the
        // bound exists for every date, 9999-12-31 included.
        sql += " AND f.referral_date < ?";
        bounds.push(format!("{}~", crate::dates::format_date(to)));
    }
    sql += " ORDER BY f.referral_date, f.row_id_hash";

    let mut details = IndexDetails::new(conn, filter)?;
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(rusqlite::params_from_iter(bounds.iter()))?;
    let mut seen: HashSet<String> = HashSet::new();
    let mut members: Vec<Member> = Vec::new();
    let mut counts = ScanCounts::default();
    let mut reported = 0usize;
    let mut scanned: u64 = 0;
    let mut next_report = BATCH;
    while let Some(row) = rows.next()? {
        scanned += 1;
        let Some(date) = row_text(row, 1)?.as_deref().and_then(parse_date) else {
            continue; // malformed text that sorted into range: never a match
        };
        if !filter.in_range(date) {
            continue;
        }
        counts.rows_in_range += 1;
        let Some(person) = row_text(row, 2)? else {
            counts.unlinked_rows_in_range += 1;
            continue;
        };
        if seen.contains(&person) {
            continue;
        }
        let rowid: i64 = row.get(0)?;
        let row_id_hash = row_text(row, 3)?.unwrap_or_default();
        seen.insert(person.clone());
        match details.member(rowid, person, row_id_hash, date)? {
            Some(m) => members.push(m),
            None => counts.excluded_by_filters += 1,
        }
        // The first member is reported at once so a list can show people immediately.
        if scanned >= next_report || (reported == 0 && members.len() == 1) {
            next_report = scanned + BATCH;
            let flow = progress(ScanProgress {
                new_members: &members[reported..],
                members_so_far: members.len(),
                rows_scanned: scanned,
            });
            reported = members.len();
            if flow.is_break() {
                return Ok((members, counts));
            }
        }
    }
    let _ = progress(ScanProgress {
        new_members: &members[reported..],
        members_so_far: members.len(),
        rows_scanned: scanned,
    });
    counts.complete = true;
    Ok((members, counts))
}

/// Reads the index row of a new member and applies the person-level filters.
struct IndexDetails<'c> {
    row: rusqlite::Statement<'c>,
    datasets: Option<rusqlite::Statement<'c>>,
    filter: CohortFilter,
}

impl<'c> IndexDetails<'c> {
    fn new(conn: &'c Connection, filter: &CohortFilter) -> rusqlite::Result<Self> {
        let row = conn.prepare(
            "SELECT event_id_hash, gender, age_at_offence, main_offence_date, disposal_type_description
             FROM probation_flatfile WHERE rowid = ?1",
        )?;
        let datasets = if filter.datasets.is_empty() {
            None
        } else {
            Some(conn.prepare(
                "SELECT DISTINCT source_dataset FROM xjs_link WHERE estimated_xjs_id = ?1",
            )?)
        };
        Ok(IndexDetails {
            row,
            datasets,
            filter: filter.clone(),
        })
    }

    fn member(
        &mut self,
        rowid: i64,
        person: String,
        row_id_hash: String,
        date: NaiveDate,
    ) -> rusqlite::Result<Option<Member>> {
        let fields = self
            .row
            .query_row(params![rowid], |r| {
                Ok((
                    row_text(r, 0)?,
                    row_text(r, 1)?,
                    row_text(r, 2)?,
                    row_text(r, 3)?,
                    row_text(r, 4)?,
                ))
            })
            .optional()?;
        let (event, gender, age, offence_date, disposal) = fields.unwrap_or_default();
        let age_at_index = age_at_index(age.as_deref(), offence_date.as_deref(), date);
        if !self
            .filter
            .accepts(gender.as_deref(), age_at_index, disposal.as_deref())
        {
            return Ok(None);
        }
        let f = &self.filter;
        if let Some(stmt) = &mut self.datasets {
            let have: Vec<String> = stmt
                .query_map(params![person], |r| Ok(row_text(r, 0)?.unwrap_or_default()))?
                .collect::<rusqlite::Result<_>>()?;
            if !f
                .datasets
                .iter()
                .all(|d| have.iter().any(|h| h == d.source_name()))
            {
                return Ok(None);
            }
        }
        Ok(Some(Member {
            estimated_xjs_id: person,
            index_referral_date: date,
            index_row_id_hash: row_id_hash,
            index_event_id_hash: event,
            gender,
            age_at_index,
            disposal_type: disposal,
        }))
    }
}

/// Age at an index date: the recorded age (`age_at_offence`, `age_at_reception`) carried forward
/// by the whole years from the date it was recorded at, when that date is known and not after
/// the index date.
pub fn age_at_index(age: Option<&str>, recorded_at: Option<&str>, index: NaiveDate) -> Option<i64> {
    let age = age?.trim().parse::<f64>().ok()?;
    let carried = recorded_at
        .and_then(parse_date)
        .filter(|o| *o <= index)
        .map(|o| years_between(o, index) as i64)
        .unwrap_or(0);
    Some(age as i64 + carried)
}

/// Referral dates that can never match a range: missing and malformed, over the whole table.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ReferralDateProblems {
    pub missing: u64,
    pub malformed: u64,
}

pub fn referral_date_problems(conn: &Connection) -> rusqlite::Result<ReferralDateProblems> {
    let mut out = ReferralDateProblems::default();
    // Well-formed dates are skipped in SQL; only the odd ones are parsed here.
    let mut stmt = conn.prepare(
        "SELECT referral_date FROM probation_flatfile
         WHERE referral_date IS NULL
            OR referral_date NOT GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]*'
            OR substr(referral_date, 6, 2) > '12'
            OR substr(referral_date, 9, 2) > '28'
            OR substr(referral_date, 6, 2) = '00'
            OR substr(referral_date, 9, 2) = '00'
            OR (length(referral_date) > 10 AND substr(referral_date, 11, 1) NOT IN (' ', 'T'))",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        match row_text(r, 0)? {
            None => out.missing += 1,
            Some(s) if s.trim().is_empty() => out.missing += 1,
            Some(s) if parse_date(&s).is_none() => out.malformed += 1,
            Some(_) => {}
        }
    }
    Ok(out)
}
