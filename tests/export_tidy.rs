//! Tidy exports: every dataset field lands in its own column, parquet files hold exactly the CSV
//! rows with real types, the flag columns follow the quality flags, the R and Stata loaders state
//! every column's type, and the data dictionary is the one in the README.

#[path = "timeline_fixture/mod.rs"]
mod timeline_fixture;

use std::ops::ControlFlow;
use std::path::Path;

use bytes::Bytes;
use dfexplorer::cohort::{self, CohortFilter};
use dfexplorer::export::table::Kind;
use dfexplorer::export::{self, tidy, ExportRequest};
use parquet::basic::{LogicalType, Type as PhysicalType};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;

/// One person, P1, with one record in every table and every field filled with a value that
/// says where it came from; lengths and ages stored as REAL and TEXT as a copy might.
const FULL: &str = r#"
INSERT INTO extract_info VALUES ('extract_date', '2020-12-31');
INSERT INTO xjs_link VALUES ('mags_hocas','m1','P1'), ('crown_xhibit','k1','P1'),
  ('prison_nomis','p1','P1'), ('probation_delius','f1','P1');
INSERT INTO magistrates_case (row_id_hash, case_id_hash, estimated_defendant_id, court_name,
  offence_date, first_hearing_date, final_result_date, ho_offence_code, offence_desc, offence_group,
  plea, verdict, jsas_result_group_desc, custody_days, fine_amount, committed_to_crown,
  age_at_offence, gender, ethnicity, lsoa) VALUES
  ('m1','mc1','D1','Leeds MC','2015-01-10','2015-02-01','2015-03-01','mags-code','mags-offence',
   'mags-group','mags-plea','mags-verdict','mags-outcome',42.0,250.5,'sentence','30','Male','White','E01');
INSERT INTO magistrates_offence (case_row_id_hash, offence_seq, ho_offence_code, offence_desc,
  offence_date, plea, verdict, result_desc, is_principal) VALUES
  ('m1', 1, 'moff-code', 'moff-offence', '2015-01-09', 'moff-plea', 'moff-verdict', 'moff-result', 1);
INSERT INTO crown_case (row_id_hash, defendant_on_case_id_hash, case_id_hash, estimated_defendant_id,
  court_name, case_type, receipt_date, first_hearing_date, disposal_date, plea, verdict,
  final_offence_ho_code, offence_desc, offence_group, sentence_type, custodial_period_days, monetary,
  age_at_receipt, gender, ethnicity, lsoa) VALUES
  ('k1','dk1','kc1','CD1','Leeds CC','Trial','2015-03-05','2015-03-20','2015-06-01','crown-plea',
   'crown-verdict','crown-code','crown-offence','crown-group','crown-outcome',365,'100','30','Male','White','E01');
INSERT INTO crown_offence (case_row_id_hash, defendant_on_offence_id_hash, final_offence_ho_code,
  offence_desc, result_desc, custodial_period_days, monetary) VALUES
  ('k1','do1','koff-code','koff-offence','koff-result',180,NULL);
INSERT INTO prison_custodial_journey (row_id_hash, estimated_offender_id, journey_start_date,
  journey_end_date, first_establishment, last_establishment, recall_count, sentence_type,
  sentence_length_days, main_offence_code, main_offence_desc, release_type, age_at_reception,
  gender, ethnicity, nationality) VALUES
  ('p1','O1','2015-06-01','2016-02-30','prison-place','Hull (HMP)',2,'prison-outcome',
   '365','prison-code','prison-offence','prison-release',30,'Male','White','British');
INSERT INTO probation_flatfile (row_id_hash, event_id_hash, estimated_offender_id, referral_date,
  disposal_date, disposal_termination_date, disposal_type_description, length, length_in_days,
  recall_count, main_offence_date, mo_code, mo_category_description, age_at_offence, gender,
  ethnicity_desc, lsoa_residence, probation_area_desc) VALUES
  ('f1','e1','PO1','2016-01-01','2016-01-05',NULL,'ORA Community Order',12,365,0,'2015-12-01',
   'prob-code','prob-group',31,'Male','White','E01','prob-area');
