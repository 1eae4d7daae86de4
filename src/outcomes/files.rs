//! The files of an outcome analysis, written as one output transaction (checked against every
//! input first, complete or absent): one row per person (`--tte`), the curves (`--km`), and
//! `disclosure.txt` beside them for the output checkers.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::follow::FollowUp;
use super::report::Report;
use super::sequences::Branch;
use super::text::disclosure_line;
use crate::db::Database;
use crate::export::loaders::{self, Loaded};
use crate::export::table::{Cell, Column, Kind, TableWriter};
use crate::export::ExportError;
use crate::output::{check_outputs, parent_of, PendingFile, Target};

pub static TTE_COLUMNS: [Column; 7] = [
    Column::new("estimated_xjs_id", Kind::Text, "The cross-justice person ID."),
    Column::new("group", Kind::Text, "The person's group (empty without --by)."),
    Column::new("index_date", Kind::Date, "The person's index date."),
    Column::new("outcome_date", Kind::Date, "The first outcome after the index date; empty when none was seen in follow-up."),
    Column::new("end_of_follow_up", Kind::Date, "The end of the outcome data's observation window: where people without the outcome are censored."),
    Column::new("time_days", Kind::Integer, "Days from the index to the outcome, or to the end of follow-up when censored."),
    Column::new("event", Kind::Integer, "1 when the outcome happened (time_days ends at it), 0 when censored: Surv(time_days, event) in R."),
];

pub static KM_COLUMNS: [Column; 8] = [
    Column::new("group", Kind::Text, "The group (empty without --by)."),
    Column::new("time_days", Kind::Integer, "Days since the index date."),
    Column::new(
        "n_risk",
        Kind::Integer,
        "People still followed up (at risk) just before this time.",
    ),
    Column::new(
        "n_event",
        Kind::Integer,
        "People whose outcome happened at this time.",
    ),
    Column::new(
        "n_censor",
        Kind::Integer,
        "People whose follow-up ended at this time without the outcome.",
    ),
    Column::new(
        "surv",
        Kind::Real,
        "Kaplan-Meier estimate of the share without the outcome yet.",
    ),
    Column::new(
        "lower95",
        Kind::Real,
        "Lower 95% confidence limit of surv (log scale, as R's survfit).",
    ),
    Column::new("upper95", Kind::Real, "Upper 95% confidence limit of surv."),
];

pub static SEQUENCE_COLUMNS: [Column; 6] = [
    Column::new("step", Kind::Integer, "How many records after the index: 1 for the first, 2 for the second..."),
    Column::new("path", Kind::Text, "The kinds of the earlier steps of this branch, separated by ' > '."),
    Column::new("next_kind", Kind::Text, "The kind of record at this step (or \"other\" for merged small kinds)."),
    Column::new("people", Kind::Integer, "People whose journey took this branch."),
    Column::new("share", Kind::Real, "Their share of the people who took the branch's path."),
    Column::new("median_days", Kind::Real, "Median days from the index to this step's record (a half day when the middle falls between two people)."),
];

/// Which files to write.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OutcomeFiles {
    pub tte: Option<PathBuf>,
    pub km: Option<PathBuf>,
    /// The "what comes next" tree (`sequences --out`).
    pub sequences: Option<PathBuf>,
    pub force: bool,
}

impl OutcomeFiles {
    /// Every file written: the requested ones, then one `disclosure.txt` per folder.
    pub fn targets(&self) -> Vec<PathBuf> {
        let asked: Vec<PathBuf> = self.asked().cloned().collect();
        let mut notes: Vec<PathBuf> = Vec::new();
        for p in &asked {
            let note = parent_of(p).join("disclosure.txt");
            if !notes.iter().any(|n| crate::output::is_same(n, &note)) {
                notes.push(note);
            }
        }
        let loaders = asked
            .first()
            .map(|p| loaders::paths(p))
            .into_iter()
            .flatten();
        asked.into_iter().chain(notes).chain(loaders).collect()
    }

    fn asked(&self) -> impl Iterator<Item = &PathBuf> {
        self.tte.iter().chain(&self.km).chain(&self.sequences)
    }

    pub fn is_empty(&self) -> bool {
        self.asked().next().is_none()
    }

    /// Refuses before any work if a target cannot be written.
    pub fn check(&self, db: &Database) -> Result<(), crate::output::OutputError> {
        let targets = self.targets();
        let targets: Vec<Target<'_>> = targets.iter().map(|t| Target::File(t)).collect();
        check_outputs(&targets, &[db.path()], self.force)
    }
}

