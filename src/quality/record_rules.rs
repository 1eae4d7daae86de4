//! Record-level rules: what each table's columns mean for quality (which dates start and end the
//! record, which are checked against coverage, where age, ethnicity and area live), and the checks
//! on one row. The same code judges a [`Record`] for the explorer and a streamed row for `check`.

use super::{Flag, Rule};
use crate::contract::Dataset;
use crate::dates::{format_date, DateCell};
use crate::observation::Windows;
use crate::record::Record;

/// Ages outside these bounds (whole years, inclusive) are implausible: 10 is the age of criminal
/// responsibility in England and Wales; above 100 is far beyond any real defendant or prisoner.
pub const MIN_PLAUSIBLE_AGE: f64 = 10.0;
pub const MAX_PLAUSIBLE_AGE: f64 = 100.0;

/// Ethnicity values that carry no information (compared case-insensitively, trimmed). Blank and
/// NULL count too, and so does anything starting `Z_Dummy`.
const PLACEHOLDER_ETHNICITIES: [&str; 2] = ["refusal", "not stated"];

/// The meaning of a table's columns for the record-level rules.
#[derive(Debug)]
pub(crate) struct TableRoles {
    pub table: &'static str,
    pub dataset: Dataset,
    /// Every date column the rules read (malformed, after-extract checks).
    pub dates: &'static [&'static str],
    /// Dates that must fall inside `Dataset::coverage()`: starts and offence/referral dates.
    /// End dates are not checked: an order that began inside the window may end after it.
    pub coverage_dates: &'static [&'static str],
    /// The span: (start, end); a missing end means still open at the end of the dataset's
    /// observation window.
    pub span: Option<(&'static str, &'static str)>,
    pub commencement: Option<&'static str>,
    pub age: Option<&'static str>,
    pub ethnicity: Option<&'static str>,
    pub lsoa: Option<&'static str>,
}

pub(crate) const TABLE_ROLES: [TableRoles; 9] = [
    TableRoles {
        table: "magistrates_case",
        dataset: Dataset::Magistrates,
        dates: &["offence_date", "first_hearing_date", "final_result_date"],
        coverage_dates: &["offence_date", "first_hearing_date"],
        span: Some(("first_hearing_date", "final_result_date")),
        commencement: None,
        age: Some("age_at_offence"),
        ethnicity: Some("ethnicity"),
        lsoa: Some("lsoa"),
    },
    TableRoles {
        table: "magistrates_offence",
        dataset: Dataset::Magistrates,
        dates: &["offence_date"],
        coverage_dates: &["offence_date"],
        span: None,
        commencement: None,
        age: None,
        ethnicity: None,
        lsoa: None,
    },
    TableRoles {
        table: "crown_case",
        dataset: Dataset::Crown,
        dates: &["receipt_date", "first_hearing_date", "disposal_date"],
        coverage_dates: &["receipt_date", "first_hearing_date"],
        span: Some(("receipt_date", "disposal_date")),
        commencement: None,
        age: Some("age_at_receipt"),
        ethnicity: Some("ethnicity"),
        lsoa: Some("lsoa"),
    },
    TableRoles {
        table: "crown_offence",
        dataset: Dataset::Crown,
        dates: &[],
        coverage_dates: &[],
        span: None,
        commencement: None,
        age: None,
        ethnicity: None,
        lsoa: None,
    },
    TableRoles {
        table: "prison_custodial_journey",
        dataset: Dataset::Prison,
        dates: &["journey_start_date", "journey_end_date"],
        coverage_dates: &["journey_start_date"],
        span: Some(("journey_start_date", "journey_end_date")),
        commencement: None,
        age: Some("age_at_reception"),
        ethnicity: Some("ethnicity"),
        lsoa: None,
    },
    TableRoles {
        table: "probation_flatfile",
        dataset: Dataset::Probation,
        dates: &[
            "referral_date",
            "disposal_date",
            "disposal_termination_date",
            "main_offence_date",
        ],
        // Coverage is defined on referrals: disposals and offences behind a 2014 referral
        // (a licence after a long sentence, say) can legitimately be years older.
        coverage_dates: &["referral_date"],
        span: Some(("disposal_date", "disposal_termination_date")),
        commencement: None,
        age: Some("age_at_offence"),
        ethnicity: Some("ethnicity_desc"),
        lsoa: Some("lsoa_residence"),
    },
    TableRoles {
        table: "probation_rqmnts",
        dataset: Dataset::Probation,
        dates: &[
            "rqmnt_start_date",
            "rqmnt_commencement_date",
            "rqmnt_termination_date",
        ],
        coverage_dates: &[],
        span: Some(("rqmnt_start_date", "rqmnt_termination_date")),
        commencement: Some("rqmnt_commencement_date"),
        age: None,
        ethnicity: None,
        lsoa: None,
    },
    TableRoles {
        table: "probation_licence_conditions",
        dataset: Dataset::Probation,
        dates: &["lic_cond_start_date", "lic_cond_termination_date"],
        coverage_dates: &[],
        span: Some(("lic_cond_start_date", "lic_cond_termination_date")),
        commencement: None,
        age: None,
        ethnicity: None,
        lsoa: None,
    },
    TableRoles {
        table: "probation_pss_rqmnts",
        dataset: Dataset::Probation,
        dates: &["pss_rqmnt_start_date", "pss_rqmnt_termination_date"],
        coverage_dates: &[],
        span: Some(("pss_rqmnt_start_date", "pss_rqmnt_termination_date")),
        commencement: None,
        age: None,
        ethnicity: None,
        lsoa: None,
    },
];

