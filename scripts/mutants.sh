#!/usr/bin/env bash
# Mutation testing of the code that decides numbers: every mutant cargo-mutants makes in these
# files must make a test fail. Not part of CI (it builds and tests once per mutant, tens of
# minutes per file); run it before resolving an issue that touches these files, and report the
# caught / missed / unviable counts in the closing note.
#
#   scripts/mutants.sh                 # every file below
#   scripts/mutants.sh src/dates.rs    # one file (or several)
#
# Needs cargo-mutants (`cargo install cargo-mutants --locked`). Runs in place (no copy of the
# tree, so the build is incremental); cargo-mutants restores each file after its mutant, and
# `git status` should be clean afterwards. Results go to mutants.out/ (outcomes.json, caught.txt,
# missed.txt, unviable.txt).
set -euo pipefail
cd "$(dirname "$0")/.."

files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  files=(
    src/dates.rs
    src/observation.rs
    src/cohort/members.rs
    src/cohort/filter.rs
    src/cohort/summary.rs
    src/search/mod.rs
    src/search/candidates.rs
    src/search/typos.rs
    src/catalogue/search.rs
    src/quality/record_rules.rs
    src/quality/person.rs
    src/quality/count.rs
    src/timeline/assemble.rs
    src/timeline/lanes.rs
    src/timeline/model.rs
    src/timeline/bulk.rs
    src/timeline/describe.rs
    src/record.rs
    src/export/mod.rs
    src/export/tidy.rs
    src/export/table.rs
    src/export/loaders.rs
    src/output/parquet.rs
    src/output/file.rs
    src/output/check.rs
    src/output/commit.rs
    src/output/temp.rs
    src/disclosure.rs
    src/outcomes/km.rs
    src/outcomes/follow.rs
    src/outcomes/report.rs
    src/outcomes/requirements.rs
    src/outcomes/spec.rs
    src/outcomes/sequences.rs
    src/outcomes/files.rs
  )
fi

args=()
for f in "${files[@]}"; do
  args+=(--file "$f")
done

# The library's unit tests and the integration tests that exercise these files; the slow
# end-to-end terminal tests (e2e_tui) are left out, as are generation-only tests.
cargo mutants --in-place --timeout 300 "${args[@]}" -- \
  --lib --test cohort_membership --test search_ids --test export_files --test export_tidy --test cli_messages \
  --test safety --test id_storage --test quality_counts --test timeline_assembly \
  --test timeline_plans --test timeline_resolve --test cli_cohort --test cli_person --test outcomes_km \
  --test outcomes_rules --test cli_outcomes --test tui_cohort
git status --short -- src
