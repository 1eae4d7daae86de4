//! Requirement completion (`--index probation-start`): for the requirements of each person's
//! index probation event, by requirement type, how many were completed, ended otherwise (by
//! termination reason) or were still running when the probation data end.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use super::follow::PersonOutcome;
use crate::contract::Dataset;
use crate::dates::parse_date;
use crate::db::{row_text, table_exists};
use crate::disclosure::{Rules, Shown};
use crate::timeline::bulk::for_each_match;

/// How a requirement had ended by the end of the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Completed,
    EndedOtherwise,
    StillRunning,
}

/// Termination reasons that mean the requirement ran its course.
pub fn is_completion(reason: &str) -> bool {
    let r = reason.to_ascii_lowercase();
    r.contains("complet") || r.contains("expired (normal)")
}

/// One requirement type's counts.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RequirementRow {
    pub requirement_type: String,
    pub requirements: u64,
    pub completed: u64,
    pub ended_otherwise: u64,
    pub still_running: u64,
    /// Ended requirements by termination reason ("(missing)" when blank).
    pub reasons: BTreeMap<String, u64>,
}

/// The shown form of a row, after disclosure control.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShownRow {
    pub requirement_type: String,
    pub requirements: Shown,
    pub completed: Shown,
    pub ended_otherwise: Shown,
    pub still_running: Shown,
    pub reasons: Vec<(String, Shown)>,
}

impl RequirementRow {
    /// The reasons and the still-running count add up to the total: they are one line for
    /// secondary suppression; the completed and ended-otherwise subtotals are shown only when
    /// nothing in the line is hidden (else a subtotal could give a hidden count back).
    pub fn shown(&self, rules: Rules) -> ShownRow {
        let mut cells: Vec<u64> = self.reasons.values().copied().collect();
        cells.push(self.still_running);
        let line = rules.line(&cells);
        let all_shown = line.iter().all(Shown::is_shown);
        let subtotal = |n: u64| {
            if all_shown || n == 0 {
                rules.one(n)
            } else {
                Shown::Hidden
            }
        };
        ShownRow {
            requirement_type: self.requirement_type.clone(),
            requirements: rules.one(self.requirements),
            completed: subtotal(self.completed),
            ended_otherwise: subtotal(self.ended_otherwise),
            still_running: line[line.len() - 1],
            reasons: self.reasons.keys().cloned().zip(line).collect(),
        }
    }
}

/// The requirements of the people's index events (`index_row` is the index flatfile row), with
/// their status on `data_end`.
pub fn completion(
    conn: &Connection,
    people: &[PersonOutcome],
    data_end: NaiveDate,
) -> rusqlite::Result<Vec<RequirementRow>> {
    let main = Dataset::Probation.main_table();
    if !table_exists(conn, main)? || !table_exists(conn, "probation_rqmnts")? {
        return Ok(Vec::new());
    }
    let mut rows: BTreeMap<String, RequirementRow> = BTreeMap::new();
    for chunk in people.chunks(2_000) {
        let keys: Vec<&str> = chunk.iter().map(|p| p.index_row.as_str()).collect();
        let mut events: Vec<String> = Vec::new();
        for_each_match(
            conn,
            main,
            "row_id_hash",
            "m.event_id_hash",
            "",
            &keys,
            |_, _, r| {
                if let Some(e) = row_text(r, 0)? {
                    events.push(e);
                }
                Ok(())
            },
        )?;
        // A duplicated event row names the same event twice: its requirements count once.
        events.sort();
        events.dedup();
        let keys: Vec<&str> = events.iter().map(String::as_str).collect();
        for_each_match(
            conn,
            "probation_rqmnts",
            "event_id_hash",
            "m.rqmnt_type_main_category_desc, m.rqmnt_termination_date, m.rqmnt_termination_reason_desc",
            "",
            &keys,
            |_, _, r| {
                let kind = text_or_missing(row_text(r, 0)?);
                let ended = row_text(r, 1)?
                    .as_deref()
                    .and_then(parse_date)
                    .is_some_and(|d| d <= data_end);
                let reason = text_or_missing(row_text(r, 2)?);
                let row = rows.entry(kind.clone()).or_insert_with(|| RequirementRow {
                    requirement_type: kind,
                    ..RequirementRow::default()
                });
                row.requirements += 1;
                if !ended {
                    row.still_running += 1;
                } else {
                    *row.reasons.entry(reason.clone()).or_default() += 1;
                    if is_completion(&reason) {
                        row.completed += 1;
                    } else {
                        row.ended_otherwise += 1;
                    }
                }
                Ok(())
            },
        )?;
    }
    Ok(rows.into_values().collect())
}

fn text_or_missing(s: Option<String>) -> String {
    s.map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "(missing)".to_string())
}

