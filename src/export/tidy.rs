//! The tidy columns of exported records: one value per column, the same for a cohort's events
//! file and one person's timeline (`person --format csv`, the explorer's `e`). Each dataset's
//! fields are taken from its own columns by the table below, which the data dictionary prints.

use std::borrow::Cow;

use super::table::{Cell, Column, Kind, Rows};
use crate::dates::DateCell;
use crate::quality::{Flag, Rule};
use crate::record::Record;
use crate::timeline::{Event, PersonTimeline};

/// Where a field's value comes from.
enum Source {
    /// Computed from the timeline (IDs, dates, levels, flags).
    Timeline,
    /// The first of these (table, column) pairs that the record's table has.
    Columns(&'static [(&'static str, &'static str)]),
}

struct Field {
    column: Column,
    from: Source,
}

const fn computed(name: &'static str, kind: Kind, meaning: &'static str) -> Field {
    Field {
        column: Column::new(name, kind, meaning),
        from: Source::Timeline,
    }
}

const fn taken(
    name: &'static str,
    kind: Kind,
    meaning: &'static str,
    from: &'static [(&'static str, &'static str)],
) -> Field {
    Field {
        column: Column::new(name, kind, meaning),
        from: Source::Columns(from),
    }
}

const MAGS: &str = "magistrates_case";
const MAGS_OFF: &str = "magistrates_offence";
const CROWN: &str = "crown_case";
const CROWN_OFF: &str = "crown_offence";
const PRISON: &str = "prison_custodial_journey";
const FLAT: &str = "probation_flatfile";
const RQ: &str = "probation_rqmnts";
const LIC: &str = "probation_licence_conditions";
const PSS: &str = "probation_pss_rqmnts";

/// Every column of the events file, in order (before the optional flag columns).
static FIELDS: [Field; 33] = [
    computed("estimated_xjs_id", Kind::Text, "The cross-justice person ID; empty for a record that no xjs_link row places in a person."),
    computed("dataset", Kind::Text, "The source dataset: mags_hocas, crown_xhibit, prison_nomis or probation_delius."),
    computed("table", Kind::Text, "The table the row comes from."),
    computed("record_level", Kind::Text, "main: a record of the dataset's main table (a case, custodial journey or probation event); child: an offence, requirement, licence condition or PSS requirement under it."),
    computed("row_id_hash", Kind::Text, "The main record's row_id_hash (the first of a repeated probation event's rows); a child row carries its main record's, so children join to their record on it."),
    computed("source_rows", Kind::Integer, "Main records: how many main-table rows stand behind the record (over 1 where the probation flatfile repeats an event, counted once here); empty for child rows."),
    taken("case_or_event_id_hash", Kind::Text, "The case (case_id_hash) or probation event (event_id_hash) the row belongs to (a child row: its own, or its record's); empty for custodial journeys.", &[(MAGS, "case_id_hash"), (CROWN, "case_id_hash"), (FLAT, "event_id_hash"), (RQ, "event_id_hash"), (LIC, "event_id_hash"), (PSS, "event_id_hash")]),
    taken("dataset_person_id", Kind::Text, "The dataset's own person ID: estimated_defendant_id (courts) or estimated_offender_id (prison, probation); a child row without one has its record's.", &[(MAGS, "estimated_defendant_id"), (CROWN, "estimated_defendant_id"), (PRISON, "estimated_offender_id"), (FLAT, "estimated_offender_id"), (RQ, "estimated_offender_id"), (LIC, "estimated_offender_id"), (PSS, "estimated_offender_id")]),
    computed("kind", Kind::Text, "What the row is: \"Magistrates' case\", the Crown case type, \"Custodial journey\", the probation disposal type, \"Principal offence\" / \"Offence\", the requirement category, \"Licence condition\" or \"PSS requirement\"."),
    computed("start", Kind::Date, "When it began: first hearing (magistrates), receipt (Crown), journey start (prison), disposal date (probation), offence date (magistrates' offences), start date (requirements and conditions). Empty when missing or not a date (see quality_flags)."),
    computed("end", Kind::Date, "When it ended: final result, disposal, journey end, termination. Empty when missing (see open) or not a date."),
    computed("open", Kind::Boolean, "No end date: still running at the end of its dataset's observation window, so its length is right-censored."),
    computed("open_at", Kind::Date, "For an open row: the end of its dataset's observation window, where it is censored."),
    taken("offence_code", Kind::Text, "Home Office offence code (probation: the main offence code).", &[(MAGS, "ho_offence_code"), (MAGS_OFF, "ho_offence_code"), (CROWN, "final_offence_ho_code"), (CROWN_OFF, "final_offence_ho_code"), (PRISON, "main_offence_code"), (FLAT, "mo_code")]),
    taken("offence_desc", Kind::Text, "Offence description (the principal or main offence on a main record).", &[(MAGS, "offence_desc"), (MAGS_OFF, "offence_desc"), (CROWN, "offence_desc"), (CROWN_OFF, "offence_desc"), (PRISON, "main_offence_desc")]),
    taken("offence_group", Kind::Text, "Offence group (probation: the main offence category).", &[(MAGS, "offence_group"), (CROWN, "offence_group"), (FLAT, "mo_category_description")]),
    taken("offence_date", Kind::Date, "Date of the offence, where recorded (probation: the main offence date).", &[(MAGS, "offence_date"), (MAGS_OFF, "offence_date"), (FLAT, "main_offence_date")]),
    taken("plea", Kind::Text, "Plea.", &[(MAGS, "plea"), (MAGS_OFF, "plea"), (CROWN, "plea")]),
    taken("verdict", Kind::Text, "Verdict.", &[(MAGS, "verdict"), (MAGS_OFF, "verdict"), (CROWN, "verdict")]),
    taken("outcome", Kind::Text, "Outcome or disposal: the magistrates' result group, the Crown or prison sentence type, the probation disposal type, an offence's result.", &[(MAGS, "jsas_result_group_desc"), (MAGS_OFF, "result_desc"), (CROWN, "sentence_type"), (CROWN_OFF, "result_desc"), (PRISON, "sentence_type"), (FLAT, "disposal_type_description")]),
    taken("length", Kind::Integer, "Length of the custody, sentence, order or requirement, in length_units; empty when not recorded or not a whole number.", &[(MAGS, "custody_days"), (CROWN, "custodial_period_days"), (CROWN_OFF, "custodial_period_days"), (PRISON, "sentence_length_days"), (FLAT, "length_in_days"), (RQ, "length")]),
    computed("length_units", Kind::Text, "Units of length: days, or the requirement's own units (rqmnt_type_main_units_desc: Hours, Days, Months...)."),
    taken("amount", Kind::Real, "Fine or monetary amount, in pounds.", &[(MAGS, "fine_amount"), (CROWN, "monetary"), (CROWN_OFF, "monetary")]),
    taken("committed_to_crown", Kind::Text, "Magistrates' cases sent to the Crown Court: trial or sentence.", &[(MAGS, "committed_to_crown")]),
    taken("requirement_type", Kind::Text, "Requirement, licence condition or PSS requirement: main category.", &[(RQ, "rqmnt_type_main_category_desc"), (LIC, "lic_cond_type_main_cat_desc"), (PSS, "pss_rqmnt_type_main_category_desc")]),
    taken("requirement_subtype", Kind::Text, "Requirement or licence condition: sub-category.", &[(RQ, "rqmnt_type_sub_category_desc"), (LIC, "lic_cond_type_sub_cat_desc")]),
    taken("termination_reason", Kind::Text, "How it ended: a requirement's, condition's or PSS requirement's termination reason; a custodial journey's release type.", &[(RQ, "rqmnt_termination_reason_desc"), (LIC, "lic_cond_termination_reason_desc"), (PSS, "pss_rqmnt_termination_reason_desc"), (PRISON, "release_type")]),
    taken("recall_count", Kind::Integer, "Recalls during the custodial journey or licence.", &[(PRISON, "recall_count"), (FLAT, "recall_count")]),
    taken("place", Kind::Text, "Court, first establishment (prison) or probation area.", &[(MAGS, "court_name"), (CROWN, "court_name"), (PRISON, "first_establishment"), (FLAT, "probation_area_desc")]),
    taken("age", Kind::Integer, "Age as the record gives it: at the offence (magistrates, probation), at receipt (Crown), at reception (prison); empty when not a whole number.", &[(MAGS, "age_at_offence"), (CROWN, "age_at_receipt"), (PRISON, "age_at_reception"), (FLAT, "age_at_offence")]),
    taken("gender", Kind::Text, "Gender as the record gives it.", &[(MAGS, "gender"), (CROWN, "gender"), (PRISON, "gender"), (FLAT, "gender")]),
    taken("ethnicity", Kind::Text, "Ethnicity as the record gives it.", &[(MAGS, "ethnicity"), (CROWN, "ethnicity"), (PRISON, "ethnicity"), (FLAT, "ethnicity_desc")]),
    computed("quality_flags", Kind::Text, "The data-quality rules this row breaks, by name, separated by ';' (see `dfexplorer check --rules`); empty when none."),
];

/// The columns of an events file: [`FIELDS`], then with `flag_columns` one boolean per quality
/// rule (`flag_<rule>`).
pub fn event_columns(flag_columns: bool) -> Vec<Column> {
    let mut cols: Vec<Column> = FIELDS.iter().map(|f| f.column.clone()).collect();
    if flag_columns {
        cols.extend(Rule::ALL.iter().map(|r| Column {
            name: Cow::Owned(format!("flag_{}", r.name())),
            kind: Kind::Boolean,
            meaning: Cow::Owned(format!("The row breaks {}: {}", r.name(), r.explanation())),
        }));
    }
    cols
}

/// For the data dictionary: each dataset field's source columns, `table.column`.
pub fn event_sources(name: &str) -> Vec<String> {
    FIELDS
        .iter()
        .filter(|f| f.column.name == name)
        .flat_map(|f| match f.from {
            Source::Columns(c) => c.iter().map(|(t, c)| format!("{t}.{c}")).collect(),
            Source::Timeline => Vec::new(),
        })
        .collect()
}

/// The rows of one person's timeline: each main record, then its child rows.
pub fn push_event_rows(rows: &mut Rows, t: &PersonTimeline, flag_columns: bool) {
    let person = t.estimated_xjs_id.as_deref();
    let mut cells: Vec<Cell<'_>> = Vec::with_capacity(FIELDS.len() + Rule::ALL.len());
    for e in &t.events {
        let window_end = t.windows.of(e.dataset).to;
        let main = e.row_id_hashes.first().map(String::as_str);
        let row = RowOf {
            person,
            event: e,
            record: &e.record,
            level: "main",
            kind: &e.kind,
            start: &e.start,
            end: &e.end,
            open: e.open,
            flags: &e.flags,
            window_end,
        };
        cells.clear();
        row.fill(&mut cells, main, Some(e.row_id_hashes.len()), flag_columns);
        rows.push(&cells);
        for c in &e.children {
            let row = RowOf {
                record: &c.record,
                level: "child",
                kind: &c.kind,
                start: &c.start,
                end: &c.end,
                open: c.open,
                flags: &c.flags,
                ..row
            };
            cells.clear();
            row.fill(&mut cells, main, None, flag_columns);
            rows.push(&cells);
        }
    }
}

#[derive(Clone, Copy)]
struct RowOf<'a> {
    person: Option<&'a str>,
    event: &'a Event,
    record: &'a Record,
    level: &'static str,
    kind: &'a str,
    start: &'a DateCell,
    end: &'a DateCell,
    open: bool,
    flags: &'a [Flag],
    window_end: chrono::NaiveDate,
}

