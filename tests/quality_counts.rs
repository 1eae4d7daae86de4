//! `count_all` and `dfexplorer check` on small databases built here with known answers: the
//! contract schema with TEXT ids, a hand-built copy with INTEGER ids and no indexes, and a copy
//! holding only some tables.

use std::path::{Path, PathBuf};

use dfexplorer::contract;
use dfexplorer::db::{self, SchemaReport};
use dfexplorer::observation::Windows;
use dfexplorer::quality::{count_all, CountUnit, Rule, RuleCount};
use rusqlite::types::Value;
use rusqlite::Connection;

#[derive(Clone, Copy, PartialEq)]
enum Ids {
    Text,
    Integer,
}

/// Contract DDL and indexes, or a hand-built copy: INTEGER id columns, untyped others, no indexes.
fn create_schema(conn: &Connection, ids: Ids, only: Option<&[&str]>) {
    for spec in contract::tables() {
        if only.is_some_and(|o| !o.contains(&spec.name.as_str())) {
            continue;
        }
        let cols: Vec<String> = spec
            .columns
            .iter()
            .map(|c| match ids {
                Ids::Integer if is_id(c) => format!("{c} INTEGER"),
                Ids::Integer => c.clone(),
                Ids::Text if is_id(c) => format!("{c} TEXT"),
                Ids::Text => c.clone(),
            })
            .collect();
        conn.execute_batch(&format!(
            "CREATE TABLE {} ({});",
            spec.name,
            cols.join(", ")
        ))
        .unwrap();
    }
    if ids == Ids::Text && only.is_none() {
        // The whole schema file: its CREATE TABLEs are no-ops now, its indexes get created.
        conn.execute_batch(contract::SCHEMA_SQL).unwrap();
    }
}

fn is_id(c: &str) -> bool {
    c.ends_with("_hash") || c.ends_with("_id")
}

struct Db {
    conn: Connection,
    ids: Ids,
}

impl Db {
    fn id(&self, v: i64) -> Value {
        match self.ids {
            Ids::Integer => Value::Integer(v),
            Ids::Text => Value::Text(v.to_string()),
        }
    }

    fn insert(&self, table: &str, cells: Vec<(&str, Value)>) {
        let cols: Vec<&str> = cells.iter().map(|(c, _)| *c).collect();
        let marks: Vec<String> = (1..=cells.len()).map(|i| format!("?{i}")).collect();
        let sql = format!(
            "INSERT INTO {table} ({}) VALUES ({})",
            cols.join(","),
            marks.join(",")
        );
        let values: Vec<Value> = cells.into_iter().map(|(_, v)| v).collect();
        self.conn
            .execute(&sql, rusqlite::params_from_iter(values))
            .unwrap();
    }

    fn link(&self, source: &str, row: i64, xjs: i64) {
        self.insert(
            "xjs_link",
            vec![
                ("source_dataset", t(source)),
                ("row_id_hash", self.id(row)),
                ("estimated_xjs_id", self.id(xjs)),
            ],
        );
    }
}

fn t(s: &str) -> Value {
    Value::Text(s.to_string())
}

fn opt(s: Option<&str>) -> Value {
    s.map(t).unwrap_or(Value::Null)
}

/// Magistrates rows: (row, defendant, xjs or none, gender, age, offence, hearing, final, ethnicity, lsoa)
type Mags<'a> = (
    i64,
    i64,
    Option<i64>,
    &'a str,
    i64,
    &'a str,
    &'a str,
    Option<&'a str>,
    &'a str,
    Option<&'a str>,
);

