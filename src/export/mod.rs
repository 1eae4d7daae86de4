//! Exporting a cohort for R or Python: `people.csv`, optionally `events.csv`, and a manifest that
//! records exactly how the cohort was selected. Files appear complete or not at all.

pub mod dictionary;
pub mod loaders;
pub mod person;
pub mod table;
pub mod tidy;

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
use crate::db::Database;
use crate::timeline::PersonTimeline;
use table::{Cell, Rows, TableWriter};

/// What to write and how the cohort was chosen.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportRequest {
    /// The people file: CSV, or parquet for a `.parquet` name (as every file here).
    pub people_path: PathBuf,
    pub events_path: Option<PathBuf>,
    /// One boolean column per quality rule in the events file.
    pub flag_columns: bool,
    pub force: bool,
    pub filter: CohortFilter,
    /// True when the cohort is the researcher's marked people rather than every match.
    pub marked_only: bool,
    /// The disclosure rules the manifest's counts follow.
    pub disclosure: crate::disclosure::Rules,
}

/// Every file an export writes: the people file, its manifest, the events file if any, and the
/// R and Stata loaders beside the people file.
pub fn outputs(people: &Path, events: Option<&Path>) -> Vec<PathBuf> {
    let mut t = vec![people.to_path_buf(), manifest_path_for(people)];
    t.extend(events.map(Path::to_path_buf));
    t.extend(loaders::paths(people));
    t
}

/// The manifest written beside a people file: `people.csv.manifest.json`.
fn manifest_path_for(people: &Path) -> PathBuf {
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
    /// A write that failed (the error names the file).
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error("writing {}: {message}", path.display())]
    Parquet { path: PathBuf, message: String },
}

use crate::timeline::many::{self, CHUNK};

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
    let event_columns = tidy::event_columns(req.flag_columns);
    let mut people = TableWriter::create(&req.people_path, &tidy::PEOPLE_COLUMNS, None)?;
    let mut events = match &req.events_path {
        Some(p) => Some(TableWriter::create(p, &event_columns, None)?),
        None => None,
    };
    let people_format = people.format();
    let events_format = events.as_ref().map(TableWriter::format);
    let mut event_rows = 0u64;
    many::for_each_chunk(
        db,
        members,
        |m| m.estimated_xjs_id.as_str(),
        |m, t| {
            let mut person = Rows::new(people_format);
            person.push(&person_row(m, t));
            let rows = events_format.map(|f| {
                let mut rows = Rows::new(f);
                tidy::push_event_rows(&mut rows, t, req.flag_columns);
                rows
            });
            (person, rows)
        },
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
                people.rows(person)?;
                if let (Some(w), Some(rows)) = (&mut events, person_events) {
                    event_rows += rows.count() as u64;
                    w.rows(rows)?;
                }
            }
            Ok(())
        },
    )?;
    let _ = progress(ExportProgress {
        people_done: members.len(),
        people_total: members.len(),
    });
    let mut finished = vec![people.finish()?];
    if let Some(events) = events {
        finished.push(events.finish()?);
    }
    let mut loaded = vec![loaders::Loaded {
        path: &req.people_path,
        name: "people",
        columns: &tidy::PEOPLE_COLUMNS,
        noted: false,
    }];
    if let Some(p) = &req.events_path {
        loaded.push(loaders::Loaded {
            path: p,
            name: "events",
            columns: &event_columns,
            noted: false,
        });
    }
    finished.extend(write_loaders(&loaded)?);
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

/// Writes the R and Stata loaders beside the first file, each reading every file of `loaded`.
pub(crate) fn write_loaders(
    loaded: &[loaders::Loaded<'_>],
) -> Result<Vec<crate::output::TempOutput>, ExportError> {
    use std::io::Write;
    let [r, stata] = loaders::paths(loaded[0].path);
    let folder = crate::output::parent_of(loaded[0].path);
    let mut out = Vec::new();
    for (path, text) in [
        (r, loaders::r_script(&folder, loaded)),
        (stata, loaders::stata_script(&folder, loaded)),
    ] {
        let mut file = PendingFile::create(&path)?;
        file.write_all(text.as_bytes())
            .map_err(|e| file.io_error(e))?;
        out.push(file.finish()?);
    }
    Ok(out)
}

/// One member's row of the people file.
pub fn person_row<'a>(m: &'a Member, t: &PersonTimeline) -> Vec<Cell<'a>> {
    let dates = t
        .events
        .iter()
        .flat_map(|e| [e.start.date(), e.end.date()])
        .flatten();
    let (first, last) = dates.fold((None, None), |(lo, hi), d| {
        (
            Some(lo.map_or(d, |l: chrono::NaiveDate| l.min(d))),
            Some(hi.map_or(d, |h: chrono::NaiveDate| h.max(d))),
        )
    });
    let mut row = vec![
        Cell::Text(m.estimated_xjs_id.as_str().into()),
        Cell::Date(m.index_referral_date),
    ];
    row.extend(
        Dataset::ALL
            .iter()
            .map(|d| Cell::Integer(t.records(*d) as i64)),
    );
    row.push(first.map_or(Cell::Null, Cell::Date));
    row.push(last.map_or(Cell::Null, Cell::Date));
    row.push(Cell::from(m.gender.as_deref().filter(|g| !g.is_empty())));
    row.push(m.age_at_index.map_or(Cell::Null, Cell::Integer));
    row.push(Cell::Integer(t.flag_count() as i64));
    row.push(tidy::rule_names(&t.flags));
    row
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