impl<'a> RowOf<'a> {
    fn fill(
        &self,
        cells: &mut Vec<Cell<'a>>,
        main: Option<&'a str>,
        source_rows: Option<usize>,
        flag_columns: bool,
    ) {
        let table: &str = &self.record.table;
        let text = |s: &'a str| Cell::Text(Cow::Borrowed(s));
        for f in &FIELDS {
            let cell = match f.from {
                Source::Columns(sources) => {
                    let from = |r: &'a Record| {
                        sources
                            .iter()
                            .find(|(t, _)| *t == &*r.table)
                            .and_then(|(_, c)| r.get(c))
                    };
                    // A child row without its case, event or person ID has its record's.
                    let value = match f.column.name.as_ref() {
                        "case_or_event_id_hash" | "dataset_person_id" => {
                            from(self.record).or_else(|| from(&self.event.record))
                        }
                        _ => from(self.record),
                    };
                    typed(f.column.kind, value)
                }
                Source::Timeline => match f.column.name.as_ref() {
                    "estimated_xjs_id" => Cell::from(self.person),
                    "dataset" => text(self.event.dataset.source_name()),
                    "table" => text(table),
                    "record_level" => text(self.level),
                    "row_id_hash" => Cell::from(main),
                    "source_rows" => source_rows.map_or(Cell::Null, |n| Cell::Integer(n as i64)),
                    "kind" => Cell::from(Some(self.kind).filter(|k| !k.is_empty())),
                    "start" => date(self.start),
                    "end" => date(self.end),
                    "open" => Cell::Boolean(self.open),
                    "open_at" => match self.open {
                        true => Cell::Date(self.window_end),
                        false => Cell::Null,
                    },
                    "length_units" => self.length_units(),
                    "quality_flags" => rule_names(self.flags),
                    other => unreachable!("no timeline value for {other}"),
                },
            };
            cells.push(cell);
        }
        if flag_columns {
            cells.extend(
                Rule::ALL
                    .iter()
                    .map(|r| Cell::Boolean(self.flags.iter().any(|f| f.rule == *r))),
            );
        }
    }

    /// Days for the main tables' lengths, the requirement's own units; nothing when `length` is
    /// empty (not recorded, or not a whole number).
    fn length_units(&self) -> Cell<'a> {
        let has_length = |c: &str| typed(Kind::Integer, self.record.get(c)) != Cell::Null;
        match &*self.record.table {
            MAGS if has_length("custody_days") => Cell::Text("days".into()),
            CROWN | CROWN_OFF if has_length("custodial_period_days") => Cell::Text("days".into()),
            PRISON if has_length("sentence_length_days") => Cell::Text("days".into()),
            FLAT if has_length("length_in_days") => Cell::Text("days".into()),
            RQ if has_length("length") => Cell::from(self.record.get("rqmnt_type_main_units_desc")),
            _ => Cell::Null,
        }
    }
}