fn fill(db: &Db) {
    let mags: [Mags; 5] = [
        (
            1,
            11,
            Some(100),
            "M",
            30,
            "2015-01-01",
            "2015-02-01",
            Some("2015-03-01"),
            "White",
            Some("E01000001"),
        ),
        (
            2,
            11,
            Some(100),
            "M",
            31,
            "2016-01-10",
            "2016-02-01",
            None,
            "Not stated",
            Some("W01000001"),
        ),
        (
            3,
            12,
            Some(200),
            "F",
            5,
            "2009-05-05",
            "2015-01-01",
            Some("2014-12-01"),
            "",
            None,
        ),
        (
            4,
            12,
            Some(300),
            "F",
            40,
            "2015/01/01",
            "2015-01-01",
            Some("2023-05-01"),
            "White",
            Some("E01000002"),
        ),
        (
            5,
            13,
            None,
            "M",
            50,
            "2016-01-01",
            "2016-02-01",
            Some("2016-03-01"),
            "White",
            Some("E01000003"),
        ),
    ];
    for (row, def, xjs, g, age, off, hear, fin, eth, lsoa) in mags {
        db.insert(
            "magistrates_case",
            vec![
                ("row_id_hash", db.id(row)),
                ("estimated_defendant_id", db.id(def)),
                ("gender", t(g)),
                ("age_at_offence", Value::Integer(age)),
                ("offence_date", t(off)),
                ("first_hearing_date", t(hear)),
                ("final_result_date", opt(fin)),
                ("ethnicity", t(eth)),
                ("lsoa", opt(lsoa)),
            ],
        );
        if let Some(x) = xjs {
            db.link("mags_hocas", row, x);
        }
    }
    for (row, off, xjs, g, age, start, end, eth) in [
        (
            6,
            21,
            100,
            "F",
            32,
            "2017-01-01",
            Some("2018-01-01"),
            "White",
        ),
        (7, 22, 200, "F", 60, "2016-01-01", None, "Refusal"),
    ] {
        db.insert(
            "prison_custodial_journey",
            vec![
                ("row_id_hash", db.id(row)),
                ("estimated_offender_id", db.id(off)),
                ("gender", t(g)),
                ("age_at_reception", Value::Integer(age)),
                ("journey_start_date", t(start)),
                ("journey_end_date", opt(end)),
                ("ethnicity", t(eth)),
            ],
        );
        db.link("prison_nomis", row, xjs);
    }
    if !contract_has(db, "probation_flatfile") {
        return;
    }
    for (row, event, referral, term, offence, age, eth) in [
        (
            8,
            501,
            "2016-01-01",
            Some("2017-01-01"),
            "2015-12-01",
            41,
            "Z_Dummy Ethnicity 04",
        ),
        (
            9,
            501,
            "2016-01-01",
            Some("2017-01-01"),
            "2015-12-01",
            41,
            "Z_Dummy Ethnicity 04",
        ),
        (10, 502, "2013-06-01", None, "2013-05-01", 20, "White"),
    ] {
        db.insert(
            "probation_flatfile",
            vec![
                ("row_id_hash", db.id(row)),
                ("event_id_hash", db.id(event)),
                ("estimated_offender_id", db.id(31)),
                ("referral_date", t(referral)),
                ("disposal_date", t(referral)),
                ("disposal_termination_date", opt(term)),
                ("main_offence_date", t(offence)),
                ("age_at_offence", Value::Integer(age)),
                ("gender", t("Female")),
                ("ethnicity_desc", t(eth)),
                ("lsoa_residence", t("E01000004")),
            ],
        );
        db.link("probation_delius", row, 300);
    }
    for (commence, term) in [(None, None), (Some("2016-01-10"), Some("2016-12-01"))] {
        db.insert(
            "probation_rqmnts",
            vec![
                ("event_id_hash", db.id(501)),
                ("rqmnt_start_date", t("2016-01-01")),
                ("rqmnt_commencement_date", opt(commence)),
                ("rqmnt_termination_date", opt(term)),
            ],
        );
    }
    db.insert(
        "extract_info",
        vec![("key", t("extract_date")), ("value", t("2022-12-31"))],
    );
}

fn contract_has(db: &Db, table: &str) -> bool {
    db::table_exists(&db.conn, table).unwrap()
}

