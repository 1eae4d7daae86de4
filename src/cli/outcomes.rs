//! `dfexplorer outcomes`: who comes back, how soon, compared across groups, disclosure-safe.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::db::Database;
use crate::outcomes::{self, Grouping, IndexKind, OutcomeFiles, OutcomeKind, OutcomeSpec};

/// Who is followed up: the index event, its range and the cohort filters (shared by
/// `outcomes` and `sequences`).
#[derive(Debug, clap::Args)]
pub struct CohortQuestion {
    #[command(flatten)]
    pub db: super::DbArg,
    /// The index event that starts follow-up (repeatable: the earliest of them): referral,
    /// mags-first, prison-release or probation-start.
    #[arg(long = "index", value_name = "EVENT", default_value = "referral")]
    pub index: Vec<String>,
    /// Earliest index date, inclusive (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: Option<String>,
    /// Latest index date, inclusive (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub to: Option<String>,
    #[command(flatten)]
    pub filters: super::cohort::FilterFlags,
    /// Disclosure control: counts of 1 to N-1 are suppressed (and curves rounded to multiples
    /// of N); 0 turns it off, and every output then says it is not disclosure-checked.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub suppress_below: u64,
    /// Overwrite existing output files.
    #[arg(long)]
    pub force: bool,
    /// text (default) or json.
    #[arg(long, default_value = "text", value_name = "FORMAT")]
    pub format: String,
}

#[derive(Debug, clap::Args)]
pub struct OutcomesArgs {
    #[command(flatten)]
    pub question: CohortQuestion,
    /// What counts as coming back: mags, crown, prison, probation, court (mags or crown) or any.
    #[arg(long, value_name = "KIND", default_value = "any")]
    pub outcome: String,
    /// A fixed window in days (repeatable; default 365 and 730).
    #[arg(long = "window", value_name = "DAYS")]
    pub windows: Vec<String>,
    /// Compare groups: gender, age-band, disposal-type, index-year or index-dataset.
    #[arg(long, value_name = "GROUP", default_value = "none")]
    pub by: String,
    /// Write one row per person: id, group, index, outcome, end of follow-up, time, event.
    #[arg(long, value_name = "tte.csv")]
    pub tte: Option<PathBuf>,
    /// Write the Kaplan-Meier curves.
    #[arg(long, value_name = "km.csv")]
    pub km: Option<PathBuf>,
}

impl CohortQuestion {
    /// The question with `any` as the outcome, no grouping and the default windows.
    pub fn spec(&self) -> Result<OutcomeSpec, String> {
        self.filters.check_empty([
            ("--from", self.from.as_deref()),
            ("--to", self.to.as_deref()),
        ])?;
        // The dates are read below, so that their errors name --from and --to.
        let filter = self.filters.filter("", "")?;
        let date = |what: &str, v: &Option<String>| -> Result<_, String> {
            v.as_deref()
                .map(|s| crate::dates::parse_user_date(what, s))
                .transpose()
        };
        let mut index: Vec<IndexKind> = Vec::new();
        for s in &self.index {
            let k = IndexKind::parse(s)?;
            if !index.contains(&k) {
                index.push(k);
            }
        }
        let spec = OutcomeSpec {
            index,
            from: date("--from", &self.from)?,
            to: date("--to", &self.to)?,
            datasets: filter.datasets,
            gender: filter.gender,
            age_band: filter.age_band,
            disposal_type: filter.disposal_type,
            suppress_below: self.suppress_below,
            ..OutcomeSpec::default()
        };
        spec.validate()?;
        Ok(spec)
    }

    /// Whether the output is JSON, or what is wrong with `--format`.
    pub fn json(&self) -> Result<bool, String> {
        match self.format.as_str() {
            "text" => Ok(false),
            "json" => Ok(true),
            other => Err(format!("--format {other:?} is not text or json")),
        }
    }
}

impl OutcomesArgs {
    pub fn spec(&self) -> Result<OutcomeSpec, String> {
        let windows = if self.windows.is_empty() {
            vec![365, 730]
        } else {
            self.windows
                .iter()
                .map(|w| {
                    w.trim()
                        .parse::<u32>()
                        .map_err(|_| format!("--window {w:?} is not a number of days"))
                })
                .collect::<Result<_, _>>()?
        };
        let spec = OutcomeSpec {
            outcome: OutcomeKind::parse(&self.outcome)?,
            windows,
            by: Grouping::parse(&self.by)?,
            ..self.question.spec()?
        };
        spec.validate()?;
        Ok(spec)
    }
}

