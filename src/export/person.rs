//! One person's timeline as CSV: `person --format csv`, and the explorer's export of the open
//! timeline (written as an output transaction, never over the database).

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{csv_writer, finish, protect_text, ExportError};
use crate::dates::DateCell;
use crate::db::Database;
use crate::output::{check_outputs, PendingFile, Target};
use crate::quality::Flag;
use crate::timeline::PersonTimeline;

pub const HEADER: [&str; 11] = [
    "estimated_xjs_id",
    "level",
    "dataset",
    "table",
    "row_id_hashes",
    "kind",
    "start",
    "end",
    "open",
    "label",
    "flags",
];

/// The names of the quality rules of `flags`, `;`-separated.
fn rules(flags: &[Flag]) -> String {
    flags
        .iter()
        .map(|f| {
            serde_json::to_value(f.rule)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// One line per event and per child row, children under their event.
pub fn write_csv<W: Write>(out: W, persons: &[PersonTimeline]) -> csv::Result<W> {
    let mut w = csv::Writer::from_writer(out);
    write_rows(&mut w, persons)?;
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

fn write_rows<W: Write>(w: &mut csv::Writer<W>, persons: &[PersonTimeline]) -> csv::Result<()> {
    w.write_record(HEADER)?;
    for p in persons {
        let person = p.estimated_xjs_id.as_deref().unwrap_or("");
        for e in &p.events {
            let rows = e.row_id_hashes.join(";");
            let mut line = |level: &str,
                            table: &str,
                            kind: &str,
                            start: &DateCell,
                            end: &DateCell,
                            open: bool,
                            label: &str,
                            flags: &[Flag]| {
                let cells = [
                    person,
                    level,
                    e.dataset.source_name(),
                    table,
                    &rows,
                    kind,
                    &start.csv(),
                    &end.csv(),
                    if open { "1" } else { "0" },
                    label,
                    &rules(flags),
                ]
                .map(|c| protect_text(c).into_owned());
                w.write_record(cells)
            };
            line(
                "event", e.table, &e.kind, &e.start, &e.end, e.open, &e.label, &e.flags,
            )?;
            for c in &e.children {
                line(
                    "child", &c.table, &c.kind, &c.start, &c.end, c.open, &c.label, &c.flags,
                )?;
            }
        }
    }
    Ok(())
}

/// The file name the explorer offers for a person: `person_<id>.csv` (unsafe characters as `_`).
pub fn file_name_for(t: &PersonTimeline) -> PathBuf {
    let id = t.estimated_xjs_id.as_deref().unwrap_or("unlinked");
    let safe: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    PathBuf::from(format!("person_{safe}.csv"))
}

/// Writes one person's timeline to `path`, checked against the database first; complete or
/// absent.
pub fn export_person(
    db: &Database,
    t: &PersonTimeline,
    path: &Path,
    force: bool,
) -> Result<PathBuf, ExportError> {
    check_outputs(&[Target::File(path)], &[db.path()], force)?;
    let mut w = csv_writer(PendingFile::create(path)?);
    write_rows(&mut w, std::slice::from_ref(t))?;
    crate::output::commit(vec![finish(w)?], force)?;
    Ok(path.to_path_buf())
}
