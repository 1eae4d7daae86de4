//! What follows a sentence: a prison custodial journey for immediate custody, then licence and
//! post-sentence supervision in probation; a probation event with requirements for community
//! and suspended orders.

use chrono::NaiveDate;

use crate::contract::Dataset;

use super::courts::{gender, Disposal};
use super::flaws;
use super::ids::HashKind;
use super::person::{LifeOut, Person};
use super::rates;
use super::rng::Rng;
use super::values::{date, days_between, int, opt_date, opt_text, plus, text, ymd};
use super::vocab::{
    place_on, place_open, release_type_in_use, Offence, Region, LICENCE_CONDITIONS,
    LICENCE_TERMINATION_REASONS, PSS_REQUIREMENTS, REGIONS, RELEASE_TYPES, REQUIREMENTS,
    TERMINATION_REASONS, WOMENS_PRISONS, YOUNG_OFFENDER_INSTITUTIONS,
};

fn probation_start() -> NaiveDate {
    ymd(2014, 1, 1)
}

fn probation_end() -> NaiveDate {
    let (y, m, d) = rates::PROBATION_OBSERVED_TO;
    ymd(y, m, d)
}

/// A date as probation has observed it: `None` if it falls after the observation end.
fn observed(d: NaiveDate) -> Option<NaiveDate> {
    (d <= probation_end()).then_some(d)
}

/// Writes what follows a sentence; returns the date the person is free again.
#[allow(clippy::too_many_arguments)]
pub fn after_sentence(
    p: &Person,
    rng: &mut Rng,
    out: &mut LifeOut,
    offence: &'static Offence,
    offence_date: NaiveDate,
    disposal: Disposal,
    sentence_date: NaiveDate,
    remanded_from: Option<NaiveDate>,
    youth: bool,
) -> NaiveDate {
    match disposal {
        Disposal::Custody { days } => {
            let start = remanded_from.unwrap_or(sentence_date);
            let served = (days / 2).max(1);
            let release = plus(start, served).max(plus(sentence_date, 1));
            let sentence_end = plus(sentence_date, days);
            let recalled = rng.chance(0.18) && days_between(release, sentence_end) > 60;
            let (journey_end, recall_date) = if recalled {
                let recall = plus(
                    release,
                    rng.range(30, days_between(release, sentence_end) - 20),
                );
                (
                    plus(recall, rng.range(14, 120)).min(sentence_end.max(plus(recall, 14))),
                    Some(recall),
                )
            } else {
                (release, None)
            };
            // Most secure schools and secure training centres are outside p-NOMIS.
            let in_coverage = journey_end >= ymd(2011, 1, 1);
            if in_coverage && !(youth && rng.chance(0.5)) {
                write_journey(
                    p,
                    rng,
                    out,
                    offence,
                    start,
                    journey_end,
                    days,
                    recall_date.is_some(),
                    youth,
                );
            }
            // Before the Offender Rehabilitation Act (February 2015) sentences under 12 months
            // carried no licence supervision.
            let supervised = days >= 365 || sentence_date >= ymd(2015, 2, 1);
            if !youth
                && supervised
                && (probation_start()..=probation_end()).contains(&sentence_date)
            {
                write_licence_event(
                    p,
                    rng,
                    out,
                    (offence, offence_date),
                    sentence_date,
                    days,
                    release,
                    recall_date,
                );
            }
            journey_end
        }
        Disposal::Suspended { months } | Disposal::Community { months } => {
            // Some orders are breached: the order ends "Breached" and the breach comes back to
            // the magistrates' court within weeks.
            let full_end = plus(sentence_date, (months as f64 * 30.44) as i64);
            let ending = if rng.chance(rates::BREACHED_ORDERS) {
                Ending::Breached(plus(
                    sentence_date,
                    rng.range(30, days_between(sentence_date, full_end).max(31)),
                ))
            } else if rng.chance(rates::ORDERS_REVOKED_EARLY) {
                Ending::Revoked(plus(
                    sentence_date,
                    rng.range(30, days_between(sentence_date, full_end).max(31)),
                ))
            } else {
                Ending::Ran(full_end)
            };
            if !youth && (probation_start()..=probation_end()).contains(&sentence_date) {
                let suspended = matches!(disposal, Disposal::Suspended { .. });
                write_order_event(
                    p,
                    rng,
                    out,
                    (offence, offence_date),
                    sentence_date,
                    months,
                    suspended,
                    ending,
                );
            }
            if let Ending::Breached(on) = ending {
                let hearing = plus(on, rng.range(1, 60));
                super::courts::breach_case(p, rng, out, (offence, offence_date), hearing);
            }
            sentence_date
        }
        _ => sentence_date,
    }
}

