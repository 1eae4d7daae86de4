//! From the question to each person's time to the outcome: find each person's index event,
//! read the start dates of their linked records, and follow them up to the outcome or the end of
//! the outcome data's observation window (README, "Outcomes").

use std::collections::HashMap;
use std::ops::ControlFlow;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use super::requirements::RequirementRow;
use super::spec::{age_band, outcome_date_column, Grouping, IndexKind, OutcomeSpec};
use crate::contract::{Dataset, JOURNEY_TABLE, LINK_TABLE};
use crate::dates::parse_date;
use crate::db::Database;
use crate::db::{quote_ident, row_text, same_id, table_exists};
use crate::observation::{Window, Windows};
use crate::timeline::bulk::for_each_match;
use crate::timeline::many::{in_chunks, ReadError};

/// How the people were counted on the way to the analysis.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Counts {
    /// Index-kind rows with a valid date in range.
    pub index_rows_in_range: u64,
    /// Of those, rows with no `xjs_link` row: not members.
    pub unlinked_index_rows: u64,
    /// People whose index event the filters (gender, age, disposal type, datasets) excluded.
    pub excluded_by_filters: u64,
    /// `mags-first`: people whose first magistrates' case was before the range.
    pub seen_before_range: u64,
    /// People selected: an index event in range that passed the filters.
    pub members: u64,
    /// Members whose index date is before the outcome data begin (nothing could be observed).
    pub index_before_coverage: u64,
    /// Members whose index date is on or after the end of follow-up.
    pub no_follow_up: u64,
    /// Members followed up: the people every figure is about.
    pub analysed: u64,
}

/// One person followed up.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonOutcome {
    pub estimated_xjs_id: String,
    pub group: String,
    pub index_kind: IndexKind,
    pub index_date: NaiveDate,
    /// The `row_id_hash` of the index record.
    #[serde(skip)]
    pub index_row: String,
    /// The first outcome record's start, if any (it may be after the end of follow-up).
    pub outcome_date: Option<NaiveDate>,
    pub end_of_follow_up: NaiveDate,
    pub time_days: u32,
    pub event: bool,
    /// The first `keep_next` records after the index and before the end of follow-up, in
    /// order (ties in dataset order), as (dataset, start).
    #[serde(skip)]
    pub next: Vec<(Dataset, NaiveDate)>,
    /// With `keep_records`: every linked record with a valid start (continuations included),
    /// as (dataset, days from the index; negative before it), in time order.
    #[serde(skip)]
    pub records: Vec<(Dataset, i32)>,
}

/// The people, counted and followed up.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FollowUp {
    pub counts: Counts,
    /// The outcome data's window: follow-up is possible from its start and ends at its end.
    pub window: Window,
    /// In index-date order.
    pub people: Vec<PersonOutcome>,
    /// With `probation-start` as the only index: the index events' requirements and the date
    /// their status is taken on (the end of the probation data).
    pub requirements: Option<(NaiveDate, Vec<RequirementRow>)>,
}

/// What the caller sees while the work runs: after each chunk, the people it followed up (in
/// index-date order, so a list can show them at once).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress<'a> {
    pub done: usize,
    pub of: usize,
    pub new: &'a [PersonOutcome],
}

