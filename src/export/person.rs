//! One person's timeline as CSV: `person --format csv`, and the explorer's export of the open
//! timeline (written as an output transaction, never over the database).

use std::io::Write;
use std::path::{Path, PathBuf};

use super::table::{render_csv, Cell, Format, Rows, TableWriter};
use super::{tidy, ExportError};
use crate::db::Database;
use crate::output::{check_outputs, Target};
use crate::timeline::PersonTimeline;

/// The timelines as CSV, one line per record and per child row (children under their record),
/// in the events file's columns ([`tidy::event_columns`]).
pub fn write_csv<W: Write>(mut out: W, persons: &[PersonTimeline]) -> std::io::Result<W> {
    let columns = tidy::event_columns(false);
    let names: Vec<Cell<'_>> = columns
        .iter()
        .map(|c| Cell::Text(c.name.as_ref().into()))
        .collect();
    let mut head = Vec::new();
    render_csv(&mut head, &names);
    out.write_all(&head)?;
    for p in persons {
        let mut rows = Rows::new(Format::Csv);
        tidy::push_event_rows(&mut rows, p, false);
        out.write_all(&rows.into_csv())?;
    }
    Ok(out)
}

/// The file name the explorer offers for a person: `person_<id>.csv` (unsafe characters as `_`).
pub fn file_name_for(t: &PersonTimeline) -> PathBuf {
    file_name(t.estimated_xjs_id.as_deref())
}

fn file_name(id: Option<&str>) -> PathBuf {
    let id = id.unwrap_or("unlinked");
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
    let mut w = TableWriter::create(path, &tidy::event_columns(false), None)?;
    let mut rows = Rows::new(w.format());
    tidy::push_event_rows(&mut rows, t, false);
    w.rows(rows)?;
    crate::output::commit(vec![w.finish()?], force)?;
    Ok(path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The offered file name keeps letters, digits and hyphens of the ID; anything a file system
    /// might object to becomes `_`.
    #[test]
    fn person_file_names_keep_safe_characters() {
        assert_eq!(
            file_name(Some("Ab-9/..\\x y")),
            PathBuf::from("person_Ab-9____x_y.csv")
        );
        assert_eq!(file_name(None), PathBuf::from("person_unlinked.csv"));
    }
}
