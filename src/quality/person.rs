//! Person-level rule: a person's linked main-table records disagreeing on gender or age, a sign
//! that the linkage merged two people (possible false link).
//!
//! Age is compared through an implied birth year: a whole-year age A recorded for date D puts the
//! birth year at year(D) - A or one year earlier, so two correct records give implied birth years
//! at most 1 apart. Records disagree on age when their implied birth years differ by more than
//! [`AGE_TOLERANCE_YEARS`]; implausible ages are left to their own rule and not compared.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::borrow::Borrow;

use super::record_rules::{MAX_PLAUSIBLE_AGE, MIN_PLAUSIBLE_AGE};
use super::{Flag, Rule};
use crate::contract::Dataset;
use crate::record::Record;

/// Implied birth years further apart than this disagree (1 year of rounding plus 1 of slack).
pub const AGE_TOLERANCE_YEARS: i32 = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    /// `M`/`Male` and `F`/`Female` (any case); anything else (unknown, not stated) is not compared.
    pub fn parse(raw: &str) -> Option<Gender> {
        let v = raw.trim();
        let is = |a: &str| v.eq_ignore_ascii_case(a);
        if is("m") || is("male") {
            Some(Gender::Male)
        } else if is("f") || is("female") {
            Some(Gender::Female)
        } else {
            None
        }
    }
}

/// Gender and age as one main-table record gives them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordDemographics {
    pub dataset: Dataset,
    pub gender: Option<Gender>,
    /// The gender as written (shown even when it is not male/female).
    pub gender_raw: Option<String>,
    /// The recorded age, when it is a number (plausible or not).
    pub age: Option<f64>,
    /// The date the age refers to (offence, receipt, reception).
    pub age_on: Option<NaiveDate>,
}

impl RecordDemographics {
    /// The implied birth year; `None` when age or its date is missing or the age implausible.
    pub fn birth_year(&self) -> Option<i32> {
        let age = self
            .age
            .filter(|a| (MIN_PLAUSIBLE_AGE..=MAX_PLAUSIBLE_AGE).contains(a))?;
        birth_year(age, self.age_on?)
    }
}

/// The birth year implied by a whole-year age at a date (the later of the two possible years).
pub fn birth_year(age: f64, on: NaiveDate) -> Option<i32> {
    age.is_finite().then(|| on.year() - age.floor() as i32)
}

/// The age column and the date columns it refers to (first present one wins), per main table.
pub(crate) fn age_columns(dataset: Dataset) -> (&'static str, &'static [&'static str]) {
    match dataset {
        Dataset::Magistrates => ("age_at_offence", &["offence_date", "first_hearing_date"]),
        Dataset::Crown => ("age_at_receipt", &["receipt_date"]),
        Dataset::Prison => ("age_at_reception", &["journey_start_date"]),
        Dataset::Probation => ("age_at_offence", &["main_offence_date", "referral_date"]),
    }
}

/// Builds demographics from cell values.
pub(crate) fn demographics_from(
    dataset: Dataset,
    gender: Option<&str>,
    age: Option<&str>,
    age_dates: &[Option<&str>],
) -> RecordDemographics {
    RecordDemographics {
        dataset,
        gender: gender.and_then(Gender::parse),
        gender_raw: gender.map(|g| g.trim().to_string()),
        age: age.and_then(|a| a.trim().parse::<f64>().ok()),
        age_on: first_date(age_dates),
    }
}

fn first_date(dates: &[Option<&str>]) -> Option<NaiveDate> {
    dates
        .iter()
        .find_map(|d| d.and_then(crate::dates::parse_date))
}

/// What the false-link rule compares, per record: the allocation-free form `check` streams.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Traits {
    pub gender: Option<Gender>,
    pub birth_year: Option<i32>,
}

impl Traits {
    pub fn from_cells(
        gender: Option<&str>,
        age: Option<&str>,
        age_dates: &[Option<&str>],
    ) -> Traits {
        let age = age
            .and_then(|a| a.trim().parse::<f64>().ok())
            .filter(|a| (MIN_PLAUSIBLE_AGE..=MAX_PLAUSIBLE_AGE).contains(a));
        Traits {
            gender: gender.and_then(Gender::parse),
            birth_year: age.and_then(|a| birth_year(a, first_date(age_dates)?)),
        }
    }
}

impl From<&RecordDemographics> for Traits {
    fn from(d: &RecordDemographics) -> Traits {
        Traits {
            gender: d.gender,
            birth_year: d.birth_year(),
        }
    }
}