#[allow(clippy::too_many_arguments)]
fn write_journey(
    p: &Person,
    rng: &mut Rng,
    out: &mut LifeOut,
    offence: &Offence,
    start: NaiveDate,
    end: NaiveDate,
    days: i64,
    recalled: bool,
    youth: bool,
) {
    let region = &REGIONS[p.region];
    // Open on the day the person is there: the first at the start, the last at the end.
    let establishment = |rng: &mut Rng, on: NaiveDate| -> &'static str {
        let places: &[&'static str] = if !p.male {
            &WOMENS_PRISONS
        } else if youth || p.age_at(start) < 21 {
            &YOUNG_OFFENDER_INSTITUTIONS
        } else {
            region.prisons
        };
        place_on(rng, places, on)
    };
    let last_day = end.min(crate::contract::default_extract_date());
    let first = establishment(rng, start);
    let last = if rng.chance(0.4) || !place_open(first, last_day) {
        establishment(rng, last_day)
    } else {
        first
    };
    let open = end > crate::contract::default_extract_date();
    let end = if open {
        None
    } else {
        Some(flaws::span_end(rng, start, end))
    };
    let sentence_type = if offence.code == "00100" {
        "Indeterminate sentence (life)"
    } else if youth {
        "Detention and training order"
    } else if days >= 4 * 365 {
        "Determinate sentence (4 years or more)"
    } else {
        "Determinate sentence (under 4 years)"
    };
    let row_id = out.counters.next(out.ids, HashKind::PrisonRow);
    let release_type = if open {
        None
    } else {
        // Only the release types the sentence allows, in use on the day of release.
        let release = end.unwrap_or(start);
        let allowed = |name: &str| {
            release_type_in_use(name, release)
                && match name {
                    // Before the Offender Rehabilitation Act, sentences under 12 months ended
                    // in unconditional release.
                    "Automatic conditional release" => days >= 365 || release >= ymd(2015, 2, 1),
                    "Home detention curfew" => days < 4 * 365 && !youth,
                    "Automatic unconditional release" => days < 365,
                    "Parole" => days >= 4 * 365,
                    "Release after fixed-term recall" => recalled,
                    "Early removal scheme" => p.nationality != "British" && !youth,
                    _ => true,
                }
        };
        Some(pick_where(rng, &RELEASE_TYPES, allowed))
    };
    out.batch.push(
        "prison_custodial_journey",
        [
            text(&row_id),
            text(&p.prison_id),
            date(start),
            opt_date(end),
            text(first),
            text(last),
            int(recalled as i64),
            text(sentence_type),
            int(days),
            text(offence.code),
            text(offence.desc),
            opt_text(release_type),
            flaws::recorded_age(rng, p.age_at(start)),
            text(gender(p)),
            flaws::prison_ethnicity(rng, p.ethnicity),
            text(p.nationality),
        ],
    );
    out.record(Dataset::Prison, &row_id, false);
}

/// The owning area of a probation event: trusts until mid-2014, then NPS divisions (custody) or
/// CRC contract package areas (community), with some custodial events owned by a prison.
fn probation_area(
    rng: &mut Rng,
    region: &'static Region,
    on: NaiveDate,
    custodial: bool,
) -> &'static str {
    if on < ymd(2014, 6, 1) {
        region.trust
    } else if custodial && rng.chance(rates::PRISON_OWNING_AREA) {
        place_on(rng, region.prisons, on)
    } else if custodial || rng.chance(0.15) {
        region.nps
    } else {
        rng.pick_copy(region.cpas)
    }
}

struct Event<'a> {
    offence: &'a Offence,
    /// The date of the offence the court case was about.
    offence_date: NaiveDate,
    disposal_type: &'static str,
    disposal_date: NaiveDate,
    termination: NaiveDate,
    length_months: i64,
    length_days: i64,
    recall_count: i64,
    custodial: bool,
}