/// Opens the database and follows the question's people up, or says why not (exit code).
pub(super) fn follow_up(
    db: &Path,
    spec: &OutcomeSpec,
    files: &OutcomeFiles,
) -> anyhow::Result<Result<(Database, outcomes::FollowUp), i32>> {
    let (database, conn) = match Database::open(db) {
        Ok(opened) => opened,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(Err(2));
        }
    };
    super::warn_ignored_tables(&crate::db::SchemaReport::read(&conn)?);
    if let Err(e) = files.check(&database) {
        let hint = match e {
            crate::output::OutputError::Exists(_) => "; pass --force to replace it",
            _ => "",
        };
        eprintln!("error: {e}{hint}");
        return Ok(Err(2));
    }
    match outcomes::follow_in(&database, &conn, spec, |_| ControlFlow::Continue(())) {
        Ok(f) => Ok(Ok((database, f))),
        Err(outcomes::OutcomeError::Sqlite(e)) => {
            Err(anyhow::Error::new(e).context(format!("reading the records of {}", db.display())))
        }
        Err(e) => {
            eprintln!("error: {e}");
            Ok(Err(2))
        }
    }
}

pub fn run(db: &Path, args: &OutcomesArgs) -> anyhow::Result<i32> {
    let (spec, json) = match args.spec().and_then(|s| Ok((s, args.question.json()?))) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(2);
        }
    };
    let files = OutcomeFiles {
        tte: args.tte.clone(),
        km: args.km.clone(),
        sequences: None,
        force: args.question.force,
    };
    let (database, follow) = match follow_up(db, &spec, &files)? {
        Ok(done) => done,
        Err(code) => return Ok(code),
    };
    let report = outcomes::Report::build(&spec, &follow);
    if json {
        let out = serde_json::to_string_pretty(&JsonReport::of(&report))
            .context("writing the report as JSON")?;
        println!("{}", super::terminal_safe(&out));
    } else {
        for line in outcomes::report_lines(&report, usize::MAX) {
            println!("{}", super::terminal_safe(&line));
        }
    }
    Ok(write_files(&database, &files, &report, &follow, &[]))
}

/// Writes the files asked for (if any) and says which; the exit code.
pub(super) fn write_files(
    database: &Database,
    files: &OutcomeFiles,
    report: &outcomes::Report,
    follow: &outcomes::FollowUp,
    branches: &[outcomes::sequences::Branch],
) -> i32 {
    if files.is_empty() {
        return 0;
    }
    match outcomes::write_files(database, files, report, follow, branches) {
        Ok(written) => {
            for f in written {
                eprintln!("wrote {}", f.display());
            }
            0
        }
        Err(e) => {
            eprintln!("error: {}", super::error_text(&anyhow::Error::new(e)));
            1
        }
    }
}

/// The JSON form: the same figures as the text, suppressed counts as the text shows them.
#[derive(serde::Serialize)]
struct JsonReport<'a> {
    disclosure: String,
    analysis: String,
    spec: &'a OutcomeSpec,
    counts: serde_json::Value,
    follow_up: &'a crate::observation::Window,
    windows: &'a [outcomes::WindowTable],
    groups: Vec<JsonGroup<'a>>,
    logrank: Option<serde_json::Value>,
    /// With `--index probation-start`: the index events' requirements, status on this date.
    requirements_status_on: Option<chrono::NaiveDate>,
    requirements: Option<Vec<outcomes::requirements::ShownRow>>,
}

#[derive(serde::Serialize)]
struct JsonGroup<'a> {
    group: &'a str,
    people: crate::disclosure::Shown,
    events: crate::disclosure::Shown,
    curve: &'a [outcomes::km::Step],
}

impl<'a> JsonReport<'a> {
    fn of(r: &'a outcomes::Report) -> Self {
        let show = |n: u64| r.rules.one(n);
        let c = &r.counts;
        let counts = serde_json::json!({
            "index_rows_in_range": show(c.index_rows_in_range),
            "unlinked_index_rows": show(c.unlinked_index_rows),
            "excluded_by_filters": show(c.excluded_by_filters),
            "seen_before_range": show(c.seen_before_range),
            "members": show(c.members),
            "index_before_coverage": show(c.index_before_coverage),
            "no_follow_up": show(c.no_follow_up),
            "analysed": show(c.analysed),
        });
        let line = |values: Vec<u64>| -> Vec<crate::disclosure::Shown> {
            if values.len() > 1 {
                r.rules.line(&values)
            } else {
                values.iter().map(|&v| r.rules.one(v)).collect()
            }
        };
        let people = line(r.groups.iter().map(|g| g.people).collect());
        let events = line(r.groups.iter().map(|g| g.events).collect());
        JsonReport {
            disclosure: crate::outcomes::report_lines(r, usize::MAX)[0].clone(),
            analysis: r.spec.describe(),
            spec: &r.spec,
            counts,
            follow_up: &r.follow_up,
            windows: &r.windows,
            groups: r
                .groups
                .iter()
                .enumerate()
                .map(|(i, g)| JsonGroup {
                    group: &g.name,
                    people: people[i],
                    events: events[i],
                    curve: &g.curve,
                })
                .collect(),
            requirements_status_on: r.requirements.as_ref().map(|(d, _)| *d),
            requirements: r
                .requirements
                .as_ref()
                .map(|(_, rows)| rows.iter().map(|row| row.shown(r.rules)).collect()),
            logrank: r
                .logrank
                .as_ref()
                .map(|l| serde_json::json!({"chisq": l.chisq, "df": l.df, "p": l.p})),
        }
    }
}
