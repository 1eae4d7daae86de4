//! Forgiving search: the query as a researcher types or pastes it, cleaned up, and the
//! identifiers one edit away from it (a wrong, missing, extra or swapped character, and the
//! letters O and l typed for 0 and 1), found by index seeks on generated variants, never by a scan.

use std::collections::BTreeSet;

use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection};

use crate::db::{quote_ident, row_text};
use crate::timeline::IdColumn;

/// The query cleaned of what commonly comes with a pasted or typed ID: surrounding space, a
/// leading `/` (the search prompt's own), quotes (R and CSV), a trailing `.0` (a number read as
/// a float) and thousands separators in a number. Case is kept (see [`hash_in_lower_case`]).
pub fn normalise(query: &str) -> String {
    let mut q = query.trim();
    q = q.strip_prefix('/').unwrap_or(q).trim();
    for quote in ['"', '\''] {
        if q.len() >= 2 && q.starts_with(quote) && q.ends_with(quote) {
            q = q[1..q.len() - 1].trim();
        }
    }
    let mut s = q.to_string();
    // Thousands separators only in what is otherwise a number.
    let digits_and_separators = s.chars().all(|c| c.is_ascii_digit() || ",_ ".contains(c));
    if digits_and_separators && s.chars().any(|c| c.is_ascii_digit()) {
        s.retain(|c| c.is_ascii_digit());
    }
    if let Some(whole) = s.strip_suffix(".0") {
        if !whole.is_empty() && whole.chars().all(|c| c.is_ascii_digit()) {
            s = whole.to_string();
        }
    }
    s
}

/// A whole hexadecimal hash typed in upper case, in the lower case the data uses.
pub fn hash_in_lower_case(q: &str) -> Option<String> {
    let hash = q.chars().count() >= MIN_TYPO_CHARS && q.chars().all(|c| c.is_ascii_hexdigit());
    (hash && q.chars().any(|c| c.is_ascii_uppercase())).then(|| q.to_ascii_lowercase())
}

/// Queries shorter than this get no typo stage: they are prefixes being typed, not whole IDs.
pub const MIN_TYPO_CHARS: usize = 8;

/// Every string one edit from `query` over the alphabet of its kind (digits, hexadecimal, or
/// letters and digits), with O/o and l/I read as 0 and 1. The query itself is not included.
pub fn one_edit_variants(query: &str) -> Vec<String> {
    let chars: Vec<char> = query.chars().collect();
    let alphabet: Vec<char> = if chars
        .iter()
        .all(|c| c.is_ascii_digit() || "OolI".contains(*c))
    {
        ('0'..='9').collect()
    } else if chars.iter().all(|c| c.is_ascii_hexdigit()) {
        ('0'..='9').chain('a'..='f').collect()
    } else {
        ('0'..='9').chain('a'..='z').chain('A'..='Z').collect()
    };
    let mut out = BTreeSet::new();
    // Confusable letters, all at once (a whole ID typed with O for 0).
    let confused: String = chars
        .iter()
        .map(|c| match c {
            'O' | 'o' => '0',
            'l' | 'I' => '1',
            c => *c,
        })
        .collect();
    out.insert(confused);
    let word = |v: &[char]| v.iter().collect::<String>();
    for i in 0..chars.len() {
        // Substitution.
        for &a in &alphabet {
            if a != chars[i] {
                let mut v = chars.clone();
                v[i] = a;
                out.insert(word(&v));
            }
        }
        // Deletion.
        let mut v = chars.clone();
        v.remove(i);
        out.insert(word(&v));
        // Adjacent transposition.
        if i + 1 < chars.len() && chars[i] != chars[i + 1] {
            let mut v = chars.clone();
            v.swap(i, i + 1);
            out.insert(word(&v));
        }
    }
    // Insertion, at every position including the end.
    for i in 0..=chars.len() {
        for &a in &alphabet {
            let mut v = chars.clone();
            v.insert(i, a);
            out.insert(word(&v));
        }
    }
    out.remove(query);
    out.into_iter().collect()
}

