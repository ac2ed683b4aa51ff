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
    /// Every distinct (vendor, region or "everywhere" word), by id.
    owners: Vec<(Vendor, String)>,
    /// By owner id: whether it is the vendor's "everywhere" (no region).
    everywhere: Vec<bool>,
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
        let owners: Vec<u32> = (claims.regions.iter().enumerate())
            .map(|(i, r)| self.owner(vendor, r, claims.everywhere == Some(i as u32)))
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

    fn owner(&mut self, vendor: Vendor, region: &str, everywhere: bool) -> u32 {
        let key = (vendor, region.to_owned());
        if let Some(&id) = self.ids.get(&key) {
            return id;
        }
        let id = self.owners.len() as u32;
        self.owners.push(key.clone());
        self.everywhere.push(everywhere);
        self.ids.insert(key, id);
        id
    }

    /// The index of every file added.
    pub fn build(self) -> RegionIndex {
        let mut ties = Vec::new();
        let mut counts = vec![(0u32, 0u32); 4];
        let owners = Owners {
            owners: &self.owners,
            everywhere: &self.everywhere,
        };
        let v4 = family(self.v4, &owners, &mut ties, |c| c.0 += 1, &mut counts);
        let v6 = family(self.v6, &owners, &mut ties, |c| c.1 += 1, &mut counts);
        let mut stats = Stats::default();
        for (vendor, published) in self.published {
            let mut regions: Vec<String> = (self.owners.iter().zip(&self.everywhere))
                .filter(|((v, _), &everywhere)| *v == vendor && !everywhere)
                .map(|((_, r), _)| r.clone())
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
            everywhere: self.everywhere,
            ties,
            v4,
            v6,
            stats,
        };
        index.stats.memory_bytes = index.heap_bytes();
        index
    }
}

/// What [`family`] needs to know of each owner id.
struct Owners<'a> {
    owners: &'a [(Vendor, String)],
    everywhere: &'a [bool],
}

impl Owners<'_> {
    /// Whether `owner` is its vendor's "everywhere" and the vendor lists
    /// the same prefix in a region in `claims` too: the region is kept.
    fn outranked(&self, owner: u32, claims: &[u32]) -> bool {
        let vendor = self.vendor(owner);
        self.everywhere[owner as usize]
            && claims
                .iter()
                .any(|&c| self.vendor(c) == vendor && !self.everywhere[c as usize])
    }

    fn vendor(&self, owner: u32) -> Vendor {
        self.owners[owner as usize].0
    }
}

/// Sorts, merges and tables one family's claims; counts each vendor's
/// distinct prefixes in a region with `bump`.
fn family<K: Key + Default>(
    mut claims: Vec<(K, u8, u32)>,
    owners: &Owners<'_>,
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
    let (mut vendors, mut all, mut kept) = (Vec::new(), Vec::new(), Vec::new());
    for group in claims.chunk_by(|a, b| a.0 == b.0 && a.1 == b.1) {
        let (net, len, _) = group[0];
        all.clear();
        all.extend(group.iter().map(|c| c.2));
        kept.clear();
        kept.extend(all.iter().copied().filter(|&o| !owners.outranked(o, &all)));
        vendors.clear();
        vendors.extend(
            (kept.iter())
                .filter(|&&o| !owners.everywhere[o as usize])
                .map(|&o| owners.vendor(o)),
        );
        vendors.sort_unstable();
        vendors.dedup();
        for &v in &vendors {
            bump(&mut counts[v as usize]);
        }
        let claim = if let [one] = kept[..] {
            one
        } else {
            ties.push(kept.clone());
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
    /// By owner id: whether it is the vendor's "everywhere" (no region).
    everywhere: Vec<bool>,
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
    pub claims: Vec<Claim<'a>>,
}

/// A vendor listing a prefix, and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Claim<'a> {
    /// The vendor.
    pub vendor: Vendor,
    /// The region, or the vendor's word for "everywhere" (`GLOBAL`).
    pub name: &'a str,
    /// False for "everywhere": no region.
    pub is_region: bool,
}

impl RegionIndex {
    /// The longest prefix holding `addr`, if any.
    pub fn find(&self, addr: &IpAddr) -> Option<Match<'_>> {
        let (prefix, claim) = self.find_raw(addr)?;
        let owner = |o: &u32| {
            let (vendor, name) = &self.owners[*o as usize];
            Claim {
                vendor: *vendor,
                name,
                is_region: self.is_region(*o),
            }
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

    /// Every (vendor, region) the index knows, by owner id, the vendors'
    /// "everywhere" words among them (see [`Self::is_region`]).
    pub(super) fn owners(&self) -> &[(Vendor, String)] {
        &self.owners
    }

    /// How many owners (vendor, region or "everywhere") the index knows:
    /// owner ids are below it.
    pub fn owner_count(&self) -> u32 {
        self.owners.len() as u32
    }

    /// Whether an owner id is a region (not a vendor's "everywhere").
    pub fn is_region(&self, id: u32) -> bool {
        !self.everywhere[id as usize]
    }

    /// The vendor and region (or "everywhere" word, `GLOBAL`) of an owner id
    /// (a [`Verdict`](super::Verdict)'s, always a region).
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
        fam(&self.v4) + fam(&self.v6) + names + ties + self.everywhere.capacity()
    }
}
