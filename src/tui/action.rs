//! Everything that can change the explorer's state: keys turned into commands, typed text, mouse
//! input, resizes, and the worker's answers. `update` is the only place that applies them.

use crate::search::SearchHit;
use crate::timeline::{PersonRef, PersonTimeline};

use super::keymap::Command;

/// One change to apply to the [`App`](super::app::App).
#[derive(Debug, Clone)]
pub enum Action {
    /// A key bound in the current context's keymap.
    Command(Command),
    /// A printable character typed into a text box (search, catalogue filter).
    Type(char),
    /// Delete the character before the cursor in a text box.
    Backspace,
    /// Another edit of the text box that has the keys: a paste, Ctrl-W, Ctrl-U.
    Edit(Edit),
    /// A mouse click at a screen cell.
    Click {
        column: u16,
        row: u16,
    },
    /// Mouse wheel: positive scrolls down.
    Scroll {
        column: u16,
        row: u16,
        lines: i32,
    },
    Resize {
        width: u16,
        height: u16,
    },
    /// The worker's answers, tagged with the generation of the request they answer.
    SearchDone {
        generation: u64,
        result: Result<Vec<SearchHit>, String>,
    },
    /// The first, fast results of a search (exact and prefix); fuzzy ones follow in `SearchDone`.
    SearchPartial {
        generation: u64,
        hits: Vec<SearchHit>,
    },
    PersonLoaded {
        generation: u64,
        result: Result<Loaded, String>,
    },
    /// The catalogue notes of the open database (or the built-in ones), read at start.
    NotesLoaded(Vec<crate::catalogue::CatalogueNote>),
    /// The cohort worker's answers (scan progress, summary, export).
    Cohort(super::screens::cohort::CohortAnswer),
}

/// An edit of a one-line text box.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Pasted text (control characters and line breaks dropped).
    Insert(String),
    /// Ctrl-W: the word before the cursor (and the spaces after it).
    DeleteWord,
    /// Ctrl-U: everything.
    Clear,
}

impl Edit {
    pub fn apply(&self, text: &mut String) {
        match self {
            Edit::Insert(s) => text.extend(s.chars().filter(|c| !c.is_control())),
            Edit::DeleteWord => {
                let kept = text.trim_end().len();
                text.truncate(kept);
                let start = text.rfind(char::is_whitespace).map_or(0, |i| i + 1);
                text.truncate(start);
            }
            Edit::Clear => text.clear(),
        }
    }
}

/// What opening an ID produced: one person's timeline, or a choice between several people.
#[derive(Debug, Clone)]
pub enum Loaded {
    Person(Box<PersonTimeline>),
    Choice {
        query: String,
        people: Vec<PersonRef>,
    },
}

/// Work for the worker thread. The generation lets the UI drop answers it no longer wants.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    Search {
        generation: u64,
        query: String,
    },
    /// Resolve any identifier, then assemble (or offer a choice when it names several people).
    OpenId {
        generation: u64,
        id: String,
    },
    OpenPerson {
        generation: u64,
        person: PersonRef,
    },
    LoadNotes,
    /// Cohort work, answered by the cohort worker (its own thread and connection).
    Cohort(super::screens::cohort::CohortRequest),
}

impl Request {
    pub fn generation(&self) -> u64 {
        match self {
            Request::Search { generation, .. }
            | Request::OpenId { generation, .. }
            | Request::OpenPerson { generation, .. } => *generation,
            Request::LoadNotes => 0,
            Request::Cohort(r) => r.generation(),
        }
    }

    /// Requests of the same lane supersede each other: a newer search replaces an older one.
    pub fn lane(&self) -> Lane {
        match self {
            Request::Search { .. } => Lane::Search,
            Request::OpenId { .. } | Request::OpenPerson { .. } => Lane::Person,
            Request::LoadNotes => Lane::Notes,
            Request::Cohort(r) => r.lane(),
        }
    }
}

impl super::lanes::Job for Request {
    fn lane(&self) -> Lane {
        Request::lane(self)
    }
    fn generation(&self) -> u64 {
        Request::generation(self)
    }
}

/// The lanes of the two workers: a newer request of a lane supersedes an older one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lane {
    Search,
    Person,
    Notes,
    CohortScan,
    CohortSummary,
    CohortExport,
    Outcomes,
    OutcomesExport,
    PersonExport,
    CohortChoices,
    OutcomesPreview,
}

impl Lane {
    pub const COUNT: usize = 11;
}

impl Action {
    /// The answer that tells the screen a request of `lane` failed with `message`.
    pub fn failed(lane: Lane, generation: u64, message: String) -> Action {
        use super::screens::cohort::{CohortAnswer, ExportFailure};
        match lane {
            Lane::Search => Action::SearchDone {
                generation,
                result: Err(message),
            },
            Lane::Person => Action::PersonLoaded {
                generation,
                result: Err(message),
            },
            Lane::Notes => Action::NotesLoaded(crate::catalogue::builtin_notes()),
            Lane::CohortScan => Action::Cohort(CohortAnswer::ScanDone {
                generation,
                result: Err(message),
            }),
            Lane::CohortSummary => Action::Cohort(CohortAnswer::Summary {
                generation,
                result: Err(message),
            }),
            Lane::Outcomes => Action::Cohort(CohortAnswer::OutcomesDone {
                generation,
                result: Err(message),
            }),
            // A preview that failed leaves the list to the whole computation.
            Lane::OutcomesPreview => Action::Cohort(CohortAnswer::OutcomesPreviewed {
                generation,
                people: Vec::new(),
            }),
            Lane::CohortChoices => Action::Cohort(CohortAnswer::Choices {
                generation,
                result: Err(message),
            }),
            Lane::PersonExport => Action::Cohort(CohortAnswer::PersonExported {
                generation,
                result: Err(ExportFailure {
                    exists: false,
                    message,
                }),
            }),
            Lane::OutcomesExport => Action::Cohort(CohortAnswer::OutcomesExported {
                generation,
                result: Err(ExportFailure {
                    exists: false,
                    message,
                }),
            }),
            Lane::CohortExport => Action::Cohort(CohortAnswer::ExportDone {
                generation,
                result: Err(ExportFailure {
                    exists: false,
                    message,
                }),
            }),
        }
    }
}
