//! Rows read ahead on a thread of their own while the import writes the rows before them: the file is read,
//! decoded and split into cells there, and an order import's lines have their values read there too
//! (`order_row::line`), so reading the file and writing the store share the machine's cores. Rows travel in
//! batches over a bounded channel (the reader is at most a few batches ahead), and the batches used go back to
//! be filled again, so a long import allocates its cells once. Dropping [`Ahead`] stops the reader.

use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::thread::Scope;

use super::columns::{Cells, Columns};
use super::order_row::{self, Reading};
use super::source::{RowRead, RowSource};
use crate::error::AppResult;
use crate::services::orders::import::ImportLine;

/// Rows to a batch, and batches the reader may be ahead.
const BATCH: usize = 512;
const AHEAD: usize = 4;

pub struct Row {
    pub read: RowRead,
    pub cells: Vec<String>,
    /// An order line's values read from the cells (an order import's rows without a problem); taken once.
    pub line: Option<AppResult<ImportLine>>,
}

struct Batch {
    rows: Vec<Row>,
    /// The share of the file read after its last row.
    fraction: f64,
}

pub struct Ahead {
    batches: Receiver<AppResult<Batch>>,
    used: SyncSender<Vec<Row>>,
    rows: Vec<Row>,
    at: usize,
    fraction: f64,
}

impl Ahead {
    /// Starts reading `src` on a thread of `scope`; an order import's lines are read with `reading`.
    pub fn start<'scope>(
        scope: &'scope Scope<'scope, '_>,
        src: Box<dyn RowSource + Send>,
        columns: &'scope Columns,
        reading: Option<Reading>,
    ) -> Ahead {
        let (batches_in, batches) = sync_channel(AHEAD);
        let (used, used_out) = sync_channel(AHEAD + 1);
        scope.spawn(move || read(src, columns, reading, batches_in, used_out));
        Ahead { batches, used, rows: Vec::new(), at: 0, fraction: 0.0 }
    }

    /// The next row and the share of the file read so far; `None` at the end of the file.
    pub fn next(&mut self) -> AppResult<Option<(&mut Row, f64)>> {
        if self.at == self.rows.len() {
            // The reader fills the batch again if it has none spare; dropped if it is gone.
            let _ = self.used.try_send(std::mem::take(&mut self.rows));
            match self.batches.recv() {
                Ok(batch) => {
                    let batch = batch?;
                    (self.rows, self.fraction, self.at) = (batch.rows, batch.fraction, 0);
                }
                Err(_) => return Ok(None),
            }
        }
        self.at += 1;
        Ok(Some((&mut self.rows[self.at - 1], self.fraction)))
    }
}

/// The reader's loop: batches of rows until the end of the file, a read error (sent after the rows before it)
/// or no one listening.
fn read(
    mut src: Box<dyn RowSource + Send>,
    columns: &Columns,
    reading: Option<Reading>,
    batches: SyncSender<AppResult<Batch>>,
    used: Receiver<Vec<Row>>,
) {
    loop {
        let mut rows = used.try_recv().unwrap_or_default();
        let mut n = 0;
        let mut end = false;
        while n < BATCH {
            if n == rows.len() {
                rows.push(Row { read: RowRead { row: 0, problem: None }, cells: Vec::new(), line: None });
            }
            let row = &mut rows[n];
            match src.next_row(&mut row.cells) {
                Ok(Some(read)) => {
                    row.line = match (&reading, &read.problem) {
                        (Some(reading), None) => Some(order_row::line(&Cells { row: &row.cells, columns }, reading)),
                        _ => None,
                    };
                    row.read = read;
                    n += 1;
                }
                Ok(None) => {
                    end = true;
                    break;
                }
                Err(e) => {
                    rows.truncate(n);
                    if n > 0 {
                        let _ = batches.send(Ok(Batch { rows, fraction: src.fraction() }));
                    }
                    let _ = batches.send(Err(e));
                    return;
                }
            }
        }
        rows.truncate(n);
        if n > 0 && batches.send(Ok(Batch { rows, fraction: src.fraction() })).is_err() {
            return;
        }
        if end {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{AppError, ErrorCode};

    /// Rows "r1", "r2", … up to `n`, failing at `fail_at` if given.
    struct Counting {
        n: u32,
        done: u32,
        fail_at: Option<u32>,
        headers: Vec<String>,
    }

    impl RowSource for Counting {
        fn headers(&self) -> &[String] {
            &self.headers
        }
        fn next_row(&mut self, out: &mut Vec<String>) -> AppResult<Option<RowRead>> {
            if self.fail_at == Some(self.done + 1) {
                return Err(AppError::new(ErrorCode::Io, "the disk went away"));
            }
            if self.done == self.n {
                return Ok(None);
            }
            self.done += 1;
            super::super::source::fill(out, [format!("r{}", self.done)].iter());
            let problem = (self.done % 1000 == 0).then(|| "ragged".to_string());
            Ok(Some(RowRead { row: self.done + 1, problem }))
        }
        fn fraction(&self) -> f64 {
            f64::from(self.done) / f64::from(self.n)
        }
    }

    fn source(n: u32, fail_at: Option<u32>) -> Box<dyn RowSource + Send> {
        Box::new(Counting { n, done: 0, fail_at, headers: vec!["a".into()] })
    }

    #[test]
    fn every_row_arrives_once_in_order_with_its_problem_and_the_share_read() {
        let columns = Columns::default();
        let seen = std::thread::scope(|scope| {
            let mut ahead = Ahead::start(scope, source(3000, None), &columns, None);
            let mut seen = Vec::new();
            let mut last = 0.0;
            while let Some((row, fraction)) = ahead.next().unwrap() {
                assert!(fraction >= last && fraction > 0.0);
                last = fraction;
                assert!(row.line.is_none());
                seen.push((row.read.row, row.cells.clone(), row.read.problem.is_some()));
            }
            assert_eq!(last, 1.0);
            seen
        });
        assert_eq!(seen.len(), 3000);
        for (i, (row, cells, problem)) in seen.iter().enumerate() {
            let n = i as u32 + 1;
            assert_eq!((*row, cells.as_slice(), *problem), (n + 1, [format!("r{n}")].as_slice(), n % 1000 == 0));
        }
    }

    #[test]
    fn a_read_error_reaches_the_import_after_the_rows_before_it() {
        let columns = Columns::default();
        std::thread::scope(|scope| {
            let mut ahead = Ahead::start(scope, source(3000, Some(1500)), &columns, None);
            let mut rows = 0;
            let err = loop {
                match ahead.next() {
                    Ok(Some(_)) => rows += 1,
                    Ok(None) => panic!("the error was lost"),
                    Err(e) => break e,
                }
            };
            assert_eq!((rows, err.code), (1499, ErrorCode::Io), "every row before the failing one");
        });
    }

    #[test]
    fn an_import_that_stops_early_stops_the_reader() {
        let columns = Columns::default();
        std::thread::scope(|scope| {
            let mut ahead = Ahead::start(scope, source(1_000_000, None), &columns, None);
            for _ in 0..10 {
                ahead.next().unwrap();
            }
            drop(ahead);
        });
    }
}