#[derive(Debug, thiserror::Error)]
pub enum OutcomeError {
    #[error("{0}")]
    Invalid(String),
    #[error("this database has no {table} table, so there is no {what} to use")]
    NoTable { table: &'static str, what: String },
    #[error("the analysis was cancelled")]
    Cancelled,
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    #[error(transparent)]
    Read(#[from] ReadError),
}

/// People per chunk of record reads (and between progress reports).
const CHUNK: usize = 1_000;

/// A person's index event.
#[derive(Debug, Clone)]
struct Index {
    person: String,
    kind: IndexKind,
    date: NaiveDate,
    row: String,
    /// The index record's rowid, to read its other fields by.
    rowid: i64,
}

/// The fields of an index record the filters and groups use.
#[derive(Debug, Clone, Default)]
struct IndexFields {
    gender: Option<String>,
    age: Option<i64>,
    disposal: Option<String>,
}

/// Follows the people up on one connection (a database built in memory, a test).
pub fn follow(
    conn: &Connection,
    spec: &OutcomeSpec,
    mut progress: impl FnMut(Progress<'_>) -> ControlFlow<()>,
) -> Result<FollowUp, OutcomeError> {
    let mut plan = Plan::new(conn, spec)?;
    let members = std::mem::take(&mut plan.members);
    for (i, chunk) in members.chunks(CHUNK).enumerate() {
        let records = read_records(conn, chunk, &plan.needed, plan.journeys)?;
        let before = plan.people.len();
        plan.take(spec, chunk, records);
        if progress(plan.progress(i, members.len(), before)).is_break() {
            return Err(OutcomeError::Cancelled);
        }
    }
    plan.finish(conn, spec, &members, progress)
}

/// Follows the people up reading their records on one thread per core (the explorer and the
/// command: a national one-year cohort is 150,000 people).
pub fn follow_in(
    db: &Database,
    conn: &Connection,
    spec: &OutcomeSpec,
    mut progress: impl FnMut(Progress<'_>) -> ControlFlow<()>,
) -> Result<FollowUp, OutcomeError> {
    let mut plan = Plan::new(conn, spec)?;
    let members = std::mem::take(&mut plan.members);
    let (needed, journeys) = (plan.needed.clone(), plan.journeys);
    in_chunks(
        db,
        &members,
        CHUNK,
        |_| Ok(()),
        |_, conn, chunk| Ok(read_records(conn, chunk, &needed, journeys)?),
        |i, records| {
            let before = plan.people.len();
            plan.take(
                spec,
                &members[i * CHUNK..(i * CHUNK + records.len())],
                records,
            );
            if progress(plan.progress(i, members.len(), before)).is_break() {
                return Err(OutcomeError::Cancelled);
            }
            Ok(())
        },
    )?;
    plan.finish(conn, spec, &members, progress)
}

/// The work of one follow-up: the members found, what to read, and the people done so far.
struct Plan {
    members: Vec<Index>,
    needed: Vec<Dataset>,
    journeys: bool,
    windows: Windows,
    window: Window,
    counts: Counts,
    people: Vec<PersonOutcome>,
}

impl Plan {
    fn new(conn: &Connection, spec: &OutcomeSpec) -> Result<Plan, OutcomeError> {
        spec.validate().map_err(OutcomeError::Invalid)?;
        spec.cohort_filter()
            .validate()
            .map_err(OutcomeError::Invalid)?;
        let windows = Windows::read(conn);
        let window = follow_up_window(spec, &windows);
        let mut counts = Counts::default();
        let members = index_events(conn, spec, &mut counts)?;
        let mut needed: Vec<Dataset> = spec.outcome.datasets().to_vec();
        if spec.index.contains(&IndexKind::MagsFirst) && !needed.contains(&Dataset::Magistrates) {
            needed.push(Dataset::Magistrates);
        }
        needed.retain(|d| table_exists(conn, d.main_table()).unwrap_or(false));
        let journeys = spec.outcome.datasets().contains(&Dataset::Crown)
            && table_exists(conn, JOURNEY_TABLE)?
            && table_exists(conn, Dataset::Magistrates.main_table())?;
        Ok(Plan {
            people: Vec::with_capacity(members.len()),
            members,
            needed,
            journeys,
            windows,
            window,
            counts,
        })
    }

    /// Progress after chunk `chunk`, whose people start at `before`.
    fn progress(&self, chunk: usize, of: usize, before: usize) -> Progress<'_> {
        Progress {
            done: ((chunk + 1) * CHUNK).min(of),
            of,
            new: &self.people[before..],
        }
    }

    /// Follows up the members of one chunk from their records.
    fn take(&mut self, spec: &OutcomeSpec, chunk: &[Index], records: Vec<Records>) {
        let (counts, window) = (&mut self.counts, self.window);
        let filter = spec.cohort_filter();
        for (m, recs) in chunk.iter().zip(records) {
            let f = &recs.index_fields;
            if !filter.accepts(f.gender.as_deref(), f.age, f.disposal.as_deref())
                || !spec.datasets.iter().all(|d| recs.datasets.contains(d))
            {
                counts.excluded_by_filters += 1;
                continue;
            }
            if m.kind == IndexKind::MagsFirst
                && recs.starts.iter().any(|r| {
                    r.dataset == Dataset::Magistrates && r.start.is_some_and(|s| s < m.date)
                })
            {
                counts.seen_before_range += 1;
                continue;
            }
            counts.members += 1;
            if m.date < window.from {
                counts.index_before_coverage += 1;
                continue;
            }
            if m.date >= window.to {
                counts.no_follow_up += 1;
                continue;
            }
            // Records after the index that are not the continuation of earlier proceedings.
            let after = || {
                recs.starts
                    .iter()
                    .filter(|r| r.continues.is_none_or(|sent| sent > m.date))
                    .filter_map(|r| Some((r.dataset, r.start?)))
                    .filter(|(_, s)| *s > m.date)
            };
            let outcome_date = after()
                .filter(|(d, _)| spec.outcome.datasets().contains(d))
                .map(|(_, s)| s)
                .min();
            let mut next: Vec<(Dataset, NaiveDate)> = Vec::new();
            if spec.keep_next > 0 {
                next = after().filter(|(_, s)| *s <= window.to).collect();
                next.sort_unstable_by_key(|(d, s)| (*s, *d));
                next.truncate(spec.keep_next);
            }
            let mut records: Vec<(Dataset, i32)> = Vec::new();
            if spec.keep_records {
                records = recs
                    .starts
                    .iter()
                    .filter_map(|r| Some((r.dataset, (r.start? - m.date).num_days() as i32)))
                    .collect();
                records.sort_unstable_by_key(|(d, t)| (*t, *d));
            }
            let event = outcome_date.is_some_and(|o| o <= window.to);
            let until = if event {
                outcome_date.unwrap_or(window.to)
            } else {
                window.to
            };
            self.people.push(PersonOutcome {
                estimated_xjs_id: m.person.clone(),
                group: group_of(spec.by, m, &recs.index_fields),
                index_kind: m.kind,
                index_date: m.date,
                index_row: m.row.clone(),
                outcome_date,
                end_of_follow_up: window.to,
                time_days: (until - m.date).num_days() as u32,
                event,
                next,
                records,
            });
        }
    }

    fn finish(
        mut self,
        conn: &Connection,
        spec: &OutcomeSpec,
        members: &[Index],
        mut progress: impl FnMut(Progress<'_>) -> ControlFlow<()>,
    ) -> Result<FollowUp, OutcomeError> {
        let _ = progress(Progress {
            done: members.len(),
            of: members.len(),
            new: &[],
        });
        self.counts.analysed = self.people.len() as u64;
        let requirements = if spec.index == [IndexKind::ProbationStart] {
            let end = self.windows.of(Dataset::Probation).to;
            Some((
                end,
                super::requirements::completion(conn, &self.people, end)?,
            ))
        } else {
            None
        };
        Ok(FollowUp {
            counts: self.counts,
            window: self.window,
            people: self.people,
            requirements,
        })
    }
}

/// Follow-up runs from the latest start to the earliest end among the outcome's datasets.
pub fn follow_up_window(spec: &OutcomeSpec, windows: &Windows) -> Window {
    let ds = spec.outcome.datasets();
    Window {
        from: ds
            .iter()
            .map(|d| windows.of(*d).from)
            .max()
            .unwrap_or(windows.extract_date),
        to: ds
            .iter()
            .map(|d| windows.of(*d).to)
            .min()
            .unwrap_or(windows.extract_date),
    }
}

fn group_of(by: Grouping, m: &Index, f: &IndexFields) -> String {
    let or_missing = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .unwrap_or("(missing)")
            .to_string()
    };
    match by {
        Grouping::None => "all".to_string(),
        Grouping::Gender => or_missing(&f.gender),
        Grouping::AgeBand => age_band(f.age),
        Grouping::DisposalType => or_missing(&f.disposal),
        Grouping::IndexYear => m.date.format("%Y").to_string(),
        Grouping::IndexDataset => m.kind.dataset().label().to_string(),
    }
}

/// Each person's earliest qualifying index event in range (ties: the kinds in the order given,
/// then the record key), in date order. Only keys are read here (for referrals, from the
/// covering index alone); the event's other fields are read with the person's records.
fn index_events(
    conn: &Connection,
    spec: &OutcomeSpec,
    counts: &mut Counts,
) -> Result<Vec<Index>, OutcomeError> {
    let mut earliest: HashMap<String, Index> = HashMap::new();
    for kind in &spec.index {
        let d = kind.dataset();
        let main = d.main_table();
        if !table_exists(conn, main)? {
            return Err(OutcomeError::NoTable {
                table: main,
                what: kind.describe().to_string(),
            });
        }
        let c = kind.columns();
        let mut sql = format!(
            "SELECT l.estimated_xjs_id, t.{date}, t.row_id_hash, t.rowid
             FROM {main} AS t LEFT JOIN {LINK_TABLE} AS l
               ON l.source_dataset = ?1 AND l.row_id_hash {link}
             WHERE t.{date} IS NOT NULL",
            date = quote_ident(c.date),
            main = quote_ident(main),
            link = same_id(conn, LINK_TABLE, "row_id_hash", "t.row_id_hash"),
        );
        let mut bounds = vec![d.source_name().to_string()];
        if let Some(from) = spec.from {
            sql += &format!(" AND t.{} >= ?{}", quote_ident(c.date), bounds.len() + 1);
            bounds.push(crate::dates::format_date(from));
        }
        if let Some(to) = spec.to {
            // '~' sorts after any time part: the last day stays in range (as the cohort scan).
            sql += &format!(" AND t.{} < ?{}", quote_ident(c.date), bounds.len() + 1);
            bounds.push(format!("{}~", crate::dates::format_date(to)));
        }
        if spec.first.is_some() {
            // A preview: in index-date order, so the scan can stop early.
            sql += &format!(" ORDER BY t.{}, t.row_id_hash", quote_ident(c.date));
        }
        let mut stmt = conn.prepare(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(bounds.iter()))?;
        let mut seen_here = 0usize;
        while let Some(r) = rows.next()? {
            if spec.first.is_some_and(|n| seen_here >= n) {
                break;
            }
            let Some(date) = row_text(r, 1)?.as_deref().and_then(parse_date) else {
                continue;
            };
            if !spec.in_range(date) {
                continue;
            }
            counts.index_rows_in_range += 1;
            let Some(person) = row_text(r, 0)? else {
                counts.unlinked_index_rows += 1;
                continue;
            };
            let row = row_text(r, 2)?.unwrap_or_default();
            if earliest.get(&person).is_some_and(|e| {
                (e.date, spec_order(spec, e.kind), &e.row) <= (date, spec_order(spec, *kind), &row)
            }) {
                continue;
            }
            let index = Index {
                person: person.clone(),
                kind: *kind,
                date,
                row,
                rowid: r.get(3)?,
            };
            if earliest.insert(person, index).is_none() {
                seen_here += 1;
            }
        }
    }
    let mut out: Vec<Index> = earliest.into_values().collect();
    out.sort_unstable_by(|a, b| (a.date, &a.person).cmp(&(b.date, &b.person)));
    if let Some(n) = spec.first {
        out.truncate(n);
    }
    Ok(out)
}

fn spec_order(spec: &OutcomeSpec, kind: IndexKind) -> usize {
    spec.index
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(usize::MAX)
}

/// A linked record's start as an outcome.
struct Start {
    dataset: Dataset,
    start: Option<NaiveDate>,
    /// A Crown case sent from a magistrates' case: that case's first hearing (the earliest, if
    /// several), which decides whether the Crown case continues proceedings begun by the index.
    continues: Option<NaiveDate>,
}

#[derive(Default)]
struct Records {
    datasets: Vec<Dataset>,
    starts: Vec<Start>,
    index_fields: IndexFields,
}

/// The linked records of a chunk of members: which datasets each appears in, and the start date
/// of each record of the `needed` datasets.
fn read_records(
    conn: &Connection,
    chunk: &[Index],
    needed: &[Dataset],
    journeys: bool,
) -> rusqlite::Result<Vec<Records>> {
    let keys: Vec<&str> = chunk.iter().map(|m| m.person.as_str()).collect();
    let mut links: Vec<Vec<(Dataset, String)>> = vec![Vec::new(); chunk.len()];
    for_each_match(
        conn,
        LINK_TABLE,
        "estimated_xjs_id",
        "m.source_dataset, m.row_id_hash",
        "",
        &keys,
        |k, _, r| {
            let ds = row_text(r, 0)?
                .as_deref()
                .and_then(Dataset::from_source_name);
            if let (Some(d), Some(row)) = (ds, row_text(r, 1)?) {
                links[k].push((d, row));
            }
            Ok(())
        },
    )?;
    let mut out: Vec<Records> = links
        .iter_mut()
        .map(|l| {
            l.sort();
            l.dedup();
            let mut datasets: Vec<Dataset> = l.iter().map(|(d, _)| *d).collect();
            datasets.dedup();
            Records {
                datasets,
                ..Records::default()
            }
        })
        .collect();
    read_index_fields(conn, chunk, &mut out)?;
    for &d in needed {
        // (person, row key) of every linked record of d in the chunk.
        let wanted: Vec<(usize, &str)> = links
            .iter()
            .enumerate()
            .flat_map(|(p, l)| {
                l.iter()
                    .filter(move |(ld, _)| *ld == d)
                    .map(move |(_, row)| (p, row.as_str()))
            })
            .collect();
        let rows: Vec<&str> = wanted.iter().map(|(_, r)| *r).collect();
        let mut starts: Vec<(usize, Option<NaiveDate>)> = Vec::new();
        for_each_match(
            conn,
            d.main_table(),
            "row_id_hash",
            &format!("m.{}", quote_ident(outcome_date_column(d))),
            "",
            &rows,
            |k, _, r| {
                starts.push((k, row_text(r, 0)?.as_deref().and_then(parse_date)));
                Ok(())
            },
        )?;
        let sent = if d == Dataset::Crown && journeys {
            sent_from(conn, &rows)?
        } else {
            HashMap::new()
        };
        for (k, start) in starts {
            out[wanted[k].0].starts.push(Start {
                dataset: d,
                start,
                continues: sent.get(&k).copied(),
            });
        }
    }
    Ok(out)
}

/// The gender, age at the index date and disposal type of each member's index record, read by
/// rowid, one statement per index kind.
fn read_index_fields(
    conn: &Connection,
    chunk: &[Index],
    out: &mut [Records],
) -> rusqlite::Result<()> {
    for kind in IndexKind::ALL {
        let at: Vec<usize> = (0..chunk.len())
            .filter(|&i| chunk[i].kind == kind)
            .collect();
        if at.is_empty() {
            continue;
        }
        let c = kind.columns();
        let sql = format!(
            "SELECT j.key, m.gender, m.{}, m.{}, m.{} FROM json_each(?1) AS j
             CROSS JOIN {} AS m WHERE m.rowid = j.value",
            quote_ident(c.age),
            quote_ident(c.age_at),
            quote_ident(c.disposal),
            quote_ident(kind.dataset().main_table())
        );
        let rowids: Vec<i64> = at.iter().map(|&i| chunk[i].rowid).collect();
        let json = serde_json::to_string(&rowids).expect("integers serialise");
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query([json])?;
        while let Some(r) = rows.next()? {
            let i = at[r.get::<_, i64>(0)? as usize];
            out[i].index_fields = IndexFields {
                gender: row_text(r, 1)?,
                age: crate::cohort::age_at_index(
                    row_text(r, 2)?.as_deref(),
                    row_text(r, 3)?.as_deref(),
                    chunk[i].date,
                ),
                disposal: row_text(r, 4)?,
            };
        }
    }
    Ok(())
}

/// For Crown cases (by index in `crown_rows`) sent from a magistrates' case, the earliest first
/// hearing of the magistrates' cases that sent them.
fn sent_from(
    conn: &Connection,
    crown_rows: &[&str],
) -> rusqlite::Result<HashMap<usize, NaiveDate>> {
    let mut pairs: Vec<(usize, String)> = Vec::new();
    for_each_match(
        conn,
        JOURNEY_TABLE,
        "crown_row_id_hash",
        "m.mags_row_id_hash",
        "",
        crown_rows,
        |k, _, r| {
            if let Some(m) = row_text(r, 0)? {
                pairs.push((k, m));
            }
            Ok(())
        },
    )?;
    let mags: Vec<&str> = pairs.iter().map(|(_, m)| m.as_str()).collect();
    let mut out: HashMap<usize, NaiveDate> = HashMap::new();
    for_each_match(
        conn,
        Dataset::Magistrates.main_table(),
        "row_id_hash",
        "m.first_hearing_date",
        "",
        &mags,
        |k, _, r| {
            if let Some(d) = row_text(r, 0)?.as_deref().and_then(parse_date) {
                let e = out.entry(pairs[k].0).or_insert(d);
                *e = (*e).min(d);
            }
            Ok(())
        },
    )?;
    Ok(out)
}
