//! Person-level facts drawn from a person's events: their IDs in each dataset, demographics as
//! each dataset records them, other people holding records of the same dataset-level person
//! (possible missed links), and the person's flags.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::Connection;

use super::model::{DatasetId, Demographic, Event};
use super::query;
use super::resolve::MAX_ROWS_PER_ID;
use crate::contract::Dataset;
use crate::quality::{self, Flag, Rule};
use crate::record::Record;

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

/// What the same dataset-level people hold elsewhere.
pub struct Siblings {
    /// Per dataset-level ID of this person, the other persons holding its records.
    pub split: Vec<(DatasetId, Vec<String>)>,
    /// Records of the same dataset-level people with no link row at all (not this person's).
    pub unlinked_rows: usize,
}

impl Siblings {
    pub fn other_persons(&self) -> Vec<String> {
        let mut all: Vec<String> = self.split.iter().flat_map(|(_, p)| p.clone()).collect();
        all.sort();
        all.dedup();
        all
    }
}

pub fn siblings(
    conn: &Connection,
    ids: &[DatasetId],
    own: Option<&str>,
    own_rows: &[String],
) -> rusqlite::Result<Siblings> {
    let mut split = Vec::new();
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
        let mut others = Vec::new();
        for row in rows {
            let persons = query::persons_of_row(conn, id.dataset, &row)?;
            if persons.is_empty() && !own_rows.contains(&row) {
                unlinked_rows += 1;
            }
            others.extend(persons.into_iter().filter(|p| Some(p.as_str()) != own));
        }
        others.sort();
        others.dedup();
        if !others.is_empty() {
            split.push((id.clone(), others));
        }
    }
    Ok(Siblings {
        split,
        unlinked_rows,
    })
}

/// Gender and age per dataset as shown in the person header: the most frequent gender and the
/// latest recorded age. A dataset `disagrees` when one of its records conflicts with another of
/// the person's records by the quality module's rule ([`quality::disagreeing_records`]).
pub fn demographics(events: &[Event]) -> Vec<Demographic> {
    let records: Vec<&Record> = events.iter().map(|e| &e.record).collect();
    let conflicts = quality::disagreeing_records(&records);
    let mut per: BTreeMap<Dataset, Seen> = BTreeMap::new();
    for (record, conflict) in records.iter().zip(conflicts) {
        let Some(demo) = quality::demographics(record) else {
            continue;
        };
        let entry = per.entry(demo.dataset).or_default();
        if let Some(g) = demo.gender_raw {
            *entry.genders.entry(g.trim().to_string()).or_default() += 1;
        }
        if let (Some(age), Some(on)) = (demo.age, demo.age_on) {
            if entry.age.is_none_or(|(d, _)| on > d) {
                entry.age = Some((on, age));
            }
        }
        entry.disagrees |= conflict;
    }
    per.into_iter()
        .map(|(dataset, seen)| Demographic {
            dataset,
            gender: seen
                .genders
                .iter()
                .max_by_key(|(g, n)| (**n, std::cmp::Reverse((*g).clone())))
                .map(|(g, _)| g.clone()),
            age: seen.age.map(|a| a.1),
            age_on: seen.age.map(|a| a.0),
            disagrees: seen.disagrees,
        })
        .collect()
}

/// Per dataset: how often each gender is recorded, the latest (date, age), any conflict.
#[derive(Default)]
struct Seen {
    genders: BTreeMap<String, usize>,
    age: Option<(NaiveDate, f64)>,
    disagrees: bool,
}

/// Possible false links: the quality module's person-level check over the main records.
pub fn disagreement_flags(events: &[Event]) -> Vec<Flag> {
    let records: Vec<&Record> = events.iter().map(|e| &e.record).collect();
    quality::person_flags(&records)
}

/// Possible missed links: one flag per split dataset-level ID, and one for records of the same
/// dataset-level people that have no link row.
pub fn missed_link_flags(siblings: &Siblings, own: Option<&str>) -> Vec<Flag> {
    let mut flags: Vec<Flag> = siblings
        .split
        .iter()
        .map(|(id, others)| {
            let mut all: Vec<String> = own.map(str::to_string).into_iter().collect();
            all.extend(others.iter().cloned());
            Flag::missed_link(id.dataset, &id.value, &all)
        })
        .collect();
    if siblings.unlinked_rows > 0 {
        flags.push(Flag::new(
            Rule::PossibleMissedLink,
            format!(
                "{} record(s) of the same dataset-level person have no xjs_link row",
                siblings.unlinked_rows
            ),
        ));
    }
    flags
}
