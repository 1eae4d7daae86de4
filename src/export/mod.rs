//! Exporting a cohort for R or Python: `people.csv`, optionally `events.csv`, and a manifest that
//! records exactly how the cohort was selected. Files appear complete or not at all.

pub mod person;

pub use crate::timeline::bulk::timelines as bulk_timelines;

use crate::disclosure::Shown;
pub use crate::output::{protect_text, OutputError};
use crate::output::{PendingFile, Target};

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use rusqlite::Connection;
use serde::Serialize;

use crate::cohort::{CohortFilter, Member, ReferralDateProblems, ScanCounts};
use crate::contract::Dataset;
use crate::dates::{format_date, DateCell};
use crate::db::Database;
use crate::timeline::PersonTimeline;

/// What to write and how the cohort was chosen.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportRequest {
    pub people_path: PathBuf,
    pub events_path: Option<PathBuf>,
    pub force: bool,
    pub filter: CohortFilter,
    /// True when the cohort is the researcher's marked people rather than every match.
    pub marked_only: bool,
    /// The disclosure rules the manifest's counts follow.
    pub disclosure: crate::disclosure::Rules,
}

/// Every file an export writes: the people file, its manifest, and the events file if any.
pub fn outputs(people: &std::path::Path, events: Option<&std::path::Path>) -> Vec<PathBuf> {
    let mut t = vec![people.to_path_buf(), manifest_path_for(people)];
    t.extend(events.map(std::path::Path::to_path_buf));
    t
}

/// The manifest written beside a people file: `people.csv.manifest.json`.
fn manifest_path_for(people: &std::path::Path) -> PathBuf {
    let mut name = people.as_os_str().to_owned();
    name.push(".manifest.json");
    PathBuf::from(name)
}

impl ExportRequest {
    pub fn manifest_path(&self) -> PathBuf {
        manifest_path_for(&self.people_path)
    }

    fn targets(&self) -> Vec<PathBuf> {
        outputs(&self.people_path, self.events_path.as_deref())
    }

