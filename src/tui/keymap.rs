//! The keymap as data: one table per context, each binding a key to a command with a description.
//! The footer hints and the `?` help popup are generated from these tables, so they never drift
//! from what the keys really do.

/// Where the keyboard focus is; each context has its own table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    Search,
    Timeline,
    Table,
    Details,
    Notes,
    Catalogue,
    Help,
    /// Choosing between several people an ID belongs to.
    Chooser,
    /// The cohort filter panel (typing into its fields).
    CohortForm,
    /// The list of people matching the cohort filter.
    CohortList,
    /// The cohort export dialog.
    CohortExport,
    /// The outcomes of the cohort: curves, window table, test.
    Outcomes,
    /// What came next after the index (the sequence tree).
    Sequences,
    /// The cohort's journeys aligned on the index date.
    Aligned,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Context::Search => "Search",
            Context::Timeline => "Timeline",
            Context::Table => "Event table",
            Context::Details => "Details",
            Context::Notes => "Notes",
            Context::Catalogue => "Catalogue",
            Context::Help => "Help",
            Context::Chooser => "Choose a person",
            Context::CohortForm => "Cohort filter",
            Context::CohortList => "Cohort",
            Context::CohortExport => "Cohort export",
            Context::Outcomes => "Outcomes",
            Context::Sequences => "What came next",
            Context::Aligned => "Aligned journeys",
        }
    }
}

/// What a key asks for, before the current state gives it a meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    Quit,
    Help,
    Search,
    Catalogue,
    NextPane,
    PrevPane,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    Back,
    ZoomIn,
    ZoomOut,
    ZoomFit,
    /// Follow the magistrates-to-Crown journey link of the selected record.
    Journey,
    /// Return to the place last gone back from.
    Forward,
    /// Jump to another `estimated_xjs_id` of a possibly split person.
    MissedLinks,
    /// Start typing into the catalogue filter.
    Filter,
    /// Open the cohort screen.
    Cohort,
    /// Mark or unmark a person of the cohort.
    Mark,
    MarkAll,
    ClearMarks,
    /// Switch the cohort list between index-date and ID order.
    Sort,
    /// Export the cohort.
    Export,
    /// Step to the next or previous person of the cohort, keeping the person screen.
    NextPerson,
    PrevPerson,
    /// Change the small-number suppression threshold.
    Threshold,
    /// Show or hide the cohort summary (narrow screens).
    Summary,
    /// Edit the cohort filter.
    EditFilter,
    /// Switch an option on or off (write events.csv).
    Toggle,
    /// Copy the ID in view to the clipboard (OSC 52).
    Copy,
    /// Give the focused pane the whole screen below the header, or back.
    Maximise,
    /// Scroll a side text (the catalogue's description and notes) down or up.
    ScrollDown,
    ScrollUp,
    /// Open the outcomes of the cohort (curves), what came next, or the aligned journeys.
    Outcomes,
    Sequences,
    Aligned,
    /// Step through the aligned view's orders and its with/without-outcome filter.
    CycleSort,
    CycleShown,
    /// Step through the outcome settings.
    CycleIndex,
    CycleOutcome,
    CycleGroup,
    CycleWindows,
}

/// A key as the keymap names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    Char(char),
    Ctrl(char),
    F(u8),
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
}

impl Key {
    pub fn label(self) -> String {
        match self {
            Key::Char(' ') => "Space".into(),
            Key::Char(c) => c.to_string(),
            Key::Ctrl(c) => format!("Ctrl-{c}"),
            Key::F(n) => format!("F{n}"),
            Key::Up => "↑".into(),
            Key::Down => "↓".into(),
            Key::Left => "←".into(),
            Key::Right => "→".into(),
            Key::PageUp => "PgUp".into(),
            Key::PageDown => "PgDn".into(),
            Key::Home => "Home".into(),
            Key::End => "End".into(),
            Key::Enter => "Enter".into(),
            Key::Esc => "Esc".into(),
            Key::Tab => "Tab".into(),
            Key::BackTab => "S-Tab".into(),
            Key::Backspace => "Bksp".into(),
        }
    }
}

/// One line of a keymap table.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub keys: &'static [Key],
    pub command: Command,
    pub description: &'static str,
    /// Shown in the footer (the rest only in the help popup).
    pub hint: bool,
}

const fn b(
    keys: &'static [Key],
    command: Command,
    description: &'static str,
    hint: bool,
) -> Binding {
    Binding {
        keys,
        command,
        description,
        hint,
    }
}

