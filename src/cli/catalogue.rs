//! `dfexplorer catalogue [QUERY]`: the catalogue's datasets, tables, columns and data-quality
//! notes matching a query (every word, in any of its forms), or every note without one.

use std::path::Path;

use crate::catalogue::{Catalogue, CatalogueHit, HitKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CatalogueFormat {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct CatalogueArgs {
    #[command(flatten)]
    pub db: super::DbArg,
    /// Words to look for in names, descriptions and notes (e.g. "duplicate events"); without
    /// one, every data-quality note is listed.
    pub query: Option<String>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: CatalogueFormat,
}

pub fn run(db: &Path, args: &CatalogueArgs) -> anyhow::Result<i32> {
    let Some(conn) = super::open_or_report(db) else {
        return Ok(2);
    };
    // The database's own notes when it has them, else the built-in ones.
    let catalogue = Catalogue::from_db(&conn)?;
    let hits: Vec<CatalogueHit> = match args.query.as_deref().map(str::trim) {
        Some(q) if !q.is_empty() => catalogue.search(q),
        Some(_) => {
            eprintln!("error: the query is empty; leave it out to list every note");
            return Ok(2);
        }
        None => catalogue
            .notes
            .iter()
            .map(crate::catalogue::search::note_hit)
            .collect(),
    };
    match args.format {
        CatalogueFormat::Json => println!("{}", serde_json::to_string_pretty(&hits)?),
        CatalogueFormat::Text => {
            if hits.is_empty() {
                eprintln!(
                    "no catalogue entry or note matches {:?}",
                    args.query.as_deref().unwrap_or_default()
                );
                return Ok(1);
            }
            for h in &hits {
                let kind = match h.kind {
                    HitKind::Dataset => "dataset",
                    HitKind::Table => "table",
                    HitKind::Column => "column",
                    HitKind::Note => "note",
                };
                let place = [&h.dataset, &h.table, &h.column]
                    .into_iter()
                    .flatten()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" / ");
                let topic = h
                    .topic
                    .as_deref()
                    .map(|t| format!(" [{t}]"))
                    .unwrap_or_default();
                let line = format!("{kind:<7} {place}{topic}\n        {}", h.text);
                println!("{}", super::terminal_safe(&line));
            }
        }
    }
    Ok(0)
}
