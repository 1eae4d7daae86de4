//! `dfexplorer generate`: a synthetic Data First database of the real shape and flaws.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::Context;

use crate::generate::{self, GenerateOptions, Progress};

#[derive(Debug, clap::Args)]
pub struct GenerateArgs {
    /// How many people to generate (about 6 rows each; 4000000 is national scale).
    #[arg(long, default_value_t = generate::SAMPLE_PEOPLE)]
    pub people: u64,
    /// Random seed: the same seed and version give the same rows.
    #[arg(long, default_value_t = generate::SAMPLE_SEED)]
    pub seed: u64,
    /// The database file to write.
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
    /// Replace PATH if it exists (only once the new database is complete).
    #[arg(long)]
    pub force: bool,
    /// `db`: one SQLite database at PATH; `extracts`: PATH is a folder of files named and split
    /// as Data First delivers them (moj_<table>_NN, 30 parts; see `dfexplorer import`).
    #[arg(long, value_enum, default_value_t = Layout::Db)]
    pub layout: Layout,
    /// File format of `--layout extracts` (default parquet).
    #[arg(long, value_enum)]
    pub format: Option<ExtractFormatArg>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Layout {
    Db,
    Extracts,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExtractFormatArg {
    Parquet,
    Csv,
}

/// Extracts into the folder `args.out`, built whole beside it and swapped in when complete.
fn generate_extracts(
    opts: &GenerateOptions,
    args: &GenerateArgs,
    report: &mut dyn FnMut(&Progress),
) -> anyhow::Result<generate::Summary> {
    use generate::extracts::{ExtractFormat, ExtractSink};
    let format = match args.format {
        None | Some(ExtractFormatArg::Parquet) => ExtractFormat::Parquet,
        Some(ExtractFormatArg::Csv) => ExtractFormat::Csv,
    };
    let mut sink = ExtractSink::create(&args.out, format, args.force)?;
    generate::generate(opts, &mut sink, report)
}

pub fn run(args: &GenerateArgs) -> anyhow::Result<i32> {
    if args.format.is_some() && args.layout == Layout::Db {
        eprintln!("error: --format applies to --layout extracts only; a database has no file format to choose");
        return Ok(2);
    }
    let opts = GenerateOptions {
        people: args.people,
        seed: args.seed,
    };
    let interactive = std::io::stderr().is_terminal();
    let mut report = |p: &Progress| {
        let line = format!(
            "generating: {} of {} people, {} rows, {:.0} rows/s",
            p.people_done,
            p.people,
            p.rows,
            p.rows_per_second()
        );
        let mut err = std::io::stderr().lock();
        if interactive {
            let _ = write!(err, "\r{line}\x1b[K");
        } else {
            let _ = writeln!(err, "{line}");
        }
    };
    let written = match args.layout {
        Layout::Db => generate::generate_database(&opts, &args.out, args.force, &mut report),
        Layout::Extracts => generate_extracts(&opts, args, &mut report),
    }
    .with_context(|| format!("writing {}", args.out.display()));
    let summary = match written {
        Ok(s) => s,
        Err(e) => {
            if interactive {
                eprintln!();
            }
            eprintln!("error: {}", super::error_text(&e));
            return Ok(1);
        }
    };
    if interactive {
        eprintln!();
    }
    eprintln!(
        "wrote {}: {} rows for {} people in {:.1} s ({:.0} rows/s), peak memory {}",
        args.out.display(),
        summary.rows,
        summary.people,
        summary.seconds,
        summary.rows_per_second(),
        summary
            .peak_rss_kb
            .map(|k| format!("{:.1} MB", k as f64 / 1024.0))
            .unwrap_or_else(|| "unknown".into())
    );
    eprintln!("{}", summary.line());
    Ok(0)
}
