//! The aligned view's state: the cohort's people, one row each, with their records placed by
//! days from their own index date (LifeLines2's alignment on a sentinel event), sorted and
//! filtered; and the density of records per month relative to the index over the whole cohort.
//! Everything is already in memory after the computation, so a frame draws only the rows that
//! are visible and a scroll step costs nothing more.

use crate::contract::Dataset;
use crate::outcomes::PersonOutcome;
use crate::timeline::PersonRef;

use crate::tui::app::App;
use crate::tui::keymap::Command;

/// Row orders `s` steps through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortRows {
    #[default]
    IndexDate,
    /// People with the outcome first, soonest first; then the rest by follow-up.
    TimeToOutcome,
    /// Most records first.
    Records,
}

impl SortRows {
    pub fn label(self) -> &'static str {
        match self {
            SortRows::IndexDate => "index date",
            SortRows::TimeToOutcome => "time to outcome",
            SortRows::Records => "number of records",
        }
    }
}

/// Which people `f` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Shown {
    #[default]
    Everyone,
    WithOutcome,
    WithoutOutcome,
}

impl Shown {
    pub fn label(self) -> &'static str {
        match self {
            Shown::Everyone => "everyone",
            Shown::WithOutcome => "with the outcome",
            Shown::WithoutOutcome => "without the outcome",
        }
    }
}

/// The time axis, in days before and after the index, from the widest; `+` narrows it.
pub const ZOOMS: [(i32, i32); 4] = [(1826, 3652), (730, 1826), (365, 730), (90, 365)];

#[derive(Debug, Clone)]
pub struct AlignedState {
    pub sort: SortRows,
    pub shown: Shown,
    /// Index into [`ZOOMS`] (1: two years before to five after).
    pub zoom: usize,
    /// People (indexes into the computed people) in display order.
    pub rows: Vec<usize>,
    /// Position in `rows`.
    pub selected: usize,
}

impl Default for AlignedState {
    fn default() -> Self {
        AlignedState {
            sort: SortRows::IndexDate,
            shown: Shown::Everyone,
            zoom: 1,
            rows: Vec::new(),
            selected: 0,
        }
    }
}

impl AlignedState {
    /// The axis: days before and after the index.
    pub fn range(&self) -> (i32, i32) {
        ZOOMS[self.zoom.min(ZOOMS.len() - 1)]
    }

    /// Rebuilds the display order; the selected person stays selected when still shown.
    pub fn rebuild(&mut self, people: &[PersonOutcome]) {
        let keep = self.rows.get(self.selected).copied();
        let mut rows: Vec<usize> = (0..people.len())
            .filter(|&i| match self.shown {
                Shown::Everyone => true,
                Shown::WithOutcome => people[i].event,
                Shown::WithoutOutcome => !people[i].event,
            })
            .collect();
        match self.sort {
            // The computation gives people in index-date order.
            SortRows::IndexDate => {}
            SortRows::TimeToOutcome => {
                rows.sort_by_key(|&i| (!people[i].event, people[i].time_days));
            }
            SortRows::Records => {
                rows.sort_by_key(|&i| std::cmp::Reverse(people[i].records.len()));
            }
        }
        self.selected = keep
            .and_then(|k| rows.iter().position(|r| *r == k))
            .unwrap_or(0);
        self.rows = rows;
    }
}

/// Applies an aligned-view command; false when the command is not the view's own.
pub fn command(app: &mut App, c: Command) -> bool {
    let page = app.height.saturating_sub(14).max(1) as usize;
    let o = &mut app.outcomes;
    // The computed people, or those followed up so far while computing.
    let people = match &o.computed {
        Some(c) => &c.follow.people,
        None => crate::tui::screens::outcomes::listed(&o.partial, &o.preview),
    };
    let s = &mut o.aligned;
    if crate::tui::screens::move_in_list(&mut s.selected, s.rows.len(), page, c) {
        return true;
    }
    match c {
        Command::Open => {
            let id = s
                .rows
                .get(s.selected)
                .map(|&i| people[i].estimated_xjs_id.clone());
            if let Some(id) = id {
                crate::tui::update::open_person(app, PersonRef::Linked(id));
            }
        }
        Command::CycleSort => {
            s.sort = match s.sort {
                SortRows::IndexDate => SortRows::TimeToOutcome,
                SortRows::TimeToOutcome => SortRows::Records,
                SortRows::Records => SortRows::IndexDate,
            };
            s.rebuild(people);
        }
        Command::CycleShown => {
            s.shown = match s.shown {
                Shown::Everyone => Shown::WithOutcome,
                Shown::WithOutcome => Shown::WithoutOutcome,
                Shown::WithoutOutcome => Shown::Everyone,
            };
            s.rebuild(people);
        }
        Command::ZoomIn => s.zoom = (s.zoom + 1).min(ZOOMS.len() - 1),
        Command::ZoomOut => s.zoom = s.zoom.saturating_sub(1),
        _ => return false,
    }
    true
}

/// Records per month relative to the index over the whole cohort, per dataset: months from
/// `-MONTHS_BEFORE` to `MONTHS_AFTER`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Density {
    /// `counts[m][d]`: records of dataset `d` (in [`Dataset::ALL`] order) in month `m` from the
    /// first.
    pub counts: Vec<[u32; 4]>,
}

pub const MONTHS_BEFORE: i32 = 60;
pub const MONTHS_AFTER: i32 = 120;

/// The month (from the index) a day falls in.
pub fn month_of(days: i32) -> i32 {
    (days as f64 / 30.4375).floor() as i32
}

impl Density {
    pub fn of(people: &[PersonOutcome]) -> Density {
        let mut counts = vec![[0u32; 4]; (MONTHS_BEFORE + MONTHS_AFTER + 1) as usize];
        for p in people {
            for (d, days) in &p.records {
                let m = month_of(*days) + MONTHS_BEFORE;
                if (0..counts.len() as i32).contains(&m) {
                    let di = Dataset::ALL.iter().position(|x| x == d).unwrap_or(0);
                    counts[m as usize][di] += 1;
                }
            }
        }
        Density { counts }
    }

    /// Records of `dataset` in the month `month` (from the index), 0 outside the histogram.
    pub fn at(&self, month: i32, dataset: usize) -> u32 {
        usize::try_from(month + MONTHS_BEFORE)
            .ok()
            .and_then(|m| self.counts.get(m))
            .map_or(0, |c| c[dataset])
    }
}
