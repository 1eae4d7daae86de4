//! Import speed and memory on extracts of 1,000,000 people (parquet and CSV), and the ratio
//! against the sqlite3 shell's `.import --csv` of the same CSV files into the same schema.
//!
//! `cargo bench --bench import` (release build). Extracts come from
//! `dfexplorer generate --layout extracts` when the generator is present; otherwise from a
//! stand-in writer below with the same tables and similar proportions (about 7.7 rows a
//! person). The import runs as a child process and reports its own peak memory (VmHWM); a
//! smaller run (200,000 people) shows whether the peak grows with the input.
//! Environment: `DFX_BENCH_PEOPLE` overrides 1,000,000; `DFX_BENCH_DIR` the scratch folder;
//! `DFX_BENCH_KEEP=1` keeps the extracts afterwards.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use dfexplorer::generate::extracts::{ExtractFormat, ExtractSink};
use dfexplorer::generate::sink::{RowSink, Value};

const BIN: &str = env!("CARGO_BIN_EXE_dfexplorer");

fn main() {
    let people: u64 = std::env::var("DFX_BENCH_PEOPLE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let scratch = std::env::var("DFX_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| std::env::temp_dir().join("dfexplorer-import-bench"));
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).expect("scratch folder");

    println!(
        "import benchmark: {people} people, scratch {}",
        scratch.display()
    );
    let mut csv_load = None;
    for format in [ExtractFormat::Parquet, ExtractFormat::Csv] {
        for n in [people / 5, people] {
            let dir = scratch.join(format!("{}-{n}", format.extension()));
            let gen = extracts(&dir, n, format);
            let m = import(
                &dir,
                &scratch.join(format!("{}-{n}.db", format.extension())),
            );
            println!(
                "{:<8} {:>9} people ({gen}): {:>10} rows in {:>6.2} s load = {:>9.0} rows/s; \
                 {:>6.2} s with indexes+ANALYZE+check = {:>9.0} rows/s; peak {:>6.1} MiB; wall {:.2} s",
                format.extension(),
                n,
                m.rows,
                m.load_s,
                m.rows as f64 / m.load_s,
                m.total_s,
                m.rows as f64 / m.total_s,
                m.peak_mib,
                m.wall_s,
            );
            if format == ExtractFormat::Csv && n == people {
                csv_load = Some((dir, m));
            }
        }
    }
    if let Some((dir, ours)) = csv_load {
        sqlite3_comparison(&dir, &scratch.join("sqlite3.db"), &ours);
    }
    if std::env::var_os("DFX_BENCH_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(&scratch);
    }
}

struct Measured {
    rows: u64,
    load_s: f64,
    total_s: f64,
    wall_s: f64,
    peak_mib: f64,
}

