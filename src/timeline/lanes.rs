//! Packing overlapping episodes into sub-lanes, and the drawable span of events and children.

use chrono::NaiveDate;

use super::model::{Child, Event};
use crate::dates::DateCell;
use crate::observation::Windows;

/// Assigns each interval (inclusive `start..=end` days) a sub-lane so that no two intervals in
/// one lane overlap. Greedy by start date (ties by end, then input order): each interval takes
/// the lowest-numbered lane that is free by its start, which uses as few lanes as possible.
/// Returns one lane per input interval, in input order. A reversed interval counts as its start.
/// O(n log n): lanes in use wait in a heap by end date, freed lanes in a heap by number, so a
/// person with tens of thousands of overlapping records packs at once.
pub fn pack_lanes(intervals: &[(NaiveDate, NaiveDate)]) -> Vec<usize> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    let mut order: Vec<usize> = (0..intervals.len()).collect();
    let span = |i: usize| {
        let (s, e) = intervals[i];
        (s, e.max(s))
    };
    order.sort_by_key(|&i| (span(i), i));
    let mut busy: BinaryHeap<Reverse<(NaiveDate, usize)>> = BinaryHeap::new();
    let mut free: BinaryHeap<Reverse<usize>> = BinaryHeap::new();
    let mut used = 0;
    let mut lanes = vec![0; intervals.len()];
    for i in order {
        let (start, end) = span(i);
        while let Some(Reverse((last, lane))) = busy.peek().copied() {
            if last >= start {
                break;
            }
            busy.pop();
            free.push(Reverse(lane));
        }
        let lane = match free.pop() {
            Some(Reverse(l)) => l,
            None => {
                used += 1;
                used - 1
            }
        };
        busy.push(Reverse((end, lane)));
        lanes[i] = lane;
    }
    lanes
}

/// Number of lanes a packing uses.
pub fn lane_count(lanes: &[usize]) -> usize {
    lanes.iter().max().map_or(0, |m| m + 1)
}

/// The days a bar covers: an open interval runs to the end of its dataset's observation window
/// (what is known of it); a missing start draws a point at the end; an end before the start
/// draws a point at the start. `None`: no valid date.
pub fn span(
    start: &DateCell,
    end: &DateCell,
    open: bool,
    observed_to: NaiveDate,
) -> Option<(NaiveDate, NaiveDate)> {
    match (start.date(), end.date()) {
        (Some(s), Some(e)) => Some((s, e.max(s))),
        (Some(s), None) if open => Some((s, observed_to.max(s))),
        (Some(s), None) => Some((s, s)),
        (None, Some(e)) => Some((e, e)),
        (None, None) => None,
    }
}

/// Sub-lanes for a person's events, packed separately within each dataset's lane (the chart has
/// one lane per dataset). `None` for an event with no valid date to draw.
pub fn pack_event_lanes(events: &[Event], windows: &Windows) -> Vec<Option<usize>> {
    let mut lanes = vec![None; events.len()];
    for d in crate::contract::Dataset::ALL {
        let (index, spans): (Vec<usize>, Vec<(NaiveDate, NaiveDate)>) = events
            .iter()
            .enumerate()
            .filter(|(_, e)| e.dataset == d)
            .filter_map(|(i, e)| Some((i, e.span(windows)?)))
            .unzip();
        for (i, lane) in index.into_iter().zip(pack_lanes(&spans)) {
            lanes[i] = Some(lane);
        }
    }
    lanes
}

impl Event {
    /// The drawable span of this event, an open one running to its dataset's window end.
    pub fn span(&self, windows: &Windows) -> Option<(NaiveDate, NaiveDate)> {
        span(
            &self.start,
            &self.end,
            self.open,
            windows.of(self.dataset).to,
        )
    }
}

impl Child {
    /// The drawable span of a child record; `observed_to` is its event's window end.
    pub fn span(&self, observed_to: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
        span(&self.start, &self.end, self.open, observed_to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn disjoint_intervals_share_one_lane() {
        let lanes = pack_lanes(&[
            (d(2015, 1, 1), d(2015, 2, 1)),
            (d(2015, 3, 1), d(2015, 4, 1)),
        ]);
        assert_eq!(lanes, vec![0, 0]);
    }

    #[test]
    fn overlapping_intervals_take_new_lanes_and_reuse_freed_ones() {
        let iv = [
            (d(2015, 1, 1), d(2015, 6, 1)),  // 0
            (d(2015, 2, 1), d(2015, 3, 1)),  // 1 overlaps 0
            (d(2015, 4, 1), d(2015, 5, 1)),  // 2 overlaps 0, lane 1 free again
            (d(2015, 2, 15), d(2015, 7, 1)), // 3 overlaps 0 and 1
        ];
        assert_eq!(pack_lanes(&iv), vec![0, 1, 1, 2]);
        assert_eq!(lane_count(&pack_lanes(&iv)), 3);
    }

    #[test]
    fn touching_days_overlap_because_days_are_inclusive() {
        let lanes = pack_lanes(&[
            (d(2015, 1, 1), d(2015, 2, 1)),
            (d(2015, 2, 1), d(2015, 3, 1)),
        ]);
        assert_eq!(lanes, vec![0, 1]);
    }

    #[test]
    fn input_order_does_not_matter_and_result_is_in_input_order() {
        let late = (d(2016, 1, 1), d(2016, 2, 1));
        let early = (d(2015, 1, 1), d(2017, 1, 1));
        assert_eq!(pack_lanes(&[late, early]), vec![1, 0]);
        assert!(pack_lanes(&[]).is_empty());
        assert_eq!(lane_count(&[]), 0);
    }

    #[test]
    fn reversed_interval_is_a_point() {
        let lanes = pack_lanes(&[
            (d(2015, 5, 1), d(2015, 1, 1)),
            (d(2015, 5, 2), d(2015, 6, 1)),
        ]);
        assert_eq!(lanes, vec![0, 0]);
    }

    #[test]
    fn open_spans_run_to_the_extract_date() {
        let x = d(2020, 12, 31);
        let s = DateCell::Valid(d(2019, 1, 1));
        assert_eq!(
            span(&s, &DateCell::Missing, true, x),
            Some((d(2019, 1, 1), x))
        );
        assert_eq!(
            span(&s, &DateCell::Missing, false, x),
            Some((d(2019, 1, 1), d(2019, 1, 1)))
        );
        assert_eq!(span(&DateCell::Missing, &DateCell::Missing, true, x), None);
        let bad = DateCell::Malformed("2019-02-30".into());
        assert_eq!(
            span(&bad, &s, false, x),
            Some((d(2019, 1, 1), d(2019, 1, 1)))
        );
    }
}
