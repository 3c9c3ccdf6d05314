//! The records a batch created, kept as ranges of consecutive ids: an import creates its records one after
//! another inside one transaction, so each record type's new ids run on without gaps and a whole file is
//! usually one range per type. Recording a row costs a comparison, not an INSERT.

use rusqlite::Connection;

use crate::domain::Id;
use crate::error::AppResult;

/// One record type's ranges, `(first, last)` inclusive; the last one is still open.
struct Runs {
    entity: &'static str,
    runs: Vec<(Id, Id)>,
}

/// The number of ranges and the last range of each record type at one moment.
pub struct Checkpoint(Vec<(usize, Option<(Id, Id)>)>);

pub struct Created {
    batch: Id,
    by_entity: Vec<Runs>,
}

impl Created {
    pub fn new(batch: Id) -> Created {
        Created { batch, by_entity: Vec::new() }
    }

    pub fn add(&mut self, entity: &'static str, id: Id) {
        let i = match self.by_entity.iter().position(|r| r.entity == entity) {
            Some(i) => i,
            None => {
                self.by_entity.push(Runs { entity, runs: Vec::new() });
                self.by_entity.len() - 1
            }
        };
        let runs = &mut self.by_entity[i].runs;
        match runs.last_mut() {
            Some((_, last)) if id == *last + 1 => *last = id,
            _ => runs.push((id, id)),
        }
    }

    /// Whether this batch created the record (an update of it then changes nothing undo must restore).
    pub fn contains(&self, entity: &str, id: Id) -> bool {
        self.by_entity
            .iter()
            .filter(|r| r.entity == entity)
            .flat_map(|r| r.runs.iter())
            .any(|&(first, last)| (first..=last).contains(&id))
    }

    /// The ranges of one record type, `(first, last)` inclusive.
    pub fn ranges(&self, entity: &str) -> Vec<(Id, Id)> {
        self.by_entity.iter().filter(|r| r.entity == entity).flat_map(|r| r.runs.iter().copied()).collect()
    }

    /// Where the ranges stand now, for `restore` after a row's savepoint was rolled back.
    pub fn checkpoint(&self) -> Checkpoint {
        Checkpoint(self.by_entity.iter().map(|r| (r.runs.len(), r.runs.last().copied())).collect())
    }

    pub fn restore(&mut self, cp: &Checkpoint) {
        self.by_entity.truncate(cp.0.len());
        for (runs, &(len, last)) in self.by_entity.iter_mut().zip(&cp.0) {
            runs.runs.truncate(len);
            if let (Some(run), Some(saved)) = (runs.runs.last_mut(), last) {
                *run = saved;
            }
        }
        self.by_entity.retain(|r| !r.runs.is_empty());
    }

    /// Writes the ranges; called once, when the rows are done.
    pub fn save(&self, tx: &Connection) -> AppResult<()> {
        let mut insert = tx.prepare_cached(
            "INSERT INTO import_ranges (batch_id, entity, first_id, last_id) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for r in &self.by_entity {
            for (first, last) in &r.runs {
                insert.execute(rusqlite::params![self.batch, r.entity, first, last])?;
            }
        }
        Ok(())
    }
}

/// The ids a batch created, per record type, read back from its ranges.
pub fn load(conn: &Connection, batch: Id) -> AppResult<Vec<(String, Id, Id)>> {
    let mut stmt = conn
        .prepare_cached("SELECT entity, first_id, last_id FROM import_ranges WHERE batch_id = ?1 ORDER BY first_id")?;
    let rows = stmt.query_map([batch], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consecutive_ids_make_one_range_per_type() {
        let mut c = Created::new(1);
        for id in [5, 6, 7, 9, 10] {
            c.add("person", id);
        }
        c.add("company", 3);
        c.add("person", 11);
        assert_eq!(c.by_entity[0].runs, vec![(5, 7), (9, 11)]);
        assert_eq!(c.by_entity[1].runs, vec![(3, 3)]);
        assert!(c.contains("person", 6) && c.contains("person", 11) && c.contains("company", 3));
        assert!(!c.contains("person", 8) && !c.contains("company", 5) && !c.contains("deal", 5));
    }

    #[test]
    fn restore_forgets_what_a_rolled_back_row_added() {
        let mut c = Created::new(1);
        c.add("person", 5);
        let cp = c.checkpoint();
        c.add("person", 6);
        c.add("company", 1);
        c.restore(&cp);
        assert!(c.contains("person", 5) && !c.contains("person", 6) && !c.contains("company", 1));
        c.add("person", 6); // the rolled-back id is handed out again
        assert_eq!(c.by_entity.len(), 1);
        assert_eq!(c.by_entity[0].runs, vec![(5, 6)]);
        let empty = Created::new(1).checkpoint();
        c.restore(&empty);
        assert!(c.by_entity.is_empty());
    }
}
