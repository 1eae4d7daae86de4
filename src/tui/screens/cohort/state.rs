//! The cohort screen's state and its small pure operations.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use crate::cohort::{CohortFilter, CohortSummary, Member, ReferralDateProblems, ScanCounts};
use crate::tui::app::Screen;
use crate::tui::keymap::Context;

/// The filter panel's fields, in Tab order.
pub const FIELDS: [&str; 6] = [
    "referral from",
    "referral to",
    "datasets",
    "gender",
    "age band",
    "disposal type",
];

#[derive(Debug, Clone, Default)]
pub struct FilterForm {
    /// Text as typed, one per [`FIELDS`] entry.
    pub fields: [String; 6],
    pub focus: usize,
    /// The panel has the keyboard.
    pub editing: bool,
    /// The highlighted value of the focused field's pick-list (Down enters it, Enter takes it).
    pub pick: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    #[default]
    IndexDate,
    Id,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub enum ExportStage {
    #[default]
    Editing,
    /// Files exist: the message names them; `y` overwrites.
    Confirm(String),
    Running {
        done: usize,
        total: usize,
    },
}

#[derive(Debug, Clone)]
pub struct ExportDialog {
    pub path: String,
    pub events: bool,
    pub stage: ExportStage,
    pub error: Option<String>,
}

impl Default for ExportDialog {
    fn default() -> Self {
        ExportDialog {
            path: "people.csv".into(),
            events: true,
            stage: ExportStage::Editing,
            error: None,
        }
    }
}

/// `events.csv` beside `people.csv`; otherwise `<name>_events.csv` beside the people file, in
/// the people file's format (`people.parquet` -> `events.parquet`).
pub fn events_path_for(people: &Path) -> PathBuf {
    let stem = people
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = match crate::export::table::Format::of(people) {
        crate::export::table::Format::Parquet => "parquet",
        crate::export::table::Format::Csv => "csv",
    };
    let name = if stem == "people" {
        format!("events.{ext}")
    } else {
        format!("{stem}_events.{ext}")
    };
    people.with_file_name(name)
}

#[derive(Debug, Clone, Default)]
pub struct CohortState {
    pub form: FilterForm,
    /// The filter the list shows (the last one that validated).
    pub filter: Option<CohortFilter>,
    /// The panel's validation message, or a scan error.
    pub error: Option<String>,
    /// Generation of the newest scan; older answers are dropped.
    pub generation: u64,
    /// Members in index-date order, as found.
    pub members: Vec<Member>,
    pub index_of: HashMap<String, usize>,
    pub counting: bool,
    pub scan: Option<ScanCounts>,
    pub problems: Option<ReferralDateProblems>,
    pub sort: SortBy,
    /// Member indexes in display order.
    pub view: Vec<usize>,
    /// Position in `view`.
    pub selected: usize,
    /// Member indexes the researcher marked.
    pub marked: BTreeSet<usize>,
    pub suppression: crate::disclosure::Rules,
    pub summary: Option<CohortSummary>,
    pub summary_generation: u64,
    /// Show the summary instead of the list on narrow screens.
    pub show_summary: bool,
    /// Lines of the summary scrolled off the top.
    pub summary_scroll: u16,
    /// The values each filter field can take, with counts (asked for when the screen opens).
    pub choices: Option<crate::cohort::FilterChoices>,
    pub choices_asked: bool,
    pub export: Option<ExportDialog>,
    pub export_generation: u64,
    pub last_export: Option<String>,
    /// The member last opened from the list (for stepping).
    pub current: Option<usize>,
    pub return_screen: ScreenSlot,
}

/// Where `Esc` returns to (defaults to the search screen).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScreenSlot(pub Screen);

impl Default for ScreenSlot {
    fn default() -> Self {
        ScreenSlot(Screen::Search)
    }
}

impl CohortState {
    pub fn context(&self) -> Context {
        if self.export.is_some() {
            Context::CohortExport
        } else if self.form.editing {
            Context::CohortForm
        } else {
            Context::CohortList
        }
    }

    pub fn typing(&self) -> bool {
        self.export.is_some() || self.form.editing
    }