/// Gender and age of a main-table record; `None` for child, link and metadata tables.
pub fn demographics(record: &Record) -> Option<RecordDemographics> {
    let dataset = Dataset::ALL
        .into_iter()
        .find(|d| d.main_table() == &*record.table)?;
    let (age_col, date_cols) = age_columns(dataset);
    let dates: Vec<Option<&str>> = date_cols.iter().map(|c| record.get(c)).collect();
    Some(demographics_from(
        dataset,
        record.get("gender"),
        record.get(age_col),
        &dates,
    ))
}

/// For each record, whether it disagrees with at least one other record of the same person.
/// Linear in the records (a person may have tens of thousands): a record's gender conflicts when
/// any other gender is recorded, its implied birth year when the earliest or latest year is
/// more than the tolerance away.
pub fn disagreeing_records<R: Borrow<Record>>(records: &[R]) -> Vec<bool> {
    let demo: Vec<Option<(Option<Gender>, Option<i32>)>> = records
        .iter()
        .map(|r| demographics(r.borrow()).map(|d| (d.gender, d.birth_year())))
        .collect();
    let recorded = |g: Gender| demo.iter().flatten().any(|d| d.0 == Some(g));
    let both_genders = recorded(Gender::Male) && recorded(Gender::Female);
    let years = || demo.iter().flatten().filter_map(|d| d.1);
    let (earliest, latest) = (years().min(), years().max());
    demo.iter()
        .map(|d| {
            d.is_some_and(|(gender, year)| {
                let gender_conflict = gender.is_some() && both_genders;
                let age_conflict = match (year, earliest, latest) {
                    (Some(y), Some(lo), Some(hi)) => {
                        y - lo > AGE_TOLERANCE_YEARS || hi - y > AGE_TOLERANCE_YEARS
                    }
                    _ => false,
                };
                gender_conflict || age_conflict
            })
        })
        .collect()
}

fn age_conflict(a: &RecordDemographics, b: &RecordDemographics) -> Option<(i32, i32)> {
    let (x, y) = (a.birth_year()?, b.birth_year()?);
    ((x - y).abs() > AGE_TOLERANCE_YEARS).then_some((x, y))
}

/// Person-level flags over a person's main-table records (other tables are ignored): at most one
/// flag for gender and one for age.
pub fn person_flags<R: Borrow<Record>>(records: &[R]) -> Vec<Flag> {
    let demo: Vec<RecordDemographics> = records
        .iter()
        .filter_map(|r| demographics(r.borrow()))
        .collect();
    demographic_flags(&demo)
}

pub(crate) fn demographic_flags(demo: &[RecordDemographics]) -> Vec<Flag> {
    let mut flags = Vec::new();
    let male = demo.iter().find(|d| d.gender == Some(Gender::Male));
    let female = demo.iter().find(|d| d.gender == Some(Gender::Female));
    if let (Some(m), Some(f)) = (male, female) {
        flags.push(Flag::new(
            Rule::PossibleFalseLink,
            format!(
                "gender differs across linked records: male in {}, female in {}",
                m.dataset.main_table(),
                f.dataset.main_table()
            ),
        ));
    }
    let by_year = |d: &&RecordDemographics| d.birth_year();
    let oldest = demo
        .iter()
        .filter(|d| d.birth_year().is_some())
        .min_by_key(by_year);
    let youngest = demo
        .iter()
        .filter(|d| d.birth_year().is_some())
        .max_by_key(by_year);
    if let (Some(o), Some(y)) = (oldest, youngest) {
        if let Some((a, b)) = age_conflict(o, y) {
            flags.push(Flag::new(
                Rule::PossibleFalseLink,
                format!(
                    "age differs across linked records: implied birth year {a} in {} but {b} in {} (more than {AGE_TOLERANCE_YEARS} years apart)",
                    o.dataset.main_table(),
                    y.dataset.main_table()
                ),
            ));
        }
    }
    flags
}

/// Whether a person's records disagree (what `check` counts), without building flags.
pub(crate) fn traits_disagree(traits: &[Traits]) -> bool {
    let genders = || traits.iter().filter_map(|t| t.gender);
    let gender = genders().any(|g| g == Gender::Male) && genders().any(|g| g == Gender::Female);
    let years = || traits.iter().filter_map(|t| t.birth_year);
    let age = match (years().min(), years().max()) {
        (Some(lo), Some(hi)) => hi - lo > AGE_TOLERANCE_YEARS,
        _ => false,
    };
    gender || age
}
