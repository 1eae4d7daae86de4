//! The cohort screen: a filter panel, the list of matching people (counted on the cohort worker
//! while the researcher already scrolls it), marks, a summary with small-number suppression, and
//! an export dialog. State lives in [`CohortState`]; `update` hands cohort commands, typed text and
//! the cohort worker's answers to the functions here.

pub mod layout;
mod messages;
mod state;
pub mod view;
mod worker;

pub use messages::{CohortAnswer, CohortRequest, ExportFailure};
pub use state::{
    events_path_for, files_in_folder, CohortState, ExportDialog, ExportStage, FilterForm, SortBy,
    FIELDS,
};

/// Texts shared by the screen and tests.
pub mod state_text {
    use super::CohortState;

    pub fn n(v: usize) -> String {
        super::state::thousands(v as u64)
    }

    /// "1,234 people so far…" while counting, then the exact count and marks.
    pub fn count_line(s: &CohortState) -> String {
        if s.filter.is_none() {
            return "no filter yet".into();
        }
        if s.counting {
            return format!("{} so far…", n(s.members.len()));
        }
        let mut out = format!("{} matching", n(s.members.len()));
        if !s.marked.is_empty() {
            out += &format!(" · {} marked", n(s.marked.len()));
        }
        out
    }
}
pub use worker::CohortWorker;

use chrono::NaiveDate;

use crate::cohort::CohortFilter;
use crate::disclosure::Rules;
use crate::export::ExportRequest;
use crate::timeline::{PersonRef, PersonTimeline};

use crate::tui::action::{Lane, Request};
use crate::tui::app::{App, Screen};
use crate::tui::keymap::{Command, Context};
use crate::tui::screens::{list_row_at, ScreenParts, Text};
use crate::tui::timeline_view::chart::Mark;

/// The glyph marking a person's index referral date on the chart.
pub const GLYPH_INDEX: char = '▼';

/// Suppression thresholds the `t` key steps through (0: off).
pub const THRESHOLDS: [u64; 4] = [10, 5, 20, 0];

/// Opens the cohort screen; the filter panel has the focus until a filter is applied.
pub fn open(app: &mut App) {
    if app.screen != Screen::Cohort {
        app.cohort.return_screen = state::ScreenSlot(app.screen);
    }
    app.screen = Screen::Cohort;
    if app.cohort.filter.is_none() {
        app.cohort.form.editing = true;
    }
    if !app.cohort.choices_asked {
        app.cohort.choices_asked = true;
        app.outbox
            .push(Request::Cohort(CohortRequest::Choices { generation: 1 }));
    }
}

/// The focused field's pick-list: its values containing what is typed, most frequent first.
pub fn pick_list(s: &CohortState) -> Vec<(String, u64)> {
    match &s.choices {
        Some(c) if s.form.editing => c.matching(s.form.focus, &s.form.fields[s.form.focus]),
        _ => Vec::new(),
    }
}

/// Puts the picked value in the focused field (in the datasets field, in place of the item
/// being typed).
fn take_pick(app: &mut App, value: &str) {
    let form = &mut app.cohort.form;
    let field = &mut form.fields[form.focus];
    if form.focus == 2 {
        let kept = field
            .rfind([',', ' ', '+'])
            .map_or("", |i| &field[..=i])
            .to_string();
        *field = format!("{kept}{value}");
    } else {
        *field = value.to_string();
    }
    form.pick = None;
    revalidate(app);
}

pub fn command(app: &mut App, c: Command) {
    if app.cohort.export.is_some() {
        return export_command(app, c);
    }
    if app.cohort.form.editing {
        return form_command(app, c);
    }
    list_command(app, c);
}

fn form_command(app: &mut App, c: Command) {
    let picks = pick_list(&app.cohort);
    let form = &mut app.cohort.form;
    match c {
        // Up and Down move in the pick-list when the field has one, else between fields.
        Command::Down if !picks.is_empty() => {
            form.pick = Some(form.pick.map_or(0, |p| (p + 1).min(picks.len() - 1)));
        }
        Command::Up if form.pick.is_some() => form.pick = form.pick.and_then(|p| p.checked_sub(1)),
        Command::NextPane | Command::Down => {
            form.focus = (form.focus + 1) % FIELDS.len();
            form.pick = None;
        }
        Command::PrevPane | Command::Up => {
            form.focus = (form.focus + FIELDS.len() - 1) % FIELDS.len();
            form.pick = None;
        }
        Command::Open => match form.pick.and_then(|p| picks.get(p)) {
            Some((value, _)) => take_pick(app, &value.clone()),
            None => apply_filter(app),
        },
        Command::Back => {
            if app.cohort.filter.is_some() {
                app.cohort.form.editing = false;
                app.cohort.error = None;
            } else {
                app.screen = app.cohort.return_screen.0;
            }
        }
        _ => {}
    }
}

