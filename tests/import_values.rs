//! What the import does to values: keys, dates, unknown columns, catalogue notes, --table.

mod import_support;

use std::path::Path;
use std::sync::Arc;

use dfexplorer::import::columns::column_specs;
use import_support::run;
use parquet::basic::{LogicalType, Repetition, TimeUnit, Type as PhysicalType};
use parquet::data_type::{ByteArray, ByteArrayType, Int32Type, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;

const LINK: &str = "source_dataset,row_id_hash,estimated_xjs_id\nprobation_delius,r1,p1\n";

fn import_ok(out: &Path, args: &[&str]) -> String {
    let mut all = vec!["import", "--out", out.to_str().unwrap()];
    all.extend_from_slice(args);
    let (code, stdout, stderr) = run(&all);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    stdout
}

fn query(db: &Path, sql: &str) -> Vec<Vec<Option<String>>> {
    let conn = dfexplorer::db::open_read_only(db).unwrap();
    let mut stmt = conn.prepare(sql).unwrap();
    let n = stmt.column_count();
    stmt.query_map([], |r| {
        (0..n)
            .map(|i| dfexplorer::db::row_text(r, i))
            .collect::<Result<Vec<_>, _>>()
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

#[test]
fn primary_key_violations_are_rejected_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir(&src).unwrap();
    std::fs::write(src.join("moj_xjs_link_01.csv"), LINK).unwrap();
    let header = column_specs("crown_case")
        .unwrap()
        .iter()
        .map(|c| c.name.as_str())
        .collect::<Vec<_>>()
        .join(",");
    let blanks = ",".repeat(column_specs("crown_case").unwrap().len() - 1);
    let body = format!("{header}\nc1{blanks}\nc2{blanks}\nc1{blanks}\n{blanks}\nc1{blanks}\n");
    std::fs::write(src.join("moj_crown_case_01.csv"), body).unwrap();
    let out = dir.path().join("linked.db");
    let stdout = import_ok(&out, &[src.to_str().unwrap()]);
    assert!(
        stdout.contains("rejected 2: duplicate row_id_hash (PRIMARY KEY)")
            && stdout.contains("moj_crown_case_01.csv, row 3)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("rejected 1: missing row_id_hash (PRIMARY KEY)"),
        "{stdout}"
    );
    assert!(stdout.contains("3 rows rejected"), "{stdout}");
    assert_eq!(
        query(&out, "SELECT row_id_hash FROM crown_case ORDER BY 1"),
        vec![vec![s("c1")], vec![s("c2")]]
    );
}

#[test]
fn csv_dates_are_normalised_and_odd_ones_kept() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir(&src).unwrap();
    std::fs::write(src.join("xjs_link.csv"), LINK).unwrap();
    // Upper-case names, columns in another order, an unknown column, optional columns absent.
    let body =
        "EVENT_ID_HASH,Row_Id_Hash,REFERRAL_DATE,disposal_date,main_offence_date,Risk_Score\n\
                e1,r1,01/03/2016,2016-03-01 00:00:00,20160301,7\n\
                e2,r2,31/02/2019,not known,01-MAR-2016,\n";
    std::fs::write(src.join("probation_flatfile.csv"), body).unwrap();
    let out = dir.path().join("linked.db");
    let stdout = import_ok(&out, &[src.to_str().unwrap()]);
    assert!(
        stdout.contains("extra columns kept: Risk_Score"),
        "{stdout}"
    );
    assert!(stdout.contains("left empty"), "{stdout}");
    assert_eq!(
        query(
            &out,
            "SELECT row_id_hash, event_id_hash, referral_date, disposal_date, main_offence_date, \
             risk_score, gender FROM probation_flatfile ORDER BY 1"
        ),
        vec![
            vec![
                s("r1"),
                s("e1"),
                s("2016-03-01"),
                s("2016-03-01"),
                s("2016-03-01"),
                s("7"),
                None
            ],
            vec![
                s("r2"),
                s("e2"),
                s("31/02/2019"),
                s("not known"),
                s("2016-03-01"),
                None,
                None
            ],
        ]
    );
}

#[test]
fn parquet_dates_and_timestamps_become_iso_dates() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir(&src).unwrap();
    std::fs::write(src.join("xjs_link.csv"), LINK).unwrap();
    let field = |name: &str, t: PhysicalType, logical: Option<LogicalType>, rep: Repetition| {
        Arc::new(
            Type::primitive_type_builder(name, t)
                .with_repetition(rep)
                .with_logical_type(logical)
                .build()
                .unwrap(),
        )
    };
    let schema = Type::group_type_builder("schema")
        .with_fields(vec![
            field(
                "ROW_ID_HASH",
                PhysicalType::BYTE_ARRAY,
                Some(LogicalType::String),
                Repetition::REQUIRED,
            ),
            field(
                "journey_start_date",
                PhysicalType::INT32,
                Some(LogicalType::Date),
                Repetition::OPTIONAL,
            ),
            field(
                "journey_end_date",
                PhysicalType::INT64,
                Some(LogicalType::timestamp(false, TimeUnit::MICROS)),
                Repetition::OPTIONAL,
            ),
            field(
                "recall_count",
                PhysicalType::INT32,
                None,
                Repetition::OPTIONAL,
            ),
        ])
        .build()
        .unwrap();
    let file = std::fs::File::create(src.join("moj_prison_custodial_journey_01.parquet")).unwrap();
    let mut w = SerializedFileWriter::new(
        file,
        Arc::new(schema),
        Arc::new(WriterProperties::builder().build()),
    )
    .unwrap();
    let mut rg = w.next_row_group().unwrap();
    let mut col = rg.next_column().unwrap().unwrap();
    let ids: Vec<ByteArray> = vec!["j1".into(), "j2".into()];
    col.typed::<ByteArrayType>()
        .write_batch(&ids, None, None)
        .unwrap();
    col.close().unwrap();
    let mut col = rg.next_column().unwrap().unwrap();
    // 2016-03-01 is day 16861 since 1970-01-01; the second row is NULL.
    col.typed::<Int32Type>()
        .write_batch(&[16861], Some(&[1, 0]), None)
        .unwrap();
    col.close().unwrap();
    let mut col = rg.next_column().unwrap().unwrap();
    // 2017-05-02 13:45 in microseconds.
    let micros = (17288 * 86_400 + 13 * 3600 + 45 * 60) * 1_000_000i64;
    col.typed::<Int64Type>()
        .write_batch(&[micros], Some(&[0, 1]), None)
        .unwrap();
    col.close().unwrap();
    let mut col = rg.next_column().unwrap().unwrap();
    col.typed::<Int32Type>()
        .write_batch(&[2, 0], Some(&[1, 1]), None)
        .unwrap();
    col.close().unwrap();
    rg.close().unwrap();
    w.close().unwrap();

    let out = dir.path().join("linked.db");
    import_ok(&out, &[src.to_str().unwrap()]);
    assert_eq!(
        query(
            &out,
            "SELECT row_id_hash, journey_start_date, journey_end_date, recall_count, \
             typeof(recall_count) FROM prison_custodial_journey ORDER BY 1"
        ),
        vec![
            vec![s("j1"), s("2016-03-01"), None, s("2"), s("integer")],
            vec![s("j2"), None, s("2017-05-02"), s("0"), s("integer")],
        ]
    );
}

#[test]
fn catalogue_and_table_options() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir(&src).unwrap();
    std::fs::write(src.join("links_2024.csv"), LINK).unwrap();
    std::fs::write(src.join("flat_a.csv"), "row_id_hash,event_id_hash\nr1,e1\n").unwrap();
    let notes = dir.path().join("notes.csv");
    std::fs::write(
        &notes,
        "dataset,table_name,column_name,topic,note,source\n\
         probation_delius,probation_rqmnts,rqmnt_commencement_date,completeness,\"Mostly empty; use rqmnt_start_date\",user guide\n\
         ,,,linkage,Some links are false,\n",
    )
    .unwrap();
    let out = dir.path().join("linked.db");
    let stdout = import_ok(
        &out,
        &[
            "--table",
            "xjs_link=links_*.csv",
            "--table",
            "probation_flatfile=flat_?.csv",
            "--catalogue",
            notes.to_str().unwrap(),
            src.to_str().unwrap(),
        ],
    );
    assert!(stdout.contains("catalogue notes: 2"), "{stdout}");
    assert_eq!(
        query(
            &out,
            "SELECT dataset, topic, source FROM catalogue_notes ORDER BY topic"
        ),
        vec![
            vec![s("probation_delius"), s("completeness"), s("user guide")],
            vec![None, s("linkage"), None],
        ]
    );
    assert_eq!(
        query(&out, "SELECT count(*) FROM xjs_link"),
        vec![vec![s("1")]]
    );
    // Only the tables given are present: the explorer reports the other datasets as absent.
    let report =
        dfexplorer::db::SchemaReport::read(&dfexplorer::db::open_read_only(&out).unwrap()).unwrap();
    assert_eq!(
        report.present_datasets(),
        vec![dfexplorer::contract::Dataset::Probation]
    );

    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "topic,note\nweather,Rain\n").unwrap();
    let out2 = dir.path().join("other.db");
    let (code, _, stderr) = run(&[
        "import",
        "--out",
        out2.to_str().unwrap(),
        "--catalogue",
        bad.to_str().unwrap(),
        src.to_str().unwrap(),
        "--table",
        "xjs_link=links_*.csv",
    ]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("line 2: topic \"weather\" is not one of"),
        "{stderr}"
    );
    assert!(!out2.exists());
}
