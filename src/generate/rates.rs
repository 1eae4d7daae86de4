//! How often each known data-quality problem (FACTS.md, "Known data-quality problems") is
//! injected, and the few behavioural rates that shape the journeys. Every rate says exactly what
//! it is a share of, so tests can measure it back with the quality rules.

/// Problem 1. Share of probation events (distinct `event_id_hash`) written twice to
/// `probation_flatfile`: the copy repeats every value except `row_id_hash`.
pub const DUPLICATE_EVENT_ROWS: f64 = 0.02;

/// Problem 2. Share of `probation_rqmnts` rows whose `rqmnt_commencement_date` is NULL.
pub const MISSING_COMMENCEMENT_DATE: f64 = 0.80;

/// Problem 3 is not injected: it follows from the data. Probation is observed to this date
/// (FACTS.md); orders, requirements, licence conditions and PSS requirements still running then
/// have NULL termination date and reason. Prison journeys still running at the extract date have
/// NULL `journey_end_date`.
pub const PROBATION_OBSERVED_TO: (i32, u32, u32) = (2020, 12, 31);

/// Share of main-table records with an end date (magistrates `final_result_date`, Crown
/// `disposal_date`, prison `journey_end_date`, probation `disposal_termination_date`) whose end
/// is moved 1 to 90 days before the start (`first_hearing_date`, `receipt_date`,
/// `journey_start_date`, `disposal_date`).
pub const END_BEFORE_START: f64 = 0.005;

/// Problem 7. Share of `magistrates_case` rows whose `offence_date` lies before the
/// magistrates' coverage (1990-2010, or the placeholder 1900-01-01). Natural offence dates of
/// magistrates' cases are never before 2011-01-01.
pub const OFFENCE_DATE_BEFORE_COVERAGE: f64 = 0.004;

/// Problem 7. Share of `magistrates_case` rows whose `offence_date` lies after the extract date
/// (a mistyped year, 2023-2031).
pub const OFFENCE_DATE_AFTER_EXTRACT: f64 = 0.002;

/// Share of `magistrates_case.offence_date` values, and separately of
/// `probation_flatfile.main_offence_date` values, written as text that is not a date
/// ('31/02/2019', '2019-02-30', '00/00/0000').
pub const MALFORMED_DATE: f64 = 0.003;

/// Share of `probation_flatfile` rows (duplicates repeat their original) whose `referral_date`
/// is NULL, and the share written as text that is not a date: such rows never match a cohort's
/// referral range, and the cohort summary counts them.
pub const MISSING_REFERRAL_DATE: f64 = 0.005;
pub const MALFORMED_REFERRAL_DATE: f64 = 0.003;

/// Problem 5. Share of `probation_flatfile` rows whose `ethnicity_desc` is a placeholder:
/// 'Refusal', '' (blank), 'Z_Dummy Ethnicity 04' or 'Z_Dummy Ethnicity 05'.
pub const PROBATION_PLACEHOLDER_ETHNICITY: f64 = 0.05;

/// Problem 5. Share of `magistrates_case` and `crown_case` rows whose `ethnicity` is
/// 'Not stated' (courts often do not record it).
pub const COURT_ETHNICITY_NOT_STATED: f64 = 0.30;

/// Problem 5. Share of `prison_custodial_journey` rows whose `ethnicity` is 'Not stated'.
pub const PRISON_ETHNICITY_NOT_STATED: f64 = 0.02;

/// Problem 6. Share of main-table rows (all four datasets) whose age column
/// (`age_at_offence`, `age_at_receipt`, `age_at_reception`) holds an implausible age: 0-4 or
/// 110-130. Natural ages lie between 10 and 95.
pub const IMPLAUSIBLE_AGE: f64 = 0.002;

/// Problem 8. Share of people who live in Wales: their records carry `W01` LSOAs, so about this
/// share of records with an LSOA have a Welsh one.
pub const WELSH_PEOPLE: f64 = 0.05;

/// Problem 8. Share of rows with an LSOA column (`magistrates_case.lsoa`, `crown_case.lsoa`,
/// `probation_flatfile.lsoa_residence`) where it is NULL.
pub const MISSING_LSOA: f64 = 0.03;

