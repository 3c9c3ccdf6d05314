//! Per-customer state for the order figures, kept in plain vectors indexed by id instead of hashing a million
//! keys per call: the store's ids are dense rowids, so a person's id (a positive customer key) and a
//! company's id (a negative one) index two vectors, and a customer's state is one memory access away (the
//! figures are bound by those accesses: the vectors are larger than the cache). Ids beyond a bound go
//! through a hash map instead.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;

use rusqlite::Connection;

use crate::error::AppResult;
use crate::services::scoring::pass::Fnv;

/// The largest id a bitmap is indexed by (2 MB of bits).
const DENSE_MAX: u64 = 1 << 24;
/// The largest id a state vector is indexed by.
const STATE_MAX: u64 = 1 << 22;

/// State per customer: `absent` for a customer not met yet.
pub(super) struct PerCustomer<T> {
    people: Vec<T>,
    companies: Vec<T>,
    sparse: HashMap<i64, T, BuildHasherDefault<Fnv>>,
    absent: T,
}

impl<T: Copy + PartialEq> PerCustomer<T> {
    /// Sized for the store's highest person and company ids, so the vectors are not grown while a figure
    /// runs (a customer beyond them, written since, still grows them).
    pub fn sized(conn: &Connection, absent: T) -> AppResult<Self> {
        let (people, companies): (Option<i64>, Option<i64>) =
            conn.query_row("SELECT (SELECT max(id) FROM people), (SELECT max(id) FROM companies)", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        let len = |max: Option<i64>| max.map_or(0, |m| (m.clamp(0, STATE_MAX as i64) + 1) as usize);
        Ok(PerCustomer {
            people: vec![absent; len(people)],
            companies: vec![absent; len(companies)],
            sparse: HashMap::default(),
            absent,
        })
    }

    /// The customer's state, `absent` until written.
    pub fn get(&mut self, cust: i64) -> &mut T {
        let id = cust.unsigned_abs();
        if id > STATE_MAX {
            return self.sparse.entry(cust).or_insert(self.absent);
        }
        let v = if cust > 0 { &mut self.people } else { &mut self.companies };
        let i = id as usize;
        if i >= v.len() {
            v.resize((i + 1).max(v.len() * 2), self.absent);
        }
        &mut v[i]
    }

    /// Every customer met, with their state: people by id, then companies by id, then the far ids.
    pub fn iter(&self) -> impl Iterator<Item = (i64, &T)> + '_ {
        let people = self.people.iter().enumerate().map(|(i, t)| (i as i64, t));
        let companies = self.companies.iter().enumerate().map(|(i, t)| (-(i as i64), t));
        people.chain(companies).chain(self.sparse.iter().map(|(k, t)| (*k, t))).filter(|(_, t)| **t != self.absent)
    }
}

/// Per customer, their own state `K` and sums `S` per currency index: the currency they were first met in
/// beside their state (one memory access per order), any others in a side list (most customers buy in one
/// currency, so most have none). Both start at their defaults.
pub(super) struct CurrencySums<K, S> {
    customers: PerCustomer<Entry<K, S>>,
    more: Vec<Vec<(usize, S)>>,
}

#[derive(Clone, Copy, PartialEq)]
struct Entry<K, S> {
    /// The currency index of `sums`, [`NOT_MET`] for a customer not met yet.
    currency: u32,
    /// Where in `more` the customer's other currencies are, [`NO_MORE`] without any.
    extra: u32,
    state: K,
    sums: S,
}

const NOT_MET: u32 = u32::MAX;
const NO_MORE: u32 = u32::MAX;

impl<K: Copy + PartialEq + Default, S: Copy + PartialEq + Default> CurrencySums<K, S> {
    pub fn sized(conn: &Connection) -> AppResult<Self> {
        let absent = Entry { currency: NOT_MET, extra: NO_MORE, state: K::default(), sums: S::default() };
        Ok(CurrencySums { customers: PerCustomer::sized(conn, absent)?, more: Vec::new() })
    }

    /// The customer's own state and their sums in `currency`.
    pub fn get(&mut self, cust: i64, currency: usize) -> (&mut K, &mut S) {
        let Self { customers, more } = self;
        let e = customers.get(cust);
        if e.currency == NOT_MET {
            e.currency = currency as u32;
        }
        if e.currency as usize == currency {
            return (&mut e.state, &mut e.sums);
        }
        if e.extra == NO_MORE {
            e.extra = more.len() as u32;
            more.push(Vec::new());
        }
        let others = &mut more[e.extra as usize];
        let at = match others.iter().position(|(i, _)| *i == currency) {
            Some(at) => at,
            None => {
                others.push((currency, S::default()));
                others.len() - 1
            }
        };
        (&mut e.state, &mut others[at].1)
    }

