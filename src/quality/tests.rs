use super::*;
use crate::observation::Windows;
use crate::record::Record;

fn extract() -> &'static Windows {
    static W: std::sync::OnceLock<Windows> = std::sync::OnceLock::new();
    W.get_or_init(Windows::default)
}

fn windows_ending(date: &str) -> Windows {
    Windows::from_info(&[("extract_date".into(), date.into())])
}

/// A record of `table` with every contract column NULL except those given.
fn rec(table: &str, set: &[(&str, &str)]) -> Record {
    let spec = crate::contract::table(table).unwrap();
    let values = spec
        .columns
        .iter()
        .map(|c| {
            let v = set.iter().find(|(k, _)| k == c).map(|(_, v)| v.to_string());
            (c.as_str().into(), v)
        })
        .collect();
    Record::new(table, values)
}

/// A magistrates' case with nothing wrong.
fn good_mags(extra: &[(&str, &str)]) -> Record {
    let mut set = vec![
        ("row_id_hash", "r1"),
        ("offence_date", "2015-02-01"),
        ("first_hearing_date", "2015-03-01"),
        ("final_result_date", "2015-06-01"),
        ("age_at_offence", "30"),
        ("gender", "Male"),
        ("ethnicity", "White"),
        ("lsoa", "E01000001"),
    ];
    for (k, v) in extra {
        set.retain(|(c, _)| c != k);
        set.push((k, v));
    }
    rec("magistrates_case", &set)
}

fn rules_of(r: &Record) -> Vec<Rule> {
    record_flags(r, extract())
        .into_iter()
        .map(|f| f.rule)
        .collect()
}

#[test]
fn a_clean_record_has_no_flags() {
    assert_eq!(rules_of(&good_mags(&[])), vec![]);
}

#[test]
fn every_rule_has_a_title_explanation_and_existing_note() {
    for r in Rule::ALL {
        assert!(!r.title().is_empty());
        assert!(r.explanation().ends_with('.'), "{r}");
        assert!(!r.note().note.is_empty(), "{r}");
        assert_eq!(Rule::from_name(r.name()), Some(r));
        assert_eq!(r.to_string(), r.name(), "a rule prints as its name");
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            format!("\"{}\"", r.name())
        );
    }
    assert_eq!(
        Rule::MissingCommencementDate.note().column_name.as_deref(),
        Some("rqmnt_commencement_date")
    );
    assert_eq!(Rule::DuplicateEventRows.unit(), CountUnit::Events);
    assert_eq!(Rule::PossibleFalseLink.unit(), CountUnit::People);
    assert_eq!(Rule::Unlinked.scope(), RuleScope::Database);
}

#[test]
fn missing_commencement_date_on_requirements() {
    let r = rec(
        "probation_rqmnts",
        &[
            ("rqmnt_start_date", "2016-01-05"),
            ("rqmnt_termination_date", "2016-06-01"),
        ],
    );
    let flags = record_flags(&r, extract());
    assert_eq!(flags.len(), 1);
    assert_eq!(flags[0].rule, Rule::MissingCommencementDate);
    assert!(
        flags[0].detail.contains("2016-01-05"),
        "{}",
        flags[0].detail
    );
    let with = rec(
        "probation_rqmnts",
        &[
            ("rqmnt_start_date", "2016-01-05"),
            ("rqmnt_commencement_date", "2016-01-20"),
            ("rqmnt_termination_date", "2016-06-01"),
        ],
    );
    assert_eq!(rules_of(&with), vec![]);
}

#[test]
fn missing_end_is_open_at_extract() {
    assert_eq!(
        rules_of(&good_mags(&[("final_result_date", "")])),
        vec![Rule::OpenAtExtract]
    );
    let prison = rec(
        "prison_custodial_journey",
        &[
            ("journey_start_date", "2019-01-01"),
            ("age_at_reception", "40"),
            ("ethnicity", "Asian"),
        ],
    );
    let flags = record_flags(&prison, extract());
    assert_eq!(
        flags,
        vec![Flag::new(
            Rule::OpenAtExtract,
            "journey_end_date is empty: still open at the end of the Prison observation window 2022-12-31"
        )]
    );
    // Probation's data stop two years before the extract: that is where its records are open.
    let order = rec(
        "probation_flatfile",
        &[
            ("referral_date", "2019-01-01"),
            ("disposal_date", "2019-02-01"),
            ("age_at_offence", "40"),
            ("ethnicity_desc", "Asian"),
            ("lsoa_residence", "E01000001"),
        ],
    );
    let open: Vec<_> = record_flags(&order, extract())
        .into_iter()
        .filter(|f| f.rule == Rule::OpenAtExtract)
        .collect();
    assert_eq!(
        open,
        vec![Flag::new(
            Rule::OpenAtExtract,
            "disposal_termination_date is empty: still open at the end of the Probation observation window 2020-12-31"
        )]
    );
    let lic = rec(
        "probation_licence_conditions",
        &[("lic_cond_start_date", "2019-01-01")],
    );
    assert_eq!(rules_of(&lic), vec![Rule::OpenAtExtract]);
    // Without a start nothing is open.
    let bare = rec("probation_licence_conditions", &[]);
    assert_eq!(rules_of(&bare), vec![]);
    // A malformed end is not "open": it is malformed.
    assert_eq!(
        rules_of(&good_mags(&[("final_result_date", "2015-13-01")])),
        vec![Rule::MalformedDate]
    );
}