    /// Checks every output against the database and each other before anything is written.
    pub fn check(&self, db: &Database) -> Result<(), OutputError> {
        let targets = self.targets();
        let targets: Vec<Target<'_>> = targets.iter().map(|t| Target::File(t)).collect();
        crate::output::check_outputs(&targets, &[db.path()], self.force)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportProgress {
    pub people_done: usize,
    pub people_total: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportSummary {
    pub people_rows: u64,
    pub event_rows: Option<u64>,
    pub files: Vec<PathBuf>,
    /// Leftovers of interrupted runs removed from the output folders on the way.
    pub notices: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error("the export was cancelled; nothing was written")]
    Cancelled,
    #[error(transparent)]
    Open(#[from] crate::db::OpenError),
    #[error(transparent)]
    Read(#[from] many::ReadError),
    #[error("writing CSV: {0}")]
    Csv(#[from] csv::Error),
}

use crate::timeline::many::{self, CHUNK};

pub const PEOPLE_HEADER: [&str; 11] = [
    "estimated_xjs_id",
    "index_referral_date",
    "mags_hocas_records",
    "crown_xhibit_records",
    "prison_nomis_records",
    "probation_delius_records",
    "first_record_date",
    "last_record_date",
    "gender_at_index",
    "age_at_index",
    "quality_flags",
];

pub const EVENTS_HEADER: [&str; 10] = [
    "estimated_xjs_id",
    "dataset",
    "table",
    "record_level",
    "row_id_hash_or_parent_key",
    "kind",
    "start",
    "end",
    "label",
    "quality_flags",
];

/// Writes the cohort's files. Every target is checked before anything is written; on any error
/// or cancellation no target is created or changed.
pub fn export_cohort(
    db: &Database,
    req: &ExportRequest,
    members: &[Member],
    scan: &ScanCounts,
    referral_dates: &ReferralDateProblems,
    mut progress: impl FnMut(ExportProgress) -> ControlFlow<()>,
) -> Result<ExportSummary, ExportError> {
    req.check(db)?;
    let conn = &db.connect()?;
    let targets = req.targets();
    let mut people = csv_writer(PendingFile::create(&req.people_path)?);
    people.write_record(PEOPLE_HEADER)?;
    let mut events = match &req.events_path {
        Some(p) => {
            let mut w = csv_writer(PendingFile::create(p)?);
            w.write_record(EVENTS_HEADER)?;
            Some(w)
        }
        None => None,
    };
    let mut event_rows = 0u64;
    many::for_each_chunk(
        db,
        members,
        |m| m.estimated_xjs_id.as_str(),
        |m, t| (person_row(m, t), event_rows_of(&m.estimated_xjs_id, t)),
        |c, rows| {
            if progress(ExportProgress {
                people_done: c * CHUNK,
                people_total: members.len(),
            })
            .is_break()
            {
                return Err(ExportError::Cancelled);
            }
            for (person, person_events) in rows {
                people.write_record(&person)?;
                if let Some(w) = &mut events {
                    for row in &person_events {
                        w.write_record(row)?;
                    }
                    event_rows += person_events.len() as u64;
                }
            }
            Ok(())
        },
    )?;
    let _ = progress(ExportProgress {
        people_done: members.len(),
        people_total: members.len(),
    });
    let mut finished = vec![finish(people)?];
    if let Some(events) = events {
        finished.push(finish(events)?);
    }
    let manifest = manifest(
        db,
        conn,
        req,
        members.len() as u64,
        event_rows,
        scan,
        referral_dates,
    );
    let mut manifest_file = PendingFile::create(&req.manifest_path())?;
    serde_json::to_writer_pretty(&mut manifest_file, &manifest)
        .map_err(|e| manifest_file.io_error(e.into()))?;
    // The manifest goes last: it is what says the export is complete.
    finished.push(manifest_file.finish()?);
    crate::output::commit(finished, req.force)?;
    Ok(ExportSummary {
        people_rows: members.len() as u64,
        event_rows: req.events_path.as_ref().map(|_| event_rows),
        files: targets,
        notices: crate::output::take_notices(),
    })
}

pub(crate) fn csv_writer(file: PendingFile) -> csv::Writer<PendingFile> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(file)
}

pub(crate) fn finish(
    w: csv::Writer<PendingFile>,
) -> Result<crate::output::TempOutput, ExportError> {
    let file = w
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(file.finish()?)
}

fn text(s: &str) -> String {
    protect_text(s).into_owned()
}

fn person_row(m: &Member, t: &PersonTimeline) -> Vec<String> {
    let mut dates = Vec::new();
    for e in &t.events {
        dates.extend(e.start.date());
        dates.extend(e.end.date());
    }
    let first = dates.iter().min().map(|d| format_date(*d));
    let last = dates.iter().max().map(|d| format_date(*d));
    let mut row = vec![
        text(&m.estimated_xjs_id),
        format_date(m.index_referral_date),
    ];
    row.extend(Dataset::ALL.iter().map(|d| t.records(*d).to_string()));
    row.push(first.unwrap_or_default());
    row.push(last.unwrap_or_default());
    row.push(text(m.gender.as_deref().unwrap_or("")));
    row.push(m.age_at_index.map(|a| a.to_string()).unwrap_or_default());
    row.push(t.flag_count().to_string());
    row
}

fn date_text(d: &DateCell) -> String {
    d.csv()
}

/// One row per timeline record: main-table events, then each event's child records.
pub fn event_rows_of(person: &str, t: &PersonTimeline) -> Vec<[String; 10]> {
    let mut out = Vec::new();
    for e in &t.events {
        let key = e.row_id_hashes.first().cloned().unwrap_or_default();
        out.push([
            text(person),
            e.dataset.source_name().to_string(),
            e.table.to_string(),
            "main".into(),
            text(&key),
            text(&e.kind),
            date_text(&e.start),
            date_text(&e.end),
            text(&e.label),
            e.flags.len().to_string(),
        ]);
        let parent = match e.dataset {
            Dataset::Probation => e.record.get("event_id_hash").unwrap_or(&key).to_string(),
            _ => key.clone(),
        };
        for c in &e.children {
            out.push([
                text(person),
                e.dataset.source_name().to_string(),
                c.table.to_string(),
                "child".into(),
                text(&parent),
                text(&c.kind),
                date_text(&c.start),
                date_text(&c.end),
                text(&c.label),
                c.flags.len().to_string(),
            ]);
        }
    }
    out
}

#[derive(Debug, Serialize)]
struct Manifest<'a> {
    tool: &'static str,
    version: &'static str,
    created_at: String,
    database: String,
    extract_info: BTreeMap<String, String>,
    filter: &'a CohortFilter,
    filter_description: String,
    cohort: &'static str,
    /// How the counts below are shown (`"<10"` for 1 to 9 people).
    disclosure: String,
    files: Vec<ManifestFile>,
    scan: ShownScan,
    referral_dates_never_matching: ShownDates,
    /// How the `*_records` columns count (the one counting rule).
    records_are: &'static str,
    /// Each dataset's observation window: a record with no end is open at its window's end.
    observation_windows: BTreeMap<&'static str, String>,
    /// Tables present but lacking contract columns, left out of every count and row.
    tables_left_out: Vec<String>,
}

#[derive(Debug, Serialize)]
struct ManifestFile {
    path: String,
    rows: Shown,
}

#[derive(Debug, Serialize)]
struct ShownScan {
    rows_in_range: Shown,
    unlinked_rows_in_range: Shown,
    excluded_by_filters: Shown,
    complete: bool,
}

#[derive(Debug, Serialize)]
struct ShownDates {
    missing: Shown,
    malformed: Shown,
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

fn manifest<'a>(
    db: &Database,
    conn: &Connection,
    req: &'a ExportRequest,
    people: u64,
    events: u64,
    scan: &ScanCounts,
    referral_dates: &ReferralDateProblems,
) -> Manifest<'a> {
    let rules = req.disclosure;
    let mut files = vec![ManifestFile {
        path: file_name(&req.people_path),
        rows: rules.one(people),
    }];
    if let Some(p) = &req.events_path {
        files.push(ManifestFile {
            path: file_name(p),
            rows: rules.one(events),
        });
    }
    Manifest {
        tool: "dfexplorer",
        version: env!("CARGO_PKG_VERSION"),
        created_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        database: db.file_name(),
        extract_info: crate::db::extract_info(conn)
            .unwrap_or_default()
            .into_iter()
            .collect(),
        filter: &req.filter,
        filter_description: req.filter.describe(),
        cohort: if req.marked_only {
            "marked people"
        } else {
            "all matching people"
        },
        disclosure: crate::outcomes::disclosure_line(rules),
        files,
        scan: ShownScan {
            rows_in_range: rules.one(scan.rows_in_range),
            unlinked_rows_in_range: rules.one(scan.unlinked_rows_in_range),
            excluded_by_filters: rules.one(scan.excluded_by_filters),
            complete: scan.complete,
        },
        referral_dates_never_matching: ShownDates {
            missing: rules.one(referral_dates.missing),
            malformed: rules.one(referral_dates.malformed),
        },
        records_are: RECORDS_ARE,
        observation_windows: {
            let w = crate::observation::Windows::read(conn);
            Dataset::ALL
                .iter()
                .map(|d| (d.source_name(), w.of(*d).to_string()))
                .collect()
        },
        tables_left_out: crate::db::SchemaReport::read(conn)
            .map(|s| s.ignored_tables())
            .unwrap_or_default(),
    }
}

/// The counting rule, as the manifest states it.
const RECORDS_ARE: &str = "distinct events: one per main-table row, except that probation flatfile rows repeating an event_id_hash count once";
