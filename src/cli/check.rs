//! `dfexplorer check`: is this database usable, what does it hold, and what is wrong with it.

use std::path::Path;

use anyhow::Context;

use crate::check::{CheckReport, DatasetCount};
use crate::quality::RuleCount;

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub db: super::DbArg,
    /// Print the report as JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// Also run SQLite's quick check on every table (reads the whole file; shows progress).
    #[arg(long)]
    pub integrity: bool,
}

pub fn run(db: &Path, args: &CheckArgs) -> anyhow::Result<i32> {
    let Some(conn) = super::open_or_report(db) else {
        return Ok(2);
    };
    if args.integrity {
        return integrity(db, &conn, args.json);
    }
    let report = CheckReport::build(&conn).with_context(|| format!("checking {}", db.display()))?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", super::terminal_safe(&render_text(db, &report)));
    }
    Ok(if report.usable() { 0 } else { 1 })
}

/// `check --integrity`: exit 0 when every table is sound, 1 when any is damaged.
fn integrity(db: &Path, conn: &rusqlite::Connection, json: bool) -> anyhow::Result<i32> {
    use std::io::{IsTerminal, Write};
    let interactive = std::io::stderr().is_terminal();
    let problems = crate::check::integrity(conn, |done, total, table| {
        let mut err = std::io::stderr().lock();
        if interactive && done < total {
            let _ = write!(
                err,
                "\rchecking integrity: table {} of {total} ({table})\x1b[K",
                done + 1
            );
        } else if interactive {
            let _ = write!(err, "\r\x1b[K");
        }
    })?;
    if json {
        println!("{}", serde_json::to_string_pretty(&problems)?);
    } else if problems.is_empty() {
        println!("integrity: {} passes SQLite's quick check", db.display());
    } else {
        let mut out = format!("integrity: {} is damaged\n", db.display());
        for p in &problems {
            out += &format!("  {}: {}\n", p.table, p.problem);
        }
        out += "Restore the database from its source, or rebuild it with `dfexplorer import`.\n";
        print!("{}", super::terminal_safe(&out));
    }
    Ok(if problems.is_empty() { 0 } else { 1 })
}

fn render_text(db: &Path, r: &CheckReport) -> String {
    let mut out = format!("database: {}\n", db.display());
    if !r.extract_info.is_empty() {
        let info: Vec<String> = r
            .extract_info
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        out += &format!("extract:  {}\n", info.join(", "));
    }
    out += "\ndatasets\n";
    out += &format!(
        "  {:<18} {:<26} {:>10} {:>10} {:>14} {:>10}\n",
        "source_dataset", "main table", "records", "rows", "linked people", "unlinked rows"
    );
    for d in &r.datasets {
        out += &dataset_line(d);
    }
    out += &format!("  xjs_link: {} rows, {} people\n", r.link_rows, r.people);
    out += "\nobservation windows (a record with no end is open at its dataset's window end)\n";
    for w in &r.windows {
        let source = match w.source {
            crate::observation::Source::ExtractInfo => "from extract_info",
            crate::observation::Source::BuiltIn => "built in (not recorded in extract_info)",
        };
        out += &format!("  {:<18} {}  {source}\n", w.dataset.source_name(), w.window);
    }
    out += "\nschema\n";
    if r.schema_problems.is_empty() && r.schema_warnings.is_empty() {
        out += "  matches the contract\n";
    }
    for p in &r.schema_problems {
        out += &format!("  ERROR {p}\n");
    }
    for w in &r.schema_warnings {
        out += &format!("  warn  {w}\n");
    }
    for t in &r.extra_columns {
        out += &format!("  note  {t}\n");
    }
    if !r.quality.is_empty() {
        out += &format!(
            "\ndata quality (extract date {})\n",
            crate::dates::format_date(r.extract_date)
        );
        for q in &r.quality {
            out += &quality_line(q);
        }
    }
    out
}

/// One rule: its count out of what it was judged on, then the catalogue note it relates to.
fn quality_line(q: &RuleCount) -> String {
    match (q.count, q.denominator) {
        (Some(n), Some(of)) => format!(
            "  {:<36} {:>10} of {:<10} {:<7} {:>6}  [{}] {}\n",
            q.title,
            n,
            of,
            q.unit.label(),
            q.percent()
                .map(|p| format!("{p:.1}%"))
                .unwrap_or_else(|| "-".to_string()),
            q.note_topic,
            q.note_short
        ),
        _ => format!(
            "  {:<36} {:>10}    not applicable: {}\n",
            q.title,
            "-",
            q.not_applicable.as_deref().unwrap_or("tables absent")
        ),
    }
}

fn dataset_line(d: &DatasetCount) -> String {
    match (d.records, d.rows, d.linked_people, d.unlinked_records) {
        (Some(n), Some(rows), Some(p), Some(u)) => format!(
            "  {:<18} {:<26} {:>10} {:>10} {:>14} {:>10}\n",
            d.dataset.source_name(),
            d.dataset.main_table(),
            n,
            rows,
            p,
            u
        ),
        _ => format!(
            "  {:<18} {:<26} {:>12}\n",
            d.dataset.source_name(),
            d.dataset.main_table(),
            "absent"
        ),
    }
}
