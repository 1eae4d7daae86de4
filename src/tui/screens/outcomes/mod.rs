//! The cohort as a whole, after its index event, in three views of one computation: the curves
//! (`O` on the cohort list: who came back and how soon), what came next (`N`: the sequence
//! tree) and the journeys aligned on the index date (`A`). Every setting is one key that steps
//! through its values (index event, outcome, grouping, windows, disclosure threshold); each
//! change recomputes on the cohort worker, with progress, and a newer computation interrupts an
//! older one. `e` writes the files.

pub mod aligned;
pub mod aligned_view;
pub mod layout;
pub mod view;

use std::path::PathBuf;

use crate::outcomes::{
    FollowUp, Grouping, IndexKind, OutcomeFiles, OutcomeKind, OutcomeSpec, Report,
};

use crate::tui::action::Request;
use crate::tui::app::{App, Screen};
use crate::tui::keymap::{Command, Context};
use crate::tui::screens::cohort::{CohortRequest, ExportFailure, THRESHOLDS};
use crate::tui::screens::ScreenParts;

/// The window sets `w` steps through, in days.
pub const WINDOW_SETS: [&[u32]; 4] = [&[365, 730], &[90, 365], &[365, 730, 1095], &[182, 365, 730]];

/// The groupings `g` steps through.
const GROUPINGS: [Grouping; 5] = [
    Grouping::None,
    Grouping::Gender,
    Grouping::AgeBand,
    Grouping::DisposalType,
    Grouping::IndexYear,
];

/// The files `e` writes, in the working folder.
pub const TTE_FILE: &str = "outcomes_tte.csv";
pub const KM_FILE: &str = "outcomes_km.csv";
pub const SEQUENCES_FILE: &str = "outcomes_sequences.csv";

/// People in the preview computed before the whole cohort.
pub const PREVIEW: usize = 300;

/// The steps after the index each person keeps, so the tree's depth changes without
/// recomputing.
pub const MAX_DEPTH: usize = 6;

/// A computed analysis: the people followed up and the figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Computed {
    pub follow: FollowUp,
    pub report: Report,
    /// Records per month relative to the index, over the whole cohort (see [`crate::tui::screens::outcomes::aligned`]).
    pub density: crate::tui::screens::outcomes::aligned::Density,
}

/// The views of the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    #[default]
    Curves,
    Next,
    Aligned,
}

#[derive(Debug, Clone)]
pub struct OutcomesState {
    pub view: View,
    /// Steps of the sequence tree.
    pub depth: usize,
    /// The tree for the computed people at `depth` (rebuilt when either changes).
    pub branches: Vec<crate::outcomes::sequences::Branch>,
    pub aligned: crate::tui::screens::outcomes::aligned::AlignedState,
    pub index: IndexKind,
    pub outcome: OutcomeKind,
    pub by: Grouping,
    pub windows: usize,
    pub threshold: u64,
    pub generation: u64,
    /// (people done, of) while computing.
    pub progress: Option<(usize, usize)>,
    /// The people followed up so far while computing (the aligned view lists them).
    pub partial: Vec<crate::outcomes::PersonOutcome>,
    /// The first people of the cohort, followed up before the rest (listed until `partial`
    /// has people).
    pub preview: Vec<crate::outcomes::PersonOutcome>,
    pub computed: Option<Box<Computed>>,
    pub error: Option<String>,
    /// Lines of the figures scrolled off the top.
    pub scroll: u16,
    pub export_generation: u64,
    /// Files exist: `e` again (or `y`) replaces them.
    pub confirm_overwrite: bool,
    pub exported: Option<String>,
}

impl Default for OutcomesState {
    fn default() -> Self {
        OutcomesState {
            view: View::Curves,
            depth: 3,
            branches: Vec::new(),
            aligned: Default::default(),
            index: IndexKind::Referral,
            outcome: OutcomeKind::Any,
            by: Grouping::None,
            windows: 0,
            threshold: 10,
            generation: 0,
            progress: None,
            partial: Vec::new(),
            preview: Vec::new(),
            computed: None,
            error: None,
            scroll: 0,
            export_generation: 0,
            confirm_overwrite: false,
            exported: None,
        }
    }
}

impl OutcomesState {
    /// The question the screen asks, from its settings and the cohort's filter.
    pub fn spec(&self, cohort: &crate::tui::screens::cohort::CohortState) -> Option<OutcomeSpec> {
        let f = cohort.filter.as_ref()?;
        Some(OutcomeSpec {
            index: vec![self.index],
            from: f.referral_from,
            to: f.referral_to,
            datasets: f.datasets.clone(),
            gender: f.gender.clone(),
            age_band: f.age_band,
            disposal_type: f.disposal_type.clone(),
            outcome: self.outcome,
            windows: WINDOW_SETS[self.windows].to_vec(),
            by: self.by,
            suppress_below: self.threshold,
            keep_next: MAX_DEPTH,
            keep_records: true,
            first: None,
        })
    }
}