fn import(src: &Path, out: &Path) -> Measured {
    let start = Instant::now();
    let output = Command::new(BIN)
        .args(["import", "--force", "--out"])
        .arg(out)
        .arg(src)
        .output()
        .expect("run dfexplorer import");
    let wall_s = start.elapsed().as_secs_f64();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "import failed: {}\n{text}",
        String::from_utf8_lossy(&output.stderr)
    );
    let after = |prefix: &str| -> f64 {
        let line = text
            .lines()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no {prefix:?} line in {text}"));
        line[prefix.len()..]
            .split_whitespace()
            .next()
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("cannot read {line:?}"))
    };
    let rows_line = text
        .lines()
        .find(|l| l.contains(" rows loaded"))
        .expect("rows line");
    let rows = rows_line
        .split(", ")
        .nth(1)
        .and_then(|p| p.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .expect("row count");
    let time_line = text
        .lines()
        .find(|l| l.starts_with("time: "))
        .expect("time");
    let total_s = time_line
        .rsplit(", ")
        .next()
        .and_then(|p| p.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .expect("total time");
    Measured {
        rows,
        load_s: after("time: "),
        total_s,
        wall_s,
        peak_mib: after("peak memory: "),
    }
}

fn sqlite3_comparison(src: &Path, db: &Path, ours: &Measured) {
    let sqlite3 = Path::new("/usr/bin/sqlite3");
    if !sqlite3.exists() {
        println!("sqlite3 comparison skipped: /usr/bin/sqlite3 is absent");
        return;
    }
    let _ = std::fs::remove_file(db);
    let mut files = Vec::new();
    collect_csv(src, &mut files);
    files.sort();
    let mut script = String::from(
        "PRAGMA journal_mode = OFF;\nPRAGMA synchronous = OFF;\nPRAGMA cache_size = -65536;\n",
    );
    script += dfexplorer::contract::table_ddl();
    script += "\n";
    for f in &files {
        let stem = f.file_stem().unwrap().to_string_lossy().to_string();
        let table = stem
            .strip_prefix("moj_")
            .and_then(|s| s.rsplit_once('_'))
            .map(|(t, _)| t.to_string())
            .expect("delivered name");
        script += &format!(".import --csv --skip 1 '{}' {table}\n", f.display());
    }
    let load = run_sqlite3(sqlite3, db, &script);
    let mut finish = String::new();
    for stmt in dfexplorer::contract::index_ddl().split(';') {
        if let Some(at) = stmt.find("CREATE INDEX") {
            finish += &stmt[at..];
            finish += ";\n";
        }
    }
    finish += "ANALYZE;\n";
    let index = run_sqlite3(sqlite3, db, &finish);
    println!(
        "sqlite3 .import --csv of the same {} CSV files: {:.2} s load ({:.0} rows/s), \
         {:.2} s with indexes+ANALYZE",
        files.len(),
        load,
        ours.rows as f64 / load,
        load + index
    );
    println!(
        "ratio dfexplorer/sqlite3 (time): load {:.2}, with indexes {:.2} (below 1 = dfexplorer faster)",
        ours.load_s / load,
        ours.total_s / (load + index)
    );
    let _ = std::fs::remove_file(db);
}

fn run_sqlite3(sqlite3: &Path, db: &Path, script: &str) -> f64 {
    let script_path = db.with_extension("sql");
    std::fs::write(&script_path, script).expect("write script");
    let start = Instant::now();
    let out = Command::new(sqlite3)
        .arg(db)
        .arg(format!(".read '{}'", script_path.display()))
        .output()
        .expect("run sqlite3");
    let secs = start.elapsed().as_secs_f64();
    // The shell exits 0 after errors in a script; any message means the run is not comparable.
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "sqlite3 failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    secs
}

fn collect_csv(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("read extracts").flatten() {
        let p = e.path();
        if p.is_dir() {
            collect_csv(&p, out);
        } else if p.extension().is_some_and(|x| x == "csv") {
            out.push(p);
        }
    }
}

/// Extracts of `people` people in `dir`; says where they came from.
fn extracts(dir: &Path, people: u64, format: ExtractFormat) -> &'static str {
    let status = Command::new(BIN)
        .args(["generate", "--people", &people.to_string(), "--seed", "7"])
        .args([
            "--layout",
            "extracts",
            "--format",
            format.extension(),
            "--force",
        ])
        .arg("--out")
        .arg(dir)
        .stderr(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .status();
    if status.is_ok_and(|s| s.success()) {
        return "generator";
    }
    let mut sink = ExtractSink::create(dir, format, false).expect("extract folder");
    stand_in_rows(&mut sink, people);
    "stand-in rows"
}

/// Rows of every table in rough Data First proportions, with hash-like identifiers.
fn stand_in_rows(sink: &mut dyn RowSink, people: u64) {
    let mut rng = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let hash = |n: u64| Value::Text(format!("{:016x}", n.wrapping_mul(0x2545_F491_4F6C_DD1D)));
    let date = |r: u64| {
        Value::Text(format!(
            "{}-{:02}-{:02}",
            2011 + r % 12,
            1 + (r >> 8) % 12,
            1 + (r >> 16) % 28
        ))
    };
    let text = |s: &str| Value::Text(s.to_string());
    let mut id = 0u64;
    for p in 0..people {
        let person = hash(p | 1 << 60);
        let r = next();
        let link = |sink: &mut dyn RowSink, ds: &str, row: &Value| {
            sink.write_row("xjs_link", &[text(ds), row.clone(), person.clone()])
                .unwrap();
        };
        for _ in 0..(1 + r % 2) {
            id += 1;
            let row = hash(id);
            let v = vec![
                row.clone(),
                hash(id + 7),
                hash(p),
                text("Westminster Magistrates' Court"),
                date(next()),
                date(next()),
                date(next()),
                text("Summary"),
                text("Adult"),
                text("N"),
                text("10400"),
                text("Theft from a shop"),
                text("Theft offences"),
                text("Guilty"),
                text("Guilty"),
                text("Fine"),
                Value::Null,
                Value::Real(120.0),
                Value::Null,
                Value::Integer(19 + (r % 60) as i64),
                text("Male"),
                text("White"),
                text("E01000001"),
            ];
            sink.write_row("magistrates_case", &v).unwrap();
            link(sink, "mags_hocas", &row);
            for seq in 0..(1 + next() % 2) {
                sink.write_row(
                    "magistrates_offence",
                    &[
                        row.clone(),
                        Value::Integer(seq as i64),
                        text("10400"),
                        text("Theft from a shop"),
                        date(next()),
                        text("Guilty"),
                        text("Guilty"),
                        text("Fine"),
                        Value::Integer((seq == 0) as i64),
                    ],
                )
                .unwrap();
            }
        }
        if r % 10 == 0 {
            id += 1;
            let row = hash(id);
            sink.write_row(
                "crown_case",
                &[
                    row.clone(),
                    hash(id + 3),
                    hash(id + 5),
                    hash(p),
                    text("Snaresbrook"),
                    text("Trial"),
                    date(next()),
                    date(next()),
                    date(next()),
                    text("Not guilty"),
                    text("Guilty"),
                    text("00801"),
                    text("Burglary"),
                    text("Burglary"),
                    text("Immediate custody"),
                    Value::Integer(540),
                    Value::Null,
                    Value::Integer(31),
                    text("Male"),
                    text("Not stated"),
                    text("E01000002"),
                ],
            )
            .unwrap();
            link(sink, "crown_xhibit", &row);
            sink.write_row(
                "mags_crown_journey",
                &[hash(id - 1), row.clone(), Value::Real(0.97)],
            )
            .unwrap();
            for _ in 0..2 {
                sink.write_row(
                    "crown_offence",
                    &[
                        row.clone(),
                        hash(next()),
                        text("00801"),
                        text("Burglary"),
                        text("Immediate custody"),
                        Value::Integer(1),
                        Value::Integer(540),
                        Value::Null,
                        Value::Integer(1),
                    ],
                )
                .unwrap();
            }
        }
        if r % 10 < 3 {
            id += 1;
            let row = hash(id);
            sink.write_row(
                "prison_custodial_journey",
                &[
                    row.clone(),
                    hash(p),
                    date(next()),
                    date(next()),
                    text("Belmarsh (HMP)"),
                    text("Wandsworth (HMP)"),
                    Value::Integer(0),
                    text("Determinate"),
                    Value::Integer(365),
                    text("00801"),
                    text("Burglary"),
                    text("Automatic release"),
                    Value::Integer(31),
                    text("Male"),
                    text("White"),
                    text("British"),
                ],
            )
            .unwrap();
            link(sink, "prison_nomis", &row);
        }
        if r % 10 < 4 {
            id += 1;
            let row = hash(id);
            let event = hash(id + 11);
            sink.write_row(
                "probation_flatfile",
                &[
                    row.clone(),
                    event.clone(),
                    hash(p),
                    date(next()),
                    date(next()),
                    date(next()),
                    text("ORA Community Order"),
                    Value::Integer(12),
                    Value::Integer(365),
                    Value::Integer(0),
                    date(next()),
                    text("10400"),
                    text("Theft"),
                    Value::Integer(30),
                    text("Male"),
                    text("White: British"),
                    text("E01000003"),
                    text("NPS London"),
                ],
            )
            .unwrap();
            link(sink, "probation_delius", &row);
            for _ in 0..(r % 3) {
                sink.write_row(
                    "probation_rqmnts",
                    &[
                        event.clone(),
                        hash(p),
                        text("W"),
                        text("Unpaid Work"),
                        text("Regular"),
                        text("Hours"),
                        Value::Integer(120),
                        date(next()),
                        Value::Null,
                        date(next()),
                        text("Requirement Completed"),
                    ],
                )
                .unwrap();
            }
            if r % 4 == 0 {
                sink.write_row(
                    "probation_licence_conditions",
                    &[
                        event.clone(),
                        hash(p),
                        text("Residence"),
                        text("Approved premises"),
                        date(next()),
                        date(next()),
                        text("Expired (Normal)"),
                    ],
                )
                .unwrap();
            }
            if r % 8 == 0 {
                sink.write_row(
                    "probation_pss_rqmnts",
                    &[
                        event,
                        hash(p),
                        text("Drug testing"),
                        date(next()),
                        Value::Null,
                        Value::Null,
                    ],
                )
                .unwrap();
            }
        }
    }
    sink.write_row("extract_info", &[text("extract_date"), text("2022-12-31")])
        .unwrap();
    sink.finish().unwrap();
}
