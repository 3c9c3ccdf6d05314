//! A stream of rows from an imported file, whatever its format: a header, then rows of text cells. The
//! readers implement it (`delimited`, `xlsx`, `vcard`); choosing one for a file is `import::open`.

use crate::error::AppResult;

/// One row read: its number as the user sees it, and why it cannot be used as is (a ragged row).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowRead {
    pub row: u32,
    pub problem: Option<String>,
}

pub trait RowSource {
    fn headers(&self) -> &[String];
    /// Reads the next row into `out` (one cell per header, reusing its strings); `None` at the end.
    fn next_row(&mut self, out: &mut Vec<String>) -> AppResult<Option<RowRead>>;
    /// Share of the input consumed, 0..=1.
    fn fraction(&self) -> f64;
    fn encoding(&self) -> Option<String> {
        None
    }
    fn delimiter(&self) -> Option<char> {
        None
    }
}

/// Copies cells into reused strings, so a long import allocates once per column, not once per cell.
pub fn fill(out: &mut Vec<String>, cells: impl Iterator<Item = impl AsRef<str>>) {
    let mut n = 0;
    for cell in cells {
        if n == out.len() {
            out.push(String::new());
        }
        out[n].clear();
        out[n].push_str(cell.as_ref());
        n += 1;
    }
    out.truncate(n);
}
