//! `dfexplorer cohort`: select people by probation referral date (and more) and export them.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use crate::cohort::{self, CohortFilter, CohortSummary};
use crate::db::Database;
use crate::disclosure::Rules;

use crate::export::{self, ExportRequest};
use anyhow::Context;

#[derive(Debug, clap::Args)]
pub struct CohortArgs {
    #[command(flatten)]
    pub db: super::DbArg,
    /// Earliest referral date, inclusive (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub referral_from: Option<String>,
    /// Latest referral date, inclusive (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub referral_to: Option<String>,
    #[command(flatten)]
    pub filters: FilterFlags,
    /// The people file to write: CSV, or parquet for a name ending in .parquet. A manifest
    /// (people.csv.manifest.json) and loaders for R and Stata (people.load.R, people.load.do) are written
    /// beside it.
    #[arg(long, value_name = "people.csv")]
    pub out: Option<PathBuf>,
    /// Also write one row per timeline record to this file (CSV, or parquet for .parquet);
    /// `--dictionary` lists its columns.
    #[arg(long, value_name = "events.csv")]
    pub events: Option<PathBuf>,
    /// In the events file, one true/false column per quality rule (flag_<rule>) beside the
    /// quality_flags list.
    #[arg(long)]
    pub flag_columns: bool,
    /// Print the data dictionary of the exported files (every column, its type and meaning)
    /// and exit.
    #[arg(long)]
    pub dictionary: bool,
    /// Overwrite existing output files.
    #[arg(long)]
    pub force: bool,
    /// Small-number suppression: counts from 1 to N-1 are shown as <N (0 turns it off).
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub suppress_below: u64,
}

/// The cohort filters beyond the date range, on the index event (`cohort`, `outcomes` and
/// `sequences`).
#[derive(Debug, clap::Args)]
pub struct FilterFlags {
    /// Keep people who appear in this dataset (repeatable): magistrates, crown, prison,
    /// probation, or a source_dataset name such as mags_hocas.
    #[arg(long = "dataset", value_name = "DATASET")]
    pub datasets: Vec<String>,
    /// Gender recorded on the index event.
    #[arg(long)]
    pub gender: Option<String>,
    /// Age at the index event, e.g. 18-24, 25- or -17.
    #[arg(long, value_name = "BAND", allow_hyphen_values = true)]
    pub age: Option<String>,
    /// Disposal type of the index event, e.g. "ORA Community Order" (for other index events:
    /// the magistrates' outcome group or the prison sentence type).
    #[arg(long, value_name = "TYPE")]
    pub disposal_type: Option<String>,
}

impl FilterFlags {
    /// An empty value would silently drop its filter: it is an error, naming the flag (the
    /// command's date flags are checked with the filters).
    pub fn check_empty(&self, dates: [(&str, Option<&str>); 2]) -> Result<(), String> {
        let given = [
            ("--gender", self.gender.as_deref()),
            ("--age", self.age.as_deref()),
            ("--disposal-type", self.disposal_type.as_deref()),
        ];
        let datasets = self
            .datasets
            .iter()
            .map(|d| ("--dataset", Some(d.as_str())));
        match dates
            .into_iter()
            .chain(given)
            .chain(datasets)
            .find(|(_, v)| v.is_some_and(|v| v.trim().is_empty()))
        {
            Some((flag, _)) => Err(format!(
                "{flag} is empty; give a value or leave the flag out"
            )),
            None => Ok(()),
        }
    }

    /// The filter of referrals from `from` to `to` (text as typed, either blank) with these
    /// filters.
    pub fn filter(&self, from: &str, to: &str) -> Result<CohortFilter, String> {
        let datasets: Vec<&str> = self.datasets.iter().map(String::as_str).collect();
        CohortFilter::from_fields(
            from,
            to,
            &datasets,
            self.gender.as_deref().unwrap_or(""),
            self.age.as_deref().unwrap_or(""),
            self.disposal_type.as_deref().unwrap_or(""),
        )
    }
}

impl CohortArgs {
    pub fn filter(&self) -> Result<CohortFilter, String> {
        let (from, to) = (self.referral_from.as_deref(), self.referral_to.as_deref());
        self.filters
            .check_empty([("--referral-from", from), ("--referral-to", to)])?;
        self.filters.filter(from.unwrap_or(""), to.unwrap_or(""))
    }
}

pub fn run(db: &Path, args: &CohortArgs) -> anyhow::Result<i32> {
    if args.dictionary {
        print!("{}", export::dictionary::markdown());
        return Ok(0);
    }
    let filter = match args.filter() {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(2);
        }
    };
    let request = args.out.as_ref().map(|out| ExportRequest {
        people_path: out.clone(),
        events_path: args.events.clone(),
        flag_columns: args.flag_columns,
        force: args.force,
        filter: filter.clone(),
        marked_only: false,
        disclosure: Rules {
            threshold: args.suppress_below,
        },
    });
    if args.events.is_some() && request.is_none() {
        eprintln!("error: --events needs --out (the people file)");
        return Ok(2);
    }
    let (database, conn) = match Database::open(db) {
        Ok(opened) => opened,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(2);
        }
    };
    super::warn_ignored_tables(&crate::db::SchemaReport::read(&conn)?);
    // Refuse before the (possibly long) scan if a target cannot be written.
    if let Some(req) = &request {
        if let Err(e) = req.check(&database) {
            let hint = match e {
                export::OutputError::Exists(_) => "; pass --force to replace it",
                _ => "",
            };
            eprintln!("error: {e}{hint}");
            return Ok(2);
        }
    }
    let (members, scan) = match cohort::scan(&conn, &filter, |_| ControlFlow::Continue(())) {
        Ok(r) => r,
        Err(cohort::CohortError::Sqlite(e)) => {
            return Err(anyhow::Error::new(e).context(format!(
                "reading probation_flatfile and xjs_link of {}",
                db.display()
            )))
        }
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(2);
        }
    };
    let problems = cohort::referral_date_problems(&conn)
        .with_context(|| format!("reading probation_flatfile of {}", db.display()))?;
    let summary = CohortSummary::build(&database, &members, &scan, &problems, || true)
        .with_context(|| format!("reading the members' records from {}", db.display()))?;
    let suppression = Rules {
        threshold: args.suppress_below,
    };
    eprintln!("cohort: {}", super::terminal_safe(&filter.describe()));
    for line in summary.lines(suppression) {
        eprintln!("  {}", super::terminal_safe(&line));
    }
    if let Some(req) = request {
        match export::export_cohort(&database, &req, &members, &scan, &problems, |_| {
            ControlFlow::Continue(())
        }) {
            Ok(s) => {
                for notice in &s.notices {
                    eprintln!("note: {notice}");
                }
                for f in &s.files {
                    eprintln!("wrote {}", f.display());
                }
            }
            Err(e) => {
                let e = anyhow::Error::new(e);
                eprintln!("error: {}", super::error_text(&e));
                return Ok(1);
            }
        }
    } else {
        for m in &members {
            println!(
                "{}\t{}",
                super::terminal_safe(&m.estimated_xjs_id),
                m.index_referral_date
            );
        }
    }
    Ok(0)
}
