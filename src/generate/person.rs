//! One generated person: who they are, the life of cases that follows them through the four
//! datasets, and how the linkage then places their records under `estimated_xjs_id`s (with the
//! injected false links, split persons and unlinked records).

use chrono::{Datelike, NaiveDate};

use crate::contract::{Dataset, LINK_TABLE};

use super::batch::Batch;
use super::courts;
use super::ids::{Counters, Ids, PersonKind};
use super::rates;
use super::rng::{Rng, Stream};
use super::values::{plus, text, ymd};
use super::vocab::{ETHNICITIES, NATIONALITIES, REGIONS, WALES};

/// Who a person is. Their records in every dataset agree on these (unless the linkage errs).
pub struct Person {
    pub male: bool,
    pub birth: NaiveDate,
    /// The date of the first proven offence of the person's career.
    pub onset: NaiveDate,
    pub ethnicity: usize,
    pub region: usize,
    pub lsoa: String,
    pub nationality: &'static str,
    pub mags_id: String,
    pub crown_id: String,
    pub prison_id: String,
    pub probation_id: String,
}

impl Person {
    /// `life` numbers every life: 2i for person i, 2i+1 for the stranger falsely linked to them.
    fn draw(rng: &mut Rng, ids: &Ids, life: u64) -> Person {
        let male = rng.chance(0.85);
        let welsh = rng.chance(rates::WELSH_PEOPLE);
        let region = if welsh {
            WALES
        } else {
            rng.choose_by(&REGIONS, |r| r.weight)
        };
        let lsoa = if welsh {
            format!("W01{:06}", rng.range(1, 1958))
        } else {
            format!("E01{:06}", rng.range(1, 33768))
        };
        let ethnicity = rng.choose_by(&ETHNICITIES, |e| e.3);
        // Careers begin at a steady pace through the years (new young people every year), at an
        // onset age with median 17: so most people in the data were born 1975-2000.
        let onset_age = 10.0 + rng.lognormal(rates::ONSET_AGE_MEDIAN - 10.0, 0.6).min(50.0);
        let (from, to) = (ymd(rates::ONSETS_FROM_YEAR, 1, 1), ymd(2022, 12, 31));
        let onset = plus(from, rng.range(0, super::values::days_between(from, to)));
        let birth = plus(onset, -(onset_age * 365.25) as i64).max(ymd(1935, 1, 1));
        Person {
            male,
            birth,
            onset,
            ethnicity,
            region,
            lsoa,
            nationality: NATIONALITIES[rng.choose_by(&NATIONALITIES, |n| n.1)].0,
            mags_id: ids.person(PersonKind::MagsDefendant, life),
            crown_id: ids.person(PersonKind::CrownDefendant, life),
            prison_id: ids.person(PersonKind::PrisonOffender, life),
            probation_id: ids.person(PersonKind::ProbationOffender, life),
        }
    }

    /// A stranger to be falsely linked with `host`: the other gender, born 10-25 years apart.
    fn stranger_of(host: &Person, rng: &mut Rng, ids: &Ids, life: u64) -> Person {
        let mut p = Person::draw(rng, ids, life);
        p.male = !host.male;
        let gap = rng.range(10, 25) * 365;
        let older = plus(host.birth, -gap);
        let younger = plus(host.birth, gap);
        p.birth = if younger <= ymd(2005, 1, 1) && rng.chance(0.5) || older < ymd(1940, 1, 1) {
            younger
        } else {
            older
        };
        // Their career starts at least at age 12.
        p.onset = p.onset.max(plus(p.birth, 12 * 365));
        p
    }

    pub fn age_at(&self, d: NaiveDate) -> i64 {
        crate::dates::years_between(self.birth, d) as i64
    }
}

/// A main-table record written for a life, waiting for its `xjs_link` row.
pub struct MainRecord {
    pub dataset: Dataset,
    pub row_id_hash: String,
    /// A repeated probation event row (problem 1).
    pub duplicate: bool,
}

/// Where a life's rows go while it is being lived.
pub struct LifeOut<'a> {
    pub batch: &'a mut Batch,
    pub ids: &'a Ids,
    pub counters: Counters,
    pub records: Vec<MainRecord>,
}

impl LifeOut<'_> {
    pub fn record(&mut self, dataset: Dataset, row_id_hash: &str, duplicate: bool) {
        self.records.push(MainRecord {
            dataset,
            row_id_hash: row_id_hash.to_string(),
            duplicate,
        });
    }
}