/// Writes the files; on any error nothing is created or changed. Returns the files written.
pub fn write_files(
    db: &Database,
    files: &OutcomeFiles,
    report: &Report,
    follow: &FollowUp,
    branches: &[Branch],
) -> Result<Vec<PathBuf>, ExportError> {
    files.check(db)?;
    // With disclosure control off, each file says so first (CSV: a `#` line; parquet: metadata).
    let unchecked = disclosure_line(crate::disclosure::Rules { threshold: 0 });
    let note = (!report.rules.active()).then_some(unchecked.as_str());
    let mut finished = Vec::new();
    let mut loaded = Vec::new();
    if let Some(path) = &files.tte {
        let mut w = TableWriter::create(path, &TTE_COLUMNS, note)?;
        for p in &follow.people {
            w.row(&[
                Cell::text(&p.estimated_xjs_id),
                Cell::text(&p.group),
                Cell::Date(p.index_date),
                p.outcome_date.map_or(Cell::Null, Cell::Date),
                Cell::Date(p.end_of_follow_up),
                Cell::Integer(i64::from(p.time_days)),
                Cell::Integer(i64::from(p.event)),
            ])?;
        }
        finished.push(w.finish()?);
        loaded.push(("tte", path, &TTE_COLUMNS[..]));
    }
    if let Some(path) = &files.km {
        let mut w = TableWriter::create(path, &KM_COLUMNS, note)?;
        let real = |v: Option<f64>| v.map_or(Cell::Null, Cell::Real);
        for g in &report.groups {
            for s in &g.curve {
                let c = &s.count;
                w.row(&[
                    Cell::text(&g.name),
                    Cell::Integer(i64::from(c.time)),
                    Cell::Integer(c.n_risk as i64),
                    Cell::Integer(c.n_event as i64),
                    Cell::Integer(c.n_censor as i64),
                    Cell::Real(s.surv),
                    real(s.lower95),
                    real(s.upper95),
                ])?;
            }
        }
        finished.push(w.finish()?);
        loaded.push(("km", path, &KM_COLUMNS[..]));
    }
    if let Some(path) = &files.sequences {
        let mut w = TableWriter::create(path, &SEQUENCE_COLUMNS, note)?;
        for b in branches {
            w.row(&[
                Cell::Integer(b.step as i64),
                Cell::Text(b.path_text().into()),
                Cell::text(b.next.name()),
                Cell::Integer(b.people as i64),
                Cell::Real((b.share * 1e6).round() / 1e6),
                b.median_days.map_or(Cell::Null, Cell::Real),
            ])?;
        }
        finished.push(w.finish()?);
        loaded.push(("sequences", path, &SEQUENCE_COLUMNS[..]));
    }
    let asked = files.asked().count();
    let targets = files.targets();
    let notes = targets.len() - asked - 2;
    for note in &targets[asked..asked + notes] {
        let mut file = PendingFile::create(note)?;
        file.write_all(disclosure_note(report, files).as_bytes())
            .map_err(|e| file.io_error(e))?;
        finished.push(file.finish()?);
    }
    let loaded: Vec<Loaded<'_>> = loaded
        .into_iter()
        .map(|(name, path, columns)| Loaded {
            path,
            name,
            columns,
            noted: note.is_some(),
        })
        .collect();
    finished.extend(crate::export::write_loaders(&loaded)?);
    crate::output::commit(finished, files.force)?;
    Ok(files.targets())
}

fn name(p: &Option<PathBuf>) -> Option<String> {
    p.as_deref()
        .and_then(Path::file_name)
        .map(|n| n.to_string_lossy().into_owned())
}

/// What the output checkers need to know, in plain words.
pub fn disclosure_note(report: &Report, files: &OutcomeFiles) -> String {
    let n = report.rules.threshold;
    let mut s = String::new();
    s += &format!("{}\r\n\r\n", disclosure_line(report.rules));
    s += &format!("Analysis: {}\r\n", report.spec.describe());
    s += &format!(
        "Written by dfexplorer {} on {}.\r\n\r\n",
        env!("CARGO_PKG_VERSION"),
        chrono::Local::now().format("%Y-%m-%d")
    );
    if let Some(km) = name(&files.km) {
        if report.rules.active() {
            s += &format!(
                "{km}: Kaplan-Meier curves. Before each curve was computed, the number of people at the start and the cumulative numbers of events and of censorings were rounded up to multiples of {n}, so every step stands for at least {n} people; each curve stops before the first time fewer than {n} people remain at risk. The survival and interval columns are computed from the rounded counts.\r\n\r\n"
            );
        } else {
            s += &format!("{km}: Kaplan-Meier curves from the exact counts: each step can reveal single people. Not for release.\r\n\r\n");
        }
    }
    if let Some(seq) = name(&files.sequences) {
        if report.rules.active() {
            s += &format!("{seq}: what came next after the index, step by step. Within each branching, kinds with fewer than {n} people were merged into \"other\" (with the next smallest while \"other\" had fewer than {n}), so every row stands for at least {n} people and none can be worked out from its parent; medians are of those rows' people.\r\n\r\n");
        } else {
            s += &format!("{seq}: what came next after the index, with exact counts: rows can stand for single people. Not for release.\r\n\r\n");
        }
    }
    if let Some(tte) = name(&files.tte) {
        s += &format!("{tte}: one row per person (record-level data) for analysis inside the secure environment. It is not an output for release.\r\n\r\n");
    }
    if report.rules.active() {
        s += &format!("Tables printed by the same run: counts of 1 to {} people are shown as <{n}; where one count in a row or column that adds up to a shown total is suppressed, the next smallest is hidden too (*); a number with the outcome is hidden when the number without it is 1 to {}. The log-rank statistic is computed from the exact data.\r\n", n - 1, n - 1);
    }
    s
}
