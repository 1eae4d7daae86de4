//! The domain types of a timeline. The TUI, the headless `person` command and cohort export all
//! consume these; nothing here knows about SQL or terminals.

use chrono::NaiveDate;
use serde::Serialize;

use crate::contract::Dataset;
use crate::dates::DateCell;
use crate::quality::Flag;
use crate::record::Record;

/// Everything known about one person: one `estimated_xjs_id`, or one unlinked record.
#[derive(Debug, Clone, Serialize)]
pub struct PersonTimeline {
    /// `None` when the records have no `xjs_link` row ("not linked").
    pub estimated_xjs_id: Option<String>,
    /// Dataset-level person IDs (`estimated_defendant_id`, `estimated_offender_id`).
    pub dataset_ids: Vec<DatasetId>,
    /// Gender and age as each dataset records them.
    pub demographics: Vec<Demographic>,
    /// Main-table events sorted by start, missing starts last.
    pub events: Vec<Event>,
    /// Person-level flags (false/missed links, unlinked records).
    pub flags: Vec<Flag>,
    /// Other `estimated_xjs_id`s holding records of the same dataset-level person.
    pub split_into: Vec<String>,
    /// Datasets present in the database (the rest are absent, not empty).
    pub datasets_present: Vec<Dataset>,
    /// Each dataset's observation window (an open record is open at its dataset's end).
    pub windows: crate::observation::Windows,
}

impl PersonTimeline {
    /// The counting rule, the one every screen, summary, CSV column and manifest uses: a
    /// dataset's records are its distinct events. Each main-table row is one record, except that
    /// probation rows repeating an `event_id_hash` are one record (the repeats are shown and
    /// flagged as duplicates, never counted twice). Child rows (offences, requirements) and link
    /// rows without a main-table row are not records.
    pub fn records(&self, dataset: Dataset) -> u64 {
        self.events.iter().filter(|e| e.dataset == dataset).count() as u64
    }

    /// Quality flags in total: on the person, its events and their child records.
    pub fn flag_count(&self) -> u64 {
        let on_events: usize = self
            .events
            .iter()
            .map(|e| e.flags.len() + e.children.iter().map(|c| c.flags.len()).sum::<usize>())
            .sum();
        (self.flags.len() + on_events) as u64
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DatasetId {
    pub dataset: Dataset,
    /// The column, e.g. `estimated_offender_id`.
    pub kind: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Demographic {
    pub dataset: Dataset,
    pub gender: Option<String>,
    /// Age as recorded (age at offence, receipt or reception), with the date it refers to.
    pub age: Option<f64>,
    pub age_on: Option<NaiveDate>,
    /// Disagrees with another dataset's value (possible false link).
    pub disagrees: bool,
}

/// One main-table record on the timeline (a probation event once per distinct `event_id_hash`).
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    pub dataset: Dataset,
    pub table: &'static str,
    /// Every main-table row behind this event (several when the flatfile repeats an event).
    pub row_id_hashes: Vec<String>,
    /// e.g. "Trial", "Custodial journey", "ORA Community Order".
    pub kind: String,
    pub start: DateCell,
    pub end: DateCell,
    /// No end: still open at the end of its dataset's observation window.
    pub open: bool,
    pub label: String,
    /// Point dates shown as glyphs: offence date, referral date.
    pub markers: Vec<Marker>,
    pub flags: Vec<Flag>,
    pub children: Vec<Child>,
    /// The main-table row (the first of duplicates), every column including extras.
    pub record: Record,
    /// Magistrates' case -> Crown case links (either direction) from `mags_crown_journey`.
    pub journey_links: Vec<JourneyLink>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Marker {
    /// The column, e.g. `offence_date`, `referral_date`.
    pub column: &'static str,
    pub date: NaiveDate,
}

/// A child row: offence, requirement, licence condition, PSS requirement.
#[derive(Debug, Clone, Serialize)]
pub struct Child {
    pub table: std::sync::Arc<str>,
    pub kind: String,
    pub start: DateCell,
    pub end: DateCell,
    pub open: bool,
    pub label: String,
    pub flags: Vec<Flag>,
    pub record: Record,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JourneyLink {
    pub mags_row_id_hash: String,
    pub crown_row_id_hash: String,
    pub estimated_match_score: Option<f64>,
}