/// Opens the screen in `view` for the cohort's filter and starts the computation.
pub fn open(app: &mut App, view: View) {
    if app.cohort.filter.is_none() {
        app.message = Some("apply a cohort filter first (f)".into());
        return;
    }
    app.screen = Screen::Outcomes;
    app.outcomes.view = view;
    recompute(app);
}

/// Rebuilds what the views derive from the computation and the view settings.
fn derive(s: &mut OutcomesState) {
    match &s.computed {
        Some(c) => {
            s.branches =
                crate::outcomes::sequences::tree(&c.follow.people, s.depth, c.report.rules);
            s.aligned.rebuild(&c.follow.people);
        }
        None => {
            s.branches.clear();
            s.aligned.rebuild(&[]);
        }
    }
}

fn recompute(app: &mut App) {
    let s = &mut app.outcomes;
    let Some(spec) = s.spec(&app.cohort) else {
        return;
    };
    s.generation += 1;
    s.progress = Some((0, 0));
    s.partial.clear();
    s.preview.clear();
    s.error = None;
    s.confirm_overwrite = false;
    // The first people at once (the aligned view lists them), then everyone.
    let preview = OutcomeSpec {
        first: Some(PREVIEW),
        ..spec.clone()
    };
    app.outbox
        .push(Request::Cohort(CohortRequest::OutcomesPreview {
            generation: s.generation,
            spec: Box::new(preview),
        }));
    app.outbox.push(Request::Cohort(CohortRequest::Outcomes {
        generation: s.generation,
        spec: Box::new(spec),
    }));
}

fn next<T: Copy + PartialEq>(all: &[T], now: T) -> T {
    let at = all.iter().position(|x| *x == now).unwrap_or(0);
    all[(at + 1) % all.len()]
}

pub fn command(app: &mut App, c: Command) {
    let s = &mut app.outcomes;
    if s.confirm_overwrite && c != Command::Export {
        s.confirm_overwrite = false;
        if c == Command::Back {
            return;
        }
    }
    if s.view == View::Aligned && crate::tui::screens::outcomes::aligned::command(app, c) {
        return;
    }
    let s = &mut app.outcomes;
    match c {
        Command::Outcomes => {
            s.view = View::Curves;
            return;
        }
        Command::Sequences => {
            s.view = View::Next;
            return;
        }
        Command::Aligned => {
            s.view = View::Aligned;
            return;
        }
        Command::ZoomIn | Command::ZoomOut if s.view == View::Next => {
            s.depth = if c == Command::ZoomIn {
                (s.depth + 1).min(MAX_DEPTH)
            } else {
                (s.depth - 1).max(1)
            };
            derive(s);
            return;
        }
        Command::CycleIndex => s.index = next(&IndexKind::ALL, s.index),
        Command::CycleOutcome => s.outcome = next(&OutcomeKind::ALL, s.outcome),
        Command::CycleGroup => s.by = next(&GROUPINGS, s.by),
        Command::CycleWindows => s.windows = (s.windows + 1) % WINDOW_SETS.len(),
        Command::Threshold => s.threshold = next(&THRESHOLDS, s.threshold),
        Command::Down | Command::ScrollDown => {
            s.scroll = s.scroll.saturating_add(1);
            return;
        }
        Command::Up | Command::ScrollUp => {
            s.scroll = s.scroll.saturating_sub(1);
            return;
        }
        Command::PageDown => {
            s.scroll = s.scroll.saturating_add(10);
            return;
        }
        Command::PageUp => {
            s.scroll = s.scroll.saturating_sub(10);
            return;
        }
        Command::Export => return export(app),
        Command::Back => {
            // Leaving stops a computation still running: reopening asks again.
            if s.progress.take().is_some() {
                s.generation += 1;
                app.outbox.push(Request::Cohort(CohortRequest::Cancel {
                    lane: crate::tui::action::Lane::Outcomes,
                    generation: s.generation,
                }));
            }
            app.screen = Screen::Cohort;
            return;
        }
        _ => return,
    }
    recompute(app);
}

