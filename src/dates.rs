//! Dates as the contract stores them: TEXT `YYYY-MM-DD`, maybe with a time part, maybe missing,
//! maybe malformed. Nothing here panics on data.

use chrono::NaiveDate;

/// A date cell as read from the database.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DateCell {
    Missing,
    Valid(NaiveDate),
    /// Present but not a date; kept as written so it can be shown and flagged.
    Malformed(String),
}

impl DateCell {
    pub fn parse(raw: Option<&str>) -> DateCell {
        match raw.map(str::trim) {
            None | Some("") => DateCell::Missing,
            Some(s) => match parse_date(s) {
                Some(d) => DateCell::Valid(d),
                None => DateCell::Malformed(s.to_string()),
            },
        }
    }

    pub fn date(&self) -> Option<NaiveDate> {
        match self {
            DateCell::Valid(d) => Some(*d),
            _ => None,
        }
    }

    /// The text as written, when it is not a date.
    pub fn as_written(&self) -> Option<&str> {
        match self {
            DateCell::Malformed(s) => Some(s),
            _ => None,
        }
    }

    /// For a CSV date column: the ISO date, or empty when missing or not a real date.
    pub fn csv(&self) -> String {
        self.date().map(format_date).unwrap_or_default()
    }

    /// As shown to a researcher: ISO date, the raw text, or empty.
    pub fn display(&self) -> String {
        match self {
            DateCell::Missing => String::new(),
            DateCell::Valid(d) => format_date(*d),
            DateCell::Malformed(s) => s.clone(),
        }
    }
}

/// Serialised as a date or null: `"YYYY-MM-DD"` only for a real calendar date, so a program
/// reading the JSON never takes `2016-02-30` for a date (outputs give the text as written
/// beside it, see [`DateCell::as_written`]).
impl serde::Serialize for DateCell {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            DateCell::Valid(d) => s.serialize_str(&format_date(*d)),
            _ => s.serialize_none(),
        }
    }
}

/// Parses `YYYY-MM-DD`, ignoring a time part (`2016-03-01 00:00:00` or `2016-03-01T00:00:00`).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() > 10 && !matches!(b[10], b' ' | b'T') {
        return None;
    }
    // The contract's shape, checked byte by byte: this runs for every date of every record read,
    // and chrono's parser reads its pattern on each call. Anything else goes to chrono.
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() >= 10
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
    {
        let num =
            |r: std::ops::Range<usize>| b[r].iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
        return NaiveDate::from_ymd_opt(num(0..4) as i32, num(5..7), num(8..10));
    }
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

/// `YYYY-MM-DD` (years outside 0-9999 are clamped). Written by hand: it runs for every date the
/// generator writes and every date of every exported record, and chrono's `format` parses its
/// pattern on each call.
pub fn format_date(d: NaiveDate) -> String {
    use chrono::Datelike;
    let mut s = String::with_capacity(10);
    let y = d.year().clamp(0, 9999) as u32;
    for div in [1000, 100, 10, 1] {
        s.push(char::from(b'0' + ((y / div) % 10) as u8));
    }
    for n in [d.month(), d.day()] {
        s.push('-');
        s.push(char::from(b'0' + (n / 10) as u8));
        s.push(char::from(b'0' + (n % 10) as u8));
    }
    s
}

/// Parses a date typed by a researcher, with an error that says what was wrong.
pub fn parse_user_date(what: &str, s: &str) -> Result<NaiveDate, String> {
    let t = s.trim();
    if t.len() == 10 {
        if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
            return Ok(d);
        }
    }
    Err(format!("{what} {s:?} is not a date (YYYY-MM-DD)"))
}

