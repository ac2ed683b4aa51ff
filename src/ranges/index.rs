//! The index: every vendor's claims, merged, deduplicated and cut into
//! [`Table`]s (one for IPv4, one for IPv6), and the answer for one address.

use super::cidr::Cidr;
use super::source::{Claims, Published, Vendor};
use super::stats::{Stats, VendorStats};
use super::table::{Key, Table};
use crate::error::Error;
use std::collections::BTreeMap;
use std::net::IpAddr;

/// Marks a prefix claimed by more than one (vendor, region): the rest of
/// the number indexes [`RegionIndex::ties`].
const TIE: u32 = 1 << 31;

/// The owner id of a claim held by one (vendor, region); `None` for a tie.
pub(super) fn single(claim: u32) -> Option<u32> {
    (claim & TIE == 0).then_some(claim)
}

/// One address family's prefixes (by index) and their table.
#[derive(Debug)]
struct Family<K> {
    table: Table<K>,
    /// Network address of each prefix.
    nets: Vec<K>,
    /// Length of each prefix.
    lens: Vec<u8>,
    /// Who claims each prefix: an owner, or `TIE | i` for `ties[i]`.
    claims: Vec<u32>,
}

/// Which vendors' files an index is built from, and what each says.
#[derive(Debug, Default)]
pub struct Builder {
    /// Every distinct (vendor, region), by id.
    owners: Vec<(Vendor, String)>,
    ids: BTreeMap<(Vendor, String), u32>,
    v4: Vec<(u32, u8, u32)>,
    v6: Vec<(u128, u8, u32)>,
    published: Vec<(Vendor, Published)>,
}

impl Builder {
    /// An empty builder.
    pub fn new() -> Builder {
        Builder::default()
    }

    /// Adds one vendor's file, read by [`super::source`]. Each vendor may
    /// be given once.
    pub fn add(
        &mut self,
        vendor: Vendor,
        (claims, published): (Claims, Published),
    ) -> Result<(), Error> {
        if self.published.iter().any(|(v, _)| *v == vendor) {
            return Err(Error::invalid_unquoted(
                &vendor.input(),
                "is given twice; give each vendor's file once",
            ));
        }
        let owners: Vec<u32> = claims
            .regions
            .iter()
            .map(|r| self.owner(vendor, r))
            .collect();
        let (mut v4, mut v6) = (claims.v4, claims.v6);
        for c in &mut v4 {
            c.2 = owners[c.2 as usize];
        }
        for c in &mut v6 {
            c.2 = owners[c.2 as usize];
        }
        self.v4.append(&mut v4);
        self.v6.append(&mut v6);
        self.published.push((vendor, published));
        Ok(())
    }

    fn owner(&mut self, vendor: Vendor, region: &str) -> u32 {
        let key = (vendor, region.to_owned());
        if let Some(&id) = self.ids.get(&key) {
            return id;
        }
        let id = self.owners.len() as u32;
        self.owners.push(key.clone());
        self.ids.insert(key, id);
        id
    }

    /// The index of every file added.
    pub fn build(self) -> RegionIndex {
        let mut ties = Vec::new();
        let mut counts = vec![(0u32, 0u32); 4];
        let v4 = family(self.v4, &self.owners, &mut ties, |c| c.0 += 1, &mut counts);
        let v6 = family(self.v6, &self.owners, &mut ties, |c| c.1 += 1, &mut counts);
        let mut stats = Stats::default();
        for (vendor, published) in self.published {
            let mut regions: Vec<String> = self
                .owners
                .iter()
                .filter(|(v, _)| *v == vendor)
                .map(|(_, r)| r.clone())
                .collect();
            regions.sort_unstable();
            let (prefixes_v4, prefixes_v6) = counts[vendor as usize];
            stats.set(
                vendor,
                VendorStats {
                    prefixes_v4,
                    prefixes_v6,
                    regions,
                    published,
                },
            );
        }
        let mut index = RegionIndex {
            owners: self.owners,
            ties,
            v4,
            v6,
            stats,
        };
        index.stats.memory_bytes = index.heap_bytes();
        index
    }
}

