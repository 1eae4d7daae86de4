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
    #[error("{path} is not an SQLite database ({reason})")]
    NotSqlite { path: PathBuf, reason: String },
    #[error("{0} has no xjs_link table, so it is not a Data First linked database (see the README, \"Data contract\")")]
    MissingLinkTable(PathBuf),
    #[error("cannot open {path}: {source}")]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
}

/// Opens `path` read-only. A missing path is an error, never created; a file that is not SQLite
/// or lacks `xjs_link` is rejected with a specific message.
pub fn open_read_only(path: &Path) -> Result<Connection, OpenError> {
    let conn = open_existing(path)?;
    if !table_exists(&conn, crate::contract::LINK_TABLE).map_err(|e| not_sqlite(path, e))? {
        return Err(OpenError::MissingLinkTable(path.to_path_buf()));
    }
    Ok(conn)
}

/// Opens an existing SQLite file read-only without checking the contract.
pub fn open_existing(path: &Path) -> Result<Connection, OpenError> {
    let meta = std::fs::metadata(path).map_err(|_| OpenError::NotFound(path.to_path_buf()))?;
    if meta.is_dir() {
        return Err(OpenError::IsDirectory(path.to_path_buf()));
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|source| OpenError::Sqlite {
        path: path.to_path_buf(),
        source,
    })?;
    // SQLite opens lazily: the header is only read by the first query.
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))
        .map_err(|e| not_sqlite(path, e))?;
    // Reads only; keep temp work in memory and give the page cache room for timeline lookups.
    let _ = conn.execute_batch(
        "PRAGMA query_only = ON; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536;",
    );
    Ok(conn)
}

fn not_sqlite(path: &Path, e: rusqlite::Error) -> OpenError {
    let reason = match &e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase => {
            "the file is not a database or is corrupt".to_string()
        }
        other => other.to_string(),
    };
    OpenError::NotSqlite {
        path: path.to_path_buf(),
        reason,
    }
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

/// Quotes an SQL identifier.
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Any SQLite value as text: identifiers may be stored as INTEGER or TEXT and compare as text.
pub fn value_text(v: ValueRef<'_>) -> Option<String> {
    match v {
        ValueRef::Null => None,
        ValueRef::Integer(i) => Some(i.to_string()),
        ValueRef::Real(f) => Some(f.to_string()),
        ValueRef::Text(t) => Some(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Some(String::from_utf8_lossy(b).into_owned()),
    }
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

/// The extract date recorded in `extract_info`, else the contract default.
pub fn extract_date(conn: &Connection) -> chrono::NaiveDate {
    extract_info(conn)
        .ok()
        .and_then(|kv| {
            kv.into_iter()
                .find(|(k, _)| k == "extract_date")
                .and_then(|(_, v)| crate::dates::parse_date(&v))
        })
        .unwrap_or_else(crate::contract::default_extract_date)
}