/// Generates every row of person `index` (and of a falsely linked stranger, if any) into `batch`.
pub fn generate_person(seed: u64, ids: &Ids, index: u64, batch: &mut Batch) {
    let mut rng = Rng::for_person(seed, Stream::Life, index);
    let host = Person::draw(&mut rng, ids, 2 * index);
    let host_records = live(&host, &mut rng, ids, 2 * index, batch);

    let mut link = Rng::for_person(seed, Stream::Linkage, index);
    let xjs = ids.person(PersonKind::Xjs, 2 * index);
    let linked = link_records(&mut link, ids, index, &xjs, host_records, batch);

    if linked > 0 && link.chance(rates::FALSE_LINK) {
        let mut srng = Rng::for_person(seed, Stream::FalseLinkLife, index);
        let stranger = Person::stranger_of(&host, &mut srng, ids, 2 * index + 1);
        for r in live(&stranger, &mut srng, ids, 2 * index + 1, batch) {
            write_link(batch, r.dataset, r.row_id_hash, &xjs);
        }
    }
}

fn live(p: &Person, rng: &mut Rng, ids: &Ids, life: u64, batch: &mut Batch) -> Vec<MainRecord> {
    let mut out = LifeOut {
        batch,
        ids,
        counters: Counters::new(life),
        records: Vec::new(),
    };
    let extract = crate::contract::default_extract_date();
    // A life that leaves no record in the data's coverage is lived again (a person in the data
    // has a record): the people generated are those the datasets saw.
    for _attempt in 0..8 {
        career(p, rng, extract, &mut out);
        if !out.records.is_empty() {
            break;
        }
    }
    out.records
}

/// One offending career (README, "Synthetic data"): it starts at an onset age, and after each
/// proven offence the person offends again after a waiting time whose rate is their own
/// propensity (a minority is prolific) times a factor rising with the offences already proven
/// and falling with age. Careers begin before the courts' coverage: earlier offences leave no
/// court record but count as priors (and custody running into coverage shows as a journey).
fn career(p: &Person, rng: &mut Rng, extract: NaiveDate, out: &mut LifeOut) {
    let propensity = rng.lognormal(1.0, rates::PROPENSITY_SIGMA);
    let histories_from = ymd(rates::CAREERS_FROM_YEAR, 1, 1);
    let mut offence = p.onset;
    let mut priors = 0u32;
    while offence <= extract {
        let free = if offence < histories_from {
            // Long before coverage: a proven offence that leaves nothing in the data.
            Some(plus(offence, 60))
        } else if rng.chance(rates::prosecution(offence.year())) {
            courts::case(p, rng, offence, out)
        } else {
            None // not detected or not prosecuted: no case, the career goes on
        };
        let from = match free {
            Some(free) => {
                priors += 1;
                free
            }
            None if offence >= histories_from => offence,
            None => break,
        };
        let age = p.age_at(from) as f64;
        let rate = (rates::REOFFENDING_PER_YEAR
            * propensity
            * rates::history_factor(priors)
            * rates::age_factor(age))
        .min(rates::MAX_OFFENCES_PER_YEAR);
        if rate <= 0.0 || rng.chance(rates::DESISTANCE) {
            break;
        }
        offence = plus(from, 1 + rng.exp(365.25 / rate) as i64);
    }
}

/// Writes the `xjs_link` rows of a person's records: some unlinked, some split across two IDs.
/// Returns how many were linked.
fn link_records(
    rng: &mut Rng,
    ids: &Ids,
    index: u64,
    xjs: &str,
    records: Vec<MainRecord>,
    batch: &mut Batch,
) -> usize {
    let unlinked: Vec<bool> = records
        .iter()
        .map(|_| rng.chance(rates::UNLINKED_RECORD))
        .collect();
    let mut second_id: Option<String> = None;
    let mut split_datasets = Vec::new();
    for d in Dataset::ALL {
        let linked_records = records
            .iter()
            .zip(&unlinked)
            .filter(|(r, u)| r.dataset == d && !r.duplicate && !**u)
            .count();
        if linked_records >= 2 && rng.chance(rates::SPLIT_PERSON) {
            split_datasets.push((d, linked_records));
        }
    }
    let mut seen = [0usize; 4];
    let mut linked = 0;
    for (r, skip) in records.into_iter().zip(unlinked) {
        if skip {
            continue;
        }
        let di = r.dataset as usize;
        if !r.duplicate {
            seen[di] += 1;
        }
        linked += 1;
        let split = split_datasets
            .iter()
            .find(|(d, _)| *d == r.dataset)
            .is_some_and(|(_, n)| seen[di] > n / 2);
        if split {
            let id = second_id.get_or_insert_with(|| ids.person(PersonKind::Xjs, 2 * index + 1));
            write_link(batch, r.dataset, r.row_id_hash, id);
        } else {
            write_link(batch, r.dataset, r.row_id_hash, xjs);
        }
    }
    linked
}

fn write_link(batch: &mut Batch, d: Dataset, row_id_hash: String, xjs: &str) {
    batch.push(
        LINK_TABLE,
        [
            text(d.source_name()),
            super::sink::Value::Text(row_id_hash),
            text(xjs),
        ],
    );
}