/// Whether the panel describes another filter than the one applied.
pub fn form_differs(s: &CohortState) -> bool {
    form_filter(&s.form.fields).ok().as_ref() != s.filter.as_ref()
}

/// The filter the panel's fields describe, or what is wrong with them.
fn form_filter(f: &[String]) -> Result<CohortFilter, String> {
    let datasets: Vec<&str> = f[2].split([',', ' ', '+']).collect();
    CohortFilter::from_fields(&f[0], &f[1], &datasets, &f[3], &f[4], &f[5])
}

/// Checks the panel as it is typed: an error shows at once and goes as soon as it is fixed.
fn revalidate(app: &mut App) {
    if app.cohort.form.editing {
        app.cohort.error = form_filter(&app.cohort.form.fields).err();
    }
}

/// Validates the panel; a bad field says so and the previous filter (and list) stays.
fn apply_filter(app: &mut App) {
    match form_filter(&app.cohort.form.fields) {
        Err(e) => app.cohort.error = Some(e),
        Ok(filter) => {
            let s = &mut app.cohort;
            s.error = None;
            s.form.editing = false;
            s.start_scan(filter.clone());
            app.outbox.push(Request::Cohort(CohortRequest::Scan {
                generation: s.generation,
                filter,
            }));
        }
    }
}

fn list_command(app: &mut App, c: Command) {
    let page = app.height.saturating_sub(12).max(1) as usize;
    // The summary scrolls with d/u, and with the list keys when it has the screen.
    let summary_only = app.cohort.show_summary && !layout::side_by_side(app);
    let s = &mut app.cohort;
    let scroll = match c {
        Command::ScrollDown => Some(1),
        Command::ScrollUp => Some(-1),
        Command::Down if summary_only => Some(1),
        Command::Up if summary_only => Some(-1),
        Command::PageDown if summary_only => Some(page as i32),
        Command::PageUp if summary_only => Some(-(page as i32)),
        _ => None,
    };
    if let Some(by) = scroll {
        s.summary_scroll = s.summary_scroll.saturating_add_signed(by as i16);
        return;
    }
    let last = s.view.len().saturating_sub(1);
    if crate::tui::screens::move_in_list(&mut s.selected, s.view.len(), page, c) {
        return;
    }
    match c {
        Command::Open => {
            if let Some(i) = s.view.get(s.selected).copied() {
                open_member(app, i);
            }
        }
        Command::Mark => {
            if let Some(i) = s.view.get(s.selected).copied() {
                s.toggle_mark(i);
                s.selected = (s.selected + 1).min(last);
                request_summary(app);
            }
        }
        Command::MarkAll => {
            s.marked = (0..s.members.len()).collect();
            request_summary(app);
        }
        Command::ClearMarks => {
            s.marked.clear();
            request_summary(app);
        }
        Command::Sort => {
            s.sort = match s.sort {
                SortBy::IndexDate => SortBy::Id,
                SortBy::Id => SortBy::IndexDate,
            };
            s.rebuild_view();
        }
        // Editing starts at the first field, never where the last edit left off.
        Command::EditFilter => {
            s.form.editing = true;
            s.form.focus = 0;
        }
        Command::Summary => s.show_summary = !s.show_summary,
        Command::Threshold => {
            let at = THRESHOLDS
                .iter()
                .position(|t| *t == s.suppression.threshold)
                .unwrap_or(0);
            s.suppression = Rules {
                threshold: THRESHOLDS[(at + 1) % THRESHOLDS.len()],
            };
        }
        Command::Export => {
            if s.cohort_len() == 0 {
                app.message = Some("no people to export".into());
            } else if s.counting {
                app.message = Some("wait for the count to finish before exporting".into());
            } else {
                s.export = Some(ExportDialog::default());
            }
        }
        Command::Outcomes | Command::Sequences | Command::Aligned => {
            use crate::tui::screens::outcomes::View;
            let view = match c {
                Command::Sequences => View::Next,
                Command::Aligned => View::Aligned,
                _ => View::Curves,
            };
            if s.counting {
                app.message = Some("wait for the count to finish".into());
            } else {
                crate::tui::screens::outcomes::open(app, view);
            }
        }
        Command::Catalogue => {
            app.catalogue_return = Screen::Cohort;
            app.screen = Screen::Catalogue;
        }
        // `/` searches, as on every other screen (it used to edit the filter, and an ID typed
        // after it overwrote a field).
        Command::Search => app.screen = Screen::Search,
        Command::Forward => crate::tui::update::go_forward(app),
        Command::Back => app.screen = s.return_screen.0,
        _ => {}
    }
}