    /// Starts a new list for `filter`; the marks and summary of the old one go.
    pub fn start_scan(&mut self, filter: CohortFilter) {
        self.generation += 1;
        self.filter = Some(filter);
        self.members.clear();
        self.index_of.clear();
        self.view.clear();
        self.marked.clear();
        self.selected = 0;
        self.current = None;
        self.counting = true;
        self.scan = None;
        self.problems = None;
        self.summary = None;
    }

    pub fn add_members(&mut self, new: Vec<Member>) {
        for m in new {
            self.index_of
                .insert(m.estimated_xjs_id.clone(), self.members.len());
            self.members.push(m);
        }
        self.rebuild_view();
    }

    /// Display order; the selected person stays selected.
    pub fn rebuild_view(&mut self) {
        let keep = self.view.get(self.selected).copied();
        self.view = (0..self.members.len()).collect();
        if self.sort == SortBy::Id {
            let m = &self.members;
            self.view
                .sort_by(|a, b| m[*a].estimated_xjs_id.cmp(&m[*b].estimated_xjs_id));
        }
        if let Some(k) = keep {
            self.selected = self.view.iter().position(|v| *v == k).unwrap_or(0);
        }
    }

    pub fn toggle_mark(&mut self, i: usize) {
        if !self.marked.remove(&i) {
            self.marked.insert(i);
        }
    }

    /// The cohort: the marked people, or every match when none is marked.
    pub fn cohort_members(&self) -> Vec<Member> {
        if self.marked.is_empty() {
            self.members.clone()
        } else {
            self.marked
                .iter()
                .filter_map(|i| self.members.get(*i).cloned())
                .collect()
        }
    }

    pub fn cohort_len(&self) -> usize {
        if self.marked.is_empty() {
            self.members.len()
        } else {
            self.marked.len()
        }
    }
}

/// `1234567` as `1,234,567`.
pub fn thousands(n: impl Into<u64>) -> String {
    let s = n.into().to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// "in FOLDER: a.csv, b.csv" for files in one folder (the folder as an absolute path, so the
/// researcher knows where to look); each file in full when they are in different folders.
pub fn files_in_folder(files: &[std::path::PathBuf]) -> String {
    let absolute = |p: &Path| {
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().map_or_else(|_| p.to_path_buf(), |d| d.join(p))
        }
    };
    let folders: Vec<std::path::PathBuf> = files
        .iter()
        .map(|f| {
            absolute(f)
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default()
        })
        .collect();
    match folders.first() {
        Some(folder) if folders.iter().all(|f| f == folder) => {
            let names: Vec<String> = files
                .iter()
                .filter_map(|f| f.file_name())
                .map(|n| n.to_string_lossy().into_owned())
                .collect();
            format!("in {}: {}", folder.display(), names.join(", "))
        }
        _ => files
            .iter()
            .map(|f| absolute(f).display().to_string())
            .collect::<Vec<_>>()
            .join(", "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_with_separators_and_events_files_sit_beside_people() {
        assert_eq!(thousands(0u64), "0");
        assert_eq!(thousands(1234u64), "1,234");
        assert_eq!(thousands(1234567u64), "1,234,567");
        assert_eq!(
            events_path_for(Path::new("/x/people.csv")),
            Path::new("/x/events.csv")
        );
        assert_eq!(
            events_path_for(Path::new("out/may.csv")),
            Path::new("out/may_events.csv")
        );
        assert_eq!(
            events_path_for(Path::new("out/people.parquet")),
            Path::new("out/events.parquet")
        );
    }

    #[test]
    fn files_in_one_folder_name_the_folder_once() {
        let files = [
            std::path::PathBuf::from("/data/out/people.csv"),
            std::path::PathBuf::from("/data/out/events.csv"),
        ];
        assert_eq!(
            files_in_folder(&files),
            "in /data/out: people.csv, events.csv"
        );
        let apart = [
            std::path::PathBuf::from("/a/people.csv"),
            std::path::PathBuf::from("/b/events.csv"),
        ];
        assert_eq!(files_in_folder(&apart), "/a/people.csv, /b/events.csv");
        // A bare name is shown in the folder it is written to.
        let here = std::env::current_dir().unwrap();
        let bare = files_in_folder(&[std::path::PathBuf::from("people.csv")]);
        assert_eq!(bare, format!("in {}: people.csv", here.display()));
    }
}
