//! Small helpers to build row values and do date arithmetic without panicking.

use chrono::{NaiveDate, TimeDelta};

use super::sink::Value;

pub fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

/// `date` moved by `days` (negative: earlier); unchanged if that leaves chrono's range.
pub fn plus(date: NaiveDate, days: i64) -> NaiveDate {
    date.checked_add_signed(TimeDelta::days(days))
        .unwrap_or(date)
}

pub fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

pub fn date(d: NaiveDate) -> Value {
    Value::Text(crate::dates::format_date(d))
}

pub fn opt_date(d: Option<NaiveDate>) -> Value {
    d.map(date).unwrap_or(Value::Null)
}

pub fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

pub fn opt_text(s: Option<&str>) -> Value {
    s.map(text).unwrap_or(Value::Null)
}

pub fn int(n: i64) -> Value {
    Value::Integer(n)
}

pub fn opt_int(n: Option<i64>) -> Value {
    n.map(Value::Integer).unwrap_or(Value::Null)
}

pub fn real(x: f64) -> Value {
    Value::Real(x)
}

pub fn opt_real(x: Option<f64>) -> Value {
    x.map(Value::Real).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_arithmetic() {
        assert_eq!(plus(ymd(2020, 2, 28), 1), ymd(2020, 2, 29));
        assert_eq!(days_between(ymd(2020, 1, 1), ymd(2021, 1, 1)), 366);
    }
}