fn open_member(app: &mut App, i: usize) {
    let Some(m) = app.cohort.members.get(i) else {
        return;
    };
    let person = PersonRef::Linked(m.estimated_xjs_id.clone());
    app.cohort.current = Some(i);
    crate::tui::update::open_person(app, person);
}

/// Steps to the next (`1`) or previous (`-1`) person of the list from the person screen.
pub fn step(app: &mut App, by: i64) {
    let s = &app.cohort;
    let shown = shown_member(app);
    let Some(at) = shown
        .or(s.current)
        .and_then(|i| s.view.iter().position(|v| *v == i))
    else {
        app.message = Some("this person is not in the cohort list (F3 opens it)".into());
        return;
    };
    let to = at as i64 + by;
    if to < 0 || to >= s.view.len() as i64 {
        app.message = Some(if by > 0 {
            "last person of the cohort".into()
        } else {
            "first person of the cohort".into()
        });
        return;
    }
    app.cohort.selected = to as usize;
    let i = app.cohort.view[to as usize];
    open_member(app, i);
    // The next person replaces this one: Esc still goes back to the list.
    app.replacing = Some(app.person_generation);
}

/// Where the person shown stands in the cohort list: (1-based position, people listed).
pub fn position(app: &App) -> Option<(usize, usize)> {
    let member = shown_member(app)?;
    let at = app.cohort.view.iter().position(|v| *v == member)?;
    Some((at + 1, app.cohort.view.len()))
}

/// The member index of the person on the person screen, if they are in the list.
fn shown_member(app: &App) -> Option<usize> {
    let id = app.person.as_ref()?.timeline.estimated_xjs_id.as_ref()?;
    app.cohort.index_of.get(id).copied()
}

pub fn mark_shown_person(app: &mut App) {
    match shown_member(app) {
        Some(i) => {
            app.cohort.toggle_mark(i);
            let now = if app.cohort.marked.contains(&i) {
                "marked"
            } else {
                "unmarked"
            };
            app.message = Some(format!("{now} for the cohort"));
            request_summary(app);
        }
        None => app.message = Some("this person is not in the cohort list".into()),
    }
}

/// Typing into the export dialog's file name, or the focused filter field.
pub fn text(app: &mut App, text: Text<'_>) {
    let s = &mut app.cohort;
    match &mut s.export {
        Some(d) => match (&d.stage, text) {
            (ExportStage::Editing, Text::Char(ch)) => d.path.push(ch),
            (ExportStage::Editing, Text::Backspace) => {
                d.path.pop();
            }
            (ExportStage::Editing, Text::Edit(e)) => e.apply(&mut d.path),
            (ExportStage::Confirm(_), Text::Char('y' | 'Y')) => start_export(app, true),
            (ExportStage::Confirm(_), Text::Char('n' | 'N')) => d.stage = ExportStage::Editing,
            _ => {}
        },
        None if s.form.editing => {
            let field = &mut s.form.fields[s.form.focus];
            match text {
                Text::Char(ch) => field.push(ch),
                Text::Backspace => {
                    field.pop();
                }
                Text::Edit(e) => e.apply(field),
            }
            s.form.pick = None;
            revalidate(app);
        }
        None => {}
    }
}

fn export_command(app: &mut App, c: Command) {
    let Some(d) = app.cohort.export.as_mut() else {
        return;
    };
    match (&d.stage, c) {
        (ExportStage::Editing, Command::Toggle) => d.events = !d.events,
        (ExportStage::Editing, Command::Open) => {
            if d.path.trim().is_empty() {
                d.error = Some("type the people file's path".into());
            } else {
                start_export(app, false);
            }
        }
        (ExportStage::Confirm(_), Command::Open) => start_export(app, true),
        (ExportStage::Confirm(_), Command::Back) => d.stage = ExportStage::Editing,
        (ExportStage::Running { .. }, Command::Back) => {
            // Cancel: the worker stops at its next progress report and removes its files.
            app.cohort.export_generation += 1;
            d.stage = ExportStage::Editing;
            d.error = Some("export cancelled; nothing was written".into());
            app.outbox.push(Request::Cohort(CohortRequest::Cancel {
                lane: Lane::CohortExport,
                generation: app.cohort.export_generation,
            }));
        }
        (ExportStage::Editing, Command::Back) => app.cohort.export = None,
        _ => {}
    }
}