/// The rules of `flags` by name, each once, separated by `;`; NULL when there are none.
pub fn rule_names(flags: &[Flag]) -> Cell<'static> {
    let mut names: Vec<&'static str> = Vec::with_capacity(flags.len());
    for f in flags {
        if !names.contains(&f.rule.name()) {
            names.push(f.rule.name());
        }
    }
    match names.as_slice() {
        [] => Cell::Null,
        [one] => Cell::Text(Cow::Borrowed(one)),
        many => Cell::Text(Cow::Owned(many.join(";"))),
    }
}

fn date(d: &DateCell) -> Cell<'static> {
    d.date().map_or(Cell::Null, Cell::Date)
}

/// A value of a record as its column's kind: text as stored; a whole number (`12`, `12.0`) or
/// nothing; a number; a date or nothing.
fn typed(kind: Kind, value: Option<&str>) -> Cell<'_> {
    let Some(v) = value else { return Cell::Null };
    match kind {
        Kind::Text => Cell::Text(Cow::Borrowed(v)),
        Kind::Integer => v
            .trim()
            .parse::<i64>()
            .ok()
            .or_else(|| {
                v.trim()
                    .parse::<f64>()
                    .ok()
                    .and_then(crate::output::parquet::whole)
            })
            .map_or(Cell::Null, Cell::Integer),
        Kind::Real => v
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .map_or(Cell::Null, Cell::Real),
        Kind::Date => crate::dates::parse_date(v).map_or(Cell::Null, Cell::Date),
        Kind::Boolean => Cell::Null,
    }
}