/// Sorts, merges and tables one family's claims; counts each vendor's
/// distinct prefixes with `bump`.
fn family<K: Key + Default>(
    mut claims: Vec<(K, u8, u32)>,
    owners: &[(Vendor, String)],
    ties: &mut Vec<Vec<u32>>,
    bump: fn(&mut (u32, u32)),
    counts: &mut [(u32, u32)],
) -> Family<K> {
    // By network, then widest first: the order `Table::build` takes.
    claims.sort_unstable();
    claims.dedup();
    let mut f = Family::<K> {
        table: Table::build([]),
        nets: Vec::new(),
        lens: Vec::new(),
        claims: Vec::new(),
    };
    let mut vendors = Vec::with_capacity(4);
    for group in claims.chunk_by(|a, b| a.0 == b.0 && a.1 == b.1) {
        let (net, len, first) = group[0];
        vendors.clear();
        vendors.extend(group.iter().map(|c| owners[c.2 as usize].0));
        vendors.sort_unstable();
        vendors.dedup();
        for &v in &vendors {
            bump(&mut counts[v as usize]);
        }
        let claim = if group.len() == 1 {
            first
        } else {
            ties.push(group.iter().map(|c| c.2).collect());
            TIE | (ties.len() as u32 - 1)
        };
        f.nets.push(net);
        f.lens.push(len);
        f.claims.push(claim);
    }
    drop(claims);
    f.table = Table::build(
        f.nets
            .iter()
            .zip(&f.lens)
            .enumerate()
            .map(|(k, (&net, &len))| (net, net.last_of(len), k as u32)),
    );
    f.nets.shrink_to_fit();
    f.lens.shrink_to_fit();
    f.claims.shrink_to_fit();
    f
}

/// Which vendor and region an address is in, by the vendors' own files.
#[derive(Debug)]
pub struct RegionIndex {
    owners: Vec<(Vendor, String)>,
    /// The claimants of each prefix claimed more than once, by owner id.
    ties: Vec<Vec<u32>>,
    v4: Family<u32>,
    v6: Family<u128>,
    stats: Stats,
}

/// The longest prefix an address is in, and who claims it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match<'a> {
    /// The prefix.
    pub prefix: Cidr,
    /// Every (vendor, region) that lists the prefix at this length, in
    /// vendor then region order: more than one is a conflict.
    pub claims: Vec<(Vendor, &'a str)>,
}

impl RegionIndex {
    /// The longest prefix holding `addr`, if any.
    pub fn find(&self, addr: &IpAddr) -> Option<Match<'_>> {
        let (prefix, claim) = self.find_raw(addr)?;
        let owner = |o: &u32| {
            let (v, r) = &self.owners[*o as usize];
            (*v, r.as_str())
        };
        let mut claims: Vec<_> = match single(claim) {
            Some(o) => vec![owner(&o)],
            None => self.ties[(claim & !TIE) as usize]
                .iter()
                .map(owner)
                .collect(),
        };
        claims.sort_unstable();
        Some(Match { prefix, claims })
    }

    /// The longest prefix holding `addr` and its claim: an owner id (see
    /// [`single`]) or a tie.
    fn find_raw(&self, addr: &IpAddr) -> Option<(Cidr, u32)> {
        Some(match addr {
            IpAddr::V4(a) => {
                let k = self.v4.table.get(u32::from(*a))? as usize;
                (
                    Cidr::V4(self.v4.nets[k], self.v4.lens[k]),
                    self.v4.claims[k],
                )
            }
            IpAddr::V6(a) => {
                let k = self.v6.table.get(u128::from(*a))? as usize;
                (
                    Cidr::V6(self.v6.nets[k], self.v6.lens[k]),
                    self.v6.claims[k],
                )
            }
        })
    }

    /// The claim on the longest prefix holding `addr` (as [`Self::find_raw`],
    /// without reading the prefix: `suggest` needs it only for a tie).
    pub(super) fn claim(&self, addr: &IpAddr) -> Option<u32> {
        Some(match addr {
            IpAddr::V4(a) => self.v4.claims[self.v4.table.get(u32::from(*a))? as usize],
            IpAddr::V6(a) => self.v6.claims[self.v6.table.get(u128::from(*a))? as usize],
        })
    }

    /// Prefix counts, regions and file dates per vendor.
    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// Every (vendor, region) the index knows, by owner id.
    pub(super) fn owners(&self) -> &[(Vendor, String)] {
        &self.owners
    }

    /// How many (vendor, region)s the index knows: owner ids are below it.
    pub fn owner_count(&self) -> u32 {
        self.owners.len() as u32
    }

    /// The vendor and region of an owner id (a [`Verdict`](super::Verdict)'s).
    pub fn owner(&self, id: u32) -> (Vendor, &str) {
        let (vendor, region) = &self.owners[id as usize];
        (*vendor, region)
    }

    /// Bytes of memory the index holds (its tables, prefixes and names).
    pub fn heap_bytes(&self) -> usize {
        fn fam<K: Key>(f: &Family<K>) -> usize {
            f.table.heap_bytes()
                + f.nets.capacity() * core::mem::size_of::<K>()
                + f.lens.capacity()
                + f.claims.capacity() * 4
        }
        let names: usize = self
            .owners
            .iter()
            .map(|(_, r)| r.capacity() + core::mem::size_of::<(Vendor, String)>())
            .sum();
        let ties: usize = self.ties.iter().map(|t| t.capacity() * 4 + 24).sum();
        fam(&self.v4) + fam(&self.v6) + names + ties
    }
}