#[test]
fn end_before_start() {
    let r = good_mags(&[("final_result_date", "2015-02-28")]);
    let flags = record_flags(&r, extract());
    assert_eq!(flags.len(), 1);
    assert_eq!(flags[0].rule, Rule::EndBeforeStart);
    assert_eq!(
        flags[0].detail,
        "final_result_date 2015-02-28 is before first_hearing_date 2015-03-01"
    );
    // Same day is fine.
    assert_eq!(
        rules_of(&good_mags(&[("final_result_date", "2015-03-01")])),
        vec![]
    );
    let pss = rec(
        "probation_pss_rqmnts",
        &[
            ("pss_rqmnt_start_date", "2018-05-01"),
            ("pss_rqmnt_termination_date", "2018-04-30"),
        ],
    );
    assert_eq!(rules_of(&pss), vec![Rule::EndBeforeStart]);
}

#[test]
fn dates_outside_coverage_and_after_extract() {
    // Magistrates cover 2011 on: an offence in 2009 is outside.
    let early = good_mags(&[("offence_date", "2009-12-31")]);
    assert_eq!(rules_of(&early), vec![Rule::DateOutsideCoverage]);
    assert!(record_flags(&early, extract())[0]
        .detail
        .contains("2011-01-01 to 2022-12-31"));
    assert_eq!(
        rules_of(&good_mags(&[("offence_date", "2011-01-01")])),
        vec![]
    );
    // After the extract date.
    let late = good_mags(&[("final_result_date", "2023-01-01")]);
    assert_eq!(rules_of(&late), vec![Rule::DateAfterExtract]);
    // Probation coverage is on referrals (2014-2020); older disposals are normal.
    let flat = |referral: &str| {
        rec(
            "probation_flatfile",
            &[
                ("referral_date", referral),
                ("disposal_date", "2012-01-01"),
                ("disposal_termination_date", "2016-01-01"),
                ("main_offence_date", "2011-06-01"),
                ("age_at_offence", "25"),
                ("ethnicity_desc", "White"),
                ("lsoa_residence", "E01000002"),
            ],
        )
    };
    assert_eq!(rules_of(&flat("2014-01-01")), vec![]);
    assert_eq!(
        rules_of(&flat("2013-12-31")),
        vec![Rule::DateOutsideCoverage]
    );
    assert_eq!(
        rules_of(&flat("2021-01-01")),
        vec![Rule::DateOutsideCoverage]
    );
    // Prison journeys before 2011 are partial.
    let prison = rec(
        "prison_custodial_journey",
        &[
            ("journey_start_date", "2008-01-01"),
            ("journey_end_date", "2012-01-01"),
            ("age_at_reception", "40"),
            ("ethnicity", "Black"),
        ],
    );
    assert_eq!(rules_of(&prison), vec![Rule::DateOutsideCoverage]);
    // The extract date passed in is what counts.
    assert_eq!(
        record_flags(&good_mags(&[]), &windows_ending("2015-04-01"))
            .iter()
            .filter(|f| f.rule == Rule::DateAfterExtract)
            .count(),
        1
    );
}

#[test]
fn malformed_dates_are_flagged_not_fatal() {
    let r = good_mags(&[
        ("offence_date", "31/02/2015"),
        ("first_hearing_date", "2015-03-01 00:00:00"),
    ]);
    let flags = record_flags(&r, extract());
    assert_eq!(flags.len(), 1);
    assert_eq!(flags[0].rule, Rule::MalformedDate);
    assert_eq!(
        flags[0].detail,
        "offence_date \"31/02/2015\" is not a date (YYYY-MM-DD)"
    );
    let child = rec("magistrates_offence", &[("offence_date", "yesterday")]);
    assert_eq!(rules_of(&child), vec![Rule::MalformedDate]);
}

