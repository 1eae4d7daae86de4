//! The files of an outcome analysis, written as one output transaction (checked against every
//! input first, complete or absent): one row per person (`--tte`), the curves (`--km`), and
//! `disclosure.txt` beside them for the output checkers.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::follow::FollowUp;
use super::report::Report;
use super::sequences::{Branch, CSV_HEADER};
use super::text::disclosure_line;
use crate::db::Database;
use crate::export::{csv_writer, finish, ExportError};
use crate::output::{check_outputs, parent_of, PendingFile, Target};

pub const TTE_HEADER: [&str; 7] = [
    "estimated_xjs_id",
    "group",
    "index_date",
    "outcome_date",
    "end_of_follow_up",
    "time_days",
    "event",
];

pub const KM_HEADER: [&str; 8] = [
    "group",
    "time_days",
    "n_risk",
    "n_event",
    "n_censor",
    "surv",
    "lower95",
    "upper95",
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
        asked.into_iter().chain(notes).collect()
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
    let off = !report.rules.active();
    let mut finished = Vec::new();
    if let Some(path) = &files.tte {
        let mut file = PendingFile::create(path)?;
        warn_unchecked(&mut file, off)?;
        let mut w = csv_writer(file);
        w.write_record(TTE_HEADER)?;
        for p in &follow.people {
            w.write_record([
                crate::output::protect_text(&p.estimated_xjs_id).as_ref(),
                crate::output::protect_text(&p.group).as_ref(),
                &p.index_date.to_string(),
                &p.outcome_date.map(|d| d.to_string()).unwrap_or_default(),
                &p.end_of_follow_up.to_string(),
                &p.time_days.to_string(),
                if p.event { "1" } else { "0" },
            ])?;
        }
        finished.push(finish(w)?);
    }
    if let Some(path) = &files.km {
        let mut file = PendingFile::create(path)?;
        warn_unchecked(&mut file, off)?;
        let mut w = csv_writer(file);
        w.write_record(KM_HEADER)?;
        let opt = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
        for g in &report.groups {
            for s in &g.curve {
                w.write_record([
                    crate::output::protect_text(&g.name).as_ref(),
                    &s.count.time.to_string(),
                    &s.count.n_risk.to_string(),
                    &s.count.n_event.to_string(),
                    &s.count.n_censor.to_string(),
                    &s.surv.to_string(),
                    &opt(s.lower95),
                    &opt(s.upper95),
                ])?;
            }
        }
        finished.push(finish(w)?);
    }
    if let Some(path) = &files.sequences {
        let mut file = PendingFile::create(path)?;
        warn_unchecked(&mut file, off)?;
        let mut w = csv_writer(file);
        w.write_record(CSV_HEADER)?;
        for b in branches {
            w.write_record([
                b.step.to_string(),
                b.path_text(),
                b.next.name().to_string(),
                b.people.to_string(),
                format!("{:.6}", b.share),
                b.median_days.map(|m| m.to_string()).unwrap_or_default(),
            ])?;
        }
        finished.push(finish(w)?);
    }
    let asked = files.asked().count();
    for note in &files.targets()[asked..] {
        let mut file = PendingFile::create(note)?;
        file.write_all(disclosure_note(report, files).as_bytes())
            .map_err(|e| file.io_error(e))?;
        finished.push(file.finish()?);
    }
    crate::output::commit(finished, files.force)?;
    Ok(files.targets())
}

/// With disclosure control off, a CSV's first line says so (R: `read.csv(f, comment.char = "#")`).
fn warn_unchecked(file: &mut PendingFile, off: bool) -> Result<(), ExportError> {
    if off {
        writeln!(
            file,
            "# {}\r",
            disclosure_line(crate::disclosure::Rules { threshold: 0 })
        )
        .map_err(|e| file.io_error(e))?;
    }
    Ok(())
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
