//! `dfexplorer search QUERY`: identifiers matching a query (exact, prefix, fuzzy) and whom each
//! resolves to.

use std::path::Path;

use serde::Serialize;

use crate::search::{self, MatchKind, SearchHit};
use crate::timeline::PersonRef;

/// A count of at least 1 (`--limit 0` would ask for nothing and look like "no match").
fn positive(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("{s:?} is not a whole number")),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SearchFormat {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    #[command(flatten)]
    pub db: super::DbArg,
    /// The identifier or its beginning.
    pub query: String,
    /// At most this many results (1 or more).
    #[arg(long, default_value_t = 20, value_parser = positive)]
    pub limit: usize,
    #[arg(long, value_enum, default_value = "text")]
    pub format: SearchFormat,
}

#[derive(Serialize)]
struct HitsJson<'a> {
    query: &'a str,
    hits: Vec<HitJson<'a>>,
}

#[derive(Serialize)]
struct HitJson<'a> {
    matched: &'a str,
    id_kind: &'a str,
    dataset: Option<&'static str>,
    match_kind: MatchKind,
    score: i64,
    persons: &'a [String],
    /// Unlinked records among the results: `dataset:row_id_hash`.
    unlinked: Vec<String>,
}

fn unlinked(h: &SearchHit) -> Vec<String> {
    h.resolves_to
        .iter()
        .filter_map(|p| match p {
            PersonRef::Unlinked {
                dataset,
                row_id_hash,
            } => Some(format!("{}:{row_id_hash}", dataset.source_name())),
            PersonRef::Linked(_) => None,
        })
        .collect()
}

pub fn run(db: &Path, args: &SearchArgs) -> anyhow::Result<i32> {
    let Some(conn) = super::open_or_report(db) else {
        return Ok(2);
    };
    super::warn_ignored_tables(&crate::db::SchemaReport::read(&conn)?);
    let hits = search::search(&conn, &args.query, args.limit)?;
    match args.format {
        SearchFormat::Json => {
            let json = HitsJson {
                query: &args.query,
                hits: hits
                    .iter()
                    .map(|h| HitJson {
                        matched: &h.matched,
                        id_kind: &h.id_kind,
                        dataset: h.dataset.map(|d| d.source_name()),
                        match_kind: h.match_kind,
                        score: h.score,
                        persons: &h.persons,
                        unlinked: unlinked(h),
                    })
                    .collect(),
            };
            println!("{}", serde_json::to_string_pretty(&json)?);
        }
        SearchFormat::Text => {
            for h in &hits {
                let kind = h.match_kind.label();
                let mut whom: Vec<String> = h.persons.clone();
                whom.extend(unlinked(h).into_iter().map(|u| format!("not linked ({u})")));
                let line = format!(
                    "{kind:<6} {:<40} {:<26} {:<17} -> {}",
                    h.matched,
                    h.id_kind,
                    h.dataset.map_or("all datasets", |d| d.source_name()),
                    whom.join(", ")
                );
                println!("{}", super::terminal_safe(&line));
            }
        }
    }
    if hits.is_empty() {
        eprintln!("no identifier matches {:?}", args.query);
        return Ok(1);
    }
    Ok(0)
}
