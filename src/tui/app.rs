//! The explorer's whole state. Rendering reads it; only `update` changes it.

use crate::catalogue::CatalogueNote;
use crate::timeline::PersonRef;

use super::action::Request;
use super::keymap::Context;
use super::screens::catalogue::state::CatalogueBrowser;
use super::theme::Theme;

/// The smallest terminal the explorer draws into; below it a message says so.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Search,
    Person,
    Catalogue,
    Cohort,
    Outcomes,
}

/// Places kept to go back to; the oldest are forgotten.
pub const BACK_PLACES: usize = 50;

/// A place to go back to.
#[derive(Debug, Clone)]
pub enum Place {
    /// Another screen (search, cohort list, catalogue): its own state is kept on the `App`.
    Screen(Screen),
    /// A person left for another one, with their selection, zoom and scroll.
    Person(Box<PersonView>),
    /// Another record of the same person (before a journey jump within the timeline).
    Record(usize),
}

/// The panes of the person screen, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Timeline,
    Table,
    Details,
    Notes,
}

impl Pane {
    pub const ORDER: [Pane; 4] = [Pane::Timeline, Pane::Table, Pane::Details, Pane::Notes];

    pub fn context(self) -> Context {
        match self {
            Pane::Timeline => Context::Timeline,
            Pane::Table => Context::Table,
            Pane::Details => Context::Details,
            Pane::Notes => Context::Notes,
        }
    }
}

/// Windows drawn over the screen; the top one gets the keys first.
#[derive(Debug, Clone, PartialEq)]
pub enum Popup {
    /// Help for the context that was active when it opened.
    Help {
        context: Context,
        typing: bool,
        scroll: u16,
    },
    /// An ID names several people (or a person may be split): pick one.
    Chooser {
        title: String,
        people: Vec<PersonRef>,
        selected: usize,
    },
}

pub use super::screens::person::state::PersonView;
pub use super::screens::search::state::SearchState;

#[derive(Debug, Clone)]
pub struct App {
    /// The database file name, shown in the title line.
    pub db_name: String,
    pub width: u16,
    pub height: u16,
    pub theme: Theme,
    pub screen: Screen,
    /// The focused pane of the person screen.
    pub pane: Pane,
    pub popups: Vec<Popup>,
    pub search: SearchState,
    pub person: Option<PersonView>,
    /// Where the researcher has been, newest last (at most [`BACK_PLACES`]); `Esc` on the
    /// person screen goes back.
    pub back: Vec<Place>,
    /// Places gone back from, newest last; `>` returns to them. A new step forgets them.
    pub forward: Vec<Place>,
    /// The person request that replaces the person shown rather than adding a place to go back
    /// to (stepping through a cohort with `]` and `[`).
    pub replacing: Option<u64>,
    /// The generation of the newest person request; older answers are dropped.
    pub person_generation: u64,
    /// What is being opened, while the worker assembles it.
    pub loading: Option<String>,
    pub notes: Vec<CatalogueNote>,
    pub catalogue: CatalogueBrowser,
    /// The screen to return to when the catalogue closes.
    pub catalogue_return: Screen,
    /// A one-line message for the status bar (errors, "not found").
    pub message: Option<String>,
    /// The cohort screen: filter, matching people, marks, summary, export.
    pub cohort: super::screens::cohort::CohortState,
    /// The outcomes screen: settings, progress and the computed figures.
    pub outcomes: super::screens::outcomes::OutcomesState,
    /// Requests for the worker, drained by the event loop after each update.
    pub outbox: Vec<Request>,
    /// Text for the terminal's clipboard, written by the event loop (OSC 52).
    pub clipboard: Option<String>,
    /// The focused pane of the person screen has the whole screen below the header.
    pub maximised: bool,
    /// The person file `e` found existing: a second `e` replaces it.
    pub person_export_confirm: Option<std::path::PathBuf>,
    pub quit: bool,
}

impl App {
    pub fn new(db_name: impl Into<String>, width: u16, height: u16, theme: Theme) -> App {
        App {
            db_name: db_name.into(),
            width,
            height,
            theme,
            screen: Screen::Search,
            pane: Pane::Timeline,
            popups: Vec::new(),
            search: SearchState::default(),
            person: None,
            back: Vec::new(),
            forward: Vec::new(),
            replacing: None,
            person_generation: 0,
            loading: None,
            notes: Vec::new(),
            catalogue: CatalogueBrowser::new(),
            catalogue_return: Screen::Search,
            message: None,
            cohort: Default::default(),
            outcomes: Default::default(),
            outbox: vec![Request::LoadNotes],
            clipboard: None,
            maximised: false,
            person_export_confirm: None,
            quit: false,
        }
    }

    pub fn too_small(&self) -> bool {
        self.width < MIN_WIDTH || self.height < MIN_HEIGHT
    }

    /// The keymap context that receives keys now: the top popup, else the screen's.
    pub fn context(&self) -> Context {
        match self.popups.last() {
            Some(Popup::Help { .. }) => Context::Help,
            Some(Popup::Chooser { .. }) => Context::Chooser,
            None => super::screens::parts(self.screen).context(self),
        }
    }

    /// Whether printable keys are text for a box (search, catalogue filter) rather than commands.
    pub fn typing(&self) -> bool {
        self.popups.is_empty() && super::screens::parts(self.screen).typing(self)
    }

    /// The side-by-side layout (table beside details or notes) needs this width.
    pub fn wide(&self) -> bool {
        self.width >= 140
    }
}