fn build(path: &Path, ids: Ids, only: Option<&[&str]>) {
    let conn = Connection::open(path).unwrap();
    create_schema(&conn, ids, only);
    let db = Db { conn, ids };
    db.conn.execute_batch("BEGIN").unwrap();
    fill(&db);
    db.conn.execute_batch("COMMIT").unwrap();
}

fn counts(path: &Path) -> Vec<RuleCount> {
    let conn = db::open_read_only(path).unwrap();
    let schema = SchemaReport::read(&conn).unwrap();
    count_all(&conn, &schema, &Windows::read(&conn)).unwrap()
}

fn get(counts: &[RuleCount], rule: Rule) -> (Option<u64>, Option<u64>) {
    let c = counts.iter().find(|c| c.rule == rule).unwrap();
    (c.count, c.denominator)
}

fn temp_db(dir: &tempfile::TempDir, name: &str) -> PathBuf {
    dir.path().join(name)
}

/// `dfexplorer check --db PATH` as text, which must succeed.
fn check_text(path: &Path) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dfexplorer"))
        .args(["check", "--db"])
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The known answers of the full database (see `fill`), whatever the id storage class.
fn assert_full_answers(c: &[RuleCount]) {
    assert_eq!(c.len(), Rule::ALL.len());
    assert_eq!(get(c, Rule::DuplicateEventRows), (Some(1), Some(2)));
    assert_eq!(get(c, Rule::MissingCommencementDate), (Some(1), Some(2)));
    assert_eq!(get(c, Rule::OpenAtExtract), (Some(4), Some(12)));
    assert_eq!(get(c, Rule::EndBeforeStart), (Some(1), Some(12)));
    assert_eq!(get(c, Rule::DateOutsideCoverage), (Some(2), Some(10)));
    assert_eq!(get(c, Rule::DateAfterExtract), (Some(1), Some(12)));
    assert_eq!(get(c, Rule::MalformedDate), (Some(1), Some(12)));
    assert_eq!(get(c, Rule::PlaceholderEthnicity), (Some(5), Some(10)));
    assert_eq!(get(c, Rule::ImplausibleAge), (Some(1), Some(10)));
    assert_eq!(get(c, Rule::WelshLsoa), (Some(1), Some(8)));
    assert_eq!(get(c, Rule::MissingLsoa), (Some(1), Some(8)));
    assert_eq!(get(c, Rule::PossibleFalseLink), (Some(2), Some(3)));
    assert_eq!(get(c, Rule::PossibleMissedLink), (Some(1), Some(5)));
    assert_eq!(get(c, Rule::Unlinked), (Some(1), Some(10)));
    let open = c.iter().find(|c| c.rule == Rule::OpenAtExtract).unwrap();
    let prison = open
        .by_table
        .iter()
        .find(|t| t.table == "prison_custodial_journey")
        .unwrap();
    assert_eq!((prison.count, prison.denominator), (1, 2));
    let dup = c
        .iter()
        .find(|c| c.rule == Rule::DuplicateEventRows)
        .unwrap();
    assert_eq!(dup.unit, CountUnit::Events);
    assert_eq!(dup.note_topic, "recording");
    assert!(dup.note_short.contains("event_id_hash"));
}

#[test]
fn counts_on_the_contract_schema_with_text_ids() {
    let dir = tempfile::tempdir().unwrap();
    let path = temp_db(&dir, "text.db");
    build(&path, Ids::Text, None);
    assert_full_answers(&counts(&path));
}