/// Whole years between two dates (age at a date).
pub fn years_between(from: NaiveDate, to: NaiveDate) -> i32 {
    to.years_since(from)
        .map(|y| y as i32)
        .unwrap_or_else(|| -(from.years_since(to).unwrap_or(0) as i32))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn parses_plain_and_timed_dates() {
        let d = NaiveDate::from_ymd_opt(2016, 3, 1).unwrap();
        assert_eq!(parse_date("2016-03-01"), Some(d));
        assert_eq!(parse_date("2016-03-01 00:00:00"), Some(d));
        assert_eq!(parse_date("2016-03-01T12:00:00"), Some(d));
        assert_eq!(parse_date("2016-03-01x"), None);
        assert_eq!(parse_date("2016-13-01"), None);
        assert_eq!(parse_date("01/03/2016"), None);
        assert_eq!(parse_date("2016"), None);
        assert_eq!(parse_date("é"), None);
    }

    #[test]
    fn the_fast_path_agrees_with_chrono() {
        let chrono_only = |s: &str| {
            let s = s.trim();
            let day = s.get(..10)?;
            if s.len() > 10 && !matches!(s.as_bytes()[10], b' ' | b'T') {
                return None;
            }
            NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
        };
        for raw in [
            "",
            "2016-03-01",
            " 2016-03-01 ",
            "2016-03-01 00:00:00",
            "2016-03-01T10:00:00",
            "2016-03-01x",
            "2016-02-30",
            "2016-02-29",
            "2015-02-29",
            "2016-13-01",
            "2016-00-10",
            "2016-3-1",
            "01/03/2016",
            "20160301",
            "0000-01-01",
            "9999-12-31",
            "é2016-03-01",
        ] {
            assert_eq!(parse_date(raw), chrono_only(raw), "{raw:?}");
        }
    }

    #[test]
    fn dates_format_as_iso() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(format_date(d(2016, 3, 1)), "2016-03-01");
        assert_eq!(format_date(d(987, 12, 31)), "0987-12-31");
        assert_eq!(
            format_date(d(2020, 2, 29)),
            d(2020, 2, 29).format("%Y-%m-%d").to_string()
        );
    }

    #[test]
    fn only_dashes_separate_the_parts_of_a_date() {
        for bad in [
            "2016x03-01",
            "2016-03x01",
            "2016/03-01",
            "2016-03/01",
            "20160-3-01",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        assert_eq!(parse_date("2016-03-01"), Some(d(2016, 3, 1)));
    }

    #[test]
    fn years_between_counts_whole_years_either_way() {
        assert_eq!(years_between(d(2014, 1, 1), d(2016, 6, 1)), 2);
        assert_eq!(years_between(d(2014, 6, 2), d(2016, 6, 1)), 1);
        assert_eq!(years_between(d(2016, 6, 1), d(2014, 1, 1)), -2);
        assert_eq!(years_between(d(2016, 6, 1), d(2016, 6, 1)), 0);
    }

    #[test]
    fn cells_keep_malformed_text() {
        assert_eq!(DateCell::parse(None), DateCell::Missing);
        assert_eq!(DateCell::parse(Some("  ")), DateCell::Missing);
        let bad = DateCell::parse(Some("31/02/2019"));
        assert_eq!(bad.as_written(), Some("31/02/2019"));
        assert_eq!(bad.display(), "31/02/2019");
        assert_eq!(bad.date(), None);
        assert_eq!(bad.csv(), "");
        assert_eq!(serde_json::to_string(&bad).unwrap(), "null");
        let good = DateCell::parse(Some("2016-02-29 00:00:00"));
        assert_eq!(good.as_written(), None);
        assert_eq!(good.csv(), "2016-02-29");
        assert_eq!(serde_json::to_string(&good).unwrap(), "\"2016-02-29\"");
    }

    #[test]
    fn user_dates_explain_errors() {
        let e = parse_user_date("referral-from", "2016-13-01").unwrap_err();
        assert_eq!(e, "referral-from \"2016-13-01\" is not a date (YYYY-MM-DD)");
        assert!(parse_user_date("x", "2016-1-1").is_err());
        assert!(parse_user_date("x", "2016-01-01").is_ok());
    }
}
