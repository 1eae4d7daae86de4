//! Where the known data-quality problems are put into otherwise sound values, each at the rate
//! in `rates.rs`.

use chrono::{Datelike, NaiveDate};

use super::rates;
use super::rng::Rng;
use super::sink::Value;
use super::values::{date, plus, text, ymd};
use super::vocab::{ETHNICITIES, PROBATION_ETHNICITY_PLACEHOLDERS};

/// The age as recorded: the true age, or (rarely) an implausible one.
pub fn recorded_age(rng: &mut Rng, age: i64) -> Value {
    if rng.chance(rates::IMPLAUSIBLE_AGE) {
        let bad = if rng.chance(0.5) {
            rng.range(0, 4)
        } else {
            rng.range(110, 130)
        };
        Value::Integer(bad)
    } else {
        Value::Integer(age)
    }
}

pub fn court_ethnicity(rng: &mut Rng, ethnicity: usize) -> Value {
    if rng.chance(rates::COURT_ETHNICITY_NOT_STATED) {
        text("Not stated")
    } else {
        text(ETHNICITIES[ethnicity].0)
    }
}

pub fn prison_ethnicity(rng: &mut Rng, ethnicity: usize) -> Value {
    if rng.chance(rates::PRISON_ETHNICITY_NOT_STATED) {
        text("Not stated")
    } else {
        text(ETHNICITIES[ethnicity].2)
    }
}

pub fn probation_ethnicity(rng: &mut Rng, ethnicity: usize) -> Value {
    if rng.chance(rates::PROBATION_PLACEHOLDER_ETHNICITY) {
        text(rng.pick_copy(&PROBATION_ETHNICITY_PLACEHOLDERS))
    } else {
        text(ETHNICITIES[ethnicity].1)
    }
}

pub fn lsoa(rng: &mut Rng, home: &str) -> Value {
    if rng.chance(rates::MISSING_LSOA) {
        Value::Null
    } else {
        text(home)
    }
}

/// Text that looks like a date but is not one.
pub fn malformed_date(rng: &mut Rng, near: NaiveDate) -> String {
    match rng.below(3) {
        0 => format!("31/02/{}", near.year()),
        1 => format!("{}-02-30", near.year()),
        _ => "00/00/0000".to_string(),
    }
}

/// A magistrates' offence date as recorded: before coverage, after the extract, malformed, or true.
pub fn mags_offence_date(rng: &mut Rng, offence: NaiveDate) -> Value {
    let x = rng.f64();
    let before = rates::OFFENCE_DATE_BEFORE_COVERAGE;
    let after = before + rates::OFFENCE_DATE_AFTER_EXTRACT;
    let malformed = after + rates::MALFORMED_DATE;
    if x < before {
        if rng.chance(0.2) {
            date(ymd(1900, 1, 1))
        } else {
            let y = rng.range(1990, 2010) as i32;
            date(ymd(y, offence.month(), offence.day().min(28)))
        }
    } else if x < after {
        let y = rng.range(2023, 2031) as i32;
        date(ymd(y, offence.month(), offence.day().min(28)))
    } else if x < malformed {
        Value::Text(malformed_date(rng, offence))
    } else {
        date(offence)
    }
}

/// A probation referral date as recorded: missing, malformed, or true (the court's referral on
/// the day of the disposal).
pub fn referral_date(rng: &mut Rng, referral: NaiveDate) -> Value {
    let x = rng.f64();
    if x < rates::MISSING_REFERRAL_DATE {
        Value::Null
    } else if x < rates::MISSING_REFERRAL_DATE + rates::MALFORMED_REFERRAL_DATE {
        Value::Text(malformed_date(rng, referral))
    } else {
        date(referral)
    }
}

/// A probation main offence date as recorded: malformed or true.
pub fn probation_offence_date(rng: &mut Rng, offence: NaiveDate) -> Value {
    if rng.chance(rates::MALFORMED_DATE) {
        Value::Text(malformed_date(rng, offence))
    } else {
        date(offence)
    }
}

/// The end of a span as recorded: usually the true end, sometimes before the start.
pub fn span_end(rng: &mut Rng, start: NaiveDate, end: NaiveDate) -> NaiveDate {
    if rng.chance(rates::END_BEFORE_START) {
        plus(start, -rng.range(1, 90))
    } else {
        end
    }
}
