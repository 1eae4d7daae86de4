//! `--catalogue FILE`: catalogue notes from a CSV with a header naming
//! `dataset,table_name,column_name,topic,note,source` (any order, any case; `topic` and `note`
//! required, empty fields are NULL).

use std::path::Path;

use rusqlite::Connection;

use super::error::ImportError;

use crate::catalogue::{NOTE_COLUMNS as COLUMNS, TOPICS};

/// Appends the notes of `path` to `catalogue_notes`; returns how many.
pub fn load_catalogue(conn: &Connection, path: &Path) -> Result<u64, ImportError> {
    let err = |message: String| ImportError::Catalogue {
        path: path.to_path_buf(),
        message,
    };
    let meta = std::fs::metadata(path).map_err(|_| err("the file does not exist".into()))?;
    if !meta.is_file() {
        return Err(err("not a file".into()));
    }
    if meta.len() == 0 {
        return Err(ImportError::EmptyFile(path.to_path_buf()));
    }
    let mut reader = csv::Reader::from_path(path).map_err(|e| err(e.to_string()))?;
    let header = reader.headers().map_err(|e| err(e.to_string()))?.clone();
    let position = |name: &str| {
        header.iter().position(|h| {
            h.trim()
                .trim_start_matches('\u{feff}')
                .eq_ignore_ascii_case(name)
        })
    };
    let index: Vec<Option<usize>> = COLUMNS.iter().map(|c| position(c)).collect();
    for (name, i) in COLUMNS.iter().zip(&index) {
        if i.is_none() && (*name == "topic" || *name == "note") {
            return Err(err(format!("required column {name} is missing")));
        }
    }
    let mut stmt = conn
        .prepare(
            "INSERT INTO catalogue_notes (dataset, table_name, column_name, topic, note, source) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .map_err(ImportError::sqlite("catalogue notes"))?;
    let mut count = 0;
    for record in reader.records() {
        let record = record.map_err(|e| err(e.to_string()))?;
        let line = record.position().map_or(0, |p| p.line());
        let values: Vec<Option<&str>> = index
            .iter()
            .map(|i| {
                i.and_then(|i| record.get(i))
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
            })
            .collect();
        let (Some(topic), Some(_)) = (values[3], values[4]) else {
            return Err(err(format!(
                "line {line}: topic and note must not be empty"
            )));
        };
        if !TOPICS.contains(&topic) {
            return Err(err(format!(
                "line {line}: topic {topic:?} is not one of {}",
                TOPICS.join(", ")
            )));
        }
        stmt.execute(rusqlite::params_from_iter(values))
            .map_err(ImportError::sqlite("catalogue notes"))?;
        count += 1;
    }
    Ok(count)
}