/// The text lines of the table, the type column narrowed (names cut with `…`) so that a line
/// fits in `line_width` characters where it can.
pub fn lines(
    rows: &[RequirementRow],
    rules: Rules,
    data_end: NaiveDate,
    line_width: usize,
) -> Vec<String> {
    let mut out = vec![
        String::new(),
        format!("requirements of the index events (status on {data_end}, the end of the probation data)"),
    ];
    // The type column: wide enough for the types and for their reasons (indented four more),
    // narrowed so a line (two spaces, the column, four counts of ten) fits in `line_width`.
    let width = rows
        .iter()
        .flat_map(|r| {
            let reasons = r.reasons.keys().map(|k| k.chars().count() + 4);
            reasons.chain([r.requirement_type.chars().count()])
        })
        .max()
        .unwrap_or(4)
        .min(line_width.saturating_sub(2 + 4 * 10))
        .clamp(4, 48);
    out.push(format!(
        "  {:<width$} {:>9} {:>9} {:>9} {:>9}",
        "type", "total", "completed", "otherwise", "running"
    ));
    for r in rows {
        let s = r.shown(rules);
        let name = super::text::fit(&s.requirement_type, width);
        out.push(format!(
            "  {name:<width$} {:>9} {:>9} {:>9} {:>9}",
            s.requirements.text(),
            s.completed.text(),
            s.ended_otherwise.text(),
            s.still_running.text()
        ));
        for (reason, n) in &s.reasons {
            out.push(format!(
                "      {:<w2$} {:>9}",
                super::text::fit(reason, width - 4),
                n.text(),
                w2 = width - 4
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completions_are_told_from_other_endings() {
        assert!(is_completion("Requirement Completed"));
        assert!(is_completion("Expired (Normal)"));
        assert!(!is_completion("Breached"));
        assert!(!is_completion("Revoked"));
        assert!(!is_completion("(missing)"));
    }

    #[test]
    fn subtotals_never_give_a_hidden_reason_back() {
        let rules = Rules { threshold: 10 };
        let row = RequirementRow {
            requirement_type: "Unpaid Work".into(),
            requirements: 70,
            completed: 58,
            ended_otherwise: 8,
            still_running: 4,
            reasons: [
                ("Breached".to_string(), 8),
                ("Expired (Normal)".to_string(), 19),
                ("Requirement Completed".to_string(), 39),
            ]
            .into_iter()
            .collect(),
        };
        let s = row.shown(rules);
        assert_eq!(s.requirements, Shown::Value(70));
        assert_eq!(s.still_running, Shown::Small(10));
        assert_eq!(s.completed, Shown::Hidden);
        assert_eq!(s.ended_otherwise, Shown::Hidden);
        // The breaches and the running count (both small) protect each other.
        assert_eq!(s.reasons[0].1, Shown::Small(10));
        assert_eq!(s.reasons[1].1, Shown::Value(19));
        // With only the breaches small, the smallest other reason is hidden too.
        let one_small = RequirementRow {
            still_running: 0,
            ..row.clone()
        };
        let s = one_small.shown(rules);
        assert_eq!(s.reasons[1].1, Shown::Hidden, "{s:?}");
        assert_eq!(s.still_running, Shown::Value(0));
        // With nothing small, everything is shown.
        let big = RequirementRow {
            still_running: 12,
            ended_otherwise: 20,
            reasons: [
                ("Breached".to_string(), 20),
                ("Requirement Completed".to_string(), 38),
            ]
            .into_iter()
            .collect(),
            ..row
        };
        let s = big.shown(rules);
        assert_eq!(
            (s.completed, s.ended_otherwise),
            (Shown::Value(58), Shown::Value(20))
        );
    }

    /// Each type's counts, then its reasons indented beneath, the counts in one column and
    /// no name cut short while it fits.
    #[test]
    fn the_table_shows_each_type_then_its_reasons() {
        let row = RequirementRow {
            requirement_type: "Curfew".into(),
            requirements: 30,
            completed: 12,
            ended_otherwise: 11,
            still_running: 7,
            reasons: [
                ("Breached".to_string(), 11),
                ("Requirement Completed".to_string(), 12),
            ]
            .into_iter()
            .collect(),
        };
        let end = NaiveDate::from_ymd_opt(2020, 12, 31).unwrap();
        let got = lines(
            std::slice::from_ref(&row),
            Rules { threshold: 0 },
            end,
            usize::MAX,
        );
        let want = [
            "",
            "requirements of the index events (status on 2020-12-31, the end of the probation data)",
            "  type                          total completed otherwise   running",
            "  Curfew                           30        12        11         7",
            "      Breached                     11",
            "      Requirement Completed        12",
        ];
        assert_eq!(got, want);
        // In 60 characters the type column narrows to 18 and the counts stay whole.
        let narrow = lines(&[row], Rules { threshold: 0 }, end, 60);
        assert_eq!(
            narrow[2..],
            [
                "  type                   total completed otherwise   running",
                "  Curfew                    30        12        11         7",
                "      Breached              11",
                "      Requirement C…        12",
            ]
        );
        assert!(narrow[2..].iter().all(|l| l.chars().count() <= 60));
    }
}
