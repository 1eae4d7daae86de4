//! Identifiers: opaque, unique and reproducible. Hash-style IDs are a keyed bijective mix of
//! (seed, kind, counter) shown as 16 lowercase hex characters, so two different counters of one
//! kind can never collide. Person IDs are 10-digit strings from a keyed affine permutation of the
//! person number modulo 9e9, which is also collision-free.

use super::rng::mix64;

/// The kinds of hash identifier, each with its own key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashKind {
    MagsRow = 0,
    MagsCase = 1,
    CrownRow = 2,
    CrownCase = 3,
    CrownDefendantOnCase = 4,
    CrownDefendantOnOffence = 5,
    PrisonRow = 6,
    ProbationRow = 7,
    ProbationEvent = 8,
}
pub const HASH_KINDS: usize = 9;

/// The kinds of person identifier (digit strings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonKind {
    Xjs = 0,
    MagsDefendant = 1,
    CrownDefendant = 2,
    PrisonOffender = 3,
    ProbationOffender = 4,
}
const PERSON_KINDS: usize = 5;

const DIGIT_SPACE: u64 = 9_000_000_000;
const DIGIT_FLOOR: u64 = 1_000_000_000;

/// Keys derived from the seed.
#[derive(Debug, Clone)]
pub struct Ids {
    hash_keys: [(u64, u64); HASH_KINDS],
    person_keys: [(u64, u64); PERSON_KINDS],
}

impl Ids {
    pub fn new(seed: u64) -> Ids {
        let key = |domain: u64, kind: u64, n: u64| mix64(mix64(seed ^ domain) ^ (kind << 8 | n));
        let mut hash_keys = [(0, 0); HASH_KINDS];
        for (k, slot) in hash_keys.iter_mut().enumerate() {
            *slot = (key(0x4841_5348, k as u64, 1), key(0x4841_5348, k as u64, 2));
        }
        let mut person_keys = [(0, 0); PERSON_KINDS];
        for (k, slot) in person_keys.iter_mut().enumerate() {
            // A large multiplier (so neighbours land far apart), coprime with 9e9 = 2^9 3^2 5^9
            // so that the map is a bijection; a few steps at most find one.
            let mut a = DIGIT_SPACE / 10 + key(0x5045_5253, k as u64, 1) % (DIGIT_SPACE / 2);
            while a.is_multiple_of(2) || a.is_multiple_of(3) || a.is_multiple_of(5) {
                a += 1;
            }
            *slot = (a, key(0x5045_5253, k as u64, 2) % DIGIT_SPACE);
        }
        Ids {
            hash_keys,
            person_keys,
        }
    }

    /// A hash ID: 16 lowercase hex characters, unique per (kind, counter).
    pub fn hash(&self, kind: HashKind, counter: u64) -> String {
        let (k1, k2) = self.hash_keys[kind as usize];
        format!("{:016x}", mix64(counter.wrapping_add(k1)) ^ k2)
    }

    /// A person ID: a 10-digit string, unique per (kind, number) for numbers below 9e9.
    pub fn person(&self, kind: PersonKind, number: u64) -> String {
        let (a, b) = self.person_keys[kind as usize];
        let n = number % DIGIT_SPACE;
        let v = ((a as u128 * n as u128 + b as u128) % DIGIT_SPACE as u128) as u64;
        (v + DIGIT_FLOOR).to_string()
    }
}

/// Per-life counters for hash IDs: counter = life << 20 | n, so lives never share a counter.
#[derive(Debug, Clone)]
pub struct Counters {
    life: u64,
    next: [u64; HASH_KINDS],
}

impl Counters {
    pub fn new(life: u64) -> Counters {
        Counters {
            life,
            next: [0; HASH_KINDS],
        }
    }

    pub fn next(&mut self, ids: &Ids, kind: HashKind) -> String {
        let n = self.next[kind as usize];
        self.next[kind as usize] += 1;
        ids.hash(kind, self.life << 20 | (n & 0xf_ffff))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn hashes_are_16_hex_and_distinct() {
        let ids = Ids::new(20240601);
        let mut seen = HashSet::new();
        for c in 0..20_000 {
            let h = ids.hash(HashKind::MagsRow, c);
            assert_eq!(h.len(), 16);
            assert!(h
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
            assert!(seen.insert(h));
        }
        assert_ne!(
            ids.hash(HashKind::MagsRow, 1),
            Ids::new(1).hash(HashKind::MagsRow, 1)
        );
    }

    #[test]
    fn person_ids_are_ten_digits_and_distinct() {
        let ids = Ids::new(20240601);
        let mut seen = HashSet::new();
        for n in 0..20_000 {
            let p = ids.person(PersonKind::Xjs, n);
            assert_eq!(p.len(), 10, "{p}");
            assert!(p.bytes().all(|b| b.is_ascii_digit()));
            assert!(seen.insert(p));
        }
    }
}
