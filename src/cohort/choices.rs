//! The values a cohort filter field can take, with how many referral rows have each: the
//! explorer's filter panel offers them as pick-lists (type to narrow them down).

use std::collections::BTreeMap;

use rusqlite::Connection;
use serde::Serialize;

use crate::contract::Dataset;
use crate::db::row_text;

/// Pick-list values per filter field, most frequent first, each with its count.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FilterChoices {
    /// Linked records per dataset (the datasets field).
    pub datasets: Vec<(String, u64)>,
    /// Referral rows per recorded gender.
    pub genders: Vec<(String, u64)>,
    /// Referral rows per age band at the offence (the age band field's usual values).
    pub age_bands: Vec<(String, u64)>,
    /// Referral rows per disposal type.
    pub disposal_types: Vec<(String, u64)>,
}

/// The age bands offered (the published proven reoffending bands, from 18).
const BANDS: [(u32, Option<u32>); 7] = [
    (10, Some(17)),
    (18, Some(20)),
    (21, Some(24)),
    (25, Some(29)),
    (30, Some(39)),
    (40, Some(49)),
    (50, None),
];

impl FilterChoices {
    /// The values of filter field `field` (an index into the panel's fields: 2 datasets,
    /// 3 gender, 4 age band, 5 disposal type) containing `typed` (any case), most frequent
    /// first.
    pub fn matching(&self, field: usize, typed: &str) -> Vec<(String, u64)> {
        let list = match field {
            2 => &self.datasets,
            3 => &self.genders,
            4 => &self.age_bands,
            5 => &self.disposal_types,
            _ => return Vec::new(),
        };
        // The datasets field holds a list: the last item is the one being typed.
        let typed = if field == 2 {
            typed.rsplit([',', ' ', '+']).next().unwrap_or("")
        } else {
            typed
        };
        let typed = typed.trim().to_lowercase();
        // A value typed in full needs no list.
        if list.iter().any(|(v, _)| v.to_lowercase() == typed) {
            return Vec::new();
        }
        list.iter()
            .filter(|(v, _)| v.to_lowercase().contains(&typed))
            .cloned()
            .collect()
    }
}

/// Counts every value in one pass over `probation_flatfile` and one over the link index.
pub fn filter_choices(conn: &Connection) -> rusqlite::Result<FilterChoices> {
    let mut out = FilterChoices::default();
    if crate::db::table_exists(conn, crate::contract::LINK_TABLE)? {
        let mut stmt =
            conn.prepare("SELECT source_dataset, count(*) FROM xjs_link GROUP BY source_dataset")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let name = row_text(r, 0)?.unwrap_or_default();
            // As the field takes them (see `parse_dataset`).
            let typed = match Dataset::from_source_name(&name) {
                Some(Dataset::Magistrates) => "magistrates",
                Some(Dataset::Crown) => "crown",
                Some(Dataset::Prison) => "prison",
                Some(Dataset::Probation) => "probation",
                None => continue,
            };
            out.datasets
                .push((typed.to_string(), r.get::<_, i64>(1)?.max(0) as u64));
        }
    }
    if !crate::db::table_exists(conn, Dataset::Probation.main_table())? {
        return Ok(out);
    }
    let mut genders: BTreeMap<String, u64> = BTreeMap::new();
    let mut disposals: BTreeMap<String, u64> = BTreeMap::new();
    let mut bands = [0u64; BANDS.len()];
    let mut stmt = conn.prepare(
        "SELECT gender, disposal_type_description, age_at_offence, count(*)
         FROM probation_flatfile GROUP BY 1, 2, 3",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let n = r.get::<_, i64>(3)?.max(0) as u64;
        let text = |i| -> rusqlite::Result<Option<String>> {
            Ok(row_text(r, i)?
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty()))
        };
        if let Some(g) = text(0)? {
            *genders.entry(g).or_default() += n;
        }
        if let Some(d) = text(1)? {
            *disposals.entry(d).or_default() += n;
        }
        if let Some(age) = text(2)?.and_then(|a| a.parse::<f64>().ok()) {
            let age = age as i64;
            if let Some(i) = BANDS
                .iter()
                .position(|(lo, hi)| age >= *lo as i64 && hi.is_none_or(|h| age <= h as i64))
            {
                bands[i] += n;
            }
        }
    }
    let by_count = |m: BTreeMap<String, u64>| {
        let mut v: Vec<(String, u64)> = m.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        v
    };
    out.genders = by_count(genders);
    out.disposal_types = by_count(disposals);
    out.age_bands = BANDS
        .iter()
        .zip(bands)
        .map(|((lo, hi), n)| {
            let band = match hi {
                Some(h) => format!("{lo}-{h}"),
                None => format!("{lo}-"),
            };
            (band, n)
        })
        .collect();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_counted_banded_and_narrowed_by_what_is_typed() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(crate::contract::table_ddl()).unwrap();
        conn.execute_batch(
            "INSERT INTO xjs_link VALUES ('probation_delius','r1','X'), ('probation_delius','r2','Y'),
                                         ('mags_hocas','m1','X');
             INSERT INTO probation_flatfile (row_id_hash, gender, disposal_type_description, age_at_offence)
             VALUES ('r1','Male','ORA Community Order',19), ('r2','Male','ORA Community Order',45),
                    ('r3','Female','ORA Suspended Sentence Order',52), ('r4',' ','',NULL);",
        )
        .unwrap();
        let c = filter_choices(&conn).unwrap();
        assert_eq!(
            c.datasets,
            [("magistrates".to_string(), 1), ("probation".to_string(), 2)]
        );
        assert_eq!(
            c.genders,
            [("Male".to_string(), 2), ("Female".to_string(), 1)]
        );
        assert_eq!(c.disposal_types[0], ("ORA Community Order".to_string(), 2));
        let band = |b: &str| c.age_bands.iter().find(|(x, _)| x == b).unwrap().1;
        assert_eq!(
            (band("18-20"), band("40-49"), band("50-"), band("21-24")),
            (1, 1, 1, 0)
        );
        // Typing narrows the list; in the datasets field, only the item being typed counts.
        assert_eq!(c.matching(5, "susp").len(), 1);
        assert_eq!(c.matching(2, "magistrates, pro")[0].0, "probation");
        assert_eq!(
            c.matching(5, "ORA").len(),
            2,
            "no splitting outside datasets"
        );
        assert!(c.matching(3, "male").is_empty(), "typed in full: no list");
        assert_eq!(c.matching(3, "").len(), 2);
        assert!(c.matching(0, "").is_empty());
        // The age band field offers every band, youngest first, with its count.
        let bands: Vec<String> = c.matching(4, "").into_iter().map(|(b, _)| b).collect();
        assert_eq!(
            bands,
            ["10-17", "18-20", "21-24", "25-29", "30-39", "40-49", "50-"]
        );
        assert_eq!(c.matching(4, "50"), [("50-".to_string(), 1)]);
    }
}
