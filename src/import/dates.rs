//! Date text as delivered, normalised to the contract's `YYYY-MM-DD`.
//!
//! Accepted forms (day first, as in UK data): `2016-03-01`, `2016-03-01 00:00:00` (any time
//! part after a space or `T`), `2016/03/01`, `01/03/2016`, `1/3/2016`, `01-03-2016`,
//! `01.03.2016`, `20160301`, `01-MAR-2016` and `01MAR2016` (any case), each optionally followed
//! by a time part. Anything else, including impossible dates such as `31/02/2019`, is kept as
//! written so the explorer can show and flag it.

use std::borrow::Cow;

use chrono::{Datelike, NaiveDate};

/// The contract form of `raw`, or `raw` itself when it is not a date in a known form.
pub fn normalise_date(raw: &str) -> Cow<'_, str> {
    let b = raw.as_bytes();
    // Fast path: already `YYYY-MM-DD`. Kept as is even when impossible (it is flagged later).
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' && digits(&b[..4]) {
        return Cow::Borrowed(raw);
    }
    match parse_any(raw.trim()) {
        Some(d) => Cow::Owned(format_ymd(d)),
        None => Cow::Borrowed(raw),
    }
}

/// Days since 1970-01-01 as `YYYY-MM-DD` (parquet DATE); `None` when out of range.
pub fn date_from_epoch_days(days: i64) -> Option<String> {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1)?;
    let d = epoch.checked_add_signed(chrono::TimeDelta::try_days(days)?)?;
    Some(format_ymd(d))
}

/// The calendar date in England and Wales of an instant given in UTC as `units` since the epoch
/// (`per_day` units a day). Data First's timestamps are local midnights stored as UTC instants:
/// midnight on 1 June (BST) is 31 May 23:00 UTC, which must still read as 1 June. British
/// Summer Time runs from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday
/// of October (the rule since 1981, close enough before it for dates).
pub fn london_date_of_utc(units: i64, per_day: i64) -> Option<String> {
    let per_hour = per_day / 24;
    let utc_day = units.div_euclid(per_day);
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1)?;
    let date = epoch.checked_add_signed(chrono::TimeDelta::try_days(utc_day)?)?;
    let summer_starts = last_sunday(date.year(), 3)?;
    let summer_ends = last_sunday(date.year(), 10)?;
    let at_one_utc = |d: NaiveDate| (d - epoch).num_days() * per_day + per_hour;
    let in_summer = units >= at_one_utc(summer_starts) && units < at_one_utc(summer_ends);
    let local = units + if in_summer { per_hour } else { 0 };
    date_from_epoch_days(local.div_euclid(per_day))
}

fn last_sunday(year: i32, month: u32) -> Option<NaiveDate> {
    let next_month = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    let last = next_month.pred_opt()?;
    let back = last.weekday().num_days_from_sunday();
    last.checked_sub_signed(chrono::TimeDelta::try_days(i64::from(back))?)
}

fn format_ymd(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

fn digits(b: &[u8]) -> bool {
    !b.is_empty() && b.iter().all(u8::is_ascii_digit)
}

fn parse_any(s: &str) -> Option<NaiveDate> {
    // Drop a time part: everything after the first space or a `T` following a digit.
    let day = match s.find([' ', 'T']) {
        Some(i) if i >= 8 => &s[..i],
        _ => s,
    };
    let b = day.as_bytes();
    if b.len() == 8 && digits(b) {
        return ymd(&day[..4], &day[4..6], &day[6..]);
    }
    if let Some(d) = parse_month_name(day) {
        return Some(d);
    }
    let sep = day.find(['-', '/', '.'])?;
    let parts: Vec<&str> = day.split(day.as_bytes()[sep] as char).collect();
    if parts.len() != 3 || !parts.iter().all(|p| digits(p.as_bytes())) {
        return None;
    }
    if parts[0].len() == 4 {
        ymd(parts[0], parts[1], parts[2])
    } else if parts[2].len() == 4 && parts[0].len() <= 2 && parts[1].len() <= 2 {
        ymd(parts[2], parts[1], parts[0])
    } else {
        None
    }
}

/// `01-MAR-2016`, `01MAR2016`, `1-Mar-2016`.
fn parse_month_name(s: &str) -> Option<NaiveDate> {
    let t: String = s.chars().filter(|c| *c != '-' && *c != ' ').collect();
    let split = t.find(|c: char| c.is_ascii_alphabetic())?;
    let (day, rest) = t.split_at(split);
    if rest.len() != 7 || !(1..=2).contains(&day.len()) {
        return None;
    }
    let (mon, year) = rest.split_at(3);
    const MONTHS: [&str; 12] = [
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
    ];
    let m = MONTHS.iter().position(|x| x.eq_ignore_ascii_case(mon))? + 1;
    if !digits(year.as_bytes()) || !digits(day.as_bytes()) {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, m as u32, day.parse().ok()?)
}

fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_instants_take_the_date_in_england_and_wales() {
        const MS_DAY: i64 = 86_400_000;
        const MS_HOUR: i64 = 3_600_000;
        let at = |date: &str, hour: i64, minute: i64| {
            let d = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
            let days = (d - NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()).num_days();
            days * MS_DAY + hour * MS_HOUR + minute * 60_000
        };
        let london = |t: i64| london_date_of_utc(t, MS_DAY).unwrap();
        // Midnight BST on 1 June is 23:00 UTC the day before.
        assert_eq!(london(at("2016-05-31", 23, 0)), "2016-06-01");
        // In winter, UTC is the local time.
        assert_eq!(london(at("2016-01-09", 23, 0)), "2016-01-09");
        // 2016: BST from 01:00 UTC on Sunday 27 March to 01:00 UTC on Sunday 30 October.
        assert_eq!(london(at("2016-03-27", 0, 59)), "2016-03-27");
        assert_eq!(london(at("2016-03-26", 23, 30)), "2016-03-26");
        assert_eq!(london(at("2016-03-27", 23, 0)), "2016-03-28");
        assert_eq!(london(at("2016-10-29", 23, 0)), "2016-10-30");
        assert_eq!(london(at("2016-10-30", 23, 0)), "2016-10-30");
        // Microseconds and dates before the epoch work the same way.
        assert_eq!(
            london_date_of_utc(at("1969-07-20", 23, 30) * 1000, MS_DAY * 1000).unwrap(),
            "1969-07-21"
        );
    }

    #[test]
    fn common_forms_become_iso() {
        for raw in [
            "2016-03-01",
            "2016-03-01 00:00:00",
            "2016-03-01T10:11:12Z",
            "2016/03/01",
            "01/03/2016",
            "1/3/2016",
            "01-03-2016",
            "01.03.2016",
            "20160301",
            "01-MAR-2016",
            "01mar2016",
            "01/03/2016 00:00",
            " 01/03/2016 ",
        ] {
            assert_eq!(normalise_date(raw), "2016-03-01", "{raw}");
        }
    }

    #[test]
    fn others_are_kept_as_written() {
        for raw in [
            "31/02/2019",
            "2016-13-01",
            "March 2016",
            "unknown",
            "16/3/1",
            "2016",
        ] {
            assert_eq!(normalise_date(raw), raw, "{raw}");
        }
    }

    #[test]
    fn epoch_days() {
        assert_eq!(date_from_epoch_days(0).unwrap(), "1970-01-01");
        assert_eq!(date_from_epoch_days(16861).unwrap(), "2016-03-01");
        assert_eq!(date_from_epoch_days(-1).unwrap(), "1969-12-31");
        assert!(date_from_epoch_days(i64::MAX).is_none());
    }
}