    /// Every customer met: their key, their state, and their sums per currency index (the first one first).
    pub fn iter(&self) -> impl Iterator<Item = (i64, &K, impl Iterator<Item = (usize, &S)>)> + '_ {
        self.customers.iter().map(|(cust, e)| {
            let others = self.more.get(e.extra as usize).map_or(&[][..], Vec::as_slice);
            let sums = std::iter::once((e.currency as usize, &e.sums)).chain(others.iter().map(|(i, s)| (*i, s)));
            (cust, &e.state, sums)
        })
    }
}

/// A set of customer keys (person ids, or minus company ids), counting its members: a bitmap indexed by id
/// for the dense rowids (a million ids take 128 kB, which stays in the cache where a map or a byte per id
/// would not), a hash set for keys beyond [`DENSE_MAX`].
#[derive(Default)]
pub(super) struct IdSet {
    people: Vec<u64>,
    companies: Vec<u64>,
    sparse: HashSet<i64, BuildHasherDefault<Fnv>>,
    len: i64,
}

impl IdSet {
    pub fn insert(&mut self, key: i64) {
        let id = key.unsigned_abs();
        if id > DENSE_MAX {
            self.len += i64::from(self.sparse.insert(key));
            return;
        }
        let bits = if key > 0 { &mut self.people } else { &mut self.companies };
        let (word, bit) = ((id / 64) as usize, 1u64 << (id % 64));
        if word >= bits.len() {
            bits.resize((word + 1).next_power_of_two(), 0);
        }
        self.len += i64::from(bits[word] & bit == 0);
        bits[word] |= bit;
    }

    pub fn len(&self) -> i64 {
        self.len
    }

    pub fn contains(&self, key: i64) -> bool {
        let id = key.unsigned_abs();
        if id > DENSE_MAX {
            return self.sparse.contains(&key);
        }
        let bits = if key > 0 { &self.people } else { &self.companies };
        bits.get((id / 64) as usize).is_some_and(|w| w & (1u64 << (id % 64)) != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_customer_state_keeps_people_companies_and_far_ids_apart() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE people (id INTEGER PRIMARY KEY); CREATE TABLE companies (id INTEGER PRIMARY KEY);
                            INSERT INTO people VALUES (3); INSERT INTO companies VALUES (2);",
        )
        .unwrap();
        let mut state = PerCustomer::sized(&conn, 0u32).unwrap();
        let far = STATE_MAX as i64 + 1;
        for (k, n) in [(5, 1), (-5, 2), (5, 4), (far, 8), (-far, 16), (3, 32), (-far, 64), (1 << 40, 128)] {
            *state.get(k) += n;
        }
        let mut met: Vec<(i64, u32)> = state.iter().map(|(k, t)| (k, *t)).collect();
        met.sort_unstable();
        assert_eq!(met, [(-far, 80), (-5, 2), (3, 32), (5, 5), (far, 8), (1 << 40, 128)]);
        assert_eq!(*state.get(4), 0, "a customer not met is absent");
    }

    #[test]
    fn currency_sums_keep_the_first_currency_beside_the_state_and_the_others_apart() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE people (id INTEGER PRIMARY KEY); CREATE TABLE companies (id INTEGER PRIMARY KEY);",
        )
        .unwrap();
        let mut sums = CurrencySums::<u8, i64>::sized(&conn).unwrap();
        for (cust, currency, n) in [(7, 1, 10), (7, 0, 20), (7, 1, 1), (-2, 0, 5), (7, 2, 3), (7, 0, 2)] {
            let (state, sum) = sums.get(cust, currency);
            *state += 1;
            *sum += n;
        }
        type Met = (i64, u8, Vec<(usize, i64)>);
        let mut met: Vec<Met> =
            sums.iter().map(|(cust, state, s)| (cust, *state, s.map(|(i, n)| (i, *n)).collect())).collect();
        met.sort();
        assert_eq!(met, [(-2, 1, vec![(0, 5)]), (7, 5, vec![(1, 11), (0, 22), (2, 3)])]);
    }

    #[test]
    fn an_id_set_holds_people_companies_and_far_ids_apart() {
        let mut set = IdSet::default();
        let keys = [1, 64, 63, -64, 1 << 40, -(1 << 40), 0, DENSE_MAX as i64, DENSE_MAX as i64 + 1];
        for k in keys {
            set.insert(k);
        }
        for k in keys {
            set.insert(k);
            assert!(set.contains(k), "{k}");
        }
        assert_eq!(set.len(), keys.len() as i64);
        for k in [2, -1, 65, -63, (1 << 40) + 1, DENSE_MAX as i64 - 1, -(DENSE_MAX as i64), i64::MIN, i64::MAX] {
            assert!(!set.contains(k), "{k}");
        }
    }
}
