//! Which files hold which contract table, and in what order their parts are appended.
//!
//! A file's table comes from, in order:
//! 1. a `--table TABLE=GLOB` option whose glob matches the file name (or, when the glob holds a
//!    `/`, the whole path); `*` and `?` are wildcards, case is ignored;
//! 2. its name: the part before the first `.`, lower-cased, without a leading `moj_` and a
//!    trailing part number (`_07`, `-07`, `_part07`, `_part_07`), must be a contract table name,
//!    so `moj_probation_flatfile_07.parquet`, `MOJ_PROBATION_FLATFILE_07.csv`,
//!    `probation_flatfile.csv` and `xjs_link-3.csv` all map;
//! 3. its folder's name, by the same rule (a Spark-style folder `moj_probation_flatfile/` of
//!    `part-00000-*.parquet` files); the part number is then the first number in the file name.
//!
//! Parts are appended in numeric order (`_2` before `_10`), unnumbered files after them by name.
//! Files in a SOURCE folder (searched recursively, hidden entries skipped) that end in `.csv`
//! or `.parquet`/`.parq`/`.pq` but match no table are skipped and listed in the summary; a file
//! named directly on the command line must match.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::error::ImportError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Csv,
    Parquet,
}

#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub format: FileFormat,
    pub part: Option<u64>,
}

/// A `--table TABLE=GLOB` option.
#[derive(Debug, Clone)]
pub struct TableGlob {
    pub table: String,
    pub glob: String,
}

impl TableGlob {
    pub fn parse(option: &str) -> Result<TableGlob, ImportError> {
        let (table, glob) = option
            .split_once('=')
            .filter(|(t, g)| !t.trim().is_empty() && !g.trim().is_empty())
            .ok_or_else(|| ImportError::BadTableOption(option.to_string()))?;
        let table = table.trim().to_ascii_lowercase();
        if crate::contract::table(&table).is_none() {
            return Err(ImportError::UnknownTable(option.to_string(), table));
        }
        if glob.contains(['[', ']', '{', '}']) {
            return Err(ImportError::BadGlob(option.to_string()));
        }
        Ok(TableGlob {
            table,
            glob: glob.trim().to_string(),
        })
    }

    fn matches(&self, path: &Path) -> bool {
        if self.glob.contains('/') {
            glob_match(&self.glob, &path.to_string_lossy())
        } else {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default();
            glob_match(&self.glob, &name)
        }
    }
}

/// The files found, grouped by table (contract order is applied by the caller).
#[derive(Debug, Default)]
pub struct SourcePlan {
    pub tables: BTreeMap<String, Vec<SourceFile>>,
    pub skipped: Vec<PathBuf>,
}

pub fn plan(sources: &[PathBuf], globs: &[TableGlob]) -> Result<SourcePlan, ImportError> {
    let mut plan = SourcePlan::default();
    for source in sources {
        let meta =
            std::fs::metadata(source).map_err(|_| ImportError::SourceNotFound(source.clone()))?;
        if meta.is_dir() {
            let mut files = Vec::new();
            walk(source, &mut files)?;
            for path in files {
                let Some(format) = format_of(&path) else {
                    continue;
                };
                match classify(&path, globs) {
                    Some((table, part)) => add(&mut plan, table, path, format, part)?,
                    None => plan.skipped.push(path),
                }
            }
        } else {
            let (table, part) =
                classify(source, globs).ok_or_else(|| ImportError::UnknownFile(source.clone()))?;
            let format = format_of(source).unwrap_or(FileFormat::Csv);
            add(&mut plan, table, source.clone(), format, part)?;
        }
    }
    if plan.tables.is_empty() {
        let names: Vec<String> = sources.iter().map(|s| s.display().to_string()).collect();
        return Err(ImportError::NoFiles(names.join(", ")));
    }
    // A --table option that matched nothing is a mistake, not a quiet no-op.
    if let Some(g) = globs.iter().find(|g| {
        !plan
            .tables
            .get(&g.table)
            .is_some_and(|files| files.iter().any(|f| g.matches(&f.path)))
    }) {
        return Err(ImportError::GlobMatchesNothing(format!(
            "{}={}",
            g.table, g.glob
        )));
    }
    for files in plan.tables.values_mut() {
        files.sort_by(|a, b| {
            (a.part.is_none(), a.part, &a.path).cmp(&(b.part.is_none(), b.part, &b.path))
        });
    }
    Ok(plan)
}

fn add(
    plan: &mut SourcePlan,
    table: String,
    path: PathBuf,
    format: FileFormat,
    part: Option<u64>,
) -> Result<(), ImportError> {
    let files = plan.tables.entry(table.clone()).or_default();
    if files.iter().any(|f| f.path == path) {
        return Ok(());
    }
    if let Some(n) = part {
        if let Some(other) = files.iter().find(|f| f.part == Some(n)) {
            return Err(ImportError::DuplicatePart {
                table,
                part: n,
                first: other.path.clone(),
                second: path,
            });
        }
    }
    files.push(SourceFile { path, format, part });
    Ok(())
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), ImportError> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| ImportError::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out)?;
        } else {
            out.push(p);
        }
    }
    Ok(())
}