use Command as C;
use Key as K;

const MOVE: [Binding; 4] = [
    b(&[K::Up, K::Char('k')], C::Up, "previous", false),
    b(&[K::Down, K::Char('j')], C::Down, "next", false),
    b(&[K::PageUp, K::Ctrl('b')], C::PageUp, "page up", false),
    b(
        &[K::PageDown, K::Ctrl('f')],
        C::PageDown,
        "page down",
        false,
    ),
];

const PERSON_COMMON: [Binding; 17] = [
    b(&[K::Tab], C::NextPane, "next pane", true),
    b(&[K::BackTab], C::PrevPane, "previous pane", false),
    b(&[K::Char('/')], C::Search, "search", true),
    b(&[K::Char('J')], C::Journey, "journey link", true),
    b(&[K::Char('m')], C::MissedLinks, "other IDs", true),
    b(&[K::Char('c'), K::F(2)], C::Catalogue, "catalogue", false),
    b(&[K::Char('C'), K::F(3)], C::Cohort, "cohort list", false),
    b(&[K::Char(']')], C::NextPerson, "next in cohort", true),
    b(
        &[K::Char('[')],
        C::PrevPerson,
        "previous person in cohort",
        false,
    ),
    b(
        &[K::Char(' ')],
        C::Mark,
        "mark/unmark for the cohort",
        false,
    ),
    b(&[K::Esc, K::Backspace], C::Back, "back", true),
    b(
        &[K::Char('>')],
        C::Forward,
        "forward (after going back)",
        true,
    ),
    b(&[K::Char('y')], C::Copy, "copy the person's ID", false),
    b(
        &[K::Char('e')],
        C::Export,
        "export this timeline (person_ID.csv)",
        false,
    ),
    b(
        &[K::Char('z')],
        C::Maximise,
        "maximise pane / restore",
        false,
    ),
    b(&[K::Char('?'), K::F(1)], C::Help, "help", true),
    b(&[K::Char('q'), K::Ctrl('c')], C::Quit, "quit", true),
];

static SEARCH: &[Binding] = &[
    b(&[K::Enter], C::Open, "open person", true),
    b(&[K::Up, K::Ctrl('p')], C::Up, "previous result", false),
    b(&[K::Down, K::Ctrl('n')], C::Down, "next result", true),
    b(&[K::PageUp], C::PageUp, "page up", false),
    b(&[K::PageDown], C::PageDown, "page down", false),
    b(&[K::Esc], C::Back, "back to person", true),
    b(&[K::Ctrl('y')], C::Copy, "copy the selected ID", false),
    b(&[K::F(2)], C::Catalogue, "catalogue", true),
    b(&[K::F(3)], C::Cohort, "cohort", true),
    b(&[K::Char('?'), K::F(1)], C::Help, "help", true),
    b(&[K::Ctrl('c')], C::Quit, "quit", true),
];

static TIMELINE: &[Binding] = &[
    b(&[K::Left, K::Char('h')], C::Left, "previous event", true),
    b(&[K::Right, K::Char('l')], C::Right, "next event", true),
    b(&[K::Up, K::Char('k')], C::Up, "previous event", false),
    b(&[K::Down, K::Char('j')], C::Down, "next event", false),
    b(
        &[K::Char('+'), K::Char('=')],
        C::ZoomIn,
        "zoom in (years, months)",
        true,
    ),
    b(&[K::Char('-')], C::ZoomOut, "zoom out", false),
    b(&[K::Char('0'), K::Char('f')], C::ZoomFit, "fit all", false),
    b(&[K::Char('H'), K::PageUp], C::PageUp, "pan earlier", false),
    b(
        &[K::Char('L'), K::PageDown],
        C::PageDown,
        "pan later",
        false,
    ),
    b(&[K::Home, K::Char('g')], C::Top, "first event", false),
    b(&[K::End, K::Char('G')], C::Bottom, "last event", false),
    b(&[K::Enter], C::Open, "details", false),
];

static TABLE: &[Binding] = &[
    MOVE[0],
    MOVE[1],
    MOVE[2],
    MOVE[3],
    b(&[K::Home, K::Char('g')], C::Top, "first event", false),
    b(&[K::End, K::Char('G')], C::Bottom, "last event", false),
    b(&[K::Enter], C::Open, "details", true),
];

