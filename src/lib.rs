//! dfexplorer: the core of a terminal explorer for the MoJ Data First linked datasets.
//!
//! The library holds the domain (contract, queries, timeline, quality rules, search, cohorts,
//! export, generation, import); the TUI and the headless CLI are thin faces over it.

pub mod catalogue;
pub mod check;
pub mod cli;
pub mod cohort;
pub mod contract;
pub mod dates;
pub mod db;
pub mod disclosure;
pub mod export;
pub mod generate;
pub mod import;
pub mod observation;
pub mod outcomes;
pub mod output;
pub mod quality;
pub mod record;
pub mod search;
pub mod timeline;
pub mod tui;