#[test]
fn placeholder_ethnicity() {
    for v in [
        "Refusal",
        "",
        "  ",
        "Z_Dummy Ethnicity 04",
        "Z_Dummy Ethnicity 05",
        "Not stated",
        "NOT STATED",
    ] {
        assert_eq!(
            rules_of(&good_mags(&[("ethnicity", v)])),
            vec![Rule::PlaceholderEthnicity],
            "{v:?}"
        );
    }
    for v in ["White", "Asian or Asian British", "Mixed"] {
        assert_eq!(rules_of(&good_mags(&[("ethnicity", v)])), vec![], "{v:?}");
    }
    // Probation reads ethnicity_desc.
    let flat = rec(
        "probation_flatfile",
        &[
            ("referral_date", "2016-01-01"),
            ("disposal_date", "2016-01-01"),
            ("disposal_termination_date", "2017-01-01"),
            ("age_at_offence", "25"),
            ("ethnicity_desc", "Refusal"),
            ("lsoa_residence", "E01000002"),
        ],
    );
    assert_eq!(rules_of(&flat), vec![Rule::PlaceholderEthnicity]);
}

#[test]
fn implausible_ages_use_documented_bounds() {
    for v in ["9", "101", "-3", "250", "abc"] {
        assert_eq!(
            rules_of(&good_mags(&[("age_at_offence", v)])),
            vec![Rule::ImplausibleAge],
            "{v:?}"
        );
    }
    for v in ["10", "100", "17", "45.0", ""] {
        assert_eq!(
            rules_of(&good_mags(&[("age_at_offence", v)])),
            vec![],
            "{v:?}"
        );
    }
    let crown = rec(
        "crown_case",
        &[
            ("receipt_date", "2016-01-01"),
            ("disposal_date", "2016-05-01"),
            ("age_at_receipt", "7"),
            ("ethnicity", "White"),
            ("lsoa", "E01000003"),
        ],
    );
    assert_eq!(rules_of(&crown), vec![Rule::ImplausibleAge]);
}

#[test]
fn welsh_and_missing_lsoas() {
    assert_eq!(
        rules_of(&good_mags(&[("lsoa", "W01000123")])),
        vec![Rule::WelshLsoa]
    );
    assert_eq!(
        rules_of(&good_mags(&[("lsoa", "")])),
        vec![Rule::MissingLsoa]
    );
    assert_eq!(rules_of(&good_mags(&[("lsoa", "E01000123")])), vec![]);
    // Prison has no LSOA column: never flagged for it.
    let prison = rec(
        "prison_custodial_journey",
        &[
            ("journey_start_date", "2015-01-01"),
            ("journey_end_date", "2016-01-01"),
            ("age_at_reception", "30"),
            ("ethnicity", "White"),
        ],
    );
    assert_eq!(rules_of(&prison), vec![]);
}

#[test]
fn columns_a_record_lacks_are_not_judged() {
    // A hand-built record without lsoa/ethnicity columns is not flagged as missing them.
    let r = Record::new(
        "magistrates_case",
        vec![
            ("first_hearing_date".into(), Some("2015-03-01".into())),
            ("final_result_date".into(), Some("2015-04-01".into())),
        ],
    );
    assert_eq!(rules_of(&r), vec![]);
    assert_eq!(rules_of(&Record::new("xjs_link", vec![])), vec![]);
}

fn person_rec(table: &str, gender: &str, age: &str, date: &str) -> Record {
    let (age_col, date_col) = match table {
        "magistrates_case" => ("age_at_offence", "offence_date"),
        "crown_case" => ("age_at_receipt", "receipt_date"),
        "prison_custodial_journey" => ("age_at_reception", "journey_start_date"),
        _ => ("age_at_offence", "main_offence_date"),
    };
    rec(
        table,
        &[("gender", gender), (age_col, age), (date_col, date)],
    )
}

#[test]
fn gender_disagreement_is_a_possible_false_link() {
    let recs = [
        person_rec("magistrates_case", "Male", "30", "2015-01-01"),
        person_rec("prison_custodial_journey", "F", "31", "2016-01-01"),
        person_rec("probation_flatfile", "Not stated", "", ""),
    ];
    let flags = person_flags(&recs);
    assert_eq!(flags.len(), 1);
    assert_eq!(flags[0].rule, Rule::PossibleFalseLink);
    assert!(flags[0].detail.contains("gender"), "{}", flags[0].detail);
    assert_eq!(disagreeing_records(&recs), vec![true, true, false]);
    // Unknown genders do not disagree with anything.
    let same = [
        person_rec("magistrates_case", "M", "30", "2015-01-01"),
        person_rec("crown_case", "unknown", "30", "2015-03-01"),
    ];
    assert!(person_flags(&same).is_empty());
}