static DETAILS: &[Binding] = &[
    b(&[K::Up, K::Char('k')], C::Up, "scroll up", false),
    b(&[K::Down, K::Char('j')], C::Down, "scroll down", false),
    b(&[K::PageUp], C::PageUp, "page up", false),
    b(&[K::PageDown], C::PageDown, "page down", false),
    b(&[K::Left, K::Char('h')], C::Left, "previous event", false),
    b(&[K::Right, K::Char('l')], C::Right, "next event", false),
    b(&[K::Enter], C::Open, "follow journey link", true),
];

static NOTES: &[Binding] = &[
    b(&[K::Up, K::Char('k')], C::Up, "scroll up", false),
    b(&[K::Down, K::Char('j')], C::Down, "scroll down", false),
    b(&[K::PageUp], C::PageUp, "page up", false),
    b(&[K::PageDown], C::PageDown, "page down", false),
    b(&[K::Left, K::Char('h')], C::Left, "previous event", false),
    b(&[K::Right, K::Char('l')], C::Right, "next event", false),
];

static CATALOGUE: &[Binding] = &[
    MOVE[0],
    MOVE[1],
    MOVE[2],
    MOVE[3],
    b(&[K::Char('/')], C::Filter, "filter", true),
    b(&[K::Char('d')], C::ScrollDown, "scroll notes down", true),
    b(&[K::Char('u')], C::ScrollUp, "scroll notes up", false),
    b(&[K::Esc], C::Back, "back", true),
    b(&[K::Char('?'), K::F(1)], C::Help, "help", true),
    b(&[K::Char('q'), K::Ctrl('c')], C::Quit, "quit", true),
];

/// While typing in the catalogue filter.
static CATALOGUE_FILTER: &[Binding] = &[
    b(&[K::Enter], C::Open, "keep filter", true),
    b(&[K::Up], C::Up, "previous", false),
    b(&[K::Down], C::Down, "next", false),
    b(&[K::Esc], C::Back, "clear filter", true),
    b(&[K::Ctrl('c')], C::Quit, "quit", true),
];

static HELP: &[Binding] = &[
    b(&[K::Up, K::Char('k')], C::Up, "scroll up", false),
    b(&[K::Down, K::Char('j')], C::Down, "scroll down", false),
    b(
        &[K::Esc, K::Char('?'), K::Char('q')],
        C::Back,
        "close help",
        true,
    ),
    b(&[K::Ctrl('c')], C::Quit, "quit", true),
];

static CHOOSER: &[Binding] = &[
    b(&[K::Up, K::Char('k')], C::Up, "previous", false),
    b(&[K::Down, K::Char('j')], C::Down, "next", false),
    b(&[K::Enter], C::Open, "open person", true),
    b(&[K::Esc], C::Back, "cancel", true),
    b(&[K::Ctrl('c')], C::Quit, "quit", true),
];

static COHORT_FORM: &[Binding] = &[
    b(&[K::Enter], C::Open, "apply filter", true),
    b(&[K::Tab], C::NextPane, "next field", true),
    b(&[K::BackTab], C::PrevPane, "previous field", false),
    b(
        &[K::Down],
        C::Down,
        "values of the field (or next field)",
        false,
    ),
    b(
        &[K::Up],
        C::Up,
        "back up the values (or previous field)",
        false,
    ),
    b(&[K::Esc], C::Back, "back", true),
    b(&[K::F(1)], C::Help, "help", true),
    b(&[K::Ctrl('c')], C::Quit, "quit", true),
];

static COHORT_LIST: &[Binding] = &[
    MOVE[0],
    MOVE[1],
    MOVE[2],
    MOVE[3],
    b(&[K::Home, K::Char('g')], C::Top, "first person", false),
    b(&[K::End, K::Char('G')], C::Bottom, "last person", false),
    b(&[K::Enter], C::Open, "open", true),
    b(&[K::Char(' ')], C::Mark, "mark", true),
    b(&[K::Char('a')], C::MarkAll, "mark all", false),
    b(&[K::Char('x')], C::ClearMarks, "clear marks", false),
    b(&[K::Char('o')], C::Sort, "sort by date/ID", false),
    b(&[K::Char('f')], C::EditFilter, "filter", true),
    b(&[K::Char('/')], C::Search, "search", false),
    b(&[K::Char('e')], C::Export, "export", true),
    b(&[K::Char('s')], C::Summary, "summary", true),
    b(
        &[K::Char('d')],
        C::ScrollDown,
        "scroll the summary down",
        false,
    ),
    b(&[K::Char('u')], C::ScrollUp, "scroll the summary up", false),
    b(&[K::Char('O')], C::Outcomes, "outcomes", true),
    b(&[K::Char('N')], C::Sequences, "what came next", false),
    b(&[K::Char('A')], C::Aligned, "aligned journeys", false),
    b(
        &[K::Char('t')],
        C::Threshold,
        "suppression threshold",
        false,
    ),
    b(&[K::Char('c'), K::F(2)], C::Catalogue, "catalogue", false),
    b(&[K::Char('>')], C::Forward, "forward to the person", true),
    b(&[K::Esc], C::Back, "back", false),
    b(&[K::Char('?'), K::F(1)], C::Help, "help", true),
    b(&[K::Char('q'), K::Ctrl('c')], C::Quit, "quit", true),
];

