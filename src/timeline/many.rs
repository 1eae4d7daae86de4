//! Many people's timelines, for export and cohort summaries: chunks of people are read on one
//! reader thread per core (each with its own connection to the same [`Database`]), turned into
//! whatever the caller needs there, and handed back in chunk order on the calling thread. The
//! work is independent index seeks and row building, so it scales with cores.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rusqlite::Connection;

use super::{bulk, DbContext, LookupError, PersonRef, PersonTimeline};
use crate::db::{Database, OpenError};

/// People read per chunk (and between progress reports).
pub const CHUNK: usize = 512;
/// How far readers may run ahead of the caller, in chunks: bounds the rows held in memory.
const READ_AHEAD: usize = 8;

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error(transparent)]
    Open(#[from] OpenError),
    #[error("reading person {person}: {source}")]
    Person {
        person: String,
        #[source]
        source: LookupError,
    },
    #[error("the timeline readers stopped unexpectedly")]
    Stopped,
}

/// Reads the timelines of `people` (their `estimated_xjs_id`s, by `id`) chunk by chunk, maps each
/// person with `make` on the reader threads, and calls `take` with each chunk's results in order.
/// An error from `take` stops the readers and is returned.
pub fn for_each_chunk<P, T, E>(
    db: &Database,
    people: &[P],
    id: impl Fn(&P) -> &str + Sync,
    make: impl Fn(&P, &PersonTimeline) -> T + Sync,
    mut take: impl FnMut(usize, Vec<T>) -> Result<(), E>,
) -> Result<(), E>
where
    P: Sync,
    T: Send,
    E: From<ReadError> + Send,
{
    let chunks: Vec<&[P]> = people.chunks(CHUNK).collect();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    let mut connections = vec![db.connect().map_err(ReadError::from)?];
    connections.extend((1..cores).map_while(|_| db.connect().ok()));
    let next = AtomicUsize::new(0);
    let taken = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let (id, make) = (&id, &make);
    std::thread::scope(|scope| {
        let (tx, rx) =
            std::sync::mpsc::sync_channel::<(usize, Result<Vec<T>, ReadError>)>(READ_AHEAD);
        for own in connections {
            let (tx, next, taken, stop, chunks) = (tx.clone(), &next, &taken, &stop, &chunks);
            scope.spawn(move || {
                let mut reader = match ChunkReader::start(&own) {
                    Ok(r) => r,
                    Err(e) => return drop(tx.send((0, Err(e)))),
                };
                loop {
                    let c = next.fetch_add(1, Ordering::Relaxed);
                    while c >= taken.load(Ordering::Acquire) + READ_AHEAD {
                        if stop.load(Ordering::Relaxed) {
                            return;
                        }
                        std::thread::park_timeout(std::time::Duration::from_millis(1));
                    }
                    if c >= chunks.len() || stop.load(Ordering::Relaxed) {
                        return;
                    }
                    let rows = reader.timelines(chunks[c], id).map(|timelines| {
                        chunks[c]
                            .iter()
                            .zip(&timelines)
                            .map(|(p, t)| make(p, t))
                            .collect()
                    });
                    if tx.send((c, rows)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(tx);
        let result = (|| {
            let mut pending: BTreeMap<usize, Vec<T>> = BTreeMap::new();
            let mut want = 0;
            while want < chunks.len() {
                let (c, rows) = rx.recv().map_err(|_| ReadError::Stopped)?;
                pending.insert(c, rows?);
                while let Some(rows) = pending.remove(&want) {
                    take(want, rows)?;
                    want += 1;
                    taken.store(want, Ordering::Release);
                }
            }
            Ok(())
        })();
        stop.store(true, Ordering::Relaxed);
        drop(rx);
        result
    })
}

/// Reads chunks of people's timelines on one connection.
struct ChunkReader<'c> {
    conn: &'c Connection,
    ctx: DbContext,
    bulk: bool,
    _mmap: MmapWhile<'c>,
    _read: Option<rusqlite::Transaction<'c>>,
}

impl<'c> ChunkReader<'c> {
    fn start(conn: &'c Connection) -> Result<ChunkReader<'c>, ReadError> {
        // Reads go through a memory map while the readers run (restored after): they read tens
        // of thousands of scattered pages, and mapped pages skip a system call and a copy each.
        let mmap = MmapWhile::start(conn);
        // One read transaction for the whole run: a consistent view, no lock per statement.
        let read = conn.unchecked_transaction().ok();
        let ctx = DbContext::read(conn).map_err(|e| person("")(e.into()))?;
        Ok(ChunkReader {
            conn,
            bulk: bulk::usable(&ctx),
            ctx,
            _mmap: mmap,
            _read: read,
        })
    }

    fn timelines<P>(
        &mut self,
        chunk: &[P],
        id: impl Fn(&P) -> &str,
    ) -> Result<Vec<PersonTimeline>, ReadError> {
        if self.bulk {
            let ids: Vec<String> = chunk.iter().map(|p| id(p).to_string()).collect();
            bulk::timelines(self.conn, &self.ctx, &ids).map_err(person(&ids[0]))
        } else {
            chunk
                .iter()
                .map(|p| {
                    let who = PersonRef::Linked(id(p).to_string());
                    super::assemble_with(self.conn, &self.ctx, &who).map_err(person(id(p)))
                })
                .collect()
        }
    }
}

/// Turns on memory-mapped reads for its lifetime.
struct MmapWhile<'c> {
    conn: &'c Connection,
    before: i64,
}

impl<'c> MmapWhile<'c> {
    fn start(conn: &'c Connection) -> MmapWhile<'c> {
        let before = conn
            .query_row("PRAGMA mmap_size", [], |r| r.get(0))
            .unwrap_or(0);
        let _ = conn.query_row("PRAGMA mmap_size = 2147418112", [], |_| Ok(()));
        MmapWhile { conn, before }
    }
}

impl Drop for MmapWhile<'_> {
    fn drop(&mut self) {
        let sql = format!("PRAGMA mmap_size = {}", self.before);
        let _ = self.conn.query_row(&sql, [], |_| Ok(()));
    }
}

fn person(id: &str) -> impl Fn(LookupError) -> ReadError + '_ {
    move |source| ReadError::Person {
        person: id.to_string(),
        source,
    }
}
