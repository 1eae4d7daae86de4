//! Opening a researcher's database safely (read-only, never created) and reading its values as the
//! contract says: identifiers as text whatever their storage class, dates as text.

mod schema;

pub use schema::{DatasetPresence, SchemaReport, TableReport};

use std::path::{Path, PathBuf};

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};

/// Why a database cannot be used, in words a researcher understands.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("database {0} does not exist")]
    NotFound(PathBuf),
    #[error("{0} is a folder, not a database file")]
    IsDirectory(PathBuf),
    #[error("{0} is not a regular file (a pipe, device or socket), so it cannot be a database")]
    NotRegular(PathBuf),
    #[error("cannot read {path}: {source}")]
    Unreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{0} is empty, not a database")]
    Empty(PathBuf),
    #[error("{path} is not an SQLite database ({reason})")]
    NotSqlite { path: PathBuf, reason: String },
    #[error("{0} is locked by another program that is writing to it; close that program (or wait for it to finish) and try again")]
    Locked(PathBuf),
    #[error("{0} has an unfinished write by another program (a hot journal beside it, {0}-journal). dfexplorer only reads, so it cannot roll that write back: open the database once with the program that wrote it, or run `sqlite3 <file> \"PRAGMA quick_check\"` on a copy of the folder, then try again")]
    HotJournal(PathBuf),
    #[error("{0} is in WAL mode and {0}-wal holds changes not yet written into the database; reading them would create {0}-shm beside it. Close the program using the database, or run `sqlite3 <file> \"PRAGMA wal_checkpoint(TRUNCATE)\"` where you may write, then try again")]
    WalPending(PathBuf),
    #[error("{0} is in WAL mode, another program has it open, and its folder is read-only, so SQLite cannot share it; close the other program and try again")]
    WalReadOnlyFolder(PathBuf),
    #[error("{path}: {table}.{column} holds identifiers stored as BLOB. dfexplorer compares identifiers as text, so it would find none of them; convert them in a copy (UPDATE {table} SET {column} = CAST({column} AS TEXT)) and open the copy")]
    BlobIdentifiers {
        path: PathBuf,
        table: String,
        column: String,
    },
    #[error("{0} has no xjs_link table, so it is not a Data First linked database (see the README, \"Data contract\")")]
    MissingLinkTable(PathBuf),
    #[error("cannot open {path}: {source}")]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
}

/// How long to wait for another program's write lock before saying the database is locked.
const BUSY_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// One researcher's database: its canonical path and how to read it without changing anything.
/// Every reader (the explorer's workers, export readers) opens *this* file through
/// [`Database::connect`]; nothing passes a bare name around.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Database {
    path: PathBuf,
    mode: ReadMode,
}

/// How a database is read so that nothing is created or changed beside it (see [`read_mode`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ReadMode {
    /// Rollback-journal mode: an ordinary read-only connection.
    Journal,
    /// WAL mode while another program has it open: `-wal` and `-shm` already exist.
    WalShared,
    /// WAL mode with nobody else using it: read as immutable, creating no files.
    Immutable,
}

impl Database {
    /// Opens `path` read-only and checks it is a Data First database (it has `xjs_link`).
    /// A missing path is an error, never created.
    pub fn open(path: &Path) -> Result<(Database, Connection), OpenError> {
        let (db, conn) = Database::open_any(path)?;
        if !table_exists(&conn, crate::contract::LINK_TABLE).map_err(|e| db.error(e))? {
            return Err(OpenError::MissingLinkTable(db.path));
        }
        if let Some((table, column)) = blob_identifier(&conn).map_err(|e| db.error(e))? {
            return Err(OpenError::BlobIdentifiers {
                path: db.path,
                table,
                column,
            });
        }
        Ok((db, conn))
    }

