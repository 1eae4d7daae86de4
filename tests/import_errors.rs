//! Bad inputs get a specific message, and never leave anything at the target.

mod import_support;

use std::path::{Path, PathBuf};

use dfexplorer::generate::extracts::{ExtractFormat, ExtractSink};
use dfexplorer::import::columns::column_specs;
use import_support::{run, write_hand_rows};

const LINK: &str = "source_dataset,row_id_hash,estimated_xjs_id\nprobation_delius,r1,p1\n";

fn flatfile_header() -> String {
    column_specs("probation_flatfile")
        .unwrap()
        .iter()
        .map(|c| c.name.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// A flatfile CSV row: row_id_hash, event_id_hash, referral_date, the rest empty.
fn flatfile_row(row_id: &str, referral: &str) -> String {
    let n = column_specs("probation_flatfile").unwrap().len();
    let mut cells = vec![String::new(); n];
    cells[0] = row_id.to_string();
    cells[1] = format!("e-{row_id}");
    cells[3] = referral.to_string();
    cells.join(",")
}

/// A folder with a good xjs_link and a flatfile of `rows`.
fn good_csv(dir: &Path, rows: &[String]) -> PathBuf {
    let src = dir.join("src");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(src.join("moj_xjs_link_01.csv"), LINK).unwrap();
    let mut flat = flatfile_header() + "\n";
    for r in rows {
        flat += r;
        flat += "\n";
    }
    std::fs::write(src.join("moj_probation_flatfile_01.csv"), flat).unwrap();
    src
}

fn import(out: &Path, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec!["import", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    run(&args)
}

/// The import failed with `needle` in its message and left nothing behind.
fn assert_fails_cleanly(dir: &Path, out: &Path, result: (i32, String, String), needle: &str) {
    let (code, stdout, stderr) = result;
    assert_eq!(code, 1, "stdout: {stdout}\nstderr: {stderr}");
    assert!(stderr.contains(needle), "expected {needle:?} in: {stderr}");
    assert!(!out.exists(), "a database was left at the target");
    let leftovers: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".importing-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn existing_target_is_never_touched_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let src = good_csv(dir.path(), &[flatfile_row("r1", "2016-03-01")]);
    let out = dir.path().join("linked.db");
    std::fs::write(&out, b"precious").unwrap();
    let (code, _, stderr) = import(&out, &[src.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stderr.contains("already exists; pass --force"), "{stderr}");
    assert_eq!(std::fs::read(&out).unwrap(), b"precious");

    let (code, stdout, stderr) = import(&out, &["--force", src.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("probation_flatfile"), "{stdout}");
    let conn = dfexplorer::db::open_read_only(&out).unwrap();
    let n: i64 = conn
        .query_row("SELECT count(*) FROM probation_flatfile", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn a_failed_import_keeps_the_existing_database() {
    let dir = tempfile::tempdir().unwrap();
    let src = good_csv(dir.path(), &["r1,only-two".to_string()]);
    let out = dir.path().join("linked.db");
    std::fs::write(&out, b"precious").unwrap();
    let (code, _, stderr) = import(&out, &["--force", src.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("line 2: 2 fields where the header has 18"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&out).unwrap(), b"precious");
}

#[test]
fn ragged_csv_row_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let rows = [flatfile_row("r1", "2016-03-01"), "r2,e2,x".to_string()];
    let src = good_csv(dir.path(), &rows);
    let out = dir.path().join("linked.db");
    assert_fails_cleanly(
        dir.path(),
        &out,
        import(&out, &[src.to_str().unwrap()]),
        "moj_probation_flatfile_01.csv, line 3: 3 fields where the header has 18",
    );
}

#[test]
fn missing_required_column_names_file_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let src = good_csv(dir.path(), &[]);
    std::fs::write(
        src.join("moj_xjs_link_01.csv"),
        "source_dataset,estimated_xjs_id\nprobation_delius,p1\n",
    )
    .unwrap();
    let out = dir.path().join("linked.db");
    assert_fails_cleanly(
        dir.path(),
        &out,
        import(&out, &[src.to_str().unwrap()]),
        "moj_xjs_link_01.csv: required column row_id_hash of xjs_link is missing",
    );
}

#[test]
fn duplicate_column_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let src = good_csv(dir.path(), &[]);
    std::fs::write(
        src.join("moj_xjs_link_01.csv"),
        "source_dataset,row_id_hash,ROW_ID_HASH,estimated_xjs_id\na,b,c,d\n",
    )
    .unwrap();
    let out = dir.path().join("linked.db");
    assert_fails_cleanly(
        dir.path(),
        &out,
        import(&out, &[src.to_str().unwrap()]),
        "moj_xjs_link_01.csv: column ROW_ID_HASH appears more than once",
    );
}

#[test]
fn non_utf8_text_names_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let src = good_csv(dir.path(), &[]);
    let mut bytes = LINK.as_bytes().to_vec();
    bytes.extend_from_slice(b"probation_delius,r\xe92,p2\n");
    std::fs::write(src.join("moj_xjs_link_01.csv"), bytes).unwrap();
    let out = dir.path().join("linked.db");
    assert_fails_cleanly(
        dir.path(),
        &out,
        import(&out, &[src.to_str().unwrap()]),
        "moj_xjs_link_01.csv, line 3, column row_id_hash: text is not valid UTF-8",
    );
}

#[test]
fn empty_files_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let src = good_csv(dir.path(), &[]);
    std::fs::write(src.join("moj_probation_rqmnts_01.csv"), b"").unwrap();
    let out = dir.path().join("linked.db");
    assert_fails_cleanly(
        dir.path(),
        &out,
        import(&out, &[src.to_str().unwrap()]),
        "moj_probation_rqmnts_01.csv is empty",
    );
    std::fs::remove_file(src.join("moj_probation_rqmnts_01.csv")).unwrap();
    std::fs::write(src.join("moj_probation_rqmnts_01.parquet"), b"").unwrap();
    assert_fails_cleanly(
        dir.path(),
        &out,
        import(&out, &[src.to_str().unwrap()]),
        "moj_probation_rqmnts_01.parquet is empty",
    );
}

/// Parquet extracts of hand rows; returns the probation folder.
fn parquet_extracts(dir: &Path) -> PathBuf {
    let root = dir.join("extracts");
    write_hand_rows(
        &mut ExtractSink::create(&root, ExtractFormat::Parquet, false).unwrap(),
        200,
    );
    root
}

#[test]
fn truncated_parquet_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let root = parquet_extracts(dir.path());
    let part = root.join("probation/moj_probation_flatfile_04.parquet");
    let bytes = std::fs::read(&part).unwrap();
    std::fs::write(&part, &bytes[..bytes.len() / 2]).unwrap();
    let out = dir.path().join("linked.db");
    assert_fails_cleanly(
        dir.path(),
        &out,
        import(&out, &[root.to_str().unwrap()]),
        "moj_probation_flatfile_04.parquet is not a readable parquet file: it is truncated",
    );
}

#[test]
fn corrupt_parquet_names_row_group_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let root = parquet_extracts(dir.path());
    let part = root.join("probation/moj_probation_flatfile_02.parquet");
    let mut bytes = std::fs::read(&part).unwrap();
    // Overwrite the first data page (just after the PAR1 marker) with noise.
    for b in bytes.iter_mut().skip(4).take(40) {
        *b = 0xA5;
    }
    std::fs::write(&part, &bytes).unwrap();
    let out = dir.path().join("linked.db");
    assert_fails_cleanly(
        dir.path(),
        &out,
        import(&out, &[root.to_str().unwrap()]),
        "moj_probation_flatfile_02.parquet, row group 0, column row_id_hash:",
    );
}

#[test]
fn a_csv_posing_as_parquet_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let src = good_csv(dir.path(), &[]);
    std::fs::write(src.join("moj_crown_case_01.parquet"), LINK).unwrap();
    let out = dir.path().join("linked.db");
    assert_fails_cleanly(
        dir.path(),
        &out,
        import(&out, &[src.to_str().unwrap()]),
        "moj_crown_case_01.parquet is not a readable parquet file: it does not start with the parquet marker PAR1",
    );
}

