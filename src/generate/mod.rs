//! Synthetic Data First data of the real shape, proportions and flaws.
//!
//! People are generated one at a time, each from a random stream seeded by (seed, person index),
//! so the output is the same for the same seed and crate version, and memory does not grow with
//! the number of people. A generator thread fills batches of rows; the calling thread drains them
//! into a [`RowSink`], which alone decides the output layout (an SQLite database, extracts).
//! The injected data-quality problems and their rates are in [`rates`].

mod batch;
mod courts;
mod custody;
mod flaws;
mod ids;
mod person;
pub mod rates;
mod rng;
pub mod sink;
mod sqlite;
mod values;
mod vocab;

use std::sync::mpsc::sync_channel;
use std::time::{Duration, Instant};

pub use sink::RowSink;
pub mod extracts;
pub use sqlite::SqliteSink;

use crate::contract::{CATALOGUE_TABLE, EXTRACT_INFO_TABLE};
use batch::Batch;
use values::{opt_text, text};

/// The seed of the bundled sample database (`sample-db/sample.db`, 5,000 people).
pub const SAMPLE_SEED: u64 = 20240601;
pub const SAMPLE_PEOPLE: u64 = 5000;

/// Rows per batch handed from the generator thread to the writer.
const BATCH_ROWS: usize = 8192;
/// Batches in flight: with the batch size, this bounds the memory the generator may hold.
const BATCHES_IN_FLIGHT: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenerateOptions {
    pub people: u64,
    pub seed: u64,
}

/// How far the generation has got.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    pub rows: u64,
    pub people_done: u64,
    pub people: u64,
    pub elapsed: Duration,
}

impl Progress {
    pub fn rows_per_second(&self) -> f64 {
        self.rows as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// What a finished generation did.
#[derive(Debug, Clone, Copy)]
pub struct Summary {
    pub rows: u64,
    pub people: u64,
    pub seconds: f64,
    /// Peak resident memory of the process (VmHWM), when the platform reports it.
    pub peak_rss_kb: Option<u64>,
}

impl Summary {
    pub fn rows_per_second(&self) -> f64 {
        self.rows as f64 / self.seconds.max(1e-9)
    }

    /// One line, `key=value` pairs, that scripts and the benchmark parse.
    pub fn line(&self) -> String {
        format!(
            "summary: rows={} people={} seconds={:.2} rows_per_sec={:.0} peak_rss_kb={}",
            self.rows,
            self.people,
            self.seconds,
            self.rows_per_second(),
            self.peak_rss_kb
                .map(|k| k.to_string())
                .unwrap_or_else(|| "unknown".into())
        )
    }
}

/// Generates the whole synthetic extract into `sink` and finishes it. `progress` is called on the
/// calling thread about twice a second.
pub fn generate(
    opts: &GenerateOptions,
    sink: &mut dyn RowSink,
    progress: &mut dyn FnMut(&Progress),
) -> anyhow::Result<Summary> {
    let started = Instant::now();
    let (tx, rx) = sync_channel::<(Batch, u64)>(BATCHES_IN_FLIGHT);
    // Drained batches go back to the generator, so their buffers are reused, not reallocated.
    let (recycle_tx, recycle_rx) = std::sync::mpsc::channel::<Batch>();
    let opts = *opts;
    let mut rows = 0u64;
    let result = std::thread::scope(|scope| {
        scope.spawn(move || {
            let ids = ids::Ids::new(opts.seed);
            let mut batch = Batch::with_capacity(BATCH_ROWS);
            metadata_rows(&opts, &mut batch);
            for index in 0..opts.people {
                person::generate_person(opts.seed, &ids, index, &mut batch);
                if batch.len() >= BATCH_ROWS {
                    let empty = recycle_rx
                        .try_recv()
                        .unwrap_or_else(|_| Batch::with_capacity(BATCH_ROWS));
                    let full = std::mem::replace(&mut batch, empty);
                    if tx.send((full, index + 1)).is_err() {
                        return; // the writer stopped on an error
                    }
                }
            }
            let _ = tx.send((batch, opts.people));
        });
        let mut last_report = Instant::now();
        let drained: anyhow::Result<()> = (|| {
            for (mut batch, people_done) in rx.iter() {
                batch.drain_into(sink)?;
                rows += batch.len() as u64;
                batch.clear();
                let _ = recycle_tx.send(batch);
                if last_report.elapsed() >= Duration::from_millis(500) {
                    last_report = Instant::now();
                    progress(&Progress {
                        rows,
                        people_done,
                        people: opts.people,
                        elapsed: started.elapsed(),
                    });
                }
            }
            Ok(())
        })();
        drop(rx); // unblocks the generator if the writer failed
        drained
    });
    result?;
    sink.finish()?;
    let summary = Summary {
        rows,
        people: opts.people,
        seconds: started.elapsed().as_secs_f64(),
        peak_rss_kb: peak_rss_kb(),
    };
    progress(&Progress {
        rows,
        people_done: opts.people,
        people: opts.people,
        elapsed: started.elapsed(),
    });
    Ok(summary)
}

/// Generates a contract SQLite database at `target` (see [`SqliteSink`] for the safety rules).
pub fn generate_database(
    opts: &GenerateOptions,
    target: &std::path::Path,
    force: bool,
    progress: &mut dyn FnMut(&Progress),
) -> anyhow::Result<Summary> {
    let mut sink = SqliteSink::create(target, force)?;
    generate(opts, &mut sink, progress)
}

/// `extract_info` and `catalogue_notes`, written through the sink like any other table.
fn metadata_rows(opts: &GenerateOptions, batch: &mut Batch) {
    let info = [
        (
            "extract_date",
            crate::dates::format_date(crate::contract::default_extract_date()),
        ),
        ("seed", opts.seed.to_string()),
        ("people", opts.people.to_string()),
        (
            "generator",
            format!("dfexplorer {}", env!("CARGO_PKG_VERSION")),
        ),
    ];
    for (key, value) in info {
        batch.push(EXTRACT_INFO_TABLE, [text(key), text(&value)]);
    }
    // The windows the generator observes in, recorded as an import of real extracts would.
    for d in crate::contract::Dataset::ALL {
        let window = crate::observation::built_in(d, crate::contract::default_extract_date());
        batch.push(
            EXTRACT_INFO_TABLE,
            [
                text(&crate::observation::coverage_key(d)),
                text(&window.to_string()),
            ],
        );
    }
    for n in crate::catalogue::builtin_notes() {
        batch.push(
            CATALOGUE_TABLE,
            [
                opt_text(n.dataset.as_deref()),
                opt_text(n.table_name.as_deref()),
                opt_text(n.column_name.as_deref()),
                text(&n.topic),
                text(&n.note),
                text(&n.source),
            ],
        );
    }
}

/// Peak resident set size of this process in kB (VmHWM in /proc/self/status), if available.
pub fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