    /// Opens an existing SQLite file read-only without checking the contract.
    pub fn open_any(path: &Path) -> Result<(Database, Connection), OpenError> {
        let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => OpenError::NotFound(path.to_path_buf()),
            _ => OpenError::Unreadable {
                path: path.to_path_buf(),
                source: e,
            },
        })?;
        if meta.is_dir() {
            return Err(OpenError::IsDirectory(path.to_path_buf()));
        }
        if !meta.is_file() {
            return Err(OpenError::NotRegular(path.to_path_buf()));
        }
        let canonical =
            plain(
                std::fs::canonicalize(path).map_err(|source| OpenError::Unreadable {
                    path: path.to_path_buf(),
                    source,
                })?,
            );
        let mode = read_mode(&canonical)?;
        let db = Database {
            path: canonical,
            mode,
        };
        let conn = db.connect()?;
        Ok((db, conn))
    }

    /// Another read-only connection to the same file, opened the same way.
    pub fn connect(&self) -> Result<Connection, OpenError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        if std::fs::metadata(&self.path).is_err() {
            return Err(OpenError::NotFound(self.path.clone()));
        }
        let immutable = self.mode == ReadMode::Immutable;
        let conn = Connection::open_with_flags(file_uri(&self.path, immutable), flags)
            .map_err(|e| self.error(e))?;
        let _ = conn.busy_timeout(BUSY_WAIT);
        // SQLite opens lazily: the header is only read by the first query.
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))
            .map_err(|e| self.error(e))?;
        // Reads only; keep temp work in memory and give the page cache room for timeline lookups.
        let _ = conn.execute_batch(
            "PRAGMA query_only = ON; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536;",
        );
        Ok(conn)
    }

    /// The canonical absolute path of the database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The file name, for titles and manifests.
    pub fn file_name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.path.display().to_string())
    }

    /// Whether the file is read as immutable (a WAL database nobody has open; see the README).
    pub fn is_immutable(&self) -> bool {
        self.mode == ReadMode::Immutable
    }

    /// An SQLite error at open, in the researcher's words.
    fn error(&self, e: rusqlite::Error) -> OpenError {
        use rusqlite::ErrorCode;
        let path = self.path.clone();
        let rusqlite::Error::SqliteFailure(f, _) = &e else {
            return OpenError::Sqlite { path, source: e };
        };
        match f.code {
            ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => OpenError::Locked(path),
            ErrorCode::NotADatabase => OpenError::NotSqlite {
                path,
                reason: "the file is not a database or is corrupt".into(),
            },
            // SQLITE_READONLY_ROLLBACK: a hot journal that a read-only connection cannot undo.
            ErrorCode::ReadOnly if f.extended_code == 776 => OpenError::HotJournal(path),
            ErrorCode::ReadOnly | ErrorCode::CannotOpen if self.mode == ReadMode::WalShared => {
                OpenError::WalReadOnlyFolder(path)
            }
            _ => OpenError::Sqlite { path, source: e },
        }
    }
}

/// Opens `path` read-only (see [`Database::open`]) and returns just the connection.
pub fn open_read_only(path: &Path) -> Result<Connection, OpenError> {
    Database::open(path).map(|(_, conn)| conn)
}

/// The first identifier column holding a BLOB, if any. Identifiers compare as text, and a BLOB
/// never equals text, so such a database would silently find nobody. Only indexed columns are
/// checked (every contract ID is indexed): BLOBs sort after all text, so `col >= x''` is one
/// index seek, and opening stays instant at any size.
fn blob_identifier(conn: &Connection) -> rusqlite::Result<Option<(String, String)>> {
    // Every index's leading column, in one statement (this runs at every open).
    let indexed: Vec<(String, String)> = conn
        .prepare(
            "SELECT m.tbl_name, lower(i.name) FROM sqlite_master AS m
             JOIN pragma_index_info(m.name) AS i
             WHERE m.type = 'index' AND i.seqno = 0",
        )?
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get::<_, Option<String>>(1)?.unwrap_or_default(),
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    for (table, columns) in crate::contract::id_columns() {
        let leads = |c: &&&str| indexed.iter().any(|(t, i)| t == table && i == *c);
        for column in columns.iter().filter(leads) {
            let sql = format!(
                "SELECT 1 FROM {} WHERE {c} >= x'' LIMIT 1",
                quote_ident(table),
                c = quote_ident(column)
            );
            let found = conn.prepare(&sql)?.exists([])?;
            if found {
                return Ok(Some((table.to_string(), column.to_string())));
            }
        }
    }
    Ok(None)
}