fn start_export(app: &mut App, force: bool) {
    let s = &mut app.cohort;
    let members = s.cohort_members();
    let marked_only = !s.marked.is_empty();
    let (Some(d), Some(filter), Some(scan), Some(problems)) = (
        s.export.as_mut(),
        s.filter.clone(),
        s.scan.clone(),
        s.problems.clone(),
    ) else {
        return;
    };
    let people_path = std::path::PathBuf::from(d.path.trim());
    let request = ExportRequest {
        flag_columns: false,
        events_path: d.events.then(|| state::events_path_for(&people_path)),
        people_path,
        force,
        filter,
        marked_only,
        disclosure: s.suppression,
    };
    s.export_generation += 1;
    d.stage = ExportStage::Running {
        done: 0,
        total: members.len(),
    };
    d.error = None;
    app.outbox.push(Request::Cohort(CohortRequest::Export {
        generation: s.export_generation,
        request: Box::new(request),
        members,
        scan,
        problems,
    }));
}

/// Asks for the summary of the current cohort (marked people, else every match).
fn request_summary(app: &mut App) {
    let s = &mut app.cohort;
    let (Some(scan), Some(problems)) = (s.scan.clone(), s.problems.clone()) else {
        return; // still counting: the summary follows the count
    };
    s.summary_generation += 1;
    app.outbox.push(Request::Cohort(CohortRequest::Summary {
        generation: s.summary_generation,
        members: s.cohort_members(),
        scan,
        problems,
    }));
}

/// Applies an answer of the cohort worker; answers to superseded requests are dropped.
pub fn answer(app: &mut App, a: CohortAnswer) {
    let s = &mut app.cohort;
    match a {
        CohortAnswer::ScanProgress {
            generation,
            new_members,
        } if generation == s.generation => s.add_members(new_members),
        CohortAnswer::ScanDone { generation, result } if generation == s.generation => {
            s.counting = false;
            match result {
                Ok((scan, problems)) => {
                    s.scan = Some(scan);
                    s.problems = Some(problems);
                    request_summary(app);
                }
                Err(e) => s.error = Some(e),
            }
        }
        CohortAnswer::Summary { generation, result } if generation == s.summary_generation => {
            match result {
                Ok(summary) => s.summary = Some(summary),
                Err(e) => app.message = Some(e),
            }
        }
        CohortAnswer::ExportProgress {
            generation,
            done,
            total,
        } if generation == s.export_generation => {
            if let Some(d) = &mut s.export {
                d.stage = ExportStage::Running { done, total };
            }
        }
        CohortAnswer::ExportDone { generation, result } if generation == s.export_generation => {
            match result {
                Ok(summary) => {
                    // The folder once, then the file names: one short line each.
                    let events = summary
                        .event_rows
                        .map(|n| format!(", {} event rows", state::thousands(n)))
                        .unwrap_or_default();
                    let mut text = format!(
                        "exported {} people{events}\n{}",
                        state::thousands(summary.people_rows),
                        state::files_in_folder(&summary.files)
                    );
                    for notice in &summary.notices {
                        text.push_str(&format!("\n({notice})"));
                    }
                    s.last_export = Some(text);
                    s.export = None;
                }
                Err(f) => {
                    if let Some(d) = &mut s.export {
                        if f.exists {
                            let people = std::path::PathBuf::from(d.path.trim());
                            let events = d.events.then(|| state::events_path_for(&people));
                            let existing: Vec<std::path::PathBuf> =
                                crate::export::outputs(&people, events.as_deref())
                                    .into_iter()
                                    .filter(|p| p.exists())
                                    .collect();
                            d.stage = ExportStage::Confirm(if existing.is_empty() {
                                f.message
                            } else {
                                format!("already there, {}", state::files_in_folder(&existing))
                            });
                        } else {
                            d.stage = ExportStage::Editing;
                            d.error = Some(f.message);
                        }
                    }
                }
            }
        }
        CohortAnswer::OutcomesProgress {
            generation,
            done,
            of,
            people,
        } => crate::tui::screens::outcomes::progress(app, generation, done, of, people),
        CohortAnswer::OutcomesPreviewed { generation, people } => {
            crate::tui::screens::outcomes::previewed(app, generation, people)
        }
        CohortAnswer::OutcomesDone { generation, result } => {
            crate::tui::screens::outcomes::done(app, generation, result)
        }
        CohortAnswer::OutcomesExported { generation, result } => {
            crate::tui::screens::outcomes::exported(app, generation, result)
        }
        CohortAnswer::Choices { result, .. } => match result {
            Ok(c) => s.choices = Some(c),
            // Pick-lists are a help: without them the fields are typed as before.
            Err(e) => app.message = Some(format!("no pick-lists: {e}")),
        },
        CohortAnswer::PersonExported { generation, result } => {
            person_exported(app, generation, result)
        }
        _ => {}
    }
}

