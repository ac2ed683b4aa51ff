//! Longest-prefix matching by one binary search. Prefixes are nested or
//! disjoint, so the address space cuts into runs that each have one
//! longest prefix (or none); the table keeps each run's first address and
//! that prefix. 64,000 prefixes make at most 128,001 runs: one search of
//! about 17 steps per address, and 8 (IPv4) or 20 (IPv6) bytes a run.

/// An address as a number: `u32` for IPv4, `u128` for IPv6.
pub trait Key: Copy + Ord {
    /// The first address.
    const ZERO: Self;
    /// The next address, or `None` after the last.
    fn next(self) -> Option<Self>;
    /// The last address of the prefix of length `len` at this network.
    fn last_of(self, len: u8) -> Self;
    /// The first 16 bits: which of the table's 65,536 buckets it is in.
    fn bucket(self) -> usize;
}

impl Key for u32 {
    const ZERO: Self = 0;
    fn next(self) -> Option<Self> {
        self.checked_add(1)
    }
    fn last_of(self, len: u8) -> Self {
        self | u32::MAX.checked_shr(u32::from(len)).unwrap_or(0)
    }
    fn bucket(self) -> usize {
        (self >> 16) as usize
    }
}

impl Key for u128 {
    const ZERO: Self = 0;
    fn next(self) -> Option<Self> {
        self.checked_add(1)
    }
    fn last_of(self, len: u8) -> Self {
        self | u128::MAX.checked_shr(u32::from(len)).unwrap_or(0)
    }
    fn bucket(self) -> usize {
        (self >> 112) as usize
    }
}

/// Buckets of a table: one per value of an address's first 16 bits.
const BUCKETS: usize = 1 << 16;

/// No prefix covers the run.
const NONE: u32 = u32::MAX;

/// Runs of addresses and the longest prefix covering each.
#[derive(Debug, Clone)]
pub struct Table<K> {
    /// First address of each run, ascending; the first is `K::ZERO`.
    starts: Vec<K>,
    /// The run's prefix (an index the caller gave), or [`NONE`].
    values: Vec<u32>,
    /// For each bucket (first 16 bits), the first run starting in it or
    /// after it; one more entry closes the last bucket. A search then looks
    /// at one bucket's runs only: fewer steps, and fewer cache misses.
    buckets: Vec<u32>,
}

impl<K: Key> Table<K> {
    /// Builds the table from prefixes as `(first, last, value)`, sorted by
    /// first address and then from the widest to the narrowest, none given
    /// twice. Values must be below `u32::MAX`.
    pub fn build(prefixes: impl IntoIterator<Item = (K, K, u32)>) -> Table<K> {
        let mut t = Table {
            starts: vec![K::ZERO],
            values: vec![NONE],
            buckets: Vec::new(),
        };
        // The prefixes open at the current address, widest first.
        let mut open: Vec<(K, u32)> = Vec::new();
        for (first, last, value) in prefixes {
            t.close_before(&mut open, Some(first));
            t.push(first, value);
            open.push((last, value));
        }
        t.close_before(&mut open, None);
        t.starts.shrink_to_fit();
        t.values.shrink_to_fit();
        t.buckets = vec![0; BUCKETS + 1];
        let mut run = 0;
        for (b, first) in t.buckets.iter_mut().enumerate() {
            while run < t.starts.len() && t.starts[run].bucket() < b {
                run += 1;
            }
            *first = run as u32;
        }
        t
    }

    /// Closes the open prefixes that end before `at` (all of them for `None`):
    /// after each, the run belongs to the prefix around it.
    fn close_before(&mut self, open: &mut Vec<(K, u32)>, at: Option<K>) {
        while let Some(&(last, _)) = open.last() {
            if at.is_some_and(|a| last >= a) {
                break;
            }
            open.pop();
            if let Some(after) = last.next() {
                let around = open.last().map_or(NONE, |&(_, v)| v);
                self.push(after, around);
            }
        }
    }

    /// Starts a run at `start`; a run starting at the same address is replaced.
    fn push(&mut self, start: K, value: u32) {
        if self.starts.last() == Some(&start) {
            self.starts.pop();
            self.values.pop();
        }
        if self.values.last() == Some(&value) {
            return;
        }
        self.starts.push(start);
        self.values.push(value);
    }

    /// The value of the longest prefix covering `addr`.
    pub fn get(&self, addr: K) -> Option<u32> {
        // The last run starting at or before `addr`: in `addr`'s bucket, or
        // the one before the bucket's first (runs start at ZERO, so there is one).
        let b = addr.bucket();
        let lo = *self.buckets.get(b)? as usize;
        let hi = *self.buckets.get(b + 1)? as usize;
        let i = lo + self.starts.get(lo..hi)?.partition_point(|&s| s <= addr);
        let v = *self.values.get(i.checked_sub(1)?)?;
        (v != NONE).then_some(v)
    }

    /// Runs in the table.
    pub fn runs(&self) -> usize {
        self.starts.len()
    }

    /// Bytes the table holds on the heap.
    pub fn heap_bytes(&self) -> usize {
        self.starts.capacity() * core::mem::size_of::<K>()
            + (self.values.capacity() + self.buckets.capacity()) * 4
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_and_adjacent_prefixes() {
        // 10/8 (0) holding 10.1/16 (1) holding 10.1.2/24 (2); 11/8 (3) right after.
        let p = |a: u32, len: u32| (a, a | (u32::MAX >> len), 0);
        let mut list = vec![
            p(0x0a00_0000, 8),
            p(0x0a01_0000, 16),
            p(0x0a01_0200, 24),
            p(0x0b00_0000, 8),
        ];
        for (i, e) in list.iter_mut().enumerate() {
            e.2 = i as u32;
        }
        let t = Table::build(list);
        assert_eq!(t.get(0x09ff_ffff), None);
        assert_eq!(t.get(0x0a00_0000), Some(0));
        assert_eq!(t.get(0x0a01_0000), Some(1));
        assert_eq!(t.get(0x0a01_0200), Some(2));
        assert_eq!(t.get(0x0a01_02ff), Some(2));
        assert_eq!(t.get(0x0a01_0300), Some(1));
        assert_eq!(t.get(0x0a01_ffff), Some(1));
        assert_eq!(t.get(0x0a02_0000), Some(0));
        assert_eq!(t.get(0x0aff_ffff), Some(0));
        assert_eq!(t.get(0x0b00_0000), Some(3));
        assert_eq!(t.get(0x0c00_0000), None);
        assert_eq!(t.get(u32::MAX), None);
    }

    #[test]
    fn prefixes_at_the_ends_of_the_space() {
        let t = Table::build([(0u32, u32::MAX, 0), (u32::MAX, u32::MAX, 1)]);
        assert_eq!(t.get(0), Some(0));
        assert_eq!(t.get(u32::MAX - 1), Some(0));
        assert_eq!(t.get(u32::MAX), Some(1));
        let t = Table::build([(0u128, 0, 7)]);
        assert_eq!(t.get(0), Some(7));
        assert_eq!(t.get(1), None);
        let empty: Table<u128> = Table::build([]);
        assert_eq!(empty.get(5), None);
        assert_eq!(empty.runs(), 1);
    }
}