static COHORT_EXPORT: &[Binding] = &[
    b(&[K::Enter], C::Open, "export / confirm", true),
    b(&[K::Tab], C::Toggle, "events.csv on/off", true),
    b(&[K::Esc], C::Back, "cancel", true),
    b(&[K::F(1)], C::Help, "help", false),
    b(&[K::Ctrl('c')], C::Quit, "quit", true),
];

/// Keys every view of the outcomes screen shares.
const OUTCOME_VIEWS: [Binding; 9] = [
    b(&[K::Char('e')], C::Export, "export files", true),
    b(&[K::Esc], C::Back, "back", true),
    b(&[K::Char('O')], C::Outcomes, "curves", true),
    b(&[K::Char('N')], C::Sequences, "next", true),
    b(&[K::Char('A')], C::Aligned, "aligned", true),
    b(&[K::Char('i')], C::CycleIndex, "index event", false),
    b(&[K::Char('t')], C::Threshold, "disclosure threshold", false),
    b(&[K::Char('?'), K::F(1)], C::Help, "help", true),
    b(&[K::Char('q'), K::Ctrl('c')], C::Quit, "quit", true),
];

static SEQUENCES: &[Binding] = &[
    b(
        &[K::Char('+'), K::Char('=')],
        C::ZoomIn,
        "one step deeper",
        true,
    ),
    b(&[K::Char('-')], C::ZoomOut, "one step less", true),
    b(&[K::Down, K::Char('j')], C::Down, "scroll down", false),
    b(&[K::Up, K::Char('k')], C::Up, "scroll up", false),
    b(&[K::PageDown], C::PageDown, "page down", false),
    b(&[K::PageUp], C::PageUp, "page up", false),
];

static ALIGNED: &[Binding] = &[
    b(&[K::Enter], C::Open, "open person", true),
    b(&[K::Char('s')], C::CycleSort, "sort", true),
    b(&[K::Char('f')], C::CycleShown, "with/without outcome", true),
    b(&[K::Char('o')], C::CycleOutcome, "outcome", false),
    b(&[K::Char('+'), K::Char('=')], C::ZoomIn, "zoom in", false),
    b(&[K::Char('-')], C::ZoomOut, "zoom out", false),
    MOVE[0],
    MOVE[1],
    MOVE[2],
    MOVE[3],
    b(&[K::Home, K::Char('g')], C::Top, "first person", false),
    b(&[K::End, K::Char('G')], C::Bottom, "last person", false),
];

static OUTCOMES: &[Binding] = &[
    b(&[K::Char('o')], C::CycleOutcome, "outcome", true),
    b(&[K::Char('g')], C::CycleGroup, "groups", true),
    b(&[K::Char('w')], C::CycleWindows, "windows", false),
    b(&[K::Down, K::Char('j')], C::Down, "scroll down", false),
    b(&[K::Up, K::Char('k')], C::Up, "scroll up", false),
    b(&[K::PageDown], C::PageDown, "page down", false),
    b(&[K::PageUp], C::PageUp, "page up", false),
];

/// The bindings of a context, most specific first. `typing` selects the text-entry table of the
/// catalogue while its filter has the focus.
pub fn bindings(context: Context, typing: bool) -> Vec<Binding> {
    match context {
        Context::Search => SEARCH.to_vec(),
        Context::Timeline => [TIMELINE, &PERSON_COMMON].concat(),
        Context::Table => [TABLE, &PERSON_COMMON].concat(),
        Context::Details => [DETAILS, &PERSON_COMMON].concat(),
        Context::Notes => [NOTES, &PERSON_COMMON].concat(),
        Context::Catalogue if typing => CATALOGUE_FILTER.to_vec(),
        Context::Catalogue => CATALOGUE.to_vec(),
        Context::Help => HELP.to_vec(),
        Context::Chooser => CHOOSER.to_vec(),
        Context::CohortForm => COHORT_FORM.to_vec(),
        Context::CohortList => COHORT_LIST.to_vec(),
        Context::CohortExport => COHORT_EXPORT.to_vec(),
        Context::Outcomes => [OUTCOMES, &OUTCOME_VIEWS].concat(),
        Context::Sequences => [SEQUENCES, &OUTCOME_VIEWS].concat(),
        Context::Aligned => [ALIGNED, &OUTCOME_VIEWS].concat(),
    }
}