/// Writes the open person's timeline to `person_<id>.csv` in the working folder; when the file
/// exists, the message asks, and a second `e` replaces it.
pub fn export_person(app: &mut App) {
    let Some(p) = &app.person else {
        return;
    };
    let path = crate::export::person::file_name_for(&p.timeline);
    let force = app.person_export_confirm.take().as_ref() == Some(&path);
    app.cohort.export_generation += 1;
    app.outbox
        .push(Request::Cohort(CohortRequest::PersonExport {
            generation: app.cohort.export_generation,
            path,
            timeline: messages::SharedTimeline(std::sync::Arc::new(p.timeline.clone())),
            force,
        }));
}

fn person_exported(
    app: &mut App,
    generation: u64,
    result: Result<std::path::PathBuf, ExportFailure>,
) {
    if generation != app.cohort.export_generation {
        return;
    }
    app.message = Some(match result {
        Ok(path) => format!("wrote {}", state::files_in_folder(&[path])),
        Err(f) if f.exists => {
            app.person_export_confirm = app
                .person
                .as_ref()
                .map(|p| crate::export::person::file_name_for(&p.timeline));
            format!("{}: press e again to replace it", f.message)
        }
        Err(f) => f.message,
    });
}

/// The index referral date and the filter's referral range, for the chart of a cohort member.
pub fn chart_marks(app: &App, t: &PersonTimeline) -> (Vec<Mark>, Option<(NaiveDate, NaiveDate)>) {
    let s = &app.cohort;
    let Some(m) = t
        .estimated_xjs_id
        .as_ref()
        .and_then(|id| s.index_of.get(id))
        .and_then(|i| s.members.get(*i))
    else {
        return (Vec::new(), None);
    };
    let mark = Mark {
        date: m.index_referral_date,
        glyph: GLYPH_INDEX,
    };
    let range = s.filter.as_ref().map(|f| {
        (
            f.referral_from.unwrap_or(m.index_referral_date),
            f.referral_to.unwrap_or(t.windows.extract_date),
        )
    });
    (vec![mark], range)
}

pub struct CohortScreen;

impl ScreenParts for CohortScreen {
    fn contexts(&self) -> &'static [Context] {
        &[
            Context::CohortForm,
            Context::CohortList,
            Context::CohortExport,
        ]
    }

    fn context(&self, app: &App) -> Context {
        app.cohort.context()
    }

    fn typing(&self, app: &App) -> bool {
        app.cohort.typing()
    }

    fn title(&self, _app: &App) -> String {
        "cohort".into()
    }

    fn command(&self, app: &mut App, c: Command) {
        command(app, c);
    }

    fn text(&self, app: &mut App, t: Text<'_>) {
        text(app, t);
    }

    fn draw(&self, frame: &mut ratatui::Frame, app: &App) {
        view::draw(frame, app);
    }

    /// A click on the filter edits it; on the list it selects a person, and a click on the
    /// selected one opens them.
    fn click(&self, app: &mut App, column: u16, row: u16) {
        if app.cohort.export.is_some() {
            return;
        }
        let areas = layout::areas(app);
        if crate::tui::ui::layout::contains(areas.form, column, row) {
            if !app.cohort.form.editing {
                command(app, Command::EditFilter);
            }
            return;
        }
        let Some(list) = areas.list else { return };
        let s = &app.cohort;
        let inner = crate::tui::ui::layout::inner(list);
        if let Some(i) = list_row_at(inner, 1, s.view.len(), s.selected, column, row) {
            if s.form.editing {
                command(app, Command::Back);
            }
            if i == app.cohort.selected {
                command(app, Command::Open);
            } else {
                app.cohort.selected = i;
            }
        }
    }

    fn can(&self, app: &App, c: Command) -> bool {
        !(app.cohort.context() == Context::CohortList
            && c == Command::Summary
            && layout::side_by_side(app))
    }
}