#[test]
fn counts_on_a_hand_built_copy_with_integer_ids_and_no_indexes() {
    let dir = tempfile::tempdir().unwrap();
    let path = temp_db(&dir, "int.db");
    build(&path, Ids::Integer, None);
    // The ids really are stored as integers.
    let conn = Connection::open(&path).unwrap();
    let kind: String = conn
        .query_row(
            "SELECT typeof(estimated_xjs_id) FROM xjs_link LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kind, "integer");
    assert_full_answers(&counts(&path));
}

#[test]
fn rules_needing_absent_tables_are_not_applicable() {
    let dir = tempfile::tempdir().unwrap();
    let path = temp_db(&dir, "prison_only.db");
    build(
        &path,
        Ids::Text,
        Some(&["xjs_link", "magistrates_case", "prison_custodial_journey"]),
    );
    let c = counts(&path);
    for rule in [Rule::DuplicateEventRows, Rule::MissingCommencementDate] {
        let rc = c.iter().find(|x| x.rule == rule).unwrap();
        assert_eq!(rc.count, None, "{rule}");
        assert!(
            rc.not_applicable
                .as_deref()
                .is_some_and(|w| w.contains("absent") || w.contains("present")),
            "{rule}"
        );
    }
    // Open records now come from magistrates and prison only.
    assert_eq!(get(&c, Rule::OpenAtExtract), (Some(2), Some(7)));
    assert_eq!(get(&c, Rule::Unlinked), (Some(1), Some(7)));
    // Person 300 keeps only one record: no age conflict left; person 100 still disagrees on gender.
    assert_eq!(get(&c, Rule::PossibleFalseLink), (Some(1), Some(3)));
}

#[test]
fn check_command_prints_each_rule_with_count_and_note() {
    let dir = tempfile::tempdir().unwrap();
    let path = temp_db(&dir, "text.db");
    build(&path, Ids::Text, None);
    let text = check_text(&path);
    let line = text
        .lines()
        .find(|l| l.contains("Duplicate event rows"))
        .expect(&text);
    assert!(
        line.contains(" 1 of 2 ") && line.contains("events") && line.contains("[recording]"),
        "{line}"
    );
    assert!(line.contains(" 50.0% "), "the share flagged: {line}");
    for rule in Rule::ALL {
        assert!(text.contains(rule.title()), "missing {rule} in\n{text}");
    }

    let json = std::process::Command::new(env!("CARGO_BIN_EXE_dfexplorer"))
        .args(["check", "--json", "--db"])
        .arg(&path)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let quality = v["quality"].as_array().unwrap();
    assert_eq!(quality.len(), Rule::ALL.len());
    let unlinked = quality.iter().find(|q| q["rule"] == "unlinked").unwrap();
    assert_eq!(unlinked["count"], 1);
    assert_eq!(unlinked["denominator"], 10);
    assert_eq!(unlinked["unit"], "records");
    assert_eq!(unlinked["note_topic"], "linkage");
}

/// `count_all` must agree with the per-record and per-person functions the explorer uses.
/// A record's age is dated by its second date column when the first is missing (a magistrates'
/// case without an offence date: its first hearing), in the whole-database count too.
#[test]
fn false_links_date_an_age_by_the_fallback_date() {
    let dir = tempfile::tempdir().unwrap();
    let path = temp_db(&dir, "fallback.db");
    let conn = Connection::open(&path).unwrap();
    create_schema(&conn, Ids::Text, None);
    let db = Db {
        conn,
        ids: Ids::Text,
    };
    // 30 at a first hearing in 2016 (born about 1986) and 30 on a receipt in 2000 (about 1970).
    db.insert(
        "magistrates_case",
        vec![
            ("row_id_hash", db.id(1)),
            ("gender", t("M")),
            ("age_at_offence", Value::Integer(30)),
            ("first_hearing_date", t("2016-01-01")),
        ],
    );
    db.insert(
        "crown_case",
        vec![
            ("row_id_hash", db.id(2)),
            ("gender", t("M")),
            ("age_at_receipt", Value::Integer(30)),
            ("receipt_date", t("2000-01-01")),
        ],
    );
    db.link("mags_hocas", 1, 100);
    db.link("crown_xhibit", 2, 100);
    drop(db);
    assert_eq!(
        get(&counts(&path), Rule::PossibleFalseLink),
        (Some(1), Some(1))
    );
}

#[test]
fn bulk_counts_agree_with_record_and_person_flags() {
    use dfexplorer::quality::{person_flags, record_flags};
    use dfexplorer::record::Record;
    use std::collections::BTreeMap;

    let dir = tempfile::tempdir().unwrap();
    let path = temp_db(&dir, "text.db");
    build(&path, Ids::Text, None);
    let c = counts(&path);
    let conn = db::open_read_only(&path).unwrap();
    let extract = Windows::read(&conn);
    let mut by_rule: BTreeMap<Rule, u64> = BTreeMap::new();
    let mut main_rows: BTreeMap<String, Vec<Record>> = BTreeMap::new();
    for spec in contract::tables().iter().filter(|t| t.dataset.is_some()) {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {}", spec.name))
            .unwrap();
        let names: dfexplorer::record::Columns = spec
            .columns
            .iter()
            .map(|c| c.as_str().into())
            .collect::<Vec<std::sync::Arc<str>>>()
            .into();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            let rec = Record::from_row(&spec.name.as_str().into(), &names, row).unwrap();
            let mut rules: Vec<Rule> = record_flags(&rec, &extract)
                .into_iter()
                .map(|f| f.rule)
                .collect();
            rules.sort();
            rules.dedup();
            for r in rules {
                *by_rule.entry(r).or_default() += 1;
            }
            if let Some(id) = rec.get("row_id_hash") {
                main_rows
                    .entry(id.to_string())
                    .or_default()
                    .push(rec.clone());
            }
        }
    }
    for rc in c
        .iter()
        .filter(|rc| rc.rule.scope() == dfexplorer::quality::RuleScope::Record)
    {
        assert_eq!(
            rc.count,
            Some(by_rule.get(&rc.rule).copied().unwrap_or(0)),
            "{}",
            rc.rule
        );
    }
    // People: group main records by estimated_xjs_id through the link table.
    let mut people: BTreeMap<String, Vec<Record>> = BTreeMap::new();
    let mut stmt = conn
        .prepare("SELECT estimated_xjs_id, row_id_hash FROM xjs_link")
        .unwrap();
    let links: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (xjs, row) in links {
        people
            .entry(xjs)
            .or_default()
            .extend(main_rows.get(&row).cloned().unwrap_or_default());
    }
    let flagged = people
        .values()
        .filter(|recs| !person_flags(recs).is_empty())
        .count() as u64;
    assert_eq!(
        get(&c, Rule::PossibleFalseLink),
        (Some(flagged), Some(people.len() as u64))
    );
}

