//! Where each record sits on the chart: one lane per dataset, overlapping events packed into
//! sub-lanes (`timeline::pack_lanes`), child records (requirements, licence conditions, PSS) in rows under their event's
//! sub-lane. Packed by dates over the whole timeline, so rows do not shift while panning.

use chrono::NaiveDate;

use crate::contract::Dataset;
use crate::timeline::{pack_lanes, Marker, PersonTimeline};

/// What a chart row holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// Sub-lane `n` of a dataset (0 carries the dataset's label).
    Events(usize),
    /// Child records of the events in the sub-lane above (`first`: the first such row).
    Children { first: bool },
    /// The dataset is not in this database at all.
    Absent,
}

/// One drawable record: an event (child `None`) or one of its children.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub event: usize,
    pub child: Option<usize>,
    pub start: NaiveDate,
    /// Inclusive; the extract date when the record is still open.
    pub end: NaiveDate,
    pub open: bool,
    pub markers: Vec<Marker>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChartRow {
    pub dataset: Dataset,
    pub kind: RowKind,
    pub items: Vec<Item>,
}

/// The chart rows of a person, datasets in contract order. Records without any usable date are
/// left out of the chart (the event table still lists them).
pub fn layout(t: &PersonTimeline) -> Vec<ChartRow> {
    let mut rows = Vec::new();
    for dataset in Dataset::ALL {
        let present = t.datasets_present.contains(&dataset);
        let mut items: Vec<Item> = Vec::new();
        for (i, e) in t
            .events
            .iter()
            .enumerate()
            .filter(|(_, e)| e.dataset == dataset)
        {
            if let Some((start, end)) = e.span(&t.windows) {
                items.push(Item {
                    event: i,
                    child: None,
                    start,
                    end,
                    open: e.open,
                    markers: e.markers.clone(),
                });
            }
        }
        if !present && items.is_empty() {
            rows.push(ChartRow {
                dataset,
                kind: RowKind::Absent,
                items: Vec::new(),
            });
            continue;
        }
        let spans: Vec<_> = items.iter().map(|it| (it.start, it.end)).collect();
        let lanes = pack_lanes(&spans);
        let n_lanes = lanes.iter().max().map_or(1, |m| m + 1);
        for lane in 0..n_lanes {
            let lane_items: Vec<Item> = items
                .iter()
                .zip(&lanes)
                .filter(|(_, l)| **l == lane)
                .map(|(it, _)| it.clone())
                .collect();
            let children = child_items(t, &lane_items);
            rows.push(ChartRow {
                dataset,
                kind: RowKind::Events(lane),
                items: lane_items,
            });
            rows.extend(children.into_iter().enumerate().map(|(i, items)| ChartRow {
                dataset,
                kind: RowKind::Children { first: i == 0 },
                items,
            }));
        }
    }
    rows
}

/// Child records of the events in one sub-lane, packed into as many rows as they need. Offences
/// are not drawn (their dates are the case's offence marker); requirements and conditions are.
fn child_items(t: &PersonTimeline, lane_items: &[Item]) -> Vec<Vec<Item>> {
    let mut items = Vec::new();
    for it in lane_items {
        let event = &t.events[it.event];
        // An open record is known only as far as its dataset observes (probation stops at
        // 2020-12-31): its bar ends there, and the shading takes over.
        let observed_to = t.windows.of(event.dataset).to;
        for (ci, c) in event.children.iter().enumerate() {
            if c.table.ends_with("_offence") {
                continue;
            }
            if let Some((start, end)) = c.span(observed_to) {
                items.push(Item {
                    event: it.event,
                    child: Some(ci),
                    start,
                    end,
                    open: c.open,
                    markers: Vec::new(),
                });
            }
        }
    }
    let spans: Vec<_> = items.iter().map(|it| (it.start, it.end)).collect();
    let lanes = pack_lanes(&spans);
    let n = lanes.iter().max().map_or(0, |m| m + 1);
    let mut rows = vec![Vec::new(); n];
    for (it, l) in items.into_iter().zip(lanes) {
        rows[l].push(it);
    }
    rows
}
