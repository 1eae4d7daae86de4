//! A case through the courts: the offence, the magistrates' case (principal offence plus offence
//! rows), the Crown Court when the case is sent there, and the sentence that follows.

use chrono::{Datelike, NaiveDate};

use crate::contract::{Dataset, JOURNEY_TABLE};

use super::custody;
use super::flaws;
use super::ids::HashKind;
use super::person::{LifeOut, Person};
use super::rates;
use super::rng::Rng;
use super::sink::Value;
use super::values::{date, int, opt_date, opt_int, opt_real, opt_text, plus, real, text};
use super::vocab::{offence_on, place_on, Mode, Offence, REGIONS};

/// What the court finally did.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Disposal {
    Custody { days: i64 },
    Suspended { months: i64 },
    Community { months: i64 },
    Fine { amount: f64 },
    Discharge,
    OtherwiseDealt,
    NotConvicted,
}

impl Disposal {
    /// The outcome group, as magistrates' `jsas_result_group_desc` names it.
    pub fn group(self) -> &'static str {
        match self {
            Disposal::Custody { .. } => "Immediate custody",
            Disposal::Suspended { .. } => "Suspended sentence",
            Disposal::Community { .. } => "Community sentence",
            Disposal::Fine { .. } => "Fine",
            Disposal::Discharge => "Absolute or conditional discharge",
            Disposal::OtherwiseDealt => "Otherwise dealt with",
            Disposal::NotConvicted => "Dismissed or withdrawn",
        }
    }

    /// The Crown Court `sentence_type`.
    fn crown_sentence_type(self) -> Option<&'static str> {
        Some(match self {
            Disposal::Custody { .. } => "Immediate custody",
            Disposal::Suspended { .. } => "Suspended sentence order",
            Disposal::Community { .. } => "Community order",
            Disposal::Fine { .. } => "Fine",
            Disposal::Discharge => "Discharge",
            Disposal::OtherwiseDealt => "Otherwise dealt with",
            Disposal::NotConvicted => return None,
        })
    }

    fn custody_days(self) -> Option<i64> {
        match self {
            Disposal::Custody { days } => Some(days),
            _ => None,
        }
    }

    fn fine(self) -> Option<f64> {
        match self {
            Disposal::Fine { amount } => Some(amount),
            _ => None,
        }
    }

    /// Rank of seriousness (1 = most serious), as `most_serious_disposal_rank` counts it.
    fn rank(self) -> i64 {
        match self {
            Disposal::Custody { .. } => 1,
            Disposal::Suspended { .. } => 2,
            Disposal::Community { .. } => 3,
            Disposal::Fine { .. } => 4,
            Disposal::Discharge => 5,
            Disposal::OtherwiseDealt => 6,
            Disposal::NotConvicted => 7,
        }
    }
}

/// How the magistrates dealt with the case.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Route {
    Sentenced,
    CommittedForTrial,
    CommittedForSentence,
}