/// Decides how to read the file so that nothing is created or changed beside it. A database in
/// rollback-journal mode is read normally. One in WAL mode is read as `immutable` when no other
/// program has it open (no `-wal` with content, no `-shm`), because a normal read would create
/// both files; when another program has it open (both files exist) it is read normally, which
/// creates nothing; with changes waiting in `-wal` and no `-shm` it is refused.
fn read_mode(path: &Path) -> Result<ReadMode, OpenError> {
    use std::io::Read;
    let mut header = Vec::with_capacity(100);
    std::fs::File::open(path)
        .and_then(|f| f.take(100).read_to_end(&mut header))
        .map_err(|source| OpenError::Unreadable {
            path: path.to_path_buf(),
            source,
        })?;
    if header.is_empty() {
        return Err(OpenError::Empty(path.to_path_buf()));
    }
    if header.len() < 100 || !header.starts_with(b"SQLite format 3\0") {
        return Err(OpenError::NotSqlite {
            path: path.to_path_buf(),
            reason: "it does not start with the SQLite header".into(),
        });
    }
    let wal_mode = header[18] == 2 || header[19] == 2;
    if !wal_mode {
        return Ok(ReadMode::Journal);
    }
    let beside = |suffix: &str| {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        std::fs::metadata(PathBuf::from(name)).ok()
    };
    let wal = beside("-wal");
    let shm = beside("-shm");
    match (wal, shm) {
        (Some(_), Some(_)) => Ok(ReadMode::WalShared),
        (Some(w), None) if w.len() > 0 => Err(OpenError::WalPending(path.to_path_buf())),
        _ => Ok(ReadMode::Immutable),
    }
}

/// The path SQLite and messages should see: on Windows, without the `\\?\` prefix that
/// canonicalising adds.
fn plain(path: PathBuf) -> PathBuf {
    #[cfg(windows)]
    {
        let s = path.to_string_lossy();
        if let Some(rest) = s.strip_prefix(r"\\?\") {
            if !rest.starts_with("UNC") {
                return PathBuf::from(rest.to_string());
            }
        }
    }
    path
}

/// An SQLite URI for a file path, percent-encoding everything but plain path characters.
fn file_uri(path: &Path, immutable: bool) -> String {
    #[cfg(unix)]
    let bytes = std::os::unix::ffi::OsStrExt::as_bytes(path.as_os_str()).to_vec();
    #[cfg(not(unix))]
    let bytes = path.to_string_lossy().replace('\\', "/").into_bytes();
    let mut uri = String::from("file:");
    if !bytes.starts_with(b"/") {
        uri.push_str("///"); // a Windows drive path: file:///C:/...
    } else {
        uri.push_str("//");
    }
    for b in bytes {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' | b':' => {
                uri.push(b as char)
            }
            _ => uri.push_str(&format!("%{b:02X}")),
        }
    }
    uri.push_str(if immutable {
        "?immutable=1"
    } else {
        "?mode=ro"
    });
    uri
}

pub fn table_exists(conn: &Connection, table: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM sqlite_master WHERE type IN ('table','view') AND name = ?1)",
        [table],
        |r| r.get(0),
    )
}

/// Column names of a table in declaration order.
pub fn table_columns(conn: &Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!("PRAGMA table_info({})", quote_ident(table)))?;
    let cols = stmt.query_map([], |r| r.get::<_, String>(1))?;
    cols.collect()
}

