//! What the UI asks the cohort worker, and what it answers.

use crate::cohort::{CohortFilter, CohortSummary, Member, ReferralDateProblems, ScanCounts};
use crate::export::{ExportRequest, ExportSummary};
use crate::tui::action::Lane;

#[derive(Debug, Clone, PartialEq)]
pub enum CohortRequest {
    /// Find the members; a newer scan stops an older one.
    Scan {
        generation: u64,
        filter: CohortFilter,
    },
    /// Summarise these people (the marked ones, or every match).
    Summary {
        generation: u64,
        members: Vec<Member>,
        scan: ScanCounts,
        problems: ReferralDateProblems,
    },
    Export {
        generation: u64,
        request: Box<ExportRequest>,
        members: Vec<Member>,
        scan: ScanCounts,
        problems: ReferralDateProblems,
    },
    /// Stop any job of `lane` older than `generation` (handled at once, not queued).
    Cancel { lane: Lane, generation: u64 },
    /// Follow up the cohort's first people only (`spec.first`), to list them at once.
    OutcomesPreview {
        generation: u64,
        spec: Box<crate::outcomes::OutcomeSpec>,
    },
    /// Follow the cohort up (the outcomes screen).
    Outcomes {
        generation: u64,
        spec: Box<crate::outcomes::OutcomeSpec>,
    },
    /// The values of the filter fields, with counts (the panel's pick-lists).
    Choices { generation: u64 },
    /// Write the open person's timeline (`e` on the person screen).
    PersonExport {
        generation: u64,
        path: std::path::PathBuf,
        timeline: SharedTimeline,
        force: bool,
    },
    /// Write the outcome files of a computed analysis.
    OutcomesExport {
        generation: u64,
        files: crate::outcomes::OutcomeFiles,
        computed: Box<crate::tui::screens::outcomes::Computed>,
        branches: Vec<crate::outcomes::sequences::Branch>,
    },
}

impl CohortRequest {
    pub fn generation(&self) -> u64 {
        match self {
            CohortRequest::Scan { generation, .. }
            | CohortRequest::Summary { generation, .. }
            | CohortRequest::Export { generation, .. }
            | CohortRequest::Cancel { generation, .. }
            | CohortRequest::Outcomes { generation, .. }
            | CohortRequest::OutcomesPreview { generation, .. }
            | CohortRequest::PersonExport { generation, .. }
            | CohortRequest::Choices { generation }
            | CohortRequest::OutcomesExport { generation, .. } => *generation,
        }
    }

    pub fn lane(&self) -> Lane {
        match self {
            CohortRequest::Scan { .. } => Lane::CohortScan,
            CohortRequest::Summary { .. } => Lane::CohortSummary,
            CohortRequest::Export { .. } => Lane::CohortExport,
            CohortRequest::Cancel { lane, .. } => *lane,
            CohortRequest::Outcomes { .. } => Lane::Outcomes,
            CohortRequest::OutcomesPreview { .. } => Lane::OutcomesPreview,
            CohortRequest::OutcomesExport { .. } => Lane::OutcomesExport,
            CohortRequest::PersonExport { .. } => Lane::PersonExport,
            CohortRequest::Choices { .. } => Lane::CohortChoices,
        }
    }
}

impl crate::tui::lanes::Job for CohortRequest {
    fn lane(&self) -> Lane {
        CohortRequest::lane(self)
    }
    fn generation(&self) -> u64 {
        CohortRequest::generation(self)
    }
}

/// A timeline handed to the worker; requests compare it by identity.
#[derive(Debug, Clone)]
pub struct SharedTimeline(pub std::sync::Arc<crate::timeline::PersonTimeline>);

impl PartialEq for SharedTimeline {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Debug, Clone)]
pub enum CohortAnswer {
    /// Members found since the last report, in index-date order.
    ScanProgress {
        generation: u64,
        new_members: Vec<Member>,
    },
    ScanDone {
        generation: u64,
        result: Result<(ScanCounts, ReferralDateProblems), String>,
    },
    Summary {
        generation: u64,
        result: Result<CohortSummary, String>,
    },
    ExportProgress {
        generation: u64,
        done: usize,
        total: usize,
    },
    ExportDone {
        generation: u64,
        result: Result<ExportSummary, ExportFailure>,
    },
    OutcomesProgress {
        generation: u64,
        done: usize,
        of: usize,
        /// People followed up since the last report, in index-date order.
        people: Vec<crate::outcomes::PersonOutcome>,
    },
    OutcomesPreviewed {
        generation: u64,
        people: Vec<crate::outcomes::PersonOutcome>,
    },
    OutcomesDone {
        generation: u64,
        result: Result<Box<crate::tui::screens::outcomes::Computed>, String>,
    },
    OutcomesExported {
        generation: u64,
        result: Result<Vec<std::path::PathBuf>, ExportFailure>,
    },
    PersonExported {
        generation: u64,
        result: Result<std::path::PathBuf, ExportFailure>,
    },
    Choices {
        generation: u64,
        result: Result<crate::cohort::FilterChoices, String>,
    },
}

/// Why an export did not happen; `exists` asks the researcher whether to overwrite.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportFailure {
    pub exists: bool,
    pub message: String,
}