/// The date cohorts are selected on: an event without it is in no cohort.
const REFERRAL_DATE: &str = "referral_date";

pub(crate) fn roles(table: &str) -> Option<&'static TableRoles> {
    TABLE_ROLES.iter().find(|r| r.table == table)
}

impl TableRoles {
    /// The columns the rules read, each once.
    pub fn columns(&self) -> Vec<&'static str> {
        let mut cols: Vec<&'static str> = self.dates.to_vec();
        cols.extend(self.age);
        cols.extend(self.ethnicity);
        cols.extend(self.lsoa);
        cols.dedup();
        cols
    }

    /// Whether a record-level rule can fire on this table.
    pub fn applies(&self, rule: Rule) -> bool {
        match rule {
            Rule::MissingCommencementDate => self.commencement.is_some(),
            Rule::OpenAtExtract | Rule::EndBeforeStart => self.span.is_some(),
            Rule::DateOutsideCoverage => !self.coverage_dates.is_empty(),
            Rule::DateAfterExtract | Rule::MalformedDate => !self.dates.is_empty(),
            Rule::MissingReferralDate => self.dates.contains(&REFERRAL_DATE),
            Rule::PlaceholderEthnicity => self.ethnicity.is_some(),
            Rule::ImplausibleAge => self.age.is_some(),
            Rule::WelshLsoa | Rule::MissingLsoa => self.lsoa.is_some(),
            _ => false,
        }
    }
}

/// Read access to one row's cells by column name; blank and NULL both read as `None`.
pub(crate) trait Cells {
    /// Whether the row has this column at all (a missing column is never judged).
    fn has(&self, column: &str) -> bool;
    fn get(&self, column: &str) -> Option<&str>;
}

impl Cells for Record {
    fn has(&self, column: &str) -> bool {
        Record::has(self, column)
    }
    fn get(&self, column: &str) -> Option<&str> {
        Record::get(self, column)
    }
}

/// One rule firing on one column of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Finding {
    pub rule: Rule,
    pub column: &'static str,
}

/// Runs every record-level rule on a row, pushing findings to `out` (cleared first).
pub(crate) fn findings(
    roles: &TableRoles,
    row: &impl Cells,
    windows: &Windows,
    out: &mut Vec<Finding>,
) {
    out.clear();
    let mut push = |rule, column| out.push(Finding { rule, column });
    let extract_date = windows.extract_date;
    let window = windows.of(roles.dataset);
    let (cov_from, cov_to) = (window.from, window.to);
    // Each date parsed once; `None` where the row lacks the column. Tables have at most 4 dates.
    let mut parsed: [Option<DateCell>; 4] = [None, None, None, None];
    for (slot, &col) in parsed.iter_mut().zip(roles.dates) {
        if !row.has(col) {
            continue;
        }
        let cell = DateCell::parse(row.get(col));
        match cell {
            DateCell::Malformed(_) => push(Rule::MalformedDate, col),
            DateCell::Valid(d) if d > extract_date => push(Rule::DateAfterExtract, col),
            DateCell::Valid(d)
                if roles.coverage_dates.contains(&col) && (d < cov_from || d > cov_to) =>
            {
                push(Rule::DateOutsideCoverage, col)
            }
            _ => {}
        }
        *slot = Some(cell);
    }
    let date = |col: &str| {
        let i = roles.dates.iter().position(|c| *c == col)?;
        parsed.get(i)?.as_ref()
    };
    if let Some((start, end)) = roles.span {
        match (date(start), date(end)) {
            // No start either: nothing began, so nothing is open.
            (Some(DateCell::Missing), _) | (None, _) | (_, None) => {}
            (_, Some(DateCell::Missing)) => push(Rule::OpenAtExtract, end),
            (Some(DateCell::Valid(s)), Some(DateCell::Valid(e))) if e < s => {
                push(Rule::EndBeforeStart, end)
            }
            _ => {}
        }
    }
    if let Some(DateCell::Missing) = date(REFERRAL_DATE) {
        push(Rule::MissingReferralDate, REFERRAL_DATE);
    }
    if let Some(col) = roles.commencement.filter(|c| row.has(c)) {
        if row.get(col).is_none() {
            push(Rule::MissingCommencementDate, col);
        }
    }
    if let Some(col) = roles.ethnicity.filter(|c| row.has(c)) {
        if is_placeholder_ethnicity(row.get(col)) {
            push(Rule::PlaceholderEthnicity, col);
        }
    }
    if let Some(col) = roles.age.filter(|c| row.has(c)) {
        if let Some(raw) = row.get(col) {
            if !plausible_age(raw) {
                push(Rule::ImplausibleAge, col);
            }
        }
    }
    if let Some(col) = roles.lsoa.filter(|c| row.has(c)) {
        match row.get(col) {
            None => push(Rule::MissingLsoa, col),
            Some(v) if is_welsh_lsoa(v) => push(Rule::WelshLsoa, col),
            _ => {}
        }
    }
}