#[test]
fn age_disagreement_uses_birth_years_with_tolerance() {
    // Born 1985: 30 in 2015, 35 in 2020 (birth years 1985 and 1985).
    let ok = [
        person_rec("magistrates_case", "M", "30", "2015-06-01"),
        person_rec("crown_case", "M", "35", "2020-06-01"),
    ];
    assert!(person_flags(&ok).is_empty());
    // Off by exactly the tolerance: still agrees.
    let edge = [
        person_rec("magistrates_case", "M", "30", "2015-06-01"),
        person_rec("crown_case", "M", "33", "2020-06-01"),
    ];
    assert!(person_flags(&edge).is_empty());
    // One year beyond: disagrees.
    let bad = [
        person_rec("magistrates_case", "M", "30", "2015-06-01"),
        person_rec("crown_case", "M", "32", "2020-06-01"),
    ];
    let flags = person_flags(&bad);
    assert_eq!(flags.len(), 1);
    assert!(
        flags[0].detail.contains("1985") && flags[0].detail.contains("1988"),
        "{}",
        flags[0].detail
    );
    // Implausible ages are left to their own rule.
    let outlier = [
        person_rec("magistrates_case", "M", "30", "2015-06-01"),
        person_rec("crown_case", "M", "150", "2016-06-01"),
    ];
    assert!(person_flags(&outlier).is_empty());
    // Child tables are ignored.
    assert!(person_flags(&[rec("probation_rqmnts", &[])]).is_empty());
    // The age date falls back (magistrates: first hearing when the offence date is missing).
    let m = rec(
        "magistrates_case",
        &[
            ("age_at_offence", "40"),
            ("first_hearing_date", "2012-02-01"),
        ],
    );
    assert_eq!(demographics(&m).unwrap().birth_year(), Some(1972));
}

#[test]
fn the_records_that_disagree_on_age_are_the_ones_beyond_the_tolerance_of_another() {
    // Implied birth years 1985, 1986, 1987 and 1988; the last record gives no age.
    let recs = [
        person_rec("magistrates_case", "M", "30", "2015-06-01"),
        person_rec("crown_case", "M", "29", "2015-06-01"),
        person_rec("probation_flatfile", "M", "28", "2015-06-01"),
        person_rec("prison_custodial_journey", "M", "27", "2015-06-01"),
        person_rec("magistrates_case", "M", "", ""),
    ];
    // 1985 and 1988 are three years apart; 1986 and 1987 are within two of both.
    assert_eq!(
        disagreeing_records(&recs),
        vec![true, false, false, true, false]
    );
    assert_eq!(disagreeing_records(&recs[..2]), vec![false, false]);
}

#[test]
fn flag_constructors_for_database_rules() {
    let f = Flag::duplicate_event("ev9", 3);
    assert_eq!(f.rule, Rule::DuplicateEventRows);
    assert!(f.detail.contains("ev9") && f.detail.contains('3'));
    let u = Flag::unlinked(crate::contract::Dataset::Prison, "row7");
    assert_eq!(u.rule, Rule::Unlinked);
    assert!(u.detail.contains("prison_custodial_journey row row7"));
    let m = Flag::missed_link(
        crate::contract::Dataset::Probation,
        "off1",
        &["x1".into(), "x2".into()],
    );
    assert_eq!(m.rule, Rule::PossibleMissedLink);
    assert!(m.detail.contains("estimated_offender_id off1") && m.detail.contains("x1, x2"));
    assert_eq!(m.note().topic, "linkage");
}