/// Writes the flatfile row of an event (twice, sometimes: problem 1); returns its event hash.
fn write_event(p: &Person, rng: &mut Rng, out: &mut LifeOut, e: &Event) -> String {
    let event_id = out.counters.next(out.ids, HashKind::ProbationEvent);
    let row_id = out.counters.next(out.ids, HashKind::ProbationRow);
    let termination = observed(e.termination).map(|t| flaws::span_end(rng, e.disposal_date, t));
    let offence_date = e.offence_date;
    let row = [
        text(&row_id),
        text(&event_id),
        text(&p.probation_id),
        flaws::referral_date(rng, e.disposal_date),
        date(e.disposal_date),
        opt_date(termination),
        text(e.disposal_type),
        int(e.length_months),
        int(e.length_days),
        int(e.recall_count),
        flaws::probation_offence_date(rng, offence_date),
        text(e.offence.code),
        text(e.offence.group),
        flaws::recorded_age(rng, p.age_at(offence_date)),
        text(gender(p)),
        flaws::probation_ethnicity(rng, p.ethnicity),
        flaws::lsoa(rng, &p.lsoa),
        text(probation_area(
            rng,
            &REGIONS[p.region],
            e.disposal_date,
            e.custodial,
        )),
    ];
    let duplicate = rng.chance(rates::DUPLICATE_EVENT_ROWS).then(|| {
        let mut copy = row.clone();
        let dup_id = out.counters.next(out.ids, HashKind::ProbationRow);
        copy[0] = text(&dup_id);
        (copy, dup_id)
    });
    out.batch.push("probation_flatfile", row);
    out.record(Dataset::Probation, &row_id, false);
    if let Some((copy, dup_id)) = duplicate {
        out.batch.push("probation_flatfile", copy);
        out.record(Dataset::Probation, &dup_id, true);
    }
    event_id
}

#[allow(clippy::too_many_arguments)]
fn write_licence_event(
    p: &Person,
    rng: &mut Rng,
    out: &mut LifeOut,
    (offence, offence_date): (&Offence, NaiveDate),
    sentence_date: NaiveDate,
    days: i64,
    release: NaiveDate,
    recall: Option<NaiveDate>,
) {
    let ora = sentence_date >= ymd(2015, 2, 1);
    let with_pss = ora && days < 2 * 365;
    let sentence_end = plus(sentence_date, days);
    let supervision_end = if with_pss {
        sentence_end.max(plus(release, 365))
    } else {
        sentence_end
    };
    let disposal_type = if with_pss {
        "ORA Adult Custody (inc PSS)"
    } else if days < 365 {
        "Adult Custody < 12m"
    } else {
        "CJA - Std Determinate Custody"
    };
    let event = Event {
        offence,
        offence_date,
        disposal_type,
        disposal_date: sentence_date,
        termination: supervision_end,
        length_months: (days as f64 / 30.44).round() as i64,
        length_days: days,
        recall_count: recall.is_some() as i64,
        custodial: true,
    };
    let event_id = write_event(p, rng, out, &event);
    let uid = &p.probation_id;

    // Licence conditions run from release to the end of the sentence (or the recall).
    if observed(release).is_some() && release < sentence_end {
        let n = rng.range(1, 4) as usize;
        let first = rng.below(LICENCE_CONDITIONS.len() as u64) as usize;
        for k in 0..n {
            let (main, sub) = LICENCE_CONDITIONS[(first + k) % LICENCE_CONDITIONS.len()];
            let (end, reason) = match recall {
                Some(r) => (r, "Licence Revoked - Recall"),
                // Only a recall ends a licence "Licence Revoked - Recall".
                None => (
                    sentence_end,
                    pick_where(rng, &LICENCE_TERMINATION_REASONS, |r| {
                        r != "Licence Revoked - Recall"
                    }),
                ),
            };
            let end = observed(end);
            out.batch.push(
                "probation_licence_conditions",
                [
                    text(&event_id),
                    text(uid),
                    text(main),
                    text(sub),
                    date(release),
                    opt_date(end),
                    opt_text(end.map(|_| reason)),
                ],
            );
        }
    }
    // Post-sentence supervision: from the end of the sentence to a year after release.
    if with_pss && sentence_end < supervision_end && observed(sentence_end).is_some() {
        let n = rng.range(1, 2) as usize;
        for k in 0..n {
            let end = observed(supervision_end);
            let reason = *rng.weighted(&TERMINATION_REASONS);
            out.batch.push(
                "probation_pss_rqmnts",
                [
                    text(&event_id),
                    text(uid),
                    text(PSS_REQUIREMENTS[(k + rng.below(2) as usize) % PSS_REQUIREMENTS.len()]),
                    date(sentence_end),
                    opt_date(end),
                    opt_text(end.map(|_| reason)),
                ],
            );
        }
    }
}