pub fn format_of(path: &Path) -> Option<FileFormat> {
    let ext = path.extension()?.to_string_lossy().to_ascii_lowercase();
    match ext.as_str() {
        "csv" => Some(FileFormat::Csv),
        "parquet" | "parq" | "pq" => Some(FileFormat::Parquet),
        _ => None,
    }
}

/// The table a file holds and its part number.
fn classify(path: &Path, globs: &[TableGlob]) -> Option<(String, Option<u64>)> {
    let name = path.file_name()?.to_string_lossy().to_string();
    let stem = name.split('.').next().unwrap_or(&name).to_ascii_lowercase();
    if let Some(g) = globs.iter().find(|g| g.matches(path)) {
        return Some((
            g.table.clone(),
            split_part(&stem).1.or_else(|| first_number(&stem)),
        ));
    }
    let (base, part) = split_part(&stem);
    if let Some(table) = table_named(base) {
        return Some((table, part));
    }
    let folder = path
        .parent()?
        .file_name()?
        .to_string_lossy()
        .to_ascii_lowercase();
    let (base, _) = split_part(&folder);
    table_named(base).map(|t| (t, first_number(&stem)))
}

fn table_named(base: &str) -> Option<String> {
    let base = base.strip_prefix("moj_").unwrap_or(base);
    crate::contract::table(base).map(|t| t.name.clone())
}

/// `moj_probation_flatfile_07` -> (`moj_probation_flatfile`, Some(7)).
fn split_part(stem: &str) -> (&str, Option<u64>) {
    let digits_at = stem.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits_at == stem.len() {
        return (stem, None);
    }
    let number = stem[digits_at..].parse().ok();
    let mut base = &stem[..digits_at];
    for suffix in ["_part_", "_part-", "-part-", "_part", "-part", "_", "-"] {
        if let Some(b) = base.strip_suffix(suffix) {
            base = b;
            return (base, number);
        }
    }
    (stem, None)
}

fn first_number(s: &str) -> Option<u64> {
    let start = s.find(|c: char| c.is_ascii_digit())?;
    let digits: String = s[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .take(18)
        .collect();
    digits.parse().ok()
}

/// Case-insensitive glob with `*` (any run) and `?` (one character).
pub fn glob_match(glob: &str, text: &str) -> bool {
    let g: Vec<char> = glob.to_lowercase().chars().collect();
    let t: Vec<char> = text.to_lowercase().chars().collect();
    let (mut gi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if gi < g.len() && (g[gi] == '?' || g[gi] == t[ti]) {
            gi += 1;
            ti += 1;
        } else if gi < g.len() && g[gi] == '*' {
            star = Some((gi, ti));
            gi += 1;
        } else if let Some((sg, st)) = star {
            gi = sg + 1;
            ti = st + 1;
            star = Some((sg, st + 1));
        } else {
            return false;
        }
    }
    g[gi..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table_of(p: &str) -> Option<(String, Option<u64>)> {
        classify(Path::new(p), &[])
    }

    #[test]
    fn names_map_to_tables_and_parts() {
        let t = |s: &str, n| Some((s.to_string(), n));
        assert_eq!(
            table_of("x/moj_probation_flatfile_07.parquet"),
            t("probation_flatfile", Some(7))
        );
        assert_eq!(
            table_of("MOJ_PROBATION_RQMNTS_30.CSV"),
            t("probation_rqmnts", Some(30))
        );
        assert_eq!(table_of("xjs_link.csv"), t("xjs_link", None));
        assert_eq!(table_of("crown_case-3.csv"), t("crown_case", Some(3)));
        assert_eq!(
            table_of("magistrates_offence_part_2.csv"),
            t("magistrates_offence", Some(2))
        );
        assert_eq!(
            table_of("d/moj_prison_custodial_journey/part-00004-abc.snappy.parquet"),
            t("prison_custodial_journey", Some(4))
        );
        assert_eq!(table_of("notes.csv"), None);
        assert_eq!(table_of("probation_flatfile2.csv"), None);
    }

    #[test]
    fn table_option_wins() {
        let g = TableGlob::parse("crown_case=cc_*.csv").unwrap();
        assert_eq!(
            classify(Path::new("/a/CC_2020_04.csv"), &[g]),
            Some(("crown_case".to_string(), Some(4)))
        );
        assert!(matches!(
            TableGlob::parse("nope=*.csv"),
            Err(ImportError::UnknownTable(..))
        ));
        assert!(matches!(
            TableGlob::parse("crown_case"),
            Err(ImportError::BadTableOption(_))
        ));
    }

    #[test]
    fn globs() {
        assert!(glob_match("*.csv", "a.CSV"));
        assert!(glob_match("a?c*", "abcdef"));
        assert!(!glob_match("a*z", "abc"));
        assert!(glob_match(
            "*_flat*_0?.parquet",
            "moj_probation_flatfile_01.parquet"
        ));
    }
}