/// One case, from offence to sentence and what follows it. Returns the date from which the
/// person is free to offend again, or `None` when the case is not finished by the extract date.
pub fn case(
    p: &Person,
    rng: &mut Rng,
    offence_date: NaiveDate,
    out: &mut LifeOut,
) -> Option<NaiveDate> {
    let extract = crate::contract::default_extract_date();
    let offence = offence_on(rng, offence_date);
    let youth = p.age_at(offence_date) < 18;
    let region = &REGIONS[p.region];
    let covid = |d: NaiveDate| {
        if (2020..=2021).contains(&d.year()) {
            1.6
        } else {
            1.0
        }
    };
    let first_hearing = plus(
        offence_date,
        (rng.lognormal(30.0, 0.9).clamp(1.0, 700.0) * covid(offence_date)) as i64,
    );

    let plea = *rng.weighted(&[("Guilty", 0.70), ("Not guilty", 0.15), ("No plea", 0.15)]);
    let route = match offence.mode {
        Mode::IndictableOnly => Route::CommittedForTrial,
        Mode::EitherWay if rng.chance(if offence.severity >= 3 { 0.2 } else { 0.03 }) => {
            Route::CommittedForTrial
        }
        _ => Route::Sentenced,
    };
    let mut convicted = route == Route::CommittedForTrial
        || match plea {
            "Guilty" => true,
            "Not guilty" => rng.chance(0.6),
            _ => rng.chance(0.8),
        };
    let route = if route == Route::Sentenced
        && convicted
        && !youth
        && rng.chance(match offence.severity {
            1 => 0.003,
            2 => 0.015,
            3 => 0.10,
            _ => 0.25,
        }) {
        Route::CommittedForSentence
    } else {
        route
    };
    let final_result = match (route, plea) {
        (Route::CommittedForTrial, _) => plus(first_hearing, rng.range(0, 28)),
        (_, "Guilty") if rng.chance(0.6) => first_hearing,
        _ => plus(
            first_hearing,
            (rng.lognormal(50.0, 0.8).clamp(7.0, 400.0) * covid(first_hearing)) as i64,
        ),
    };

    if first_hearing > extract {
        return None; // not in court yet at the extract date
    }
    // A case not finished at the extract date is written open: no result, no sentence.
    let mut open = final_result > extract;
    if open {
        convicted = false;
    }

    // The Crown Court, when the case is sent there.
    let mut crown: Option<CrownCase> = None;
    let mut disposal = Disposal::NotConvicted;
    let mut sentence_date = final_result;
    let mut remanded_from = None;
    if route == Route::Sentenced || open {
        if convicted {
            disposal = sentence(rng, offence.severity, false, youth);
        }
        // Some convictions are appealed to the Crown Court; the sentence stands meanwhile.
        let appeal = if plea == "Guilty" {
            rates::APPEALED_AFTER_GUILTY_PLEA
        } else {
            rates::APPEALED_AFTER_TRIAL
        };
        if convicted && rng.chance(appeal) {
            let receipt = plus(final_result, rng.range(7, 21));
            let heard = rng.lognormal(90.0, 0.5).clamp(21.0, 400.0) * covid(receipt);
            let decided = plus(receipt, heard as i64);
            let allowed = rng.chance(0.35);
            crown = (receipt <= extract).then_some(CrownCase {
                open: decided > extract,
                case_type: "Appeal",
                receipt,
                first_hearing: plus(receipt, rng.range(14, 60)).min(decided),
                disposal: decided,
                plea,
                verdict: if allowed {
                    "Appeal allowed"
                } else {
                    "Appeal dismissed"
                },
                outcome: Some(if allowed {
                    Disposal::NotConvicted
                } else {
                    disposal
                }),
            });
        }
    } else {
        let receipt = plus(final_result, rng.range(1, 21));
        let crown_first = plus(receipt, rng.range(14, 60));
        let (crown_plea, verdict, disposal_date) = if route == Route::CommittedForSentence {
            (
                "Guilty",
                "Convicted at magistrates' court",
                plus(receipt, rng.range(20, 70)),
            )
        } else if rng.chance(0.65) {
            ("Guilty", "Guilty plea", plus(crown_first, rng.range(0, 90)))
        } else {
            let trial = plus(
                receipt,
                (rng.lognormal(220.0, 0.5).clamp(60.0, 900.0) * covid(receipt)) as i64,
            );
            if rng.chance(0.6) {
                ("Not guilty", "Found guilty", trial)
            } else {
                convicted = false;
                ("Not guilty", "Acquitted", trial)
            }
        };
        // Sent to the Crown Court after the extract date: only the committal is in the data.
        let sent = receipt <= extract;
        open = sent && disposal_date > extract;
        if open || !sent {
            convicted = false;
        }
        if convicted {
            disposal = sentence(rng, offence.severity, true, youth);
        }
        if offence.severity >= 4 && rng.chance(0.4) {
            remanded_from = Some(first_hearing);
        }
        sentence_date = disposal_date;
        crown = sent.then_some(CrownCase {
            open,
            case_type: if route == Route::CommittedForSentence {
                "Committal for sentence"
            } else {
                "Trial"
            },
            receipt,
            first_hearing: crown_first,
            disposal: disposal_date,
            plea: crown_plea,
            verdict,
            outcome: None,
        });
    }
    // Records, where the courts' systems kept them (problem 10); an open case by the year it
    // started.
    let mags_open = final_result > extract;
    let mags_row = out.counters.next(out.ids, HashKind::MagsRow);
    let observed = offence_date >= Dataset::Magistrates.coverage().0;
    let recorded_by = if mags_open {
        first_hearing
    } else {
        final_result
    };
    let mags_recorded = observed && rng.chance(rates::court_recording(recorded_by.year()));
    if mags_recorded {
        let mags = MagsCase {
            breach: false,
            open: mags_open,
            route,
            plea,
            convicted,
            first_hearing,
            final_result,
            disposal,
        };
        write_mags(
            p,
            rng,
            out,
            &mags_row,
            offence,
            offence_date,
            &mags,
            youth,
            region.mags_courts,
        );
    }
    if let Some(c) = &crown {
        let crown_row = out.counters.next(out.ids, HashKind::CrownRow);
        if observed
            && c.receipt >= Dataset::Crown.coverage().0
            && rng.chance(rates::court_recording(if c.open {
                c.receipt.year()
            } else {
                c.disposal.year()
            }))
        {
            write_crown(
                p,
                rng,
                out,
                &crown_row,
                offence,
                c,
                c.outcome.unwrap_or(disposal),
                region.crown_courts,
            );
            if mags_recorded {
                let score = if rng.chance(0.85) {
                    rng.range(900, 1000)
                } else {
                    rng.range(600, 899)
                };
                out.batch.push(
                    JOURNEY_TABLE,
                    [
                        text(&mags_row),
                        text(&crown_row),
                        real(score as f64 / 1000.0),
                    ],
                );
            }
        }
    }
    if open || sentence_date > extract {
        return None; // still before the courts at the extract date
    }
    Some(custody::after_sentence(
        p,
        rng,
        out,
        offence,
        offence_date,
        disposal,
        sentence_date,
        remanded_from,
        youth,
    ))
}