#[test]
fn a_file_of_no_known_table_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let src = good_csv(dir.path(), &[]);
    let stray = src.join("people.csv");
    std::fs::write(&stray, LINK).unwrap();
    let out = dir.path().join("linked.db");
    assert_fails_cleanly(
        dir.path(),
        &out,
        import(&out, &[stray.to_str().unwrap()]),
        "cannot tell which contract table",
    );
    // In a folder it is skipped and listed instead.
    let (code, stdout, _) = import(&out, &[src.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("skipped 1 file(s)") && stdout.contains("people.csv"),
        "{stdout}"
    );
}

#[test]
fn duplicate_parts_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let src = good_csv(dir.path(), &[]);
    std::fs::write(src.join("xjs_link_1.csv"), LINK).unwrap();
    let out = dir.path().join("linked.db");
    assert_fails_cleanly(
        dir.path(),
        &out,
        import(&out, &[src.to_str().unwrap()]),
        "two files for part 1 of xjs_link",
    );
}

#[test]
fn an_interrupted_import_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let src = good_csv(dir.path(), &[flatfile_row("r1", "2016-03-01")]);
    let out = dir.path().join("linked.db");
    let cancel = dfexplorer::import::Cancel::default();
    cancel.cancel();
    let opts = dfexplorer::import::ImportOptions {
        out: out.clone(),
        sources: vec![src],
        ..Default::default()
    };
    let err = dfexplorer::import::import(&opts, &mut dfexplorer::import::NoProgress, &cancel)
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("import interrupted; nothing was written"),
        "{err}"
    );
    assert_fails_cleanly(
        dir.path(),
        &out,
        (1, String::new(), err.to_string()),
        "interrupted",
    );
}