fn export(app: &mut App) {
    let s = &mut app.outcomes;
    let Some(c) = &s.computed else {
        app.message = Some("wait for the figures before exporting".into());
        return;
    };
    if s.progress.is_some() {
        app.message = Some("wait for the figures before exporting".into());
        return;
    }
    let force = std::mem::take(&mut s.confirm_overwrite);
    s.export_generation += 1;
    app.outbox
        .push(Request::Cohort(CohortRequest::OutcomesExport {
            generation: s.export_generation,
            files: OutcomeFiles {
                tte: Some(PathBuf::from(TTE_FILE)),
                km: Some(PathBuf::from(KM_FILE)),
                sequences: Some(PathBuf::from(SEQUENCES_FILE)),
                force,
            },
            computed: c.clone(),
            branches: s.branches.clone(),
        }));
    app.message = Some("writing the outcome files…".into());
}

/// The worker's answers; answers to superseded requests are dropped. While computing, the
/// people followed up so far are listed in the aligned view.
pub fn progress(
    app: &mut App,
    generation: u64,
    done: usize,
    of: usize,
    people: Vec<crate::outcomes::PersonOutcome>,
) {
    let s = &mut app.outcomes;
    if generation == s.generation && s.progress.is_some() {
        s.progress = Some((done, of));
        s.partial.extend(people);
        if s.computed.is_none() {
            s.aligned.rebuild(listed(&s.partial, &s.preview));
        }
    }
}

/// The preview's people, while nothing else is there to list.
pub fn previewed(app: &mut App, generation: u64, people: Vec<crate::outcomes::PersonOutcome>) {
    let s = &mut app.outcomes;
    if generation == s.generation && s.progress.is_some() && s.partial.is_empty() {
        s.preview = people;
        if s.computed.is_none() {
            s.aligned.rebuild(listed(&s.partial, &s.preview));
        }
    }
}

impl OutcomesState {
    /// The people the aligned view lists while the first computation runs.
    pub fn listed(&self) -> &[crate::outcomes::PersonOutcome] {
        listed(&self.partial, &self.preview)
    }
}

/// Those followed up so far, else the preview.
pub fn listed<'a>(
    partial: &'a [crate::outcomes::PersonOutcome],
    preview: &'a [crate::outcomes::PersonOutcome],
) -> &'a [crate::outcomes::PersonOutcome] {
    if partial.is_empty() {
        preview
    } else {
        partial
    }
}

pub fn done(app: &mut App, generation: u64, result: Result<Box<Computed>, String>) {
    let s = &mut app.outcomes;
    if generation != s.generation {
        return;
    }
    s.progress = None;
    s.partial = Vec::new();
    s.preview = Vec::new();
    match result {
        Ok(c) => {
            s.computed = Some(c);
            s.error = None;
            derive(s);
        }
        Err(e) => s.error = Some(e),
    }
}

pub fn exported(app: &mut App, generation: u64, result: Result<Vec<PathBuf>, ExportFailure>) {
    let s = &mut app.outcomes;
    if generation != s.export_generation {
        return;
    }
    app.message = None;
    match result {
        Ok(files) => {
            s.exported = Some(format!(
                "wrote {}",
                crate::tui::screens::cohort::files_in_folder(&files)
            ))
        }
        Err(f) if f.exists => {
            s.confirm_overwrite = true;
            app.message = Some(format!("{}: press e again to replace", f.message));
        }
        Err(f) => app.message = Some(f.message),
    }
}

pub struct OutcomesScreen;

impl ScreenParts for OutcomesScreen {
    fn contexts(&self) -> &'static [Context] {
        &[Context::Outcomes, Context::Sequences, Context::Aligned]
    }

    fn context(&self, app: &App) -> Context {
        match app.outcomes.view {
            View::Curves => Context::Outcomes,
            View::Next => Context::Sequences,
            View::Aligned => Context::Aligned,
        }
    }

    fn title(&self, _app: &App) -> String {
        "outcomes".into()
    }

    fn command(&self, app: &mut App, c: Command) {
        command(app, c);
    }

    fn draw(&self, frame: &mut ratatui::Frame, app: &App) {
        view::draw(frame, app);
    }

    /// On the aligned journeys, a click selects a person and a click on the selected one opens
    /// them.
    fn click(&self, app: &mut App, column: u16, row: u16) {
        if app.outcomes.view != View::Aligned {
            return;
        }
        let (_, rows, _) = layout::aligned(layout::areas(app).1);
        let inner = crate::tui::ui::layout::inner(rows);
        let s = &app.outcomes.aligned;
        let at = crate::tui::screens::list_row_at(inner, 0, s.rows.len(), s.selected, column, row);
        match at {
            Some(i) if i == s.selected => command(app, Command::Open),
            Some(i) => app.outcomes.aligned.selected = i,
            None => {}
        }
    }

    /// The view already shown is not offered.
    fn can(&self, app: &App, c: Command) -> bool {
        !matches!(
            (app.outcomes.view, c),
            (View::Curves, Command::Outcomes)
                | (View::Next, Command::Sequences)
                | (View::Aligned, Command::Aligned)
        )
    }
}
