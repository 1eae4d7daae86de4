//! Observation windows: for each dataset, the period in which it observes events. Outside its
//! window, "no record" means "not observed", not "nothing happened"; an order with no end is open
//! at the end of its dataset's window (probation data stop at 2020-12-31, two years before the
//! courts'), which is where an outcome measure must censor it.
//!
//! The windows come from `extract_info` when it records them (`extract_date`; the contract's
//! `coverage_start.<source_dataset>` and `coverage_end.<source_dataset>`, or
//! `coverage.<source_dataset>` = `FROM..TO` as `dfexplorer import` writes them), else from the
//! built-in catalogue (FACTS.md): magistrates from 2011, the Crown Court from 2013, prison from
//! 2011, all to the extract date; probation referrals 2014-01-01 to 2020-12-31.

use chrono::NaiveDate;
use serde::Serialize;

use crate::contract::Dataset;
use crate::dates::{format_date, parse_date};

/// Both ends inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Window {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Window {
    pub fn contains(&self, d: NaiveDate) -> bool {
        d >= self.from && d <= self.to
    }

    /// `FROM..TO`, as `extract_info` and `--coverage` write it.
    pub fn parse(s: &str) -> Option<Window> {
        let (a, b) = s.trim().split_once("..")?;
        let w = Window {
            from: parse_date(a)?,
            to: parse_date(b)?,
        };
        (w.from <= w.to).then_some(w)
    }
}

impl std::fmt::Display for Window {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}..{}", format_date(self.from), format_date(self.to))
    }
}

/// Where a window (or the extract date) came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    ExtractInfo,
    BuiltIn,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Windows {
    pub extract_date: NaiveDate,
    pub extract_date_source: Source,
    /// One per dataset, in [`Dataset::ALL`] order.
    windows: [(Window, Source); 4],
}

/// The `extract_info` key of a dataset's window.
pub fn coverage_key(d: Dataset) -> String {
    format!("coverage.{}", d.source_name())
}

impl Windows {
    /// From `extract_info`'s key/value pairs; anything absent or unreadable is built in.
    pub fn from_info(info: &[(String, String)]) -> Windows {
        let get = |key: &str| info.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
        let (extract_date, extract_date_source) = match get("extract_date").and_then(parse_date) {
            Some(d) => (d, Source::ExtractInfo),
            None => (crate::contract::default_extract_date(), Source::BuiltIn),
        };
        let windows = Dataset::ALL.map(|d| {
            let built = built_in(d, extract_date);
            let range = get(&coverage_key(d)).and_then(Window::parse);
            // The contract's keys, one per end, win over the `FROM..TO` form.
            let end = |key: &str| get(&format!("{key}.{}", d.source_name())).and_then(parse_date);
            let from = end("coverage_start").or(range.map(|w| w.from));
            let to = end("coverage_end").or(range.map(|w| w.to));
            match (from, to) {
                (None, None) => (built, Source::BuiltIn),
                (from, to) => {
                    let w = Window {
                        from: from.unwrap_or(built.from),
                        to: to.unwrap_or(built.to),
                    };
                    if w.from <= w.to {
                        (w, Source::ExtractInfo)
                    } else {
                        (built, Source::BuiltIn)
                    }
                }
            }
        });
        Windows {
            extract_date,
            extract_date_source,
            windows,
        }
    }

    /// The database's windows (built in when it has no `extract_info`).
    pub fn read(conn: &rusqlite::Connection) -> Windows {
        Windows::from_info(&crate::db::extract_info(conn).unwrap_or_default())
    }

    pub fn of(&self, d: Dataset) -> Window {
        self.windows[index(d)].0
    }

    pub fn source_of(&self, d: Dataset) -> Source {
        self.windows[index(d)].1
    }
}

impl Default for Windows {
    fn default() -> Self {
        Windows::from_info(&[])
    }
}

fn index(d: Dataset) -> usize {
    Dataset::ALL.iter().position(|x| *x == d).unwrap_or(0)
}

