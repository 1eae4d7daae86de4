//! `dfexplorer person ID`: everyone an ID resolves to, with their timelines, as text, JSON or CSV.

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use crate::dates::DateCell;
use crate::quality::Flag;
use crate::timeline::{self, Child, DbContext, Event, LookupError, PersonTimeline};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PersonFormat {
    Text,
    Json,
    Csv,
}

#[derive(Debug, clap::Args)]
pub struct PersonArgs {
    #[command(flatten)]
    pub db: super::DbArg,
    /// Any identifier: estimated_xjs_id, estimated_offender_id, estimated_defendant_id,
    /// row_id_hash, case_id_hash, event_id_hash or defendant_on_case_id_hash.
    pub id: String,
    #[arg(long, value_enum, default_value = "text")]
    pub format: PersonFormat,
}

pub fn run(db: &Path, args: &PersonArgs) -> anyhow::Result<i32> {
    let Some(conn) = super::open_or_report(db) else {
        return Ok(2);
    };
    let ctx = DbContext::read(&conn)?;
    super::warn_ignored_tables(&ctx.schema);
    let refs = match timeline::resolve_with(&conn, &ctx, &args.id) {
        Ok(r) => r,
        Err(LookupError::UnknownId(id)) => {
            eprintln!(
                "error: no person or record in {} has the ID {id:?}",
                db.display()
            );
            eprintln!("hint: `dfexplorer search {id}` lists IDs that start with or resemble it");
            return Ok(1);
        }
        Err(e) => return Err(e.into()),
    };
    let persons = refs
        .iter()
        .map(|p| timeline::assemble_with(&conn, &ctx, p))
        .collect::<Result<Vec<_>, _>>()?;
    // Written as it is made: a person with 50,000 records is tens of megabytes of JSON.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.format {
        PersonFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &PersonsJson::new(&args.id, &persons))?;
            writeln!(out)?;
        }
        PersonFormat::Csv => {
            crate::export::person::write_csv(&mut out, &persons)?;
        }
        PersonFormat::Text => {
            for (i, p) in persons.iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                write!(out, "{}", super::terminal_safe(&text(p)))?;
            }
        }
    }
    out.flush()?;
    Ok(0)
}

/// The JSON shape of issue 3 item 10.
#[derive(Serialize)]
struct PersonsJson<'a> {
    query: &'a str,
    persons: Vec<PersonJson<'a>>,
}

#[derive(Serialize)]
struct PersonJson<'a> {
    estimated_xjs_id: Option<&'a str>,
    events: Each<'a, Event, EventJson<'a>>,
    flags: &'a [Flag],
    dataset_ids: Vec<String>,
    split_into: &'a [String],
}

#[derive(Serialize)]
struct EventJson<'a> {
    dataset: &'static str,
    table: &'a str,
    row_id_hashes: &'a [String],
    kind: &'a str,
    start: &'a DateCell,
    end: &'a DateCell,
    /// The text of a start or end that is not a real date (then `start`/`end` is null).
    #[serde(skip_serializing_if = "Option::is_none")]
    start_as_written: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_as_written: Option<&'a str>,
    open: bool,
    label: &'a str,
    flags: &'a [Flag],
    children: Each<'a, Child, ChildJson<'a>>,
}

/// Serialises each item of a slice as the JSON shape `F` makes of it, one at a time (a person
/// with 50,000 records is not copied into a second, JSON-shaped list first).
struct Each<'a, T, J>(&'a [T], fn(&'a T) -> J);

impl<'a, T, J: Serialize> Serialize for Each<'a, T, J> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(self.1))
    }
}

#[derive(Serialize)]
struct ChildJson<'a> {
    table: &'a str,
    kind: &'a str,
    start: &'a DateCell,
    end: &'a DateCell,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_as_written: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_as_written: Option<&'a str>,
    open: bool,
    label: &'a str,
    flags: &'a [Flag],
}

impl<'a> PersonsJson<'a> {
    fn new(query: &'a str, persons: &'a [PersonTimeline]) -> Self {
        PersonsJson {
            query,
            persons: persons.iter().map(PersonJson::new).collect(),
        }
    }
}