/// How a community order or suspended sentence ended.
#[derive(Debug, Clone, Copy)]
enum Ending {
    /// Ran its full length, to this date.
    Ran(NaiveDate),
    /// Revoked early (good progress, or resentenced), on this date.
    Revoked(NaiveDate),
    /// Breached: ended on this date, and the breach went back to court.
    Breached(NaiveDate),
}

#[allow(clippy::too_many_arguments)]
fn write_order_event(
    p: &Person,
    rng: &mut Rng,
    out: &mut LifeOut,
    (offence, offence_date): (&Offence, NaiveDate),
    sentence_date: NaiveDate,
    months: i64,
    suspended: bool,
    ending: Ending,
) {
    let era = if sentence_date >= ymd(2020, 12, 1) {
        "SA2020"
    } else if sentence_date >= ymd(2015, 2, 1) {
        "ORA"
    } else {
        "CJA -"
    };
    let disposal_type = match (era, suspended) {
        ("SA2020", true) => "SA2020 Suspended Sentence Order",
        ("SA2020", false) => "SA2020 Community Order",
        ("ORA", true) => "ORA Suspended Sentence Order",
        ("ORA", false) => "ORA Community Order",
        (_, true) => "CJA - Suspended Sentence Order",
        (_, false) => "CJA - Community Order",
    };
    let full_end = plus(sentence_date, (months as f64 * 30.44) as i64);
    let termination = match ending {
        Ending::Ran(d) | Ending::Revoked(d) | Ending::Breached(d) => d,
    };
    let event = Event {
        offence,
        offence_date,
        disposal_type,
        disposal_date: sentence_date,
        termination,
        length_months: months,
        length_days: days_between(sentence_date, full_end),
        recall_count: 0,
        custodial: false,
    };
    let event_id = write_event(p, rng, out, &event);

    let n = *rng.weighted(&[(1usize, 50.0), (2, 35.0), (3, 15.0)]);
    let mut used = [false; REQUIREMENTS.len()];
    for _ in 0..n {
        let idx = rng.choose_by(&REQUIREMENTS, |r| r.1);
        if std::mem::replace(&mut used[idx], true) {
            continue;
        }
        let r = &REQUIREMENTS[idx].0;
        let start = if rng.chance(0.7) {
            sentence_date
        } else {
            plus(sentence_date, rng.range(1, 21))
        };
        let commenced = if rng.chance(rates::MISSING_COMMENCEMENT_DATE) {
            None
        } else {
            Some(plus(start, rng.range(1, 30)))
        };
        let end = plus(start, rng.range(r.runs_days.0, r.runs_days.1)).min(termination.max(start));
        // A requirement finished before the order ended early was completed.
        let reason = match ending {
            _ if end < termination && !matches!(ending, Ending::Ran(_)) => "Requirement Completed",
            Ending::Breached(_) => "Breached",
            Ending::Revoked(_) => "Revoked",
            Ending::Ran(_) => pick_where(rng, &TERMINATION_REASONS, |r| {
                !matches!(r, "Breached" | "Revoked")
            }),
        };
        let end = observed(end);
        out.batch.push(
            "probation_rqmnts",
            [
                text(&event_id),
                text(&p.probation_id),
                text(r.code),
                text(r.desc),
                text(r.sub),
                text(r.units),
                int(rng.range(r.length.0, r.length.1)),
                date(start),
                opt_date(commenced),
                opt_date(end),
                opt_text(end.map(|_| reason)),
            ],
        );
    }
}

/// A weighted pick among the items `allowed` accepts (at least one must be).
fn pick_where(
    rng: &mut Rng,
    items: &[(&'static str, f64)],
    allowed: impl Fn(&str) -> bool,
) -> &'static str {
    let i = rng.choose_by(items, |(v, w)| if allowed(v) { *w } else { 0.0 });
    items[i].0
}
