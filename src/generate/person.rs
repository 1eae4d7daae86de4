//! One generated person: who they are, the life of cases that follows them through the four
//! datasets, and how the linkage then places their records under `estimated_xjs_id`s (with the
//! injected false links, split persons and unlinked records).

use chrono::NaiveDate;

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
        // Birth: between 1935 and 2008, with most offenders born 1975-2000.
        let year = (rng.lognormal(27.0, 0.35).clamp(0.0, 60.0) as i32).clamp(0, 60);
        let birth_year = (2016 - year - rng.range(-5, 5) as i32).clamp(1935, 2008);
        let birth = plus(ymd(birth_year, 1, 1), rng.range(0, 364));
        Person {
            male,
            birth,
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
    // First case: offence dates spread evenly from before the courts' coverage to the extract;
    // cases before 2011 leave no court records, only the custody that runs into coverage. A
    // life that leaves no record at all is lived again (a person in the data has a record).
    let (first, last) = (ymd(rates::CAREERS_FROM_YEAR, 1, 1), extract);
    for _attempt in 0..8 {
        let mut offence = plus(
            first,
            rng.range(0, super::values::days_between(first, last)),
        );
        let mut cases = 0;
        while offence <= extract && p.age_at(offence) >= 10 {
            match courts::case(p, rng, offence, &mut out) {
                Some(free) => {
                    cases += 1;
                    let again = if cases == 1 {
                        rates::REOFFEND_AFTER_FIRST
                    } else {
                        rates::REOFFEND_AGAIN
                    };
                    if !rng.chance(again) {
                        break;
                    }
                    offence = plus(free, 14 + rng.exp(600.0) as i64);
                }
                None => break,
            }
        }
        if !out.records.is_empty() {
            break;
        }
    }
    out.records
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
