//! `dfexplorer sequences`: what comes next after the index event, step by step.

use std::path::{Path, PathBuf};

use anyhow::Context;

use super::outcomes::{follow_up, write_files, CohortQuestion};
use crate::outcomes::sequences::{self, NextKind};
use crate::outcomes::{self, OutcomeFiles, OutcomeKind, OutcomeSpec};

#[derive(Debug, clap::Args)]
pub struct SequencesArgs {
    #[command(flatten)]
    pub question: CohortQuestion,
    /// Steps after the index to follow (1 to 10).
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub depth: usize,
    /// Write the branches as CSV: step,path,next_kind,people,share,median_days.
    #[arg(long, value_name = "sequences.csv")]
    pub out: Option<PathBuf>,
}

impl SequencesArgs {
    pub fn spec(&self) -> Result<OutcomeSpec, String> {
        if !(1..=10).contains(&self.depth) {
            return Err(format!("--depth {} is not from 1 to 10", self.depth));
        }
        Ok(OutcomeSpec {
            outcome: OutcomeKind::Any,
            keep_next: self.depth,
            ..self.question.spec()?
        })
    }
}

#[derive(serde::Serialize)]
struct JsonBranch {
    step: usize,
    path: String,
    next_kind: &'static str,
    people: u64,
    share: f64,
    median_days: Option<f64>,
}

pub fn run(db: &Path, args: &SequencesArgs) -> anyhow::Result<i32> {
    let (spec, json) = match args.spec().and_then(|s| Ok((s, args.question.json()?))) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(2);
        }
    };
    let files = OutcomeFiles {
        sequences: args.out.clone(),
        force: args.question.force,
        ..OutcomeFiles::default()
    };
    let (database, follow) = match follow_up(db, &spec, &files)? {
        Ok(done) => done,
        Err(code) => return Ok(code),
    };
    let report = outcomes::Report::build(&spec, &follow);
    let rules = report.rules;
    let branches = sequences::tree(&follow.people, args.depth, rules);
    let first = outcomes::disclosure_line(rules);
    if json {
        let rows: Vec<JsonBranch> = branches
            .iter()
            .map(|b| JsonBranch {
                step: b.step,
                path: b.path_text(),
                next_kind: b.next.name(),
                people: b.people,
                share: b.share,
                median_days: b.median_days,
            })
            .collect();
        let kinds: Vec<serde_json::Value> = [
            NextKind::Magistrates,
            NextKind::Crown,
            NextKind::Prison,
            NextKind::Probation,
            NextKind::None,
            NextKind::Other,
        ]
        .map(|k| serde_json::json!({"kind": k.name(), "means": k.describe()}))
        .into();
        let out = serde_json::json!({
            "disclosure": first,
            "analysis": spec.describe_index(),
            "follow_up_to": follow.window.to,
            "people": rules.one(follow.people.len() as u64),
            "kinds": kinds,
            "branches": rows,
        });
        let out = serde_json::to_string_pretty(&out).context("writing the tree as JSON")?;
        println!("{}", super::terminal_safe(&out));
    } else {
        println!("{first}");
        println!("{}", super::terminal_safe(&spec.describe_index()));
        println!(
            "what came next, up to {} steps, until {} (the end of follow-up)",
            args.depth, follow.window.to
        );
        for line in sequences::lines(&branches, follow.people.len(), rules) {
            println!("{}", super::terminal_safe(&line));
        }
    }
    Ok(write_files(&database, &files, &report, &follow, &branches))
}
