//! Customers numbered densely in the order a scan first meets them, so that the figures keep per-customer
//! state in plain vectors instead of hashing a million keys per call. The store's ids are dense rowids: a
//! person's id (a positive customer key) and a company's id (a negative one) index two vectors; an id beyond
//! [`DENSE_MAX`] goes through a hash map instead.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use crate::services::scoring::pass::Fnv;

/// The largest id looked up by index (a vector of this many u32 is 64 MB).
const DENSE_MAX: u64 = 1 << 24;
const NONE: u32 = u32::MAX;

#[derive(Default)]
pub(super) struct Slots {
    people: Vec<u32>,
    companies: Vec<u32>,
    sparse: HashMap<i64, u32, BuildHasherDefault<Fnv>>,
    keys: Vec<i64>,
}

impl Slots {
    /// The customer's slot, and whether it was new (slots are handed out 0, 1, 2, ...).
    pub fn slot(&mut self, cust: i64) -> (usize, bool) {
        let next = self.keys.len() as u32;
        let id = cust.unsigned_abs();
        let at = if id > DENSE_MAX || next == NONE {
            self.sparse.entry(cust).or_insert(next)
        } else {
            let v = if cust > 0 { &mut self.people } else { &mut self.companies };
            let i = id as usize;
            if i >= v.len() {
                v.resize((i + 1).next_power_of_two(), NONE);
            }
            if v[i] == NONE {
                v[i] = next;
            }
            &mut v[i]
        };
        let slot = *at;
        let new = slot == next;
        if new {
            self.keys.push(cust);
        }
        (slot as usize, new)
    }

    /// The customer key of each slot, in slot order.
    pub fn keys(&self) -> &[i64] {
        &self.keys
    }
}

/// A set of slots (a bitmap), counting its members.
#[derive(Default)]
pub(super) struct SlotSet {
    bits: Vec<u64>,
    len: i64,
}

impl SlotSet {
    pub fn insert(&mut self, slot: usize) {
        let (word, bit) = (slot / 64, 1u64 << (slot % 64));
        if word >= self.bits.len() {
            self.bits.resize((word + 1).next_power_of_two(), 0);
        }
        if self.bits[word] & bit == 0 {
            self.bits[word] |= bit;
            self.len += 1;
        }
    }

    pub fn len(&self) -> i64 {
        self.len
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn customers_get_dense_slots_in_first_seen_order() {
        let mut s = Slots::default();
        let keys = [5, -5, 5, 1 << 40, -(1 << 40), 0, 5, -5, 1 << 40, 3];
        let got: Vec<_> = keys.iter().map(|k| s.slot(*k)).collect();
        let want = [(0, true), (1, true), (0, false), (2, true), (3, true), (4, true), (0, false), (1, false)];
        assert_eq!(got[..8], want);
        assert_eq!(got[8..], [(2, false), (5, true)]);
        assert_eq!(s.keys(), [5, -5, 1 << 40, -(1 << 40), 0, 3]);

        let mut set = SlotSet::default();
        for slot in [0, 200, 0, 63, 64, 200] {
            set.insert(slot);
        }
        assert_eq!(set.len(), 4);
    }
}
