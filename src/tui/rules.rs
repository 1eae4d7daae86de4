//! How quality rules read on screen. A short title per rule; the long explanation comes from the
//! quality module when it provides one.

use crate::quality::Rule;

pub fn title(rule: Rule) -> &'static str {
    match rule {
        Rule::DuplicateEventRows => "duplicate event rows",
        Rule::MissingCommencementDate => "commencement date missing",
        Rule::OpenAtExtract => "still open at the extract date",
        Rule::EndBeforeStart => "ends before it starts",
        Rule::DateOutsideCoverage => "date outside the dataset's coverage",
        Rule::DateAfterExtract => "date after the extract date",
        Rule::MalformedDate => "date not in YYYY-MM-DD form",
        Rule::PlaceholderEthnicity => "placeholder ethnicity",
        Rule::ImplausibleAge => "implausible age",
        Rule::WelshLsoa => "Welsh LSOA",
        Rule::PossibleFalseLink => "possible false link",
        Rule::PossibleMissedLink => "possible missed link",
        Rule::Unlinked => "not linked",
    }
}