/// The ends of the extract and of a dataset's window are inside them: a record dated on the
/// extract date, or on the first or last day of its dataset's coverage, is not flagged; a day
/// beyond is.
#[test]
fn boundary_days_are_inside_the_extract_and_the_coverage() {
    let dates = |offence: &str, hearing: &str, result: &str| {
        rules_of(&good_mags(&[
            ("offence_date", offence),
            ("first_hearing_date", hearing),
            ("final_result_date", result),
        ]))
    };
    assert_eq!(dates("2011-01-01", "2022-12-31", "2022-12-31"), vec![]);
    assert_eq!(
        dates("2010-12-31", "2011-01-01", "2011-02-01"),
        vec![Rule::DateOutsideCoverage]
    );
    assert_eq!(
        dates("2015-01-01", "2015-02-01", "2023-01-01"),
        vec![Rule::DateAfterExtract]
    );
    // Probation's window ends on 2020-12-31: a referral on that day is inside, the next is not.
    let referral = |day: &str| {
        rules_of(&rec(
            "probation_flatfile",
            &[
                ("referral_date", day),
                ("disposal_date", "2020-12-31"),
                ("disposal_termination_date", "2021-06-01"),
                ("age_at_offence", "40"),
                ("ethnicity_desc", "White"),
                ("lsoa_residence", "E01000001"),
            ],
        ))
        .into_iter()
        .filter(|r| *r == Rule::DateOutsideCoverage)
        .count()
    };
    assert_eq!(referral("2020-12-31"), 0);
    assert_eq!(referral("2021-01-01"), 1);
    assert_eq!(referral("2014-01-01"), 0);
    assert_eq!(referral("2013-12-31"), 1);
}

/// The flag's text tells a blank ethnicity from a placeholder value, as the researcher reads it.
#[test]
fn placeholder_ethnicity_says_whether_it_is_blank_or_which_placeholder() {
    let detail = |ethnicity: &str| {
        record_flags(&good_mags(&[("ethnicity", ethnicity)]), extract())
            .into_iter()
            .find(|f| f.rule == Rule::PlaceholderEthnicity)
            .map(|f| f.detail)
    };
    assert_eq!(detail(""), Some("ethnicity is blank".to_string()));
    assert_eq!(
        detail("Refusal"),
        Some("ethnicity is the placeholder \"Refusal\"".to_string())
    );
    assert_eq!(detail("White"), None);
}

#[test]
fn a_probation_event_without_a_referral_date_is_flagged_as_out_of_every_cohort() {
    let base = [
        ("disposal_date", "2016-01-05"),
        ("disposal_termination_date", "2016-06-01"),
    ];
    let rules = |extra: &[(&str, &str)]| -> Vec<Rule> {
        let set: Vec<(&str, &str)> = base.iter().chain(extra).copied().collect();
        record_flags(&rec("probation_flatfile", &set), extract())
            .into_iter()
            .map(|f| f.rule)
            .collect()
    };
    let missing = rules(&[]);
    assert!(missing.contains(&Rule::MissingReferralDate), "{missing:?}");
    let blank = rules(&[("referral_date", "  ")]);
    assert!(blank.contains(&Rule::MissingReferralDate), "{blank:?}");
    assert!(!rules(&[("referral_date", "2016-01-02")]).contains(&Rule::MissingReferralDate));
    // A malformed one is its own flag, not "missing".
    let malformed = rules(&[("referral_date", "2016-02-30")]);
    assert!(malformed.contains(&Rule::MalformedDate));
    assert!(!malformed.contains(&Rule::MissingReferralDate));
    // Other tables have no referral date to miss.
    let mags = record_flags(&good_mags(&[]), extract());
    assert!(mags.iter().all(|f| f.rule != Rule::MissingReferralDate));
}

#[test]
fn the_streamed_false_link_count_agrees_with_the_person_flags() {
    use super::person::{traits_disagree, Traits};
    let m = |g: &str, age: &str, date: &str| person_rec("magistrates_case", g, age, date);
    let c = |g: &str, age: &str, date: &str| person_rec("crown_case", g, age, date);
    let people: Vec<(Vec<Record>, bool)> = vec![
        (
            vec![m("M", "30", "2015-06-01"), c("M", "30", "2015-06-01")],
            false,
        ),
        (vec![m("F", "30", "2015-06-01"), c("F", "", "")], false),
        (vec![m("M", "", ""), c("F", "", "")], true),
        (vec![m("Male", "", ""), c("unknown", "", "")], false),
        // Birth years two apart agree, three apart do not.
        (
            vec![m("M", "30", "2015-06-01"), c("M", "28", "2015-06-01")],
            false,
        ),
        (
            vec![m("M", "30", "2015-06-01"), c("M", "27", "2015-06-01")],
            true,
        ),
        (vec![m("M", "30", "2015-06-01")], false),
    ];
    for (recs, disagree) in &people {
        let traits: Vec<Traits> = recs
            .iter()
            .filter_map(demographics)
            .map(|d| Traits::from(&d))
            .collect();
        assert_eq!(traits_disagree(&traits), *disagree, "{recs:?}");
        assert_eq!(!person_flags(recs).is_empty(), *disagree, "{recs:?}");
    }
}
