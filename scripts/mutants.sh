#!/usr/bin/env bash
# Mutation testing of the code that decides numbers: every mutant cargo-mutants makes in these
# files must make a test fail. Not part of CI (it builds and tests once per mutant, 5-15 s each
# on two cores: about two hours for every file); run it before resolving an issue that touches these
# files, and report the caught / missed / unviable counts in the closing note.
#
#   scripts/mutants.sh                   # every core file
#   scripts/mutants.sh src/dates.rs ...  # some of them
#
# Needs cargo-mutants (`cargo install cargo-mutants --locked`). Runs in place, one file at a
# time (no copy of the tree, so each build is incremental), with the tests of the file's area
# only: the library's unit tests and the integration tests that exercise that area, which makes
# a mutant several times cheaper than with every test. A mutant those tests miss is then worth
# checking against the whole suite before writing a test for it. cargo-mutants restores each
# file after its mutant; `git status` should be clean afterwards. Results go to
# mutants.out/<file>/mutants.out/ (outcomes.json, caught.txt, missed.txt, unviable.txt).
set -euo pipefail
cd "$(dirname "$0")/.."

files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  files=(
    src/dates.rs src/observation.rs src/record.rs src/disclosure.rs
    src/cohort/*.rs src/search/*.rs src/catalogue/search.rs src/quality/*.rs
    src/timeline/*.rs src/export/*.rs src/output/*.rs src/outcomes/*.rs
  )
fi

# The integration tests that exercise each area (the slow terminal and generation tests are
# left out everywhere).
targets_for() {
  case "$1" in
    src/timeline/*)
      echo timeline_assembly timeline_plans timeline_resolve cli_person export_files export_tidy \
        outcomes_rules tui_render id_storage search_ids ;;
    src/cohort/*)
      echo cohort_membership cli_cohort tui_cohort outcomes_rules export_files ;;
    src/search/* | src/catalogue/*)
      echo search_ids id_storage cli_catalogue ;;
    src/quality/*)
      echo quality_counts timeline_assembly export_tidy cli_messages ;;
    src/outcomes/km.rs)
      echo outcomes_km ;;
    src/outcomes/*)
      echo outcomes_km outcomes_rules cli_outcomes safety tui_cohort ;;
    src/export/* | src/output/*)
      echo export_files export_tidy cli_outcomes safety cli_messages ;;
    *)
      echo cohort_membership search_ids export_files export_tidy cli_messages safety id_storage \
        quality_counts timeline_assembly timeline_resolve cli_cohort cli_person outcomes_km \
        outcomes_rules cli_outcomes ;;
  esac
}

for f in "${files[@]}"; do
  args=(--lib)
  for t in $(targets_for "$f"); do args+=(--test "$t"); done
  echo "=== $f"
  # Without debug info the test binaries link several times faster: about 7 s a mutant
  # instead of 16 s on two cores (the first build of a run is a full one either way).
  CARGO_PROFILE_DEV_DEBUG=0 cargo mutants --in-place --timeout 120 --file "$f" -o "mutants.out/$(echo "$f" | tr / _)" \
    -- "${args[@]}" || true # cargo-mutants exits non-zero when a mutant is missed
done
git status --short -- src
