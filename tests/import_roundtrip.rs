//! Extracts written by the extract sinks and imported again hold the same content as the same
//! rows written to SQLite directly.

mod import_support;

use dfexplorer::generate::extracts::{ExtractFormat, ExtractSink};
use import_support::{dump, dump_with, run, write_hand_rows, DirectSink};

fn round_trip(format: ExtractFormat, per_table: usize) {
    let dir = tempfile::tempdir().unwrap();
    let direct = dir.path().join("direct.db");
    write_hand_rows(&mut DirectSink::create(&direct), per_table);

    let extracts = dir.path().join("extracts");
    write_hand_rows(
        &mut ExtractSink::create(&extracts, format, false).unwrap(),
        per_table,
    );
    let first = extracts
        .join("probation")
        .join(format!("moj_probation_flatfile_01.{}", format.extension()));
    assert!(first.exists(), "{first:?}");
    assert!(extracts
        .join("probation/moj_probation_rqmnts_30")
        .with_extension(format.extension())
        .exists());

    let imported = dir.path().join("imported.db");
    let (code, stdout, stderr) = run(&[
        "import",
        "--out",
        imported.to_str().unwrap(),
        extracts.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(stdout.contains("0 rows rejected"), "{stdout}");
    let a = dump(&direct);
    let b = dump(&imported);
    assert_eq!(a.len(), b.len());
    for ((ta, ra), (tb, rb)) in a.iter().zip(&b) {
        assert_eq!(ta, tb);
        assert_eq!(ra.len(), rb.len(), "{ta}");
        assert_eq!(ra, rb, "{ta}");
    }
}

#[test]
fn parquet_round_trip_keeps_every_row_and_value() {
    // 200 rows: the doubling batches reach every one of the 30 parts and some twice.
    round_trip(ExtractFormat::Parquet, 200);
}

#[test]
fn csv_round_trip_keeps_every_row_and_value() {
    round_trip(ExtractFormat::Csv, 200);
}

/// The round trip: `generate --layout extracts`, imported, equals `generate` writing the
/// database directly (same seed), table by table, rows sorted.
fn generated_round_trip(format: &str) {
    let dir = tempfile::tempdir().unwrap();
    let p = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let common = ["generate", "--people", "400", "--seed", "11"];
    let (code, _, err) = run(&[&common[..], &["--out", &p("direct.db")]].concat());
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(&[
        &common[..],
        &[
            "--layout",
            "extracts",
            "--format",
            format,
            "--out",
            &p("extracts"),
        ],
    ]
    .concat());
    assert_eq!(code, 0, "{err}");
    assert!(dir
        .path()
        .join(format!(
            "extracts/probation/moj_probation_flatfile_30.{format}"
        ))
        .exists());
    let (code, stdout, err) = run(&["import", "--out", &p("imported.db"), &p("extracts")]);
    assert_eq!(code, 0, "{stdout}{err}");
    assert!(stdout.contains(" 0 rows rejected"), "{stdout}");
    // CSV cannot tell an empty string (a blank ethnicity) from a missing value.
    let csv = format == "csv";
    let a = dump_with(&dir.path().join("direct.db"), csv);
    let b = dump_with(&dir.path().join("imported.db"), csv);
    assert_eq!(
        a.iter().map(|t| &t.0).collect::<Vec<_>>(),
        b.iter().map(|t| &t.0).collect::<Vec<_>>()
    );
    for ((table, ra), (_, rb)) in a.iter().zip(&b) {
        let main = dfexplorer::contract::Dataset::ALL
            .iter()
            .any(|d| d.main_table() == table);
        assert!(
            !ra.is_empty() || !(main || table == "xjs_link"),
            "{table} is empty"
        );
        assert_eq!(ra.len(), rb.len(), "{table}");
        assert!(ra == rb, "{table} differs");
    }
}

#[test]
fn generated_parquet_extracts_import_to_the_generated_database() {
    generated_round_trip("parquet");
}

#[test]
fn generated_csv_extracts_import_to_the_generated_database() {
    generated_round_trip("csv");
}
