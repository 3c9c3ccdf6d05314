//! The binary form of one month of counted orders in `order_facts.data` (migration 0044): the rows
//! [`super::orders::scan`] hands over, in the order the index gave them, so that reading a month back hands
//! over exactly what the index scan would have.
//!
//! Layout (integers are LEB128 varints, signed ones zigzag-encoded first):
//! - the format version, one byte ([`VERSION`]);
//! - the days: their number, then per day its text (length, UTF-8 bytes) and how many records follow it in
//!   a row (the records come by day, so each day is written once);
//! - the currency codes: their number, then each one's text, in the order the month first used them;
//! - the records: their number, then per record a flag byte (bit 0 a return, bit 1 has a customer, bits 2-7
//!   the currency index, or 63 and the index as a varint after it), the customer when it has one, the net
//!   and the cost.

use super::orders::Order;

/// The version byte this build writes and reads; any other is read from the index instead.
const VERSION: u8 = 1;
const RETURN: u8 = 1;
const HAS_CUSTOMER: u8 = 2;
/// Currency indexes from this one on follow the flag byte as a varint.
const WIDE_CURRENCY: u8 = 63;

/// Packs one month's orders, pushed in scan order.
#[derive(Default)]
pub(super) struct Packer {
    days: Vec<(String, u64)>,
    records: Vec<u8>,
    count: u64,
}

impl Packer {
    /// Adds an order; its `currency` indexes the codes later given to [`Packer::finish`].
    pub fn push(&mut self, o: &Order) {
        match self.days.last_mut() {
            Some((day, n)) if day == o.day => *n += 1,
            _ => self.days.push((o.day.to_owned(), 1)),
        }
        let wide = o.currency >= usize::from(WIDE_CURRENCY);
        let index = if wide { WIDE_CURRENCY } else { o.currency as u8 };
        let flags = (u8::from(o.ret) * RETURN) | (u8::from(o.cust.is_some()) * HAS_CUSTOMER) | (index << 2);
        self.records.push(flags);
        if wide {
            put(&mut self.records, o.currency as u64);
        }
        if let Some(cust) = o.cust {
            put(&mut self.records, zigzag(cust));
        }
        put(&mut self.records, zigzag(o.net));
        put(&mut self.records, zigzag(o.cost));
        self.count += 1;
    }

    pub fn count(&self) -> u64 {
        self.count
    }

    /// The packed month, with the currency codes its records index.
    pub fn finish(self, currencies: &[String]) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.records.len() + 16 * self.days.len() + 64);
        out.push(VERSION);
        put(&mut out, self.days.len() as u64);
        for (day, n) in &self.days {
            put_text(&mut out, day);
            put(&mut out, *n);
        }
        put(&mut out, currencies.len() as u64);
        for code in currencies {
            put_text(&mut out, code);
        }
        put(&mut out, self.count);
        out.extend_from_slice(&self.records);
        out
    }
}

/// One record read back; `day` and `currency` index the month's tables.
#[derive(Clone, Copy)]
pub(super) struct Record {
    pub cust: Option<i64>,
    pub day: u32,
    pub currency: u32,
    pub ret: bool,
    pub net: i64,
    pub cost: i64,
}

/// A month read back: its days and currency codes (borrowed from the blob) and its records.
pub(super) struct Month<'a> {
    pub days: Vec<&'a str>,
    pub currencies: Vec<&'a str>,
}

