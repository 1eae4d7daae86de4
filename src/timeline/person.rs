//! Person-level facts drawn from a person's events: their IDs in each dataset, demographics as
//! each dataset records them, other people holding records of the same dataset-level person
//! (possible missed links), and the person's flags.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;

use super::model::{DatasetId, Demographic, Event};
use super::query;
use super::resolve::MAX_ROWS_PER_ID;
use crate::contract::Dataset;
use crate::quality::{Flag, Rule};

pub fn dataset_ids(events: &[Event]) -> Vec<DatasetId> {
    let mut ids: Vec<DatasetId> = Vec::new();
    for e in events {
        let kind = e.dataset.person_id_column();
        if let Some(value) = e.record.get(kind) {
            let id = DatasetId {
                dataset: e.dataset,
                kind: kind.to_string(),
                value: value.to_string(),
            };
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    ids.sort_by(|a, b| (a.dataset, &a.value).cmp(&(b.dataset, &b.value)));
    ids
}

/// What the same dataset-level people hold elsewhere: persons other than `own`, and the number
/// of their records with no link row at all.
pub struct Siblings {
    pub other_persons: Vec<String>,
    pub unlinked_rows: usize,
}

pub fn siblings(
    conn: &Connection,
    ids: &[DatasetId],
    own: Option<&str>,
    own_rows: &[String],
) -> rusqlite::Result<Siblings> {
    let mut other_persons = Vec::new();
    let mut unlinked_rows = 0;
    for id in ids {
        let table = id.dataset.main_table();
        let rows = query::values_where(
            conn,
            table,
            "row_id_hash",
            &id.kind,
            &id.value,
            MAX_ROWS_PER_ID,
        )?;
        for row in rows {
            let persons = query::persons_of_row(conn, id.dataset, &row)?;
            if persons.is_empty() && !own_rows.contains(&row) {
                unlinked_rows += 1;
            }
            other_persons.extend(persons.into_iter().filter(|p| Some(p.as_str()) != own));
        }
    }
    other_persons.sort();
    other_persons.dedup();
    Ok(Siblings {
        other_persons,
        unlinked_rows,
    })
}

/// The columns holding age and the date it refers to (first present date wins).
fn age_columns(d: Dataset) -> (&'static str, &'static [&'static str]) {
    match d {
        Dataset::Magistrates => ("age_at_offence", &["offence_date", "first_hearing_date"]),
        Dataset::Crown => ("age_at_receipt", &["receipt_date"]),
        Dataset::Prison => ("age_at_reception", &["journey_start_date"]),
        Dataset::Probation => ("age_at_offence", &["main_offence_date", "referral_date"]),
    }
}

/// `m`/`f` for values that name a sex; anything else (unknown, not stated) is not compared.
fn gender_key(g: &str) -> Option<char> {
    match g.trim().chars().next()?.to_ascii_lowercase() {
        c @ ('m' | 'f') => Some(c),
        _ => None,
    }
}

/// Per dataset: how often each gender is recorded, and the latest (date, age).
type Seen = (BTreeMap<String, usize>, Option<(NaiveDate, f64)>);

/// Gender and age per dataset: the most frequent gender, the latest recorded age. A dataset
/// disagrees when its genders differ from another's (or among its own records), or when the
/// birth years its ages imply differ by more than two years.
pub fn demographics(events: &[Event]) -> Vec<Demographic> {
    let mut per: BTreeMap<Dataset, Seen> = BTreeMap::new();
    for e in events {
        let entry = per.entry(e.dataset).or_default();
        if let Some(g) = e.record.get("gender") {
            *entry.0.entry(g.trim().to_string()).or_default() += 1;
        }
        let (age_col, date_cols) = age_columns(e.dataset);
        let on = date_cols.iter().find_map(|c| e.record.date(c).date());
        if let (Some(age), Some(on)) = (e.record.number(age_col), on) {
            if entry.1.is_none_or(|(d, _)| on > d) {
                entry.1 = Some((on, age));
            }
        }
    }
    let mut out: Vec<Demographic> = per
        .iter()
        .map(|(d, (genders, age))| {
            let gender = genders
                .iter()
                .max_by_key(|(g, n)| (**n, std::cmp::Reverse((*g).clone())))
                .map(|(g, _)| g.clone());
            let mut keys: Vec<char> = genders.keys().filter_map(|g| gender_key(g)).collect();
            keys.dedup();
            Demographic {
                dataset: *d,
                gender,
                age: age.map(|a| a.1),
                age_on: age.map(|a| a.0),
                disagrees: keys.len() > 1,
            }
        })
        .collect();
    let birth_year = |d: &Demographic| Some(d.age_on?.year() as f64 - d.age?);
    for i in 0..out.len() {
        for j in 0..out.len() {
            if i == j {
                continue;
            }
            let (a, b) = (&out[i], &out[j]);
            let gender_differs = match (&a.gender, &b.gender) {
                (Some(x), Some(y)) => matches!(
                    (gender_key(x), gender_key(y)),
                    (Some(p), Some(q)) if p != q
                ),
                _ => false,
            };
            let age_differs = matches!(
                (birth_year(a), birth_year(b)),
                (Some(p), Some(q)) if (p - q).abs() > 2.0
            );
            if gender_differs || age_differs {
                out[i].disagrees = true;
            }
        }
    }
    out
}

pub fn disagreement_flag(demographics: &[Demographic]) -> Option<Flag> {
    let which: Vec<&str> = demographics
        .iter()
        .filter(|d| d.disagrees)
        .map(|d| d.dataset.source_name())
        .collect();
    (!which.is_empty()).then(|| Flag {
        rule: Rule::PossibleFalseLink,
        detail: format!(
            "gender or age disagree across linked records ({}); two people may have been merged",
            which.join(", ")
        ),
    })
}

pub fn missed_link_flag(siblings: &Siblings, ids: &[DatasetId]) -> Option<Flag> {
    let mut parts = Vec::new();
    if !siblings.other_persons.is_empty() {
        parts.push(format!(
            "records of the same dataset-level person ({}) sit under other estimated_xjs_id: {}",
            ids.iter()
                .map(|i| format!("{}={}", i.kind, i.value))
                .collect::<Vec<_>>()
                .join(", "),
            siblings.other_persons.join(", ")
        ));
    }
    if siblings.unlinked_rows > 0 {
        parts.push(format!(
            "{} record(s) of the same dataset-level person have no xjs_link row",
            siblings.unlinked_rows
        ));
    }
    (!parts.is_empty()).then(|| Flag {
        rule: Rule::PossibleMissedLink,
        detail: format!("possible missed link: {}", parts.join("; ")),
    })
}
