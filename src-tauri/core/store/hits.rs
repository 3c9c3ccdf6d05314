//! A set of record ids that a query tests with `in_hits(id)`: for a filter whose matches are read into
//! memory once (a bitmap, 125 kB per million ids) and then checked against rows walked in index order,
//! which costs a fraction of SQLite building a temporary index of them for `IN (SELECT ...)`.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use rusqlite::functions::FunctionFlags;
use rusqlite::Connection;

use crate::domain::Id;
use crate::error::AppResult;

thread_local! {
    // The set of the query running on this thread; a connection is used by one thread at a time.
    static HITS: RefCell<Option<Rc<Hits>>> = const { RefCell::new(None) };
}

#[derive(Debug, Default)]
pub struct Hits {
    words: Vec<u64>,
    len: usize,
    /// Rows `in_hits` may still test (see `with_budget`); None for no limit.
    budget: Option<Cell<u64>>,
}

/// What `in_hits` fails with once its budget is spent; `with_budget` turns it into `None`.
const SPENT: &str = "in_hits: row budget spent";

impl Hits {
    pub fn insert(&mut self, id: Id) {
        let Ok(i) = usize::try_from(id) else { return };
        if self.words.len() <= i / 64 {
            self.words.resize(i / 64 + 1, 0);
        }
        let bit = 1u64 << (i % 64);
        if self.words[i / 64] & bit == 0 {
            self.words[i / 64] |= bit;
            self.len += 1;
        }
    }

    pub fn contains(&self, id: Id) -> bool {
        usize::try_from(id).ok().and_then(|i| self.words.get(i / 64)).is_some_and(|w| w & (1u64 << (id % 64)) != 0)
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// Makes `in_hits(id)` callable on `conn`; outside `with_hits` it is false for every id.
pub fn register(conn: &Connection) -> AppResult<()> {
    conn.create_scalar_function("in_hits", 1, FunctionFlags::SQLITE_UTF8, |ctx| {
        let id: Id = ctx.get(0)?;
        HITS.with(|h| {
            let h = h.borrow();
            let Some(hits) = h.as_ref() else { return Ok(false) };
            if let Some(left) = &hits.budget {
                if left.get() == 0 {
                    return Err(rusqlite::Error::UserFunctionError(SPENT.into()));
                }
                left.set(left.get() - 1);
            }
            Ok(hits.contains(id))
        })
    })?;
    Ok(())
}

/// Runs `f` with `hits` as the set `in_hits` tests, on this thread only.
pub fn with_hits<T>(hits: Hits, f: impl FnOnce() -> T) -> T {
    struct Clear;
    impl Drop for Clear {
        fn drop(&mut self) {
            HITS.with(|h| h.borrow_mut().take());
        }
    }
    HITS.with(|h| *h.borrow_mut() = Some(Rc::new(hits)));
    let _clear = Clear;
    f()
}

/// `with_hits`, but `in_hits` tests at most `rows` rows: `None` if the query needed more (whatever `f`
/// returned then is dropped). For a walk of an index that usually meets its matches early but can, for
/// matches that lie together, pass most of the table first.
pub fn with_budget<T>(mut hits: Hits, rows: u64, f: impl FnOnce() -> AppResult<T>) -> Option<AppResult<T>> {
    hits.budget = Some(Cell::new(rows));
    let spent = || HITS.with(|h| h.borrow().as_ref().and_then(|h| h.budget.as_ref()).is_some_and(|b| b.get() == 0));
    with_hits(hits, || {
        let out = f();
        match out {
            Err(e) if spent() && e.message.contains(SPENT) => None,
            out => Some(out),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_tested_against_the_set_only_inside_with_hits() {
        let conn = Connection::open_in_memory().unwrap();
        register(&conn).unwrap();
        let mut hits = Hits::default();
        for id in [3, 64, 1_000_000, 3] {
            hits.insert(id);
        }
        assert_eq!(hits.len(), 3);
        let q = |id: i64| -> bool { conn.query_row("SELECT in_hits(?1)", [id], |r| r.get(0)).unwrap() };
        assert!(!q(3));
        with_hits(hits, || {
            assert!(q(3) && q(64) && q(1_000_000));
            assert!(!q(4) && !q(63) && !q(-1) && !q(2_000_000));
        });
        assert!(!q(64));
    }

    #[test]
    fn a_spent_budget_stops_the_query() {
        let conn = Connection::open_in_memory().unwrap();
        register(&conn).unwrap();
        let walk = |rows: u64| {
            let mut hits = Hits::default();
            hits.insert(7);
            with_budget(hits, rows, || {
                let sql = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10)
                           SELECT i FROM n WHERE in_hits(i)";
                Ok(conn.query_row(sql, [], |r| r.get::<_, i64>(0))?)
            })
        };
        assert!(walk(6).is_none());
        assert_eq!(walk(7).unwrap().unwrap(), 7);
        // Other errors pass through.
        let failed = with_budget(Hits::default(), 5, || Err::<(), _>(crate::error::AppError::internal("x")));
        assert!(failed.unwrap().is_err());
    }
}