/// The command a key means in a context, if any.
pub fn lookup(context: Context, typing: bool, key: Key) -> Option<Command> {
    bindings(context, typing)
        .into_iter()
        .find(|b| b.keys.contains(&key))
        .map(|b| b.command)
}

/// Footer hints: `key description` pairs of the bindings marked as hints, with their command
/// (the footer shows only those that act in the current state).
pub fn hints(context: Context, typing: bool) -> Vec<(String, &'static str, Command)> {
    bindings(context, typing)
        .into_iter()
        .filter(|b| b.hint)
        .map(|b| (b.keys[0].label(), b.description, b.command))
        .collect()
}

/// Help lines for one context: every key of every binding, with its description.
pub fn help_lines(context: Context, typing: bool) -> Vec<(String, &'static str)> {
    bindings(context, typing)
        .into_iter()
        .map(|b| {
            let keys: Vec<String> = b.keys.iter().map(|k| k.label()).collect();
            (keys.join(" "), b.description)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every context: the popups' and each screen's (from the screen contract).
    fn every_context() -> Vec<Context> {
        let mut all = vec![Context::Help, Context::Chooser];
        for s in crate::tui::screens::ALL {
            all.extend(crate::tui::screens::parts(s).contexts());
        }
        all
    }

    /// Each context belongs to the popups or to exactly one screen, and the context a screen
    /// reports is one it declares: a new screen or context cannot miss the keymap's checks.
    #[test]
    fn every_context_is_declared_once_by_its_screen() {
        // Exhaustive: a new context fails to compile here until it is placed.
        let place = |c: Context| match c {
            Context::Search => 0,
            Context::Timeline => 1,
            Context::Table => 2,
            Context::Details => 3,
            Context::Notes => 4,
            Context::Catalogue => 5,
            Context::Help => 6,
            Context::Chooser => 7,
            Context::CohortForm => 8,
            Context::CohortList => 9,
            Context::CohortExport => 10,
            Context::Outcomes => 11,
            Context::Sequences => 12,
            Context::Aligned => 13,
        };
        let mut places: Vec<usize> = every_context().into_iter().map(place).collect();
        places.sort();
        assert_eq!(places, (0..14).collect::<Vec<_>>());
        let mut app = crate::tui::App::new("x", 80, 24, crate::tui::theme::Theme::plain());
        for s in crate::tui::screens::ALL {
            app.screen = s;
            let parts = crate::tui::screens::parts(s);
            assert!(parts.contexts().contains(&parts.context(&app)), "{s:?}");
            assert!(!parts.title(&app).is_empty() || s == crate::tui::app::Screen::Person);
        }
    }

    #[test]
    fn each_context_has_a_way_out_and_no_key_is_bound_twice() {
        let all = every_context();
        for ctx in all {
            for typing in [false, true] {
                let bs = bindings(ctx, typing);
                assert!(
                    bs.iter().any(|b| b.command == Command::Quit),
                    "{ctx:?} cannot quit"
                );
                let mut seen = std::collections::HashSet::new();
                for b in &bs {
                    for k in b.keys {
                        assert!(seen.insert(*k), "{ctx:?}: {k:?} bound twice");
                    }
                }
            }
        }
    }

    #[test]
    fn vim_and_arrow_keys_agree() {
        assert_eq!(
            lookup(Context::Table, false, Key::Char('j')),
            Some(Command::Down)
        );
        assert_eq!(
            lookup(Context::Table, false, Key::Down),
            Some(Command::Down)
        );
        assert_eq!(
            lookup(Context::Timeline, false, Key::Char('l')),
            Some(Command::Right)
        );
        // In the search box letters are text, not commands.
        assert_eq!(lookup(Context::Search, false, Key::Char('q')), None);
        assert_eq!(lookup(Context::Search, false, Key::Char('j')), None);
    }
}