/// SQL that makes the identifier column `table.column` meet the identifier in `expr` whatever
/// either stores, used as `l.row_id_hash {same_id(..)}`. A column with TEXT affinity holds only
/// text, so `= CAST(expr AS TEXT)` is exact; otherwise (a copy may store IDs as INTEGER in a
/// column without affinity, where text `'42'` and integer `42` differ) the column is compared
/// with the text and, when it is a canonical integer, the integer. Both stay index seeks; the
/// cheaper form keeps whole-table joins on contract databases as fast as plain equality.
pub fn same_id(conn: &Connection, table: &str, column: &str, expr: &str) -> String {
    if has_text_affinity(conn, table, column) {
        format!("= CAST({expr} AS TEXT)")
    } else {
        format!(
            "IN (CAST({expr} AS TEXT), CASE WHEN CAST(CAST({expr} AS INTEGER) AS TEXT) = CAST({expr} AS TEXT) THEN CAST({expr} AS INTEGER) END)"
        )
    }
}

/// Whether a column's declared type gives it TEXT affinity.
pub fn has_text_affinity(conn: &Connection, table: &str, column: &str) -> bool {
    text_affinity_columns(conn, table)
        .is_ok_and(|cols| cols.iter().any(|c| c.eq_ignore_ascii_case(column)))
}

/// The columns of `table` whose declared type gives TEXT affinity (SQLite's rule: the type
/// contains CHAR, CLOB or TEXT, and not INT), lower-cased. Such a column never holds integers.
pub fn text_affinity_columns(conn: &Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    let mut info = conn.prepare(&format!("PRAGMA table_info({})", quote_ident(table)))?;
    let cols: Vec<(String, String)> = info
        .query_map([], |r| Ok((r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(cols
        .into_iter()
        .filter(|(_, ty)| {
            let ty = ty.to_ascii_uppercase();
            !ty.contains("INT") && ["CHAR", "CLOB", "TEXT"].iter().any(|t| ty.contains(t))
        })
        .map(|(c, _)| c.to_ascii_lowercase())
        .collect())
}

/// An SQLite error in plain words, without its code number (the text says it already).
pub fn plain_error(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(f, Some(m)) => {
            if is_damage(e) {
                format!("the file is damaged ({m})")
            } else {
                let _ = f;
                m.clone()
            }
        }
        rusqlite::Error::SqliteFailure(f, None) => f.to_string(),
        // The statement itself is for developers, not researchers.
        rusqlite::Error::SqlInputError { msg, .. } => msg.clone(),
        other => other.to_string(),
    }
}

/// Whether SQLite says the file is damaged (a corrupt page, or not a database past the header).
pub fn is_damage(e: &rusqlite::Error) -> bool {
    matches!(
        e,
        rusqlite::Error::SqliteFailure(f, _)
            if matches!(f.code, rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
    )
}

/// Quotes an SQL identifier.
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Any SQLite value as text: identifiers may be stored as INTEGER or TEXT and compare as text.
pub fn value_text(v: ValueRef<'_>) -> Option<String> {
    let mut text = String::new();
    push_value_text(&mut text, v).then_some(text)
}

/// Appends a value's text to `buf` (as [`value_text`] gives it); false for NULL.
pub fn push_value_text(buf: &mut String, v: ValueRef<'_>) -> bool {
    use std::fmt::Write;
    match v {
        ValueRef::Null => return false,
        ValueRef::Integer(i) => write!(buf, "{i}").expect("writing to a String"),
        ValueRef::Real(f) => write!(buf, "{f}").expect("writing to a String"),
        ValueRef::Text(t) | ValueRef::Blob(t) => buf.push_str(&String::from_utf8_lossy(t)),
    }
    true
}

/// Column `idx` of a row as optional text.
pub fn row_text(row: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<Option<String>> {
    Ok(value_text(row.get_ref(idx)?))
}

/// The `extract_info` key/value pairs (empty when the table is absent).
pub fn extract_info(conn: &Connection) -> rusqlite::Result<Vec<(String, String)>> {
    if !table_exists(conn, crate::contract::EXTRACT_INFO_TABLE)? {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare("SELECT key, value FROM extract_info ORDER BY key")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            row_text(r, 0)?.unwrap_or_default(),
            row_text(r, 1)?.unwrap_or_default(),
        ))
    })?;
    rows.collect()
}