fn sentence(rng: &mut Rng, severity: u8, crown: bool, youth: bool) -> Disposal {
    // Weights: custody, suspended, community, fine, discharge, otherwise dealt with.
    let w: [f64; 6] = match (crown, severity) {
        (false, 1) => [2.0, 2.0, 8.0, 65.0, 13.0, 10.0],
        (false, 2) => [7.0, 6.0, 16.0, 45.0, 10.0, 16.0],
        (false, 3) => [16.0, 15.0, 24.0, 22.0, 8.0, 15.0],
        (false, _) => [35.0, 25.0, 25.0, 5.0, 3.0, 7.0],
        (true, 1 | 2) => [35.0, 30.0, 20.0, 5.0, 3.0, 7.0],
        (true, 3) => [50.0, 28.0, 14.0, 2.0, 1.0, 5.0],
        (true, 4) => [68.0, 20.0, 8.0, 1.0, 0.5, 2.5],
        (true, _) => [95.0, 3.0, 1.0, 0.0, 0.0, 1.0],
    };
    let mut w = w;
    if youth {
        // Youth courts: referral and youth rehabilitation orders, little custody, no suspension.
        w = [w[0] / 3.0, 0.0, w[2] + w[1], w[3] / 2.0, w[4], w[5] * 3.0];
    }
    let choices = [
        (0, w[0]),
        (1, w[1]),
        (2, w[2]),
        (3, w[3]),
        (4, w[4]),
        (5, w[5]),
    ];
    match rng.weighted(&choices) {
        0 => {
            let days = if crown {
                let median =
                    [120.0, 180.0, 365.0, 900.0, 2500.0][severity.clamp(1, 5) as usize - 1];
                rng.lognormal(median, 0.6).clamp(30.0, 10_950.0)
            } else {
                rng.lognormal(60.0, 0.6).clamp(7.0, 182.0)
            };
            if youth {
                // A detention and training order: 4 to 24 months.
                let months = rng.pick_copy(&[4, 6, 6, 8, 10, 12, 12, 18, 24]);
                Disposal::Custody {
                    days: (months as f64 * 30.44) as i64,
                }
            } else {
                Disposal::Custody { days: days as i64 }
            }
        }
        1 => Disposal::Suspended {
            months: rng.range(6, 24),
        },
        2 => Disposal::Community {
            months: rng.pick_copy(&[6, 12, 12, 12, 18, 24, 36]),
        },
        3 => Disposal::Fine {
            amount: ((rng.lognormal(150.0, 0.8).clamp(20.0, 5000.0) / 5.0).round() * 5.0),
        },
        4 => Disposal::Discharge,
        _ => Disposal::OtherwiseDealt,
    }
}

struct MagsCase {
    /// Breach proceedings on a community order or suspended sentence (`breach_marker` 'Y').
    breach: bool,
    /// Not finished at the extract date: no final result, outcome or verdict.
    open: bool,
    route: Route,
    plea: &'static str,
    convicted: bool,
    first_hearing: NaiveDate,
    final_result: NaiveDate,
    disposal: Disposal,
}

