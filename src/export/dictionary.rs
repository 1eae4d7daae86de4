//! The data dictionary of every file dfexplorer exports: each column with its type, meaning and
//! (for the events file) the source columns it is taken from. Printed by `--dictionary` and
//! copied into the README (a test keeps the two the same).

use super::table::Column;
use super::tidy;

/// The dictionary as Markdown.
pub fn markdown() -> String {
    let mut s = String::new();
    s += "Every file is CSV (UTF-8, comma-separated, CRLF line ends, a header line; dates \
`YYYY-MM-DD`, booleans `1`/`0`, an empty field for a missing value; a text value starting \
with `=`, `+`, `-` or `@` gets a leading `'` so spreadsheets do not run it) or, when its name \
ends in `.parquet`, parquet with the same columns and real types (text as UTF-8 strings, dates \
as DATE, integers as INT64, booleans as BOOLEAN, missing values as nulls). The loaders written \
beside the files (`people.load.R`, `people.load.do` for `people.csv`) read them with these types.\n";
    let sections: [(&str, &str, Vec<Column>); 5] = [
        (
            "People (`cohort --out`)",
            "One row per person of the cohort.",
            tidy::PEOPLE_COLUMNS.to_vec(),
        ),
        (
            "Events (`cohort --events`, `person --format csv`, the explorer's `e` on a person)",
            "One row per record of the people's timelines: each main record, then its child rows. \
With `--flag-columns`, one more column per quality rule, `flag_<rule>`, true when the row breaks it.",
            tidy::event_columns(false),
        ),
        (
            "Time to event (`outcomes --tte`)",
            "One row per person followed up.",
            crate::outcomes::files::TTE_COLUMNS.to_vec(),
        ),
        (
            "Kaplan-Meier curves (`outcomes --km`)",
            "One row per group and time at which the curve steps, after disclosure control.",
            crate::outcomes::files::KM_COLUMNS.to_vec(),
        ),
        (
            "What came next (`sequences --out`)",
            "One row per branch of the tree, after disclosure control.",
            crate::outcomes::files::SEQUENCE_COLUMNS.to_vec(),
        ),
    ];
    for (title, what, columns) in sections {
        s += &format!("\n#### {title}\n\n{what}\n\n| column | type | meaning |\n|---|---|---|\n");
        for c in &columns {
            let sources = tidy::event_sources(&c.name);
            let from = if sources.is_empty() || !title.starts_with("Events") {
                String::new()
            } else {
                format!(" From {}.", sources.join(", "))
            };
            s += &format!(
                "| `{}` | {} | {}{from} |\n",
                c.name,
                c.kind.name(),
                c.meaning.replace('|', "\\|")
            );
        }
    }
    s
}
