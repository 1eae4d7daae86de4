//! Where each table goes in the delivered layout.
//!
//! ```text
//! OUT/magistrates/moj_magistrates_case_01.parquet ... _30     moj_magistrates_offence_01 ... _30
//! OUT/crown/moj_crown_case_01 ... _30                          moj_crown_offence_01 ... _30
//! OUT/prison/moj_prison_custodial_journey_01 ... _30
//! OUT/probation/moj_probation_flatfile_01 ... _30              moj_probation_rqmnts_01 ... _30
//!              moj_probation_licence_conditions_01 ... _30     moj_probation_pss_rqmnts_01 ... _30
//! OUT/linking/moj_xjs_link_01 ... _30                          moj_mags_crown_journey_01 ... _30
//! OUT/metadata/moj_catalogue_notes_01                          moj_extract_info_01
//! ```
//! The rule is `moj_<contract table>_<NN>`, which is exactly how probation is delivered
//! (`moj_probation_flatfile_01`); the other datasets and the link tables follow it. Every
//! dataset and link table has 30 parts, the two small metadata tables one.

use crate::contract::{self, Dataset};

/// Parts per dataset or link table, as probation is delivered.
pub const PARTS: usize = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExtractFormat {
    Parquet,
    Csv,
}

impl ExtractFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ExtractFormat::Parquet => "parquet",
            ExtractFormat::Csv => "csv",
        }
    }
}

/// The folder (under the output root) that holds `table`.
pub fn folder_of(table: &str) -> &'static str {
    match Dataset::of_table(table) {
        Some(Dataset::Magistrates) => "magistrates",
        Some(Dataset::Crown) => "crown",
        Some(Dataset::Prison) => "prison",
        Some(Dataset::Probation) => "probation",
        None if table == contract::LINK_TABLE || table == contract::JOURNEY_TABLE => "linking",
        None => "metadata",
    }
}

/// How many numbered parts `table` is split into.
pub fn parts_of(table: &str) -> usize {
    if folder_of(table) == "metadata" {
        1
    } else {
        PARTS
    }
}

/// The file name of part `part` (1-based) of `table`.
pub fn part_file_name(table: &str, part: usize, format: ExtractFormat) -> String {
    format!("moj_{table}_{part:02}.{}", format.extension())
}

/// Whether a file or folder name belongs to the delivered layout: one of its folders, or a part
/// file `moj_<table>_NN` of either format. A folder of nothing else may be replaced whole.
pub fn is_layout_name(name: &str, is_dir: bool) -> bool {
    const FOLDERS: [&str; 6] = [
        "magistrates",
        "crown",
        "prison",
        "probation",
        "linking",
        "metadata",
    ];
    if is_dir {
        return FOLDERS.contains(&name);
    }
    let Some(stem) = name
        .strip_suffix(".parquet")
        .or_else(|| name.strip_suffix(".csv"))
    else {
        return false;
    };
    stem.strip_prefix("moj_")
        .and_then(|s| s.rsplit_once('_'))
        .is_some_and(|(table, part)| {
            contract::table(table).is_some()
                && !part.is_empty()
                && part.bytes().all(|b| b.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probation_parts_are_named_as_delivered() {
        assert_eq!(
            part_file_name("probation_flatfile", 1, ExtractFormat::Parquet),
            "moj_probation_flatfile_01.parquet"
        );
        assert_eq!(
            part_file_name("probation_rqmnts", 30, ExtractFormat::Csv),
            "moj_probation_rqmnts_30.csv"
        );
        assert_eq!(folder_of("probation_rqmnts"), "probation");
        assert_eq!(folder_of("xjs_link"), "linking");
        assert_eq!(folder_of("extract_info"), "metadata");
        assert_eq!(parts_of("crown_offence"), 30);
        assert_eq!(parts_of("catalogue_notes"), 1);
    }
}
