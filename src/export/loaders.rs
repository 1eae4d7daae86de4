//! The loaders written beside an export, `<name>.load.R` and `<name>.load.do` after its first
//! file (`people.csv` -> `people.load.R`): each reads the export's files with every column's type
//! stated, so 10-digit IDs stay text and dates are dates. Both name the files relative to their
//! own folder (run them from there). Named after the export, they never take the place of a
//! researcher's own `load.R`, even under `--force`.

use std::path::{Path, PathBuf};

use super::table::{Column, Format, Kind};
use crate::output::parent_of;

/// One file a loader reads.
pub struct Loaded<'a> {
    pub path: &'a Path,
    /// The R variable and the Stata frame it is read into.
    pub name: &'static str,
    pub columns: &'a [Column],
    /// A CSV whose first line is a `#` note (disclosure control off) above the header.
    pub noted: bool,
}

/// The loaders written beside `first` (the export's main file): `<stem>.load.R`, `<stem>.load.do`.
pub fn paths(first: &Path) -> [PathBuf; 2] {
    let folder = parent_of(first);
    let stem = first
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".into());
    [
        folder.join(format!("{stem}.load.R")),
        folder.join(format!("{stem}.load.do")),
    ]
}

/// How a loader beside `folder` names `path`: by file name when it is in the folder, by its
/// absolute path otherwise (a relative one would be relative to where dfexplorer ran).
fn named(folder: &Path, path: &Path) -> String {
    let same = crate::output::is_same(&parent_of(path), folder);
    let text = match (same, path.file_name()) {
        (true, Some(n)) => n.to_string_lossy().into_owned(),
        _ => std::path::absolute(path)
            .unwrap_or_else(|_| path.to_path_buf())
            .display()
            .to_string(),
    };
    text.replace('\\', "/").replace('"', "\\\"")
}

fn header(comment: &str) -> String {
    format!(
        "{comment} Loads the files of a dfexplorer {} export with their types.\r\n{comment} Run it from the folder it is in; the files are named relative to it.\r\n",
        env!("CARGO_PKG_VERSION")
    )
}

/// The R loader: readr with explicit `col_types` for CSV, arrow for parquet.
pub fn r_script(folder: &Path, files: &[Loaded<'_>]) -> String {
    let mut s = header("#");
    if files.iter().any(|f| Format::of(f.path) == Format::Csv) {
        s += "library(readr)\r\n";
    }
    for f in files {
        let file = named(folder, f.path);
        s += "\r\n";
        match Format::of(f.path) {
            Format::Parquet => {
                s += &format!("{} <- arrow::read_parquet(\"{file}\")\r\n", f.name);
            }
            Format::Csv => {
                let skip = if f.noted { ", skip = 1" } else { "" };
                s += &format!(
                    "{} <- read_csv(\"{file}\", na = \"\"{skip}, col_types = cols(\r\n",
                    f.name
                );
                let types: Vec<String> = f
                    .columns
                    .iter()
                    .map(|c| format!("  {} = {}", c.name, r_type(c.kind)))
                    .collect();
                s += &types.join(",\r\n");
                s += "\r\n))\r\n";
            }
        }
    }
    s
}

fn r_type(kind: Kind) -> &'static str {
    match kind {
        Kind::Text => "col_character()",
        Kind::Integer => "col_integer()",
        Kind::Real => "col_double()",
        Kind::Date => "col_date(format = \"%Y-%m-%d\")",
        Kind::Boolean => "col_logical()",
    }
}

/// The Stata loader (Stata 16 or later): the first file in the current frame, the others each in
/// a frame of their name; text and date columns read as strings, dates converted to `%td`.
pub fn stata_script(folder: &Path, files: &[Loaded<'_>]) -> String {
    let mut s = header("*");
    s += "version 16\r\n";
    for (i, f) in files.iter().enumerate() {
        let file = named(folder, f.path);
        s += "\r\n";
        if Format::of(f.path) == Format::Parquet {
            s += &format!(
                "* {file}: Stata does not read parquet; export a .csv as well to load it here.\r\n"
            );
            continue;
        }
        let (open, indent, close) = if i == 0 {
            ("", "", "")
        } else {
            s += &format!(
                "capture frame drop {}\r\nframe create {}\r\n",
                f.name, f.name
            );
            ("frame NAME {\r\n", "    ", "}\r\n")
        };
        s += &open.replace("NAME", f.name);
        let strings: Vec<String> = f
            .columns
            .iter()
            .enumerate()
            .filter(|(_, c)| matches!(c.kind, Kind::Text | Kind::Date))
            .map(|(n, _)| (n + 1).to_string())
            .collect();
        let rows = if f.noted {
            " varnames(2) rowrange(3)"
        } else {
            " varnames(1)"
        };
        s += &format!(
            "{indent}import delimited using \"{file}\",{rows} delimiters(\",\") bindquotes(strict) encoding(\"utf-8\") stringcols({}) asdouble clear\r\n",
            strings.join(" ")
        );
        for c in f.columns.iter().filter(|c| c.kind == Kind::Date) {
            let n = &c.name;
            s += &format!(
                "{indent}generate double {n}_d = date({n}, \"YMD\")\r\n{indent}format {n}_d %td\r\n{indent}drop {n}\r\n{indent}rename {n}_d {n}\r\n"
            );
        }
        let order: Vec<&str> = f.columns.iter().map(|c| c.name.as_ref()).collect();
        s += &format!("{indent}order {}\r\n", order.join(" "));
        s += close;
    }
    s
}