/// Problem 11. Share of generated people whose `estimated_xjs_id` also holds a second person's
/// records: a different dataset-level person of the other gender, born 10-25 years apart. Only
/// people with at least one linked record are chosen; the second person's records are all linked.
pub const FALSE_LINK: f64 = 0.01;

/// Problem 11. Share of dataset-level people (one `estimated_defendant_id` /
/// `estimated_offender_id`) with at least two linked records (duplicate event rows not counted)
/// whose records are linked under two `estimated_xjs_id`: the later half under a second ID.
pub const SPLIT_PERSON: f64 = 0.02;

/// Problem 11. Share of main-table rows (all four datasets, duplicate event rows included) with
/// no `xjs_link` row. Rows of the second person in a false link are always linked.
pub const UNLINKED_RECORD: f64 = 0.03;

/// Share of probation events owned by a prison ('Belmarsh (HMP)') rather than a probation area,
/// among custodial events (problem 9; the area vocabulary also changes with the date).
pub const PRISON_OWNING_AREA: f64 = 0.08;

/// Offending careers (FACTS.md, "Offending careers"; README, "Synthetic data"). Onset: the
/// median age at a person's first proven offence (10 at the least).
pub const ONSET_AGE_MEDIAN: f64 = 17.0;

/// Careers start evenly from this year to the extract date (with the onset age, this sets the
/// years of birth).
pub const ONSETS_FROM_YEAR: i32 = 1985;

/// The spread (log-normal sigma) of people's propensity to offend, whose median is 1: a wide
/// spread makes a prolific minority.
pub const PROPENSITY_SIGMA: f64 = 1.3;

/// Offences a year, after a first proven offence at the peak age, of a person of median propensity.
pub const REOFFENDING_PER_YEAR: f64 = 0.085;

/// No one is proven to offend more than this often a year, on average.
pub const MAX_OFFENCES_PER_YEAR: f64 = 1.6;

/// The chance, after each proven offence, that the career ends there.
pub const DESISTANCE: f64 = 0.10;

/// How the rate of offending again grows with the offences already proven: the chance of a new
/// case rises steeply with criminal history (10-11% a year with none, 47-48% with 11 or more).
pub fn history_factor(priors: u32) -> f64 {
    (1.0 + priors as f64).sqrt()
}

/// How the rate falls with age: flat to 21, then halving about every eight years.
pub fn age_factor(age: f64) -> f64 {
    if age <= 21.0 {
        1.0
    } else {
        (-(age - 21.0) / 11.0).exp()
    }
}

/// Offending careers start before the courts' coverage; histories are simulated from this year
/// (earlier offences count as priors only). Cases before 2011 leave no court records; their
/// custody shows as a partial prison journey (started before 2011) when it runs into coverage.
pub const CAREERS_FROM_YEAR: i32 = 2006;

/// The share of offences that lead to a prosecution, by year: falling through the 2010s as
/// magistrates' volumes fell, with the 2020 dip of the pandemic.
pub fn prosecution(year: i32) -> f64 {
    match year {
        ..=2011 => 1.0,
        2012..=2019 => 1.0 - 0.035 * (year - 2011) as f64,
        2020 => 0.55,
        _ => 0.62,
    }
}

/// Share of community orders and suspended sentences that are breached: the order ends
/// "Breached" (every requirement) and a breach case (`breach_marker` 'Y') follows in a
/// magistrates' court 1 to 60 days later. Another share is revoked early for other reasons.
pub const BREACHED_ORDERS: f64 = 0.10;
pub const ORDERS_REVOKED_EARLY: f64 = 0.06;

/// Shares of magistrates' convictions appealed to the Crown Court (`case_type` 'Appeal', linked
/// in `mags_crown_journey`; about a third allowed): after a guilty plea (against sentence) and
/// after a trial.
pub const APPEALED_AFTER_GUILTY_PLEA: f64 = 0.002;
pub const APPEALED_AFTER_TRIAL: f64 = 0.06;

/// Problem 10. Share of court records that reached the extract, by year of the last hearing:
/// the 2020 dip (closures) and the 2021-22 fall (Common Platform cases missing from Libra).
pub fn court_recording(year: i32) -> f64 {
    match year {
        ..=2019 => 1.0,
        2020 => 0.8,
        2021 => 0.5,
        _ => 0.25,
    }
}