#[allow(clippy::too_many_arguments)]
fn write_mags(
    p: &Person,
    rng: &mut Rng,
    out: &mut LifeOut,
    row_id: &str,
    offence: &'static Offence,
    offence_date: NaiveDate,
    m: &MagsCase,
    youth: bool,
    courts: &[&'static str],
) {
    let case_id = out.counters.next(out.ids, HashKind::MagsCase);
    let (group, committed, verdict) = match m.route {
        Route::CommittedForTrial => ("Committed for trial", Some("trial"), None),
        Route::CommittedForSentence => ("Committed for sentence", Some("sentence"), Some("Guilty")),
        Route::Sentenced => (
            m.disposal.group(),
            None,
            Some(match (m.convicted, m.plea) {
                (true, "No plea") => "Proved in absence",
                (true, _) => "Guilty",
                (false, "Not guilty") => "Not guilty",
                (false, _) => "Withdrawn",
            }),
        ),
    };
    let (group, committed, verdict) = if m.open {
        (None, None, None)
    } else {
        (Some(group), committed, verdict)
    };
    let sentenced_here = m.route == Route::Sentenced && !m.open;
    let final_result = (!m.open).then(|| flaws::span_end(rng, m.first_hearing, m.final_result));
    let mode = match offence.mode {
        Mode::Summary => "Summary",
        Mode::EitherWay => "Either way",
        Mode::IndictableOnly => "Indictable only",
    };
    out.batch.push(
        "magistrates_case",
        [
            text(row_id),
            Value::Text(case_id),
            text(&p.mags_id),
            text(place_on(rng, courts, m.first_hearing)),
            flaws::mags_offence_date(rng, offence_date),
            date(m.first_hearing),
            opt_date(final_result),
            text(mode),
            text(if youth { "Youth" } else { "Adult" }),
            text(if m.breach { "Y" } else { "N" }),
            text(offence.code),
            text(offence.desc),
            text(offence.group),
            text(m.plea),
            opt_text(verdict),
            opt_text(group),
            opt_int(if sentenced_here {
                m.disposal.custody_days()
            } else {
                None
            }),
            opt_real(if sentenced_here {
                m.disposal.fine()
            } else {
                None
            }),
            opt_text(committed),
            flaws::recorded_age(rng, p.age_at(offence_date)),
            text(gender(p)),
            flaws::court_ethnicity(rng, p.ethnicity),
            flaws::lsoa(rng, &p.lsoa),
        ],
    );
    out.record(Dataset::Magistrates, row_id, false);

    // The offence rows: the principal offence somewhere among up to six.
    let n = *rng.weighted(&[(1, 82.0), (2, 12.0), (3, 4.0), (4, 1.2), (5, 0.5), (6, 0.3)]);
    let principal = rng.below(n as u64) as i64 + 1;
    for seq in 1..=n as i64 {
        let (o, result, when) = if seq == principal {
            (offence, group, offence_date)
        } else {
            let lesser = lesser_offence(rng, offence, plus(offence_date, -30));
            let result = if m.open {
                None
            } else if !m.convicted {
                Some("Dismissed or withdrawn")
            } else {
                Some(rng.pick_copy(&[
                    "No separate penalty",
                    "No separate penalty",
                    "Fine",
                    "Conditional discharge",
                ]))
            };
            (lesser, result, plus(offence_date, -rng.range(0, 30)))
        };
        out.batch.push(
            "magistrates_offence",
            [
                text(row_id),
                int(seq),
                text(o.code),
                text(o.desc),
                date(when),
                text(m.plea),
                opt_text(verdict),
                opt_text(result),
                int((seq == principal) as i64),
            ],
        );
    }
}

/// Breach proceedings in a magistrates' court, heard `hearing` (after the order ended
/// "Breached"): the original offence, a guilty plea, and the order varied or a fine.
pub fn breach_case(
    p: &Person,
    rng: &mut Rng,
    out: &mut LifeOut,
    (offence, offence_date): (&'static Offence, NaiveDate),
    hearing: NaiveDate,
) {
    let youth = p.age_at(offence_date) < 18;
    // Recorded like the case it comes from: only offences within the magistrates' coverage.
    if hearing > crate::contract::default_extract_date()
        || offence_date < Dataset::Magistrates.coverage().0
        || !rng.chance(rates::court_recording(hearing.year()))
    {
        return;
    }
    let disposal = if rng.chance(0.45) {
        Disposal::Fine {
            amount: (rng.lognormal(100.0, 0.5).clamp(20.0, 1000.0) / 5.0).round() * 5.0,
        }
    } else {
        Disposal::OtherwiseDealt
    };
    let m = MagsCase {
        breach: true,
        open: false,
        route: Route::Sentenced,
        plea: "Guilty",
        convicted: true,
        first_hearing: hearing,
        final_result: hearing,
        disposal,
    };
    let row = out.counters.next(out.ids, HashKind::MagsRow);
    let courts = REGIONS[p.region].mags_courts;
    write_mags(p, rng, out, &row, offence, offence_date, &m, youth, courts);
}

/// An offence no more serious than the principal one, to sit beside it on the charge sheet.
/// Offences in force by `on` only.
fn lesser_offence(rng: &mut Rng, principal: &'static Offence, on: NaiveDate) -> &'static Offence {
    for _ in 0..8 {
        let o = offence_on(rng, on);
        if o.severity <= principal.severity {
            return o;
        }
    }
    principal
}

struct CrownCase {
    /// Not disposed of at the extract date: no disposal date, verdict or sentence.
    open: bool,
    case_type: &'static str,
    receipt: NaiveDate,
    first_hearing: NaiveDate,
    disposal: NaiveDate,
    plea: &'static str,
    verdict: &'static str,
    /// What the Crown Court's row records, when not the case's disposal (an appeal allowed).
    outcome: Option<Disposal>,
}

#[allow(clippy::too_many_arguments)]
fn write_crown(
    p: &Person,
    rng: &mut Rng,
    out: &mut LifeOut,
    row_id: &str,
    offence: &'static Offence,
    c: &CrownCase,
    disposal: Disposal,
    courts: &[&'static str],
) {
    let case_id = out.counters.next(out.ids, HashKind::CrownCase);
    let doc_id = out.counters.next(out.ids, HashKind::CrownDefendantOnCase);
    let disposal_date = (!c.open).then(|| flaws::span_end(rng, c.receipt, c.disposal));
    out.batch.push(
        "crown_case",
        [
            text(row_id),
            Value::Text(doc_id),
            Value::Text(case_id),
            text(&p.crown_id),
            text(place_on(rng, courts, c.receipt)),
            text(c.case_type),
            date(c.receipt),
            date(c.first_hearing),
            opt_date(disposal_date),
            text(c.plea),
            opt_text((!c.open).then_some(c.verdict)),
            text(offence.code),
            text(offence.desc),
            text(offence.group),
            opt_text(disposal.crown_sentence_type()),
            opt_int(disposal.custody_days()),
            opt_real(disposal.fine()),
            flaws::recorded_age(rng, p.age_at(c.receipt)),
            text(gender(p)),
            flaws::court_ethnicity(rng, p.ethnicity),
            flaws::lsoa(rng, &p.lsoa),
        ],
    );
    out.record(Dataset::Crown, row_id, false);

    let n = *rng.weighted(&[(1, 55.0), (2, 25.0), (3, 12.0), (4, 8.0)]);
    for i in 0..n {
        let principal = i == 0;
        let o = if principal {
            offence
        } else {
            // Committed before receipt, up to about two years before.
            lesser_offence(rng, offence, plus(c.receipt, -730))
        };
        let (result, days, money) = if c.open {
            ("Awaiting trial", None, None)
        } else if principal {
            (
                disposal.crown_sentence_type().unwrap_or("Acquitted"),
                disposal.custody_days(),
                disposal.fine(),
            )
        } else if disposal == Disposal::NotConvicted {
            ("Acquitted", None, None)
        } else if let Disposal::Custody { days } = disposal {
            (
                "Immediate custody (concurrent)",
                Some((days / 2).max(14)),
                None,
            )
        } else {
            ("No separate penalty", None, None)
        };
        let rank = if c.open {
            Disposal::NotConvicted.rank()
        } else if principal {
            disposal.rank()
        } else {
            (disposal.rank() + 1).min(7)
        };
        out.batch.push(
            "crown_offence",
            [
                text(row_id),
                Value::Text(
                    out.counters
                        .next(out.ids, HashKind::CrownDefendantOnOffence),
                ),
                text(o.code),
                text(o.desc),
                text(result),
                int(i as i64 + 1),
                opt_int(days),
                opt_real(money),
                int(rank),
            ],
        );
    }
}

pub fn gender(p: &Person) -> &'static str {
    if p.male {
        "Male"
    } else {
        "Female"
    }
}