impl<'a> PersonJson<'a> {
    fn new(p: &'a PersonTimeline) -> Self {
        PersonJson {
            estimated_xjs_id: p.estimated_xjs_id.as_deref(),
            events: Each(&p.events, EventJson::new),
            flags: &p.flags,
            dataset_ids: p
                .dataset_ids
                .iter()
                .map(|i| format!("{}:{}={}", i.dataset.source_name(), i.kind, i.value))
                .collect(),
            split_into: &p.split_into,
        }
    }
}

impl<'a> EventJson<'a> {
    fn new(e: &'a Event) -> Self {
        EventJson {
            dataset: e.dataset.source_name(),
            table: e.table,
            row_id_hashes: &e.row_id_hashes,
            kind: &e.kind,
            start: &e.start,
            end: &e.end,
            start_as_written: e.start.as_written(),
            end_as_written: e.end.as_written(),
            open: e.open,
            label: &e.label,
            flags: &e.flags,
            children: Each(&e.children, ChildJson::new),
        }
    }
}

impl<'a> ChildJson<'a> {
    fn new(c: &'a Child) -> Self {
        ChildJson {
            table: &c.table,
            kind: &c.kind,
            start: &c.start,
            end: &c.end,
            start_as_written: c.start.as_written(),
            end_as_written: c.end.as_written(),
            open: c.open,
            label: &c.label,
            flags: &c.flags,
        }
    }
}

fn span_text(start: &DateCell, end: &DateCell, open: bool) -> String {
    let s = match start {
        DateCell::Missing => "?".to_string(),
        other => other.display(),
    };
    let e = match (end, open) {
        (DateCell::Missing, true) => "open".to_string(),
        (DateCell::Missing, false) => String::new(),
        (other, _) => other.display(),
    };
    if e.is_empty() {
        format!("{s:<10}")
    } else {
        format!("{s:<10} → {e:<10}")
    }
}

fn text(p: &PersonTimeline) -> String {
    let mut out = match &p.estimated_xjs_id {
        Some(x) => format!("person {x}\n"),
        None => "person not linked (no xjs_link row)\n".to_string(),
    };
    for id in &p.dataset_ids {
        out += &format!(
            "  id      {:<17} {} {}\n",
            id.dataset.source_name(),
            id.kind,
            id.value
        );
    }
    for d in &p.demographics {
        let age = match (d.age, d.age_on) {
            (Some(a), Some(on)) => format!("age {a} on {on}"),
            _ => "age not recorded".to_string(),
        };
        out += &format!(
            "  as seen {:<17} gender {}, {age}{}\n",
            d.dataset.source_name(),
            d.gender.as_deref().unwrap_or("not recorded"),
            if d.disagrees { "  ! disagrees" } else { "" }
        );
    }
    for f in &p.flags {
        out += &format!("  flag    {}\n", f.detail);
    }
    if !p.split_into.is_empty() {
        out += &format!("  see also {}\n", p.split_into.join(", "));
    }
    out += &format!("  {} event(s)\n", p.events.len());
    for e in &p.events {
        out += &format!(
            "  {}  {:<17} {} · {}\n",
            span_text(&e.start, &e.end, e.open),
            e.dataset.source_name(),
            e.kind,
            e.label
        );
        out += &format!("      rows {}\n", e.row_id_hashes.join(", "));
        for j in &e.journey_links {
            let score = j
                .estimated_match_score
                .map(|s| format!(" (match score {s})"))
                .unwrap_or_default();
            out += &format!(
                "      journey magistrates {} -> Crown {}{score}\n",
                j.mags_row_id_hash, j.crown_row_id_hash
            );
        }
        for m in &e.markers {
            out += &format!("      {} {}\n", m.column, m.date);
        }
        for f in &e.flags {
            out += &format!("      ! {}\n", f.detail);
        }
        for c in &e.children {
            out += &format!(
                "      - {}  {} · {}\n",
                span_text(&c.start, &c.end, c.open),
                c.kind,
                c.label
            );
        }
    }
    out
}