INSERT INTO probation_rqmnts (event_id_hash, estimated_offender_id, rqmnt_type_main_category_code,
  rqmnt_type_main_category_desc, rqmnt_type_sub_category_desc, rqmnt_type_main_units_desc, length,
  rqmnt_start_date, rqmnt_commencement_date, rqmnt_termination_date, rqmnt_termination_reason_desc)
  VALUES ('e1','PO1','W','rq-type','rq-sub','Hours','100.0','2016-01-05','2016-01-06','2016-09-01','rq-end'),
  ('e1','PO1','C','rq-unreadable',NULL,'Hours','twelve','2016-01-05',NULL,'2016-03-01',NULL);
INSERT INTO probation_licence_conditions (event_id_hash, estimated_offender_id,
  lic_cond_type_main_cat_desc, lic_cond_type_sub_cat_desc, lic_cond_start_date,
  lic_cond_termination_date, lic_cond_termination_reason_desc) VALUES
  ('e1','PO1','lic-type','lic-sub','2016-02-01',NULL,'lic-end');
INSERT INTO probation_pss_rqmnts (event_id_hash, estimated_offender_id,
  pss_rqmnt_type_main_category_desc, pss_rqmnt_start_date, pss_rqmnt_termination_date,
  pss_rqmnt_termination_reason_desc) VALUES ('e1','PO1','pss-type','2016-03-01','2016-04-01','pss-end');
"#;

struct Parsed {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Parsed {
    fn csv(p: &Path) -> Parsed {
        let mut r = csv::Reader::from_path(p).unwrap();
        Parsed {
            header: r.headers().unwrap().iter().map(str::to_string).collect(),
            rows: r
                .records()
                .map(|r| r.unwrap().iter().map(str::to_string).collect())
                .collect(),
        }
    }

    /// A parquet file's rows as the CSV writes them (text protected against formulas, dates
    /// ISO, booleans 1/0, NULL empty).
    fn parquet(p: &Path) -> Parsed {
        let reader = SerializedFileReader::new(Bytes::from(std::fs::read(p).unwrap())).unwrap();
        let header = reader
            .metadata()
            .file_metadata()
            .schema_descr()
            .columns()
            .iter()
            .map(|c| c.name().to_string())
            .collect();
        let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        let rows = reader
            .get_row_iter(None)
            .unwrap()
            .map(|r| {
                r.unwrap()
                    .get_column_iter()
                    .map(|(_, f)| match f {
                        Field::Null => String::new(),
                        Field::Str(s) => export::protect_text(s).into_owned(),
                        Field::Long(n) => n.to_string(),
                        Field::Double(x) => x.to_string(),
                        Field::Bool(b) => if *b { "1" } else { "0" }.to_string(),
                        Field::Date(d) => (epoch + chrono::Duration::days(i64::from(*d)))
                            .format("%Y-%m-%d")
                            .to_string(),
                        other => panic!("unexpected parquet value {other:?}"),
                    })
                    .collect()
            })
            .collect();
        Parsed { header, rows }
    }

    fn get(&self, row: usize, name: &str) -> &str {
        let at = self.header.iter().position(|h| h == name).unwrap();
        &self.rows[row][at]
    }

