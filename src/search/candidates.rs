//! The index range scans behind search: does a value exist, which values start with a prefix,
//! which values are near the query, and whom a matched value resolves to.

use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection};

use crate::db::{quote_ident, row_text};
use crate::timeline::context::id_params;
use crate::timeline::IdColumn;
use crate::timeline::PersonRef;

/// Values gathered per ID column for fuzzy scoring.
pub const FUZZY_PER_COLUMN: usize = 64;

/// Rows of one value resolved to people at most (a case ID can hold many rows).
const ROWS_PER_HIT: usize = 200;

pub fn exists(conn: &Connection, col: &IdColumn, value: &str) -> rusqlite::Result<bool> {
    // Selects the value back: affinity would let text '05' find integer 5.
    let sql = format!(
        "SELECT {c} FROM {t} WHERE {c} IN (?1, ?2)",
        c = quote_ident(col.column),
        t = quote_ident(col.table)
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params_from_iter(id_params(value)))?;
    while let Some(r) = rows.next()? {
        if row_text(r, 0)?.as_deref() == Some(value) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Distinct values in `[lo, hi)` in index order, at most `limit`.
fn range(
    conn: &Connection,
    col: &IdColumn,
    lo: Value,
    hi: Value,
    limit: usize,
) -> rusqlite::Result<Vec<String>> {
    let sql = format!(
        "SELECT DISTINCT {c} FROM {t} WHERE {c} >= ?1 AND {c} < ?2 ORDER BY {c} LIMIT ?3",
        c = quote_ident(col.column),
        t = quote_ident(col.table)
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(rusqlite::params![lo, hi, limit as i64], |r| row_text(r, 0))?;
    let mut out = Vec::new();
    for v in rows {
        out.extend(v?);
    }
    Ok(out)
}

/// Text values starting with `prefix` (byte order), at most `limit`.
fn text_prefix(
    conn: &Connection,
    col: &IdColumn,
    prefix: &str,
    limit: usize,
) -> rusqlite::Result<Vec<String>> {
    // Every string starting with `prefix` sorts below prefix + U+10FFFF (the highest scalar).
    let hi = format!("{prefix}\u{10FFFF}");
    let mut out = range(
        conn,
        col,
        Value::Text(prefix.to_string()),
        Value::Text(hi),
        limit,
    )?;
    out.retain(|v| v.starts_with(prefix));
    Ok(out)
}

/// Values starting with `prefix`: a text range scan, plus the integer ranges that hold
/// INTEGER-stored IDs whose decimal text starts with it (shortest first).
pub fn with_prefix(
    conn: &Connection,
    col: &IdColumn,
    prefix: &str,
    limit: usize,
) -> rusqlite::Result<Vec<String>> {
    let mut out = text_prefix(conn, col, prefix, limit)?;
    let ranges = if col.text_only {
        Vec::new()
    } else {
        integer_ranges(prefix)
    };
    if ranges.is_empty() {
        return Ok(out);
    }
    for (lo, hi) in ranges {
        if out.len() >= limit {
            break;
        }
        let got = range(
            conn,
            col,
            Value::Integer(lo),
            Value::Integer(hi),
            limit - out.len(),
        )?;
        out.extend(got.into_iter().filter(|v| v.starts_with(prefix)));
    }
    out.sort();
    out.dedup();
    out.truncate(limit);
    Ok(out)
}

/// The ranges `[lo, hi)` of the integers whose decimal text starts with `prefix`, those with
/// the fewest digits first: `12` is 12, then 120 to 129, then 1200 to 1299...; `-12` is -12,
/// then -129 to -120...; `0` is 0 alone. None for text no integer starts with (`05`, `+5`, `1a`).
fn integer_ranges(prefix: &str) -> Vec<(i64, i64)> {
    let (negative, digits) = match prefix.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, prefix),
    };
    let canonical = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (!digits.starts_with('0') || (digits == "0" && !negative));
    let Some(p) = digits.parse::<i64>().ok().filter(|_| canonical) else {
        return Vec::new();
    };
    if p == 0 {
        return vec![(0, 1)];
    }
    let mut out = Vec::new();
    let mut scale: Option<i64> = Some(1);
    while let Some(s) = scale {
        let (Some(lo), Some(hi)) = (
            p.checked_mul(s),
            p.checked_add(1).and_then(|q| q.checked_mul(s)),
        ) else {
            break;
        };
        out.push(if negative { (1 - hi, 1 - lo) } else { (lo, hi) });
        scale = s.checked_mul(10);
    }
    out
}

/// Leading parts longer than this are not tried (IDs are far shorter; a pasted paragraph must not
/// cost hundreds of range scans).
const MAX_PART_CHARS: usize = 40;

/// The fuzzy candidate set of one column: values sharing ever shorter leading parts of the query
/// (as typed, lower- and upper-case) until [`FUZZY_PER_COLUMN`] are gathered.
pub fn near(conn: &Connection, col: &IdColumn, query: &str) -> rusqlite::Result<Vec<String>> {
    let mut variants = vec![query.to_string()];
    for v in [query.to_lowercase(), query.to_uppercase()] {
        if !variants.contains(&v) {
            variants.push(v);
        }
    }
    // Leading parts, longest first: the whole query (other cases), then all but the last
    // character, down to the first character.
    let mut ends = vec![query.len()];
    ends.extend(
        query
            .char_indices()
            .rev()
            .map(|(i, _)| i)
            .filter(|&i| i > 0),
    );
    // Past MAX_PART_CHARS, start from the first MAX_PART_CHARS characters.
    let too_long = query.chars().count().saturating_sub(MAX_PART_CHARS);
    ends.drain(..too_long.min(ends.len()));
    let mut out: Vec<String> = Vec::new();
    for end in ends {
        for v in &variants {
            let Some(part) = v.get(..end) else { continue };
            for found in text_prefix(conn, col, part, FUZZY_PER_COLUMN)? {
                if !out.contains(&found) {
                    out.push(found);
                }
            }
        }
        if out.len() >= FUZZY_PER_COLUMN {
            break;
        }
    }
    Ok(out)
}

/// Whom one matched value of a column resolves to.
pub fn resolve_value(
    conn: &Connection,
    col: &IdColumn,
    value: &str,
) -> rusqlite::Result<Vec<PersonRef>> {
    let Some(d) = col.dataset else {
        return Ok(vec![PersonRef::Linked(value.to_string())]);
    };
    let rows = crate::timeline::query::values_where(
        conn,
        col.table,
        "row_id_hash",
        col.column,
        value,
        ROWS_PER_HIT,
    )?;
    let mut refs = Vec::new();
    for row in rows {
        refs.extend(crate::timeline::refs_of_row(conn, d, &row)?);
    }
    refs.sort();
    refs.dedup();
    Ok(refs)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An indexed ID column of no dataset.
    fn id_column(table: &'static str, column: &'static str, text_only: bool) -> IdColumn {
        IdColumn {
            table,
            column,
            dataset: None,
            indexed: true,
            text_only,
        }
    }

    /// A digit prefix lists the shortest completions first: every two-digit-longer ID is offered
    /// only after all one-digit-longer ones. The column has no declared type (as a hand-built
    /// copy may), so its INTEGER-stored IDs are found only by the integer ranges.
    #[test]
    fn a_digit_prefix_lists_the_shortest_integer_ids_first() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE xjs_link (source_dataset, row_id_hash, estimated_xjs_id);
             CREATE INDEX x ON xjs_link(estimated_xjs_id);",
        )
        .unwrap();
        for id in [12].into_iter().chain(120..130).chain(1200..1300) {
            conn.execute("INSERT INTO xjs_link VALUES ('m', 'r', ?1)", [id])
                .unwrap();
        }
        let col = id_column("xjs_link", "estimated_xjs_id", false);
        let got = with_prefix(&conn, &col, "12", 12).unwrap();
        let mut want: Vec<String> = [12]
            .into_iter()
            .chain(120..130)
            .chain([1200])
            .map(|i| i.to_string())
            .collect();
        want.sort();
        assert_eq!(got, want);
    }

    #[test]
    fn integer_ranges_hold_exactly_the_integers_written_with_the_prefix() {
        let texts = |prefix: &str| -> Vec<String> {
            integer_ranges(prefix)
                .into_iter()
                .take(3)
                .flat_map(|(lo, hi)| (lo..hi).map(|i| i.to_string()))
                .collect()
        };
        let expect = |prefix: &str, width: u32| {
            let got = texts(prefix);
            assert!(
                got.iter().all(|t| t.starts_with(prefix)),
                "{prefix}: {got:?}"
            );
            // 1 + 10 + 100 integers with up to two more digits.
            assert_eq!(got.len(), 111, "{prefix}");
            assert_eq!(got[0], prefix);
            assert_eq!(
                got.last().unwrap().len() as u32,
                prefix.len() as u32 + width
            );
        };
        expect("12", 2);
        expect("-12", 2);
        expect("7", 2);
        assert_eq!(integer_ranges("0"), [(0, 1)]);
        for none in ["", "-", "-0", "05", "+5", "1a", "1.5", " 1"] {
            assert!(integer_ranges(none).is_empty(), "{none:?}");
        }
        // The ranges stop before overflowing (exact search still finds the largest IDs).
        assert_eq!(integer_ranges("9223372036854775807"), []);
        assert_eq!(
            integer_ranges("922337203685477580"),
            [(922337203685477580, 922337203685477581)]
        );
        assert_eq!(integer_ranges("-9223372036854775807"), []);
    }

    /// IDs stored as integers are found by the text of their digits, zero and negative ones too.
    #[test]
    fn integer_ids_are_completed_as_text() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (id); CREATE INDEX ti ON t(id);")
            .unwrap();
        for id in [0, 5, 50, -5, -50, -51, 505] {
            conn.execute("INSERT INTO t VALUES (?1)", [id]).unwrap();
        }
        conn.execute("INSERT INTO t VALUES ('05')", []).unwrap();
        let col = id_column("t", "id", false);
        let find = |p: &str| with_prefix(&conn, &col, p, 10).unwrap();
        assert_eq!(find("0"), ["0", "05"]);
        assert_eq!(find("05"), ["05"]);
        assert_eq!(find("5"), ["5", "50", "505"]);
        assert_eq!(find("-5"), ["-5", "-50", "-51"]);
        assert_eq!(find("50"), ["50", "505"]);
        assert_eq!(with_prefix(&conn, &col, "5", 2).unwrap(), ["5", "50"]);
        let text_only = IdColumn {
            text_only: true,
            ..col
        };
        assert_eq!(
            with_prefix(&conn, &text_only, "5", 10).unwrap(),
            Vec::<String>::new()
        );
    }

    /// Fuzzy candidates share a leading part of the query: a query whose first character no ID
    /// starts with gathers none, not the first values of the table.
    #[test]
    fn fuzzy_candidates_share_a_leading_part_of_the_query() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (id TEXT); CREATE INDEX ti ON t(id);")
            .unwrap();
        for i in 0..100 {
            conn.execute("INSERT INTO t VALUES (?1)", [format!("A{i:02}")])
                .unwrap();
        }
        conn.execute("INSERT INTO t VALUES ('D10')", []).unwrap();
        let col = id_column("t", "id", true);
        assert_eq!(near(&conn, &col, "D1x").unwrap(), ["D10"]);
        assert_eq!(near(&conn, &col, "d1x").unwrap(), ["D10"], "any case");
        assert!(near(&conn, &col, "Q1").unwrap().is_empty());
    }
}