/// Variants per statement: two parameters each (text and integer form), well under SQLite's
/// limit on parameters.
const VARIANTS_PER_STATEMENT: usize = 500;

/// The statement that looks `n` variants up in `col` (two parameters each).
pub fn existing_sql(col: &IdColumn, n: usize) -> String {
    format!(
        "SELECT DISTINCT {c} FROM {t} WHERE {c} IN ({marks})",
        c = quote_ident(col.column),
        t = quote_ident(col.table),
        marks = vec!["?"; n * 2].join(", ")
    )
}

/// The values of `col` among `variants`, in order, found by index seeks (`IN (...)`).
pub fn existing(
    conn: &Connection,
    col: &IdColumn,
    variants: &[String],
) -> rusqlite::Result<Vec<String>> {
    let mut found = BTreeSet::new();
    for chunk in variants.chunks(VARIANTS_PER_STATEMENT) {
        let sql = existing_sql(col, chunk.len());
        let params: Vec<Value> = chunk
            .iter()
            .flat_map(|v| crate::timeline::context::id_params(v))
            .collect();
        let mut stmt = conn.prepare(&sql)?;
        let mut rows = stmt.query(params_from_iter(params))?;
        while let Some(r) = rows.next()? {
            // Only values that are a variant as text (affinity would let '05' find 5).
            if let Some(v) = row_text(r, 0)? {
                if chunk.binary_search(&v).is_ok() {
                    found.insert(v);
                }
            }
        }
    }
    Ok(found.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_and_typed_forms_come_back_to_the_id() {
        for (typed, id) in [
            ("  2165053597 ", "2165053597"),
            ("/2165053597", "2165053597"),
            ("\"2165053597\"", "2165053597"),
            ("'2165053597'", "2165053597"),
            ("2165053597.0", "2165053597"),
            ("2,165,053,597", "2165053597"),
            ("2 165 053 597", "2165053597"),
            ("/ \"34d83261101279ed\"", "34d83261101279ed"),
        ] {
            assert_eq!(normalise(typed), id, "{typed:?}");
        }
        // Not a number, not a hash: left as typed.
        assert_eq!(normalise("CPA London"), "CPA London");
        assert_eq!(normalise("1.05"), "1.05");
        // Only a whole number loses ".0"; only a matching pair of quotes is taken off.
        assert_eq!(normalise("v1.0"), "v1.0");
        assert_eq!(normalise(".0"), ".0");
        assert_eq!(normalise("2165053597'"), "2165053597'");
        assert_eq!(normalise("'2165053597"), "'2165053597");
        assert_eq!(
            hash_in_lower_case("34D83261101279ED").as_deref(),
            Some("34d83261101279ed")
        );
        assert_eq!(
            hash_in_lower_case("D1"),
            None,
            "short: a prefix being typed"
        );
        assert_eq!(hash_in_lower_case("34d83261101279ed"), None);
    }

    #[test]
    fn every_kind_of_single_typo_is_a_variant() {
        let id = "2165053597";
        let v = one_edit_variants(id);
        for typo in [
            "2165053598",  // wrong digit
            "2165035597",  // swapped digits
            "21650535977", // extra digit
            "216505359",   // missing digit
            "2165O53597",  // letter O for zero
        ] {
            // The typo is one edit from the ID, so the ID is one edit from the typo.
            assert!(one_edit_variants(typo).contains(&id.to_string()), "{typo}");
        }
        assert!(!v.contains(&id.to_string()));
        assert!(v.iter().all(|s| s.chars().all(|c| c.is_ascii_digit())));
        // 10 digits: 90 substitutions, 10 deletions, up to 9 swaps, 110 insertions.
        assert!(v.len() <= 220, "{}", v.len());
        let hash = "34d83261101279ed";
        assert!(one_edit_variants("34d83261101279ee").contains(&hash.to_string()));
        assert!(one_edit_variants("34d8326110l279ed").contains(&hash.to_string()));
    }
}