/// The people file's columns.
pub static PEOPLE_COLUMNS: [Column; 12] = [
    Column::new("estimated_xjs_id", Kind::Text, "The cross-justice person ID."),
    Column::new("index_referral_date", Kind::Date, "The index event: the person's earliest probation referral date in the cohort's range."),
    Column::new("mags_hocas_records", Kind::Integer, "Magistrates' cases of the person (all dates)."),
    Column::new("crown_xhibit_records", Kind::Integer, "Crown Court cases of the person (all dates)."),
    Column::new("prison_nomis_records", Kind::Integer, "Custodial journeys of the person (all dates)."),
    Column::new("probation_delius_records", Kind::Integer, "Probation events of the person (all dates; a repeated event counts once)."),
    Column::new("first_record_date", Kind::Date, "The earliest start or end date of any of the person's records."),
    Column::new("last_record_date", Kind::Date, "The latest start or end date of any of the person's records."),
    Column::new("gender_at_index", Kind::Text, "Gender on the index probation event."),
    Column::new("age_at_index", Kind::Integer, "Age on the index date, from the index event's age at offence carried forward to the referral."),
    Column::new("quality_flag_count", Kind::Integer, "Data-quality flags on the person and all their records (the rows of the events file name them)."),
    Column::new("person_flags", Kind::Text, "Data-quality rules about the person as a whole (possible false or missed links), by name, separated by ';'."),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_computed_field_has_a_value_and_every_name_is_unique() {
        let names: Vec<&str> = FIELDS.iter().map(|f| f.column.name.as_ref()).collect();
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), names.len());
        // Stata's limit on variable names.
        assert!(event_columns(true).iter().all(|c| c.name.len() <= 32));
        assert!(PEOPLE_COLUMNS.iter().all(|c| c.name.len() <= 32));
    }

    #[test]
    fn typed_values_are_exact_or_absent() {
        assert_eq!(typed(Kind::Integer, Some(" 12.0 ")), Cell::Integer(12));
        assert_eq!(typed(Kind::Integer, Some("12.5")), Cell::Null);
        assert_eq!(typed(Kind::Integer, Some("x")), Cell::Null);
        assert_eq!(typed(Kind::Real, Some("NaN")), Cell::Null);
        assert_eq!(typed(Kind::Real, Some("250.5")), Cell::Real(250.5));
        assert_eq!(typed(Kind::Date, Some("2016-02-30")), Cell::Null);
        assert_eq!(typed(Kind::Text, None), Cell::Null);
    }
}
