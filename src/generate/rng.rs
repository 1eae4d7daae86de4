//! A small, fully specified random number generator (wyrand). We own it rather than use
//! `rand`'s `SmallRng`, whose algorithm may change between versions: the generator promises the
//! same rows for the same seed and crate version, and this keeps that promise in our hands.

/// Mixes 64 bits into 64 well-spread bits (the SplitMix64 finaliser; a bijection on `u64`).
pub fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Random streams used for one person, so that drawing more for one purpose never shifts another.
#[derive(Debug, Clone, Copy)]
pub enum Stream {
    Life = 1,
    FalseLinkLife = 2,
    Linkage = 3,
}

#[derive(Debug, Clone)]
pub struct Rng {
    state: u64,
}

impl Rng {
    /// The generator for one person and one purpose: a pure function of (seed, stream, index).
    pub fn for_person(seed: u64, stream: Stream, person: u64) -> Rng {
        let s = mix64(
            seed ^ mix64((stream as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ mix64(person)),
        );
        Rng { state: s }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0xa076_1d64_78bd_642f);
        let t = (self.state as u128).wrapping_mul((self.state ^ 0xe703_7ed1_a0b4_28db) as u128);
        ((t >> 64) as u64) ^ (t as u64)
    }

    /// Uniform in [0, 1).
    pub fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.f64() < p
    }

    /// Uniform in [0, n); 0 when n is 0.
    pub fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    /// Uniform in [lo, hi] (inclusive); `lo` when the range is empty.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    pub fn pick_copy<T: Copy>(&mut self, items: &[T]) -> T {
        *self.pick(items)
    }

    /// An item chosen with probability proportional to its weight.
    pub fn weighted<'a, T>(&mut self, items: &'a [(T, f64)]) -> &'a T {
        &items[self.choose_by(items, |(_, w)| *w)].0
    }

    /// The index of an item chosen with probability proportional to `weight(item)`.
    pub fn choose_by<T>(&mut self, items: &[T], weight: impl Fn(&T) -> f64) -> usize {
        let total: f64 = items.iter().map(&weight).sum();
        let mut x = self.f64() * total;
        for (i, item) in items.iter().enumerate() {
            let w = weight(item);
            if x < w {
                return i;
            }
            x -= w;
        }
        items.len() - 1
    }

    /// Exponentially distributed with the given mean.
    pub fn exp(&mut self, mean: f64) -> f64 {
        -mean * (1.0 - self.f64()).ln()
    }

    /// Log-normally distributed: `median * e^(sigma * N(0,1))`.
    pub fn lognormal(&mut self, median: f64, sigma: f64) -> f64 {
        let u1 = 1.0 - self.f64();
        let u2 = self.f64();
        let n = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
        median * (sigma * n).exp()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_inputs_same_stream_and_streams_differ() {
        let a: Vec<u64> = (0..4)
            .map(|_| 0)
            .scan(Rng::for_person(7, Stream::Life, 3), |r, _: u64| {
                Some(r.next_u64())
            })
            .collect();
        let b: Vec<u64> = (0..4)
            .map(|_| 0)
            .scan(Rng::for_person(7, Stream::Life, 3), |r, _: u64| {
                Some(r.next_u64())
            })
            .collect();
        assert_eq!(a, b);
        let mut c = Rng::for_person(7, Stream::Life, 4);
        assert_ne!(a[0], c.next_u64());
        let mut d = Rng::for_person(7, Stream::Linkage, 3);
        assert_ne!(a[0], d.next_u64());
    }

    #[test]
    fn ranges_stay_in_bounds() {
        let mut r = Rng::for_person(1, Stream::Life, 1);
        for _ in 0..10_000 {
            let x = r.range(-3, 5);
            assert!((-3..=5).contains(&x));
            let f = r.f64();
            assert!((0.0..1.0).contains(&f));
        }
        assert_eq!(r.range(4, 4), 4);
        assert_eq!(r.below(0), 0);
    }
}
