//! Searching the catalogue (the browser, and `dfexplorer catalogue QUERY`): every query word must
//! appear in an entry's name, description or note text, in any of its forms (case-insensitive;
//! "duplicate" finds "duplicates", "de-duplicated" and "duplication"); entries whose name matches
//! rank first.

use serde::Serialize;

use super::{Catalogue, CatalogueNote};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HitKind {
    Dataset,
    Table,
    Column,
    Note,
}

/// One catalogue entry matching a search.
#[derive(Debug, Clone, Serialize)]
pub struct CatalogueHit {
    pub kind: HitKind,
    pub dataset: Option<String>,
    pub table: Option<String>,
    pub column: Option<String>,
    /// The description, or the note text for a note.
    pub text: String,
    /// For notes: the topic; otherwise `None`.
    pub topic: Option<String>,
    /// Higher is better: the name matched every word (3), some word (2), text only (1).
    pub score: u8,
}

impl Catalogue {
    /// Entries matching every word of `query`, best first; an empty query matches nothing.
    pub fn search(&self, query: &str) -> Vec<CatalogueHit> {
        let words = query_words(query);
        if words.is_empty() {
            return Vec::new();
        }
        let mut hits = Vec::new();
        let mut consider = |hit: CatalogueHit, name: &str, extra: &str| {
            if let Some(score) = score(&words, name, &format!("{} {}", hit.text, extra)) {
                hits.push(CatalogueHit { score, ..hit });
            }
        };
        for d in &self.datasets {
            consider(
                entry(
                    HitKind::Dataset,
                    Some(&d.dataset),
                    None,
                    None,
                    &d.description,
                ),
                &d.dataset,
                "",
            );
        }
        for t in &self.tables {
            let dataset = crate::contract::Dataset::of_table(&t.table).map(|d| d.source_name());
            consider(
                entry(
                    HitKind::Table,
                    dataset,
                    Some(&t.table),
                    None,
                    &t.description,
                ),
                &t.table,
                "",
            );
            for (c, desc) in &t.columns {
                consider(
                    entry(HitKind::Column, dataset, Some(&t.table), Some(c), desc),
                    &format!("{}.{c}", t.table),
                    "",
                );
            }
        }
        for n in &self.notes {
            consider(
                note_hit(n),
                &n.location(),
                &format!("{} {}", n.topic, n.source),
            );
        }
        // Stable: equal scores keep catalogue order (datasets, tables, columns, notes).
        hits.sort_by_key(|h| std::cmp::Reverse(h.score));
        hits
    }
}

fn entry(
    kind: HitKind,
    dataset: Option<&str>,
    table: Option<&str>,
    column: Option<&str>,
    text: &str,
) -> CatalogueHit {
    CatalogueHit {
        kind,
        dataset: dataset.map(str::to_string),
        table: table.map(str::to_string),
        column: column.map(str::to_string),
        text: text.to_string(),
        topic: None,
        score: 0,
    }
}

pub fn note_hit(n: &CatalogueNote) -> CatalogueHit {
    CatalogueHit {
        kind: HitKind::Note,
        dataset: n.dataset.clone(),
        table: n.table_name.clone(),
        column: n.column_name.clone(),
        text: n.note.clone(),
        topic: Some(n.topic.clone()),
        score: 0,
    }
}

/// The stems of a query's words.
pub fn query_words(query: &str) -> Vec<String> {
    query
        .split_whitespace()
        .map(stem)
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether every word of the query appears, in some form, in one of `texts` (an empty query
/// matches everything: the browser then lists all).
pub fn matches(words: &[String], texts: &[&str]) -> bool {
    let texts: Vec<String> = texts.iter().map(|t| fold(t)).collect();
    words
        .iter()
        .all(|w| texts.iter().any(|t| t.contains(w.as_str())))
}

/// Lower case, without hyphens: "De-duplicated" reads as "deduplicated".
fn fold(text: &str) -> String {
    text.to_lowercase().replace('-', "")
}

/// A word without its common English endings, so its forms share one stem ("duplicates",
/// "duplicated", "duplication" -> "duplicat"); at least four letters are kept.
fn stem(word: &str) -> String {
    let w = fold(word.trim_matches(|c: char| !c.is_alphanumeric()));
    for suffix in [
        "ations", "ation", "ions", "ion", "ings", "ing", "ies", "ied", "es", "ed", "s", "e",
    ] {
        if let Some(base) = w.strip_suffix(suffix) {
            if base.chars().count() >= 4 {
                return base.to_string();
            }
        }
    }
    w
}

fn score(words: &[String], name: &str, text: &str) -> Option<u8> {
    let name = fold(name);
    let text = fold(text);
    let in_name = words.iter().filter(|w| name.contains(w.as_str())).count();
    let all = words
        .iter()
        .all(|w| name.contains(w.as_str()) || text.contains(w.as_str()));
    match (all, in_name) {
        (false, _) => None,
        (true, n) if n == words.len() => Some(3),
        (true, 0) => Some(1),
        (true, _) => Some(2),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An entry whose name holds every word ranks above one whose name holds some, above one
    /// matched by its text only.
    #[test]
    fn names_holding_every_word_rank_first() {
        let words = query_words("offence date");
        let score = |name: &str, text: &str| score(&words, name, text);
        assert_eq!(score("main_offence_date", ""), Some(3));
        assert_eq!(score("offence_desc", "the date of"), Some(2));
        assert_eq!(score("main_offence", "its date"), Some(2));
        assert_eq!(score("ho_code", "offence and its date"), Some(1));
        assert_eq!(score("ho_code", "the offence"), None);
    }
}