    /// The row of `table`.
    fn of(&self, table: &str) -> usize {
        let at = self.header.iter().position(|h| h == "table").unwrap();
        self.rows.iter().position(|r| r[at] == table).unwrap()
    }
}

fn export_to(db: &Path, people: &Path, events: &Path, flag_columns: bool, from: &str, to: &str) {
    let conn = dfexplorer::db::open_read_only(db).unwrap();
    let filter = CohortFilter::from_text(from, to).unwrap();
    let (m, scan) = cohort::scan(&conn, &filter, |_| ControlFlow::Continue(())).unwrap();
    let problems = cohort::referral_date_problems(&conn).unwrap();
    let req = ExportRequest {
        people_path: people.to_path_buf(),
        events_path: Some(events.to_path_buf()),
        flag_columns,
        force: false,
        filter,
        marked_only: false,
        disclosure: Default::default(),
    };
    let database = dfexplorer::db::Database::open(db).unwrap().0;
    export::export_cohort(&database, &req, &m, &scan, &problems, |_| {
        ControlFlow::Continue(())
    })
    .unwrap();
}

#[test]
fn every_dataset_field_lands_in_its_own_column() {
    let db = timeline_fixture::build(FULL);
    let out = tempfile::tempdir().unwrap();
    let (people, events) = (out.path().join("people.csv"), out.path().join("events.csv"));
    export_to(
        &db.path,
        &people,
        &events,
        false,
        "2016-01-01",
        "2016-12-31",
    );
    let e = Parsed::csv(&events);
    let row = |table: &str, pairs: &[(&str, &str)]| {
        let r = e.of(table);
        for (name, want) in pairs {
            assert_eq!(e.get(r, name), *want, "{table}.{name}");
        }
    };
    row(
        "magistrates_case",
        &[
            ("record_level", "main"),
            ("row_id_hash", "m1"),
            ("source_rows", "1"),
            ("case_or_event_id_hash", "mc1"),
            ("dataset_person_id", "D1"),
            ("start", "2015-02-01"),
            ("end", "2015-03-01"),
            ("open", "0"),
            ("open_at", ""),
            ("offence_code", "mags-code"),
            ("offence_desc", "mags-offence"),
            ("offence_group", "mags-group"),
            ("offence_date", "2015-01-10"),
            ("plea", "mags-plea"),
            ("verdict", "mags-verdict"),
            ("outcome", "mags-outcome"),
            ("length", "42"),
            ("length_units", "days"),
            ("amount", "250.5"),
            ("committed_to_crown", "sentence"),
            ("place", "Leeds MC"),
            ("age", "30"),
            ("gender", "Male"),
            ("ethnicity", "White"),
        ],
    );
    // A child row joins to its record and carries its own values, with its record's case ID.
    row(
        "magistrates_offence",
        &[
            ("record_level", "child"),
            ("kind", "Principal offence"),
            ("start", "2015-01-09"),
            ("row_id_hash", "m1"),
            ("source_rows", ""),
            ("case_or_event_id_hash", "mc1"),
            ("dataset_person_id", "D1"),
            ("offence_code", "moff-code"),
            ("offence_desc", "moff-offence"),
            ("offence_date", "2015-01-09"),
            ("plea", "moff-plea"),
            ("outcome", "moff-result"),
            ("place", ""),
        ],
    );
    row(
        "crown_case",
        &[
            ("kind", "Trial"),
            ("case_or_event_id_hash", "kc1"),
            ("dataset_person_id", "CD1"),
            ("start", "2015-03-05"),
            ("offence_code", "crown-code"),
            ("offence_group", "crown-group"),
            ("outcome", "crown-outcome"),
            ("length", "365"),
            ("length_units", "days"),
            ("amount", "100"),
            ("place", "Leeds CC"),
        ],
    );
    row(
        "crown_offence",
        &[
            ("offence_code", "koff-code"),
            ("outcome", "koff-result"),
            ("length", "180"),
            ("length_units", "days"),
            ("amount", ""),
        ],
    );
    // The journey's end is not a date: empty, and flagged by name.
    row(
        "prison_custodial_journey",
        &[
            ("case_or_event_id_hash", ""),
            ("dataset_person_id", "O1"),
            ("end", ""),
            ("offence_code", "prison-code"),
            ("offence_desc", "prison-offence"),
            ("outcome", "prison-outcome"),
            ("length", "365"),
            ("length_units", "days"),
            ("termination_reason", "prison-release"),
            ("recall_count", "2"),
            ("place", "prison-place"),
        ],
    );
    let p = e.of("prison_custodial_journey");
    assert!(e
        .get(p, "quality_flags")
        .split(';')
        .any(|f| f == "malformed_date"));
    row(
        "probation_flatfile",
        &[
            ("case_or_event_id_hash", "e1"),
            ("dataset_person_id", "PO1"),
            ("kind", "ORA Community Order"),
            ("start", "2016-01-05"),
            ("end", ""),
            ("open", "1"),
            ("open_at", "2020-12-31"),
            ("offence_code", "prob-code"),
            ("offence_group", "prob-group"),
            ("offence_date", "2015-12-01"),
            ("outcome", "ORA Community Order"),
            ("length", "365"),
            ("length_units", "days"),
            ("recall_count", "0"),
            ("place", "prob-area"),
            ("age", "31"),
        ],
    );
    row(
        "probation_rqmnts",
        &[
            ("row_id_hash", "f1"),
            ("case_or_event_id_hash", "e1"),
            ("dataset_person_id", "PO1"),
            ("requirement_type", "rq-type"),
            ("requirement_subtype", "rq-sub"),
            ("length", "100"),
            ("length_units", "Hours"),
            ("termination_reason", "rq-end"),
            ("start", "2016-01-05"),
            ("end", "2016-09-01"),
            // Its own end, unlike its open event.
            ("open", "0"),
            ("open_at", ""),
        ],
    );
    // A length that is not a whole number is left empty, and so are its units.
    let bad = (0..e.rows.len())
        .find(|r| e.get(*r, "requirement_type") == "rq-unreadable")
        .unwrap();
    assert_eq!((e.get(bad, "length"), e.get(bad, "length_units")), ("", ""));
    // A child's flags are its own: no commencement date here, while its event is open.
    let flags = e.get(bad, "quality_flags");
    assert!(flags.contains("missing_commencement_date"), "{flags}");
    assert!(!flags.contains("open_at_extract"), "{flags}");
    assert!(e
        .get(e.of("probation_flatfile"), "quality_flags")
        .contains("open_at_extract"));
    row(
        "probation_licence_conditions",
        &[
            ("requirement_type", "lic-type"),
            ("requirement_subtype", "lic-sub"),
            ("termination_reason", "lic-end"),
            ("open", "1"),
            ("open_at", "2020-12-31"),
        ],
    );
    row(
        "probation_pss_rqmnts",
        &[
            ("requirement_type", "pss-type"),
            ("termination_reason", "pss-end"),
            ("end", "2016-04-01"),
        ],
    );
}

/// The whole sample exported both ways: the parquet files hold exactly the CSV files' rows, with
/// dates as DATE, counts as integers and IDs as strings.
#[test]
fn parquet_files_hold_the_csv_rows_with_real_types() {
    let db = dfexplorer::cli::sample_db_path();
    let out = tempfile::tempdir().unwrap();
    let path = |n: &str| out.path().join(n);
    export_to(&db, &path("people.csv"), &path("events.csv"), true, "", "");
    let other = out.path().join("pq");
    std::fs::create_dir(&other).unwrap();
    let pq = |n: &str| other.join(n);
    export_to(
        &db,
        &pq("people.parquet"),
        &pq("events.parquet"),
        true,
        "",
        "",
    );
    for (csv_file, pq_file) in [
        ("people.csv", "people.parquet"),
        ("events.csv", "events.parquet"),
    ] {
        let (c, p) = (Parsed::csv(&path(csv_file)), Parsed::parquet(&pq(pq_file)));
        assert_eq!(c.header, p.header, "{pq_file}");
        assert!(c.rows.len() > 1000, "{} rows", c.rows.len());
        assert_eq!(c.rows.len(), p.rows.len(), "{pq_file}");
        for (i, (a, b)) in c.rows.iter().zip(&p.rows).enumerate() {
            assert_eq!(a, b, "{pq_file} row {i}");
        }
    }
    let reader =
        SerializedFileReader::new(Bytes::from(std::fs::read(pq("events.parquet")).unwrap()))
            .unwrap();
    let schema = reader.metadata().file_metadata().schema_descr();
    let columns = tidy::event_columns(true);
    assert_eq!(schema.num_columns(), columns.len());
    for (c, want) in schema.columns().iter().zip(&columns) {
        let expected = match want.kind {
            Kind::Text => (PhysicalType::BYTE_ARRAY, Some(LogicalType::String)),
            Kind::Integer => (PhysicalType::INT64, None),
            Kind::Real => (PhysicalType::DOUBLE, None),
            Kind::Date => (PhysicalType::INT32, Some(LogicalType::Date)),
            Kind::Boolean => (PhysicalType::BOOLEAN, None),
        };
        assert_eq!(
            (c.physical_type(), c.logical_type_ref().cloned()),
            expected,
            "{}",
            c.name()
        );
    }
    let kind_of = |n: &str| columns.iter().find(|c| c.name == n).unwrap().kind;
    assert_eq!(kind_of("estimated_xjs_id"), Kind::Text);
    assert_eq!(kind_of("start"), Kind::Date);
    assert_eq!(kind_of("source_rows"), Kind::Integer);
    assert_eq!(kind_of("open"), Kind::Boolean);
}

#[test]
fn flag_columns_say_exactly_which_rules_a_row_breaks() {
    let db = dfexplorer::cli::sample_db_path();
    let out = tempfile::tempdir().unwrap();
    let (people, events) = (out.path().join("p.csv"), out.path().join("e.csv"));
    export_to(&db, &people, &events, true, "2015-01-01", "2016-12-31");
    let e = Parsed::csv(&events);
    let rules = dfexplorer::quality::Rule::ALL;
    let mut seen = std::collections::BTreeSet::new();
    for r in 0..e.rows.len() {
        let named: Vec<&str> = e
            .get(r, "quality_flags")
            .split(';')
            .filter(|s| !s.is_empty())
            .collect();
        for rule in rules {
            let flagged = e.get(r, &format!("flag_{}", rule.name())) == "1";
            assert_eq!(
                flagged,
                named.contains(&rule.name()),
                "row {r} {}",
                rule.name()
            );
            if flagged {
                seen.insert(rule.name());
            }
        }
    }
    assert!(seen.len() >= 5, "rules seen on the sample's rows: {seen:?}");
}

#[test]
fn the_loaders_state_every_column_s_type_and_name_files_relative_to_themselves() {
    let db = dfexplorer::cli::sample_db_path();
    let out = tempfile::tempdir().unwrap();
    let (people, events) = (out.path().join("people.csv"), out.path().join("events.csv"));
    export_to(&db, &people, &events, false, "2016-01-01", "2016-03-31");
    let r = std::fs::read_to_string(out.path().join("people.load.R")).unwrap();
    let stata = std::fs::read_to_string(out.path().join("people.load.do")).unwrap();
    assert!(r.starts_with("# Loads the files of a dfexplorer"), "{r}");
    assert!(r.contains("# Run it from the folder it is in"), "{r}");
    assert!(
        stata.starts_with("* Loads the files of a dfexplorer"),
        "{stata}"
    );
    assert!(r.contains("library(readr)\r\n"), "{r}");
    assert!(
        r.contains("people <- read_csv(\"people.csv\", na = \"\", col_types = cols("),
        "{r}"
    );
    assert!(r.contains("events <- read_csv(\"events.csv\""), "{r}");
    assert!(
        !r.contains(&out.path().display().to_string()),
        "relative names only"
    );
    for c in tidy::PEOPLE_COLUMNS
        .iter()
        .chain(&tidy::event_columns(false))
    {
        let want = match c.kind {
            Kind::Text => "col_character()",
            Kind::Integer => "col_integer()",
            Kind::Real => "col_double()",
            Kind::Date => "col_date(format = \"%Y-%m-%d\")",
            Kind::Boolean => "col_logical()",
        };
        assert!(
            r.contains(&format!("  {} = {want}", c.name)),
            "{} in people.load.R",
            c.name
        );
    }
    // Stata: text and date columns read as strings (IDs keep their digits), dates converted.
    let events_cols = tidy::event_columns(false);
    let strings: Vec<String> = events_cols
        .iter()
        .enumerate()
        .filter(|(_, c)| matches!(c.kind, Kind::Text | Kind::Date))
        .map(|(i, _)| (i + 1).to_string())
        .collect();
    assert!(
        stata.contains(&format!("stringcols({})", strings.join(" "))),
        "{stata}"
    );
    assert!(stata.contains("frame create events"), "{stata}");
    for c in events_cols.iter().filter(|c| c.kind == Kind::Date) {
        assert!(
            stata.contains(&format!("date({}, \"YMD\")", c.name)),
            "{}",
            c.name
        );
        assert!(
            stata.contains(&format!("format {}_d %td", c.name)),
            "{}",
            c.name
        );
    }
    assert!(
        stata.contains("import delimited using \"people.csv\", varnames(1)"),
        "{stata}"
    );

    // Parquet: arrow for R; Stata is told it cannot read it.
    let pq = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let events = elsewhere.path().join("events.parquet");
    export_to(
        &db,
        &pq.path().join("people.parquet"),
        &events,
        false,
        "2016-01-01",
        "2016-03-31",
    );
    let r = std::fs::read_to_string(pq.path().join("people.load.R")).unwrap();
    assert!(
        r.contains("people <- arrow::read_parquet(\"people.parquet\")"),
        "{r}"
    );
    assert!(!r.contains("library(readr)"), "no readr without a CSV: {r}");
    // A file in another folder is named by its path.
    let named = events.display().to_string().replace('\\', "/");
    assert!(
        r.contains(&format!("events <- arrow::read_parquet(\"{named}\")")),
        "{r}"
    );
    let stata = std::fs::read_to_string(pq.path().join("people.load.do")).unwrap();
    assert!(
        stata.contains("* people.parquet: Stata does not read parquet"),
        "{stata}"
    );
    assert!(!stata.contains("import delimited"), "{stata}");
}

/// Records with no length recorded: no length and no units, in every table that has one.
#[test]
fn a_record_without_a_length_has_no_units() {
    let db = timeline_fixture::build(
        r#"
INSERT INTO xjs_link VALUES ('mags_hocas','m1','P1'), ('crown_xhibit','k1','P1'),
  ('prison_nomis','p1','P1'), ('probation_delius','f1','P1');
INSERT INTO magistrates_case (row_id_hash, first_hearing_date) VALUES ('m1','2015-02-01');
INSERT INTO crown_case (row_id_hash, receipt_date) VALUES ('k1','2015-03-05');
INSERT INTO crown_offence (case_row_id_hash, offence_desc) VALUES ('k1','Theft');
INSERT INTO prison_custodial_journey (row_id_hash, journey_start_date) VALUES ('p1','2015-06-01');
INSERT INTO probation_flatfile (row_id_hash, event_id_hash, referral_date, disposal_date)
  VALUES ('f1','e1','2016-01-01','2016-01-05');
INSERT INTO probation_rqmnts (event_id_hash, rqmnt_type_main_category_desc,
  rqmnt_type_main_units_desc, rqmnt_start_date) VALUES ('e1','Curfew','Months','2016-01-05');
"#,
    );
    let out = tempfile::tempdir().unwrap();
    let (people, events) = (out.path().join("people.csv"), out.path().join("events.csv"));
    export_to(
        &db.path,
        &people,
        &events,
        false,
        "2016-01-01",
        "2016-12-31",
    );
    let e = Parsed::csv(&events);
    for table in [
        "magistrates_case",
        "crown_case",
        "crown_offence",
        "prison_custodial_journey",
        "probation_flatfile",
        "probation_rqmnts",
    ] {
        let r = e.of(table);
        assert_eq!(
            (e.get(r, "length"), e.get(r, "length_units")),
            ("", ""),
            "{table}"
        );
    }
}

#[test]
fn the_data_dictionary_is_the_readme_s() {
    let dictionary = export::dictionary::markdown();
    insta::assert_snapshot!("data_dictionary", dictionary);
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    assert!(
        readme.replace("\r\n", "\n").contains(&dictionary),
        "README.md's data dictionary differs from `dfexplorer cohort --dictionary`; paste its output into the README"
    );
    for c in tidy::event_columns(false) {
        assert!(
            dictionary.contains(&format!("| `{}` |", c.name)),
            "{}",
            c.name
        );
    }
}
