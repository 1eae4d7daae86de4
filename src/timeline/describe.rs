//! How each dataset's records read on a timeline: the span, kind, one-line label and point
//! markers of a main-table record, and the same for child rows.

use chrono::NaiveDate;

use super::model::{Child, Marker};
use crate::contract::Dataset;
use crate::dates::DateCell;
use crate::observation::Windows;
use crate::quality;
use crate::record::Record;

/// Non-empty parts joined with a middle dot.
fn join(parts: &[Option<&str>]) -> String {
    parts
        .iter()
        .flatten()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

pub fn event_kind(d: Dataset, r: &Record) -> String {
    let named = |col: &str, fallback: &str| r.get(col).unwrap_or(fallback).to_string();
    match d {
        Dataset::Magistrates => "Magistrates' case".to_string(),
        Dataset::Crown => named("case_type", "Crown case"),
        Dataset::Prison => "Custodial journey".to_string(),
        Dataset::Probation => named("disposal_type_description", "Probation event"),
    }
}

pub fn event_label(d: Dataset, r: &Record) -> String {
    let g = |c: &str| r.get(c);
    match d {
        Dataset::Magistrates => join(&[
            g("offence_desc"),
            g("jsas_result_group_desc"),
            g("court_name"),
        ]),
        Dataset::Crown => join(&[g("offence_desc"), g("sentence_type"), g("court_name")]),
        Dataset::Prison => join(&[
            g("main_offence_desc"),
            g("sentence_type"),
            g("first_establishment"),
        ]),
        Dataset::Probation => {
            let days = g("length_in_days").map(|l| format!("{l} days"));
            join(&[
                g("mo_category_description"),
                days.as_deref(),
                g("probation_area_desc"),
            ])
        }
    }
}

/// Point dates drawn as glyphs on the event: offence and referral dates.
pub fn event_markers(d: Dataset, r: &Record) -> Vec<Marker> {
    let columns: &[&'static str] = match d {
        Dataset::Magistrates => &["offence_date"],
        Dataset::Crown | Dataset::Prison => &[],
        Dataset::Probation => &["referral_date", "main_offence_date"],
    };
    columns
        .iter()
        .filter_map(|c| r.date(c).date().map(|date| Marker { column: c, date }))
        .collect()
}

/// A child row as it hangs under its event.
pub fn child(r: Record, windows: &Windows) -> Child {
    let g = |c: &str| r.get(c);
    let (kind, start, end, label, interval) = match &*r.table {
        "magistrates_offence" | "crown_offence" => {
            let code = g("ho_offence_code").or(g("final_offence_ho_code"));
            let principal = matches!(g("is_principal"), Some("1" | "true" | "Y" | "y"));
            let kind = if principal {
                "Principal offence"
            } else {
                "Offence"
            };
            (
                kind.to_string(),
                r.date("offence_date"),
                DateCell::Missing,
                join(&[g("offence_desc"), code, g("result_desc")]),
                false,
            )
        }
        "probation_rqmnts" => {
            let length = match (g("length"), g("rqmnt_type_main_units_desc")) {
                (Some(l), Some(u)) => Some(format!("{l} {u}")),
                (Some(l), None) => Some(l.to_string()),
                _ => None,
            };
            (
                g("rqmnt_type_main_category_desc")
                    .unwrap_or("Requirement")
                    .to_string(),
                r.date("rqmnt_start_date"),
                r.date("rqmnt_termination_date"),
                join(&[
                    g("rqmnt_type_sub_category_desc"),
                    length.as_deref(),
                    g("rqmnt_termination_reason_desc"),
                ]),
                true,
            )
        }
        "probation_licence_conditions" => (
            "Licence condition".to_string(),
            r.date("lic_cond_start_date"),
            r.date("lic_cond_termination_date"),
            join(&[
                g("lic_cond_type_main_cat_desc"),
                g("lic_cond_type_sub_cat_desc"),
                g("lic_cond_termination_reason_desc"),
            ]),
            true,
        ),
        _ => (
            "PSS requirement".to_string(),
            r.date("pss_rqmnt_start_date"),
            r.date("pss_rqmnt_termination_date"),
            join(&[
                g("pss_rqmnt_type_main_category_desc"),
                g("pss_rqmnt_termination_reason_desc"),
            ]),
            true,
        ),
    };
    let open = interval && end == DateCell::Missing;
    Child {
        table: r.table.clone(),
        kind,
        start,
        end,
        open,
        label,
        flags: quality::record_flags(&r, windows),
        record: r,
    }
}

/// The column a child table joins its event on.
pub fn child_key(table: &str) -> (&'static str, &'static str) {
    match table {
        "magistrates_offence" | "crown_offence" => ("case_row_id_hash", "row_id_hash"),
        _ => ("event_id_hash", "event_id_hash"),
    }
}

/// Children in reading order: offences by sequence; requirements, then licence conditions, then
/// post-sentence supervision requirements, each by start date (missing last).
pub fn sort_children(children: &mut [Child]) {
    let table_rank = |t: &str| match t {
        "probation_licence_conditions" => 1,
        "probation_pss_rqmnts" => 2,
        _ => 0,
    };
    children.sort_by(|a, b| {
        let seq = |c: &Child| c.record.number("offence_seq").unwrap_or(f64::MAX);
        table_rank(&a.table)
            .cmp(&table_rank(&b.table))
            .then(seq(a).total_cmp(&seq(b)))
            .then(start_key(&a.start).cmp(&start_key(&b.start)))
    });
}

/// Sort key putting missing (and malformed) dates last.
pub fn start_key(d: &DateCell) -> (bool, Option<NaiveDate>) {
    (d.date().is_none(), d.date())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(table: &str, values: &[(&str, &str)]) -> Record {
        Record::new(
            table,
            values
                .iter()
                .map(|(c, v)| ((*c).into(), Some(v.to_string())))
                .collect(),
        )
    }

    fn x() -> &'static Windows {
        static W: std::sync::OnceLock<Windows> = std::sync::OnceLock::new();
        W.get_or_init(|| Windows::from_info(&[("extract_date".into(), "2020-12-31".into())]))
    }

    #[test]
    fn labels_skip_missing_parts() {
        let r = rec(
            "magistrates_case",
            &[("offence_desc", "Theft"), ("court_name", " Leeds MC ")],
        );
        assert_eq!(event_label(Dataset::Magistrates, &r), "Theft · Leeds MC");
        assert_eq!(event_kind(Dataset::Crown, &r), "Crown case");
        let p = rec(
            "probation_flatfile",
            &[
                ("disposal_type_description", "ORA Community Order"),
                ("length_in_days", "365"),
            ],
        );
        assert_eq!(event_kind(Dataset::Probation, &p), "ORA Community Order");
        assert_eq!(event_label(Dataset::Probation, &p), "365 days");
    }

    #[test]
    fn requirements_are_intervals_and_offences_points() {
        let r = child(
            rec(
                "probation_rqmnts",
                &[
                    ("rqmnt_type_main_category_desc", "Unpaid Work"),
                    ("length", "100"),
                    ("rqmnt_type_main_units_desc", "Hours"),
                    ("rqmnt_start_date", "2016-01-01"),
                ],
            ),
            x(),
        );
        assert_eq!(
            (r.kind.as_str(), r.label.as_str()),
            ("Unpaid Work", "100 Hours")
        );
        assert!(r.open, "no termination date: still running");
        // A length without units is still shown, alone; units without a length are not.
        let length_only =
            |values: &[(&str, &str)]| child(rec("probation_rqmnts", values), x()).label;
        assert_eq!(length_only(&[("length", "12")]), "12");
        assert_eq!(length_only(&[("rqmnt_type_main_units_desc", "Hours")]), "");
        let o = child(
            rec(
                "crown_offence",
                &[
                    ("offence_desc", "Burglary"),
                    ("final_offence_ho_code", "028"),
                ],
            ),
            x(),
        );
        assert_eq!(
            (o.kind.as_str(), o.label.as_str()),
            ("Offence", "Burglary · 028")
        );
        assert!(!o.open, "an offence is not an interval");
    }

    #[test]
    fn children_read_requirements_then_licence_conditions_then_pss_each_by_start() {
        let at = |table: &str, column: &str, date: &str| {
            child(rec(table, &[(column, date), ("row_id_hash", date)]), x())
        };
        let mut children = vec![
            at("probation_pss_rqmnts", "pss_rqmnt_start_date", "2015-01-01"),
            at(
                "probation_licence_conditions",
                "lic_cond_start_date",
                "2015-02-01",
            ),
            at("probation_rqmnts", "rqmnt_start_date", "2016-03-01"),
            at(
                "probation_licence_conditions",
                "lic_cond_start_date",
                "2014-06-01",
            ),
            at("probation_rqmnts", "rqmnt_start_date", "2016-01-01"),
        ];
        sort_children(&mut children);
        let order: Vec<(&str, Option<&str>)> = children
            .iter()
            .map(|c| (&*c.table, c.record.get("row_id_hash")))
            .collect();
        assert_eq!(
            order,
            [
                ("probation_rqmnts", Some("2016-01-01")),
                ("probation_rqmnts", Some("2016-03-01")),
                ("probation_licence_conditions", Some("2014-06-01")),
                ("probation_licence_conditions", Some("2015-02-01")),
                ("probation_pss_rqmnts", Some("2015-01-01")),
            ]
        );
    }

    #[test]
    fn markers_only_for_valid_dates() {
        let p = rec(
            "probation_flatfile",
            &[
                ("referral_date", "2016-13-01"),
                ("main_offence_date", "2015-01-02"),
            ],
        );
        let m = event_markers(Dataset::Probation, &p);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].column, "main_offence_date");
    }
}