/// `check` on the bundled sample: all four datasets usable, every rule applicable and firing, and
/// the rules measure the generator's documented rates where both count the same thing.
#[test]
fn the_sample_shows_every_problem_at_its_documented_rate() {
    use dfexplorer::generate::rates;
    let path = dfexplorer::cli::sample_db_path();
    let conn = db::open_read_only(&path).unwrap();
    let schema = SchemaReport::read(&conn).unwrap();
    assert_eq!(schema.present_datasets().len(), 4);
    let c = counts(&path);
    for rc in &c {
        assert!(
            rc.count.is_some_and(|n| n > 0),
            "{} does not fire on the sample",
            rc.rule
        );
    }
    let close = |rule: Rule, rate: f64| {
        let (n, of) = get(&c, rule);
        let (n, of) = (n.unwrap() as f64, of.unwrap() as f64);
        let tolerance = 4.0 * (rate * (1.0 - rate) / of).sqrt() + 0.002;
        assert!(
            (n / of - rate).abs() <= tolerance,
            "{rule}: measured {:.4} of {of}, documented {rate}",
            n / of
        );
    };
    close(Rule::DuplicateEventRows, rates::DUPLICATE_EVENT_ROWS);
    close(
        Rule::MissingCommencementDate,
        rates::MISSING_COMMENCEMENT_DATE,
    );
    close(Rule::Unlinked, rates::UNLINKED_RECORD);
    close(Rule::MissingLsoa, rates::MISSING_LSOA);
    close(Rule::ImplausibleAge, rates::IMPLAUSIBLE_AGE);
}

