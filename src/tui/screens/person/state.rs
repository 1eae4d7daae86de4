//! What the person screen holds: the person's timeline with its packed chart rows, and each
//! pane's selection, zoom and scroll.

use crate::timeline::{Event, PersonRef, PersonTimeline};
use crate::tui::timeline_view::{ChartRow, ChartView};

/// One person on screen, with the selection and view of each pane.
#[derive(Debug, Clone)]
pub struct PersonView {
    pub timeline: PersonTimeline,
    /// The chart's rows (lanes packed), built once when the person opens: a person may have
    /// tens of thousands of records, and no key press may cost a repacking.
    pub rows: Vec<ChartRow>,
    /// The width the table's type column needs (its longest kind).
    pub kind_width: usize,
    /// Index into `timeline.events`.
    pub selected: usize,
    pub chart: ChartView,
    pub details_scroll: u16,
    pub notes_scroll: u16,
}

impl PersonView {
    pub fn new(timeline: PersonTimeline) -> PersonView {
        PersonView {
            rows: crate::tui::timeline_view::layout(&timeline),
            kind_width: timeline
                .events
                .iter()
                .map(|e| e.kind.chars().count())
                .max()
                .unwrap_or(4),
            timeline,
            selected: 0,
            chart: ChartView::default(),
            details_scroll: 0,
            notes_scroll: 0,
        }
    }

    pub fn selected_event(&self) -> Option<&Event> {
        self.timeline.events.get(self.selected)
    }

    /// Who this is, to reopen or to name in messages.
    pub fn person_ref(&self) -> Option<PersonRef> {
        match &self.timeline.estimated_xjs_id {
            Some(id) => Some(PersonRef::Linked(id.clone())),
            None => {
                let e = self.timeline.events.first()?;
                Some(PersonRef::Unlinked {
                    dataset: e.dataset,
                    row_id_hash: e.row_id_hashes.first()?.clone(),
                })
            }
        }
    }
}
