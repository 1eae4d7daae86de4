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
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}

/// Reads the timelines of `people` (their `estimated_xjs_id`s, by `id`) chunk by chunk, maps each
/// person with `make` on the reader threads, and calls `take` with each chunk's results in order.
/// An error from `take` stops the readers and is returned.
pub fn for_each_chunk<P, T, E>(
    db: &Database,
    people: &[P],
    id: impl Fn(&P) -> &str + Sync,
    make: impl Fn(&P, &PersonTimeline) -> T + Sync,
    take: impl FnMut(usize, Vec<T>) -> Result<(), E>,
) -> Result<(), E>
where
    P: Sync,
    T: Send,
    E: From<ReadError> + Send,
{
    in_chunks(
        db,
        people,
        CHUNK,
        ChunkReader::start,
        |reader, conn, chunk| {
            let timelines = reader.timelines(conn, chunk, &id)?;
            Ok(chunk
                .iter()
                .zip(&timelines)
                .map(|(p, t)| make(p, t))
                .collect())
        },
        take,
    )
}

/// Reads `items` in chunks of `size` on one reader thread per core (each with its own
/// connection to `db`, read through a memory map in one read transaction), and calls `take`
/// with each chunk's results in order on the calling thread. `start` sets a thread up on its
/// connection; `read` reads one chunk. An error from `take` (a cancelled job, a failed write)
/// stops the readers.
pub fn in_chunks<P, S, T, E>(
    db: &Database,
    items: &[P],
    size: usize,
    start: impl Fn(&Connection) -> Result<S, ReadError> + Sync,
    read: impl Fn(&mut S, &Connection, &[P]) -> Result<Vec<T>, ReadError> + Sync,
    mut take: impl FnMut(usize, Vec<T>) -> Result<(), E>,
) -> Result<(), E>
where
    P: Sync,
    T: Send,
    E: From<ReadError> + Send,
{
    let chunks: Vec<&[P]> = items.chunks(size.max(1)).collect();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    let mut connections = vec![db.connect().map_err(ReadError::from)?];
    connections.extend((1..cores.min(chunks.len().max(1))).map_while(|_| db.connect().ok()));
    let next = AtomicUsize::new(0);
    let taken = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let (start, read) = (&start, &read);
    std::thread::scope(|scope| {
        let (tx, rx) =
            std::sync::mpsc::sync_channel::<(usize, Result<Vec<T>, ReadError>)>(READ_AHEAD);
        for own in connections {
            let (tx, next, taken, stop, chunks) = (tx.clone(), &next, &taken, &stop, &chunks);
            scope.spawn(move || {
                // Reads go through a memory map: they read tens of thousands of scattered
                // pages, and mapped pages skip a system call and a copy each. One read
                // transaction: a consistent view, no lock per statement.
                map_memory(&own);
                let _read = own.unchecked_transaction().ok();
                let mut state = match start(&own) {
                    Ok(s) => s,
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
                    if tx.send((c, read(&mut state, &own, chunks[c]))).is_err() {
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

/// Reads chunks of people's timelines, on the connection it was started on.
struct ChunkReader {
    ctx: DbContext,
    bulk: bool,
}

impl ChunkReader {
    fn start(conn: &Connection) -> Result<ChunkReader, ReadError> {
        let ctx = DbContext::read(conn).map_err(|e| person("")(e.into()))?;
        Ok(ChunkReader {
            bulk: bulk::usable(&ctx),
            ctx,
        })
    }

    fn timelines<P>(
        &mut self,
        conn: &Connection,
        chunk: &[P],
        id: impl Fn(&P) -> &str,
    ) -> Result<Vec<PersonTimeline>, ReadError> {
        if self.bulk {
            let ids: Vec<String> = chunk.iter().map(|p| id(p).to_string()).collect();
            bulk::timelines(conn, &self.ctx, &ids).map_err(person(&ids[0]))
        } else {
            chunk
                .iter()
                .map(|p| {
                    let who = PersonRef::Linked(id(p).to_string());
                    super::assemble_with(conn, &self.ctx, &who).map_err(person(id(p)))
                })
                .collect()
        }
    }
}

/// Turns on memory-mapped reads on a reader's own connection (closed when the reader ends, so
/// nothing needs restoring).
fn map_memory(conn: &Connection) {
    let _ = conn.query_row("PRAGMA mmap_size = 2147418112", [], |_| Ok(()));
}

fn person(id: &str) -> impl Fn(LookupError) -> ReadError + '_ {
    move |source| ReadError::Person {
        person: id.to_string(),
        source,
    }
}