/// The catalogue's window for a dataset, ending at the extract date at the latest.
pub fn built_in(d: Dataset, extract_date: NaiveDate) -> Window {
    let (from, catalogue_to) = d.coverage();
    // Courts and prison observe up to the extract; probation's data stop before it.
    let to = match d {
        Dataset::Probation => catalogue_to.min(extract_date),
        _ => extract_date,
    };
    Window {
        from: from.min(to),
        to,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    #[test]
    fn windows_come_from_extract_info_else_the_catalogue() {
        let built = Windows::default();
        assert_eq!(built.extract_date, d("2022-12-31"));
        assert_eq!(built.extract_date_source, Source::BuiltIn);
        assert_eq!(built.of(Dataset::Probation).to, d("2020-12-31"));
        assert_eq!(built.of(Dataset::Probation).from, d("2014-01-01"));
        assert_eq!(built.of(Dataset::Crown).from, d("2013-01-01"));
        assert_eq!(built.of(Dataset::Magistrates).to, d("2022-12-31"));

        let info = vec![
            ("extract_date".to_string(), "2019-06-30".to_string()),
            (
                "coverage.prison_nomis".to_string(),
                "2012-01-01..2018-12-31".to_string(),
            ),
            ("coverage.crown_xhibit".to_string(), "nonsense".to_string()),
        ];
        let w = Windows::from_info(&info);
        assert_eq!(w.extract_date_source, Source::ExtractInfo);
        assert_eq!(
            w.of(Dataset::Prison),
            Window::parse("2012-01-01..2018-12-31").unwrap()
        );
        assert_eq!(w.source_of(Dataset::Prison), Source::ExtractInfo);
        // An earlier extract date ends the built-in windows, probation's too.
        assert_eq!(w.of(Dataset::Probation).to, d("2019-06-30"));
        assert_eq!(w.of(Dataset::Crown).to, d("2019-06-30"));
        assert_eq!(w.source_of(Dataset::Crown), Source::BuiltIn);
    }

    #[test]
    fn the_contract_keys_set_each_end_of_a_window() {
        let info = vec![
            (
                "coverage_start.probation_delius".to_string(),
                "2015-01-01".to_string(),
            ),
            (
                "coverage_end.mags_hocas".to_string(),
                "2019-12-31".to_string(),
            ),
            (
                "coverage.mags_hocas".to_string(),
                "2012-01-01..2020-12-31".to_string(),
            ),
            // A start after the end is not a window: the built-in one stays.
            (
                "coverage_start.crown_xhibit".to_string(),
                "2030-01-01".to_string(),
            ),
        ];
        let w = Windows::from_info(&info);
        assert_eq!(w.of(Dataset::Probation).from, d("2015-01-01"));
        assert_eq!(w.of(Dataset::Probation).to, d("2020-12-31"));
        assert_eq!(w.source_of(Dataset::Probation), Source::ExtractInfo);
        assert_eq!(
            w.of(Dataset::Magistrates),
            Window::parse("2012-01-01..2019-12-31").unwrap()
        );
        assert_eq!(w.of(Dataset::Crown).from, d("2013-01-01"));
        assert_eq!(w.source_of(Dataset::Crown), Source::BuiltIn);
    }

    #[test]
    fn windows_parse_and_include_both_ends() {
        let w = Window::parse("2014-01-01..2020-12-31").unwrap();
        assert!(w.contains(d("2014-01-01")) && w.contains(d("2020-12-31")));
        assert!(!w.contains(d("2013-12-31")) && !w.contains(d("2021-01-01")));
        assert_eq!(w.to_string(), "2014-01-01..2020-12-31");
        assert_eq!(Window::parse("2020-01-01..2014-01-01"), None);
        assert_eq!(Window::parse("2020-01-01"), None);
        assert_eq!(Window::parse("2020-02-30..2021-01-01"), None);
    }
}