/// Reads a packed month into `records` (cleared first, reused between months). None when the blob is not
/// one this build wrote whole: wrong version, cut short, bad text or indexes, or bytes left over.
pub(super) fn unpack<'a>(data: &'a [u8], records: &mut Vec<Record>) -> Option<Month<'a>> {
    records.clear();
    let mut r = Reader { data, at: 0 };
    if r.byte()? != VERSION {
        return None;
    }
    let day_count = r.len()?;
    let mut days = Vec::with_capacity(day_count);
    let mut runs = Vec::with_capacity(day_count);
    for _ in 0..day_count {
        days.push(r.text()?);
        runs.push(r.varint()?);
    }
    let currency_count = r.len()?;
    let mut currencies = Vec::with_capacity(currency_count);
    for _ in 0..currency_count {
        currencies.push(r.text()?);
    }
    let count = r.varint()?;
    if runs.iter().try_fold(0u64, |sum, n| sum.checked_add(*n))? != count {
        return None;
    }
    records.reserve(usize::try_from(count).ok()?.min(data.len()));
    for (day, run) in runs.iter().enumerate() {
        for _ in 0..*run {
            let flags = r.byte()?;
            let index = flags >> 2;
            let currency = if index == WIDE_CURRENCY { r.varint()? } else { u64::from(index) };
            if currency >= currencies.len() as u64 {
                return None;
            }
            let cust = if flags & HAS_CUSTOMER != 0 { Some(unzigzag(r.varint()?)) } else { None };
            let (net, cost) = (unzigzag(r.varint()?), unzigzag(r.varint()?));
            let day = day as u32;
            records.push(Record { cust, day, currency: currency as u32, ret: flags & RETURN != 0, net, cost });
        }
    }
    (r.at == data.len()).then_some(Month { days, currencies })
}

struct Reader<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Option<u8> {
        let b = *self.data.get(self.at)?;
        self.at += 1;
        Some(b)
    }

    fn varint(&mut self) -> Option<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }

    /// A count of items that each take at least one byte: never more than the bytes left.
    fn len(&mut self) -> Option<usize> {
        usize::try_from(self.varint()?).ok().filter(|n| *n <= self.data.len() - self.at)
    }

    fn text(&mut self) -> Option<&'a str> {
        let n = self.len()?;
        let bytes = self.data.get(self.at..self.at + n)?;
        self.at += n;
        std::str::from_utf8(bytes).ok()
    }
}

fn put(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn put_text(out: &mut Vec<u8>, s: &str) {
    put(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    (v >> 1) as i64 ^ -((v & 1) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(cust: Option<i64>, day: &str, ret: bool, currency: usize, net: i64, cost: i64) -> Order<'_> {
        Order { cust, day, ret, currency, net, cost }
    }

    #[test]
    fn a_month_reads_back_as_it_was_packed() {
        let orders = [
            order(Some(7), "2024-02-01", false, 0, 1250, 600),
            order(None, "2024-02-01", false, 1, -3, 0),
            order(Some(-12), "2024-02-03", true, 0, -500, -200),
            order(Some(i64::MAX), "2024-02-29", false, 70, i64::MIN, i64::MAX),
            order(Some(i64::MIN), "2024-02-29", false, 2, 0, -1),
        ];
        let mut packer = Packer::default();
        for o in &orders {
            packer.push(o);
        }
        assert_eq!(packer.count(), 5);
        let codes: Vec<String> = (0..71).map(|i| format!("C{i:02}")).collect();
        let data = packer.finish(&codes);
        let mut records = Vec::new();
        let month = unpack(&data, &mut records).expect("a whole month");
        assert_eq!(month.days, ["2024-02-01", "2024-02-03", "2024-02-29"]);
        assert_eq!(month.currencies.len(), 71);
        let back: Vec<_> = records
            .iter()
            .map(|r| (r.cust, month.days[r.day as usize], r.ret, r.currency as usize, r.net, r.cost))
            .collect();
        let want: Vec<_> = orders.iter().map(|o| (o.cust, o.day, o.ret, o.currency, o.net, o.cost)).collect();
        assert_eq!(back, want);

        // Anything cut short, with bytes left over or of another version is refused, never misread.
        for n in 0..data.len() {
            assert!(unpack(&data[..n], &mut records).is_none(), "cut at {n}");
        }
        let mut longer = data.clone();
        longer.push(0);
        assert!(unpack(&longer, &mut records).is_none());
        let mut other = data;
        other[0] = VERSION + 1;
        assert!(unpack(&other, &mut records).is_none());
    }

    #[test]
    fn an_empty_month_packs_to_nothing_but_its_header() {
        let data = Packer::default().finish(&[]);
        let mut records = vec![Record { cust: None, day: 0, currency: 0, ret: false, net: 0, cost: 0 }];
        let month = unpack(&data, &mut records).expect("an empty month");
        assert!(month.days.is_empty() && records.is_empty());
    }
}