/// The `check` report's share on every rule line is its count out of its denominator; a rule
/// judged on nothing shows no share (not 0% or NaN).
#[test]
fn check_prints_each_share_from_its_count_and_denominator() {
    let dir = tempfile::tempdir().unwrap();
    let shares = |path: &Path| -> Vec<(u64, u64, String)> {
        let text = check_text(path);
        let lines: Vec<(u64, u64, String)> = text
            .lines()
            .skip_while(|l| !l.starts_with("data quality"))
            .filter_map(|l| {
                let words: Vec<&str> = l.split_whitespace().collect();
                // `N of D unit share`, after a title that may itself hold "of".
                (1..words.len().saturating_sub(3)).find_map(|at| {
                    let n = words[at - 1].parse().ok()?;
                    let of = words[at + 1].parse().ok()?;
                    (words[at] == "of").then(|| (n, of, words[at + 3].to_string()))
                })
            })
            .collect();
        assert_eq!(lines.len(), Rule::ALL.len(), "{text}");
        lines
    };
    let full = temp_db(&dir, "full.db");
    build(&full, Ids::Text, None);
    for (n, of, share) in shares(&full) {
        assert!(of > 0);
        assert_eq!(share, format!("{:.1}%", 100.0 * n as f64 / of as f64));
    }
    let empty = temp_db(&dir, "empty.db");
    create_schema(&Connection::open(&empty).unwrap(), Ids::Text, None);
    for (n, of, share) in shares(&empty) {
        assert_eq!((n, of, share.as_str()), (0, 0, "-"));
    }
}

/// A rule that cannot be judged says which table it lacks, and the link rules are judged only
/// with both the linking table and a dataset's main table.
#[test]
fn each_rule_not_applicable_says_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    // The builder needs the linking, magistrates' and prison tables; `drop` then removes some.
    let why = |drop: &[&str]| -> Vec<(Rule, Option<String>)> {
        let path = temp_db(&dir, &format!("without-{}.db", drop.join("+")));
        let only = ["xjs_link", "magistrates_case", "prison_custodial_journey"];
        build(&path, Ids::Text, Some(&only));
        let conn = Connection::open(&path).unwrap();
        for table in drop {
            conn.execute_batch(&format!("DROP TABLE {table}")).unwrap();
        }
        if drop.contains(&"xjs_link") {
            // The explorer opens only a file with a linking table: one without its person IDs.
            conn.execute_batch("CREATE TABLE xjs_link (source_dataset, row_id_hash)")
                .unwrap();
        }
        counts(&path)
            .into_iter()
            .map(|c| {
                assert_eq!(c.count.is_none(), c.not_applicable.is_some(), "{}", c.rule);
                (c.rule, c.not_applicable)
            })
            .collect()
    };
    let link_rules = [
        Rule::Unlinked,
        Rule::PossibleMissedLink,
        Rule::PossibleFalseLink,
    ];
    let reason = |all: &[(Rule, Option<String>)], rule: Rule| {
        all.iter().find(|(r, _)| *r == rule).unwrap().1.clone()
    };

    let no_link = why(&["xjs_link"]);
    for rule in link_rules {
        assert_eq!(
            reason(&no_link, rule).as_deref(),
            Some("xjs_link lacks contract columns"),
            "{rule}"
        );
    }
    assert_eq!(
        reason(&no_link, Rule::DuplicateEventRows).as_deref(),
        Some("probation_flatfile is absent")
    );
    assert_eq!(
        reason(&no_link, Rule::MissingCommencementDate).as_deref(),
        Some("none of probation_rqmnts is present")
    );
    assert_eq!(reason(&no_link, Rule::MalformedDate), None);

    let link_only = why(&["magistrates_case", "prison_custodial_journey"]);
    for rule in link_rules {
        assert_eq!(
            reason(&link_only, rule).as_deref(),
            Some("no dataset main table is present"),
            "{rule}"
        );
    }
}