pub(crate) fn is_placeholder_ethnicity(value: Option<&str>) -> bool {
    match value.map(|v| v.trim().to_ascii_lowercase()) {
        None => true,
        Some(v) => {
            v.is_empty()
                || v.starts_with("z_dummy")
                || PLACEHOLDER_ETHNICITIES.contains(&v.as_str())
        }
    }
}

/// A recorded age is plausible when it is a number within the documented bounds.
pub(crate) fn plausible_age(raw: &str) -> bool {
    raw.trim()
        .parse::<f64>()
        .is_ok_and(|a| (MIN_PLAUSIBLE_AGE..=MAX_PLAUSIBLE_AGE).contains(&a))
}

pub(crate) fn is_welsh_lsoa(value: &str) -> bool {
    value
        .trim()
        .get(..3)
        .is_some_and(|p| p.eq_ignore_ascii_case("W01"))
}

/// Flags on one record (main or child row) judged on its own. Tables without record-level rules
/// (link and metadata tables) get none.
pub fn record_flags(record: &Record, windows: &Windows) -> Vec<Flag> {
    let Some(roles) = roles(&record.table) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    findings(roles, record, windows, &mut found);
    found
        .into_iter()
        .map(|f| Flag::new(f.rule, detail(roles, record, f, windows)))
        .collect()
}

fn detail(roles: &TableRoles, r: &Record, f: Finding, windows: &Windows) -> String {
    let col = f.column;
    let value = r.get(col).unwrap_or("");
    let extract = format_date(windows.extract_date);
    let window = windows.of(roles.dataset);
    match f.rule {
        Rule::MalformedDate => format!("{col} {value:?} is not a date (YYYY-MM-DD)"),
        Rule::DateAfterExtract => format!("{col} {value} is after the extract date {extract}"),
        Rule::DateOutsideCoverage => format!(
            "{col} {value} is outside the {} coverage ({} to {})",
            roles.dataset.label(),
            format_date(window.from),
            format_date(window.to)
        ),
        Rule::OpenAtExtract => format!(
            "{col} is empty: still open at the end of the {} observation window {}",
            roles.dataset.label(),
            format_date(window.to)
        ),
        Rule::EndBeforeStart => {
            let start = roles.span.map(|(s, _)| s).unwrap_or("start");
            format!(
                "{col} {value} is before {start} {}",
                r.get(start).unwrap_or("")
            )
        }
        Rule::MissingCommencementDate => match r.get("rqmnt_start_date") {
            Some(s) => format!("{col} is missing; rqmnt_start_date is {s}"),
            None => format!("{col} is missing"),
        },
        Rule::PlaceholderEthnicity if value.is_empty() => format!("{col} is blank"),
        Rule::PlaceholderEthnicity => format!("{col} is the placeholder {value:?}"),
        Rule::ImplausibleAge => {
            format!("{col} {value:?} is outside {MIN_PLAUSIBLE_AGE}-{MAX_PLAUSIBLE_AGE} years")
        }
        Rule::WelshLsoa => format!("{col} {value} is a Welsh LSOA"),
        Rule::MissingLsoa => format!("{col} is missing"),
        Rule::MissingReferralDate => {
            format!("{col} is missing: the event is in no referral-date cohort")
        }
        other => format!("{col}: {}", other.title()),
    }
}
