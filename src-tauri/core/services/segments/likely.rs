//! `upsell.likely`: the people for whom the upsell model ranks a product among their first
//! `upsell::LIKELY_TOP` suggestions (customers with a purchase history who have not bought it). The model
//! is no SQL: the set is worked out once per condition into a temp table of the connection
//! (`services::id_sets`, as the dashboard's scope is), which the compiled condition joins. The model is
//! built at most once per compiled filter, from the order history as the connection sees it now.

use rusqlite::Connection;

use super::compile::{bad, Use};
use crate::clock::Millis;
use crate::domain::Id;
use crate::error::AppResult;
use crate::services::id_sets;
use crate::services::orders::products;
use crate::services::upsell::{self, Model, Params};

/// One compile's state: the model once built, and how many sets this filter filled.
#[derive(Default)]
pub(super) struct Likely {
    model: Option<Model>,
    sets: usize,
}

impl Likely {
    /// The condition "likely to buy one of `skus`" over `people p`. An unknown SKU is refused with the
    /// condition's path.
    pub(super) fn condition(
        &mut self,
        conn: &Connection,
        now: Millis,
        usage: Use,
        skus: &[String],
        path: &str,
    ) -> AppResult<String> {
        let mut ids: Vec<Id> = Vec::with_capacity(skus.len());
        for sku in skus {
            match products::id_by_sku(conn, sku)? {
                Some(id) => ids.push(id),
                None => return Err(bad(path, format!("there is no product with SKU \"{}\"", sku.trim()))),
            }
        }
        let model = match self.model.take() {
            Some(model) => model,
            None => upsell::build_in(conn, Params::default(), now)?,
        };
        let mut people: Vec<Id> =
            ids.iter().flat_map(|&product| upsell::ranked_in_top(&model, product, upsell::LIKELY_TOP)).collect();
        self.model = Some(model);
        people.sort_unstable();
        people.dedup();
        // One table per condition of this filter: the compiled SQL may hold several at once.
        let table = format!("segment_likely_{}", self.sets);
        self.sets += 1;
        id_sets::replace(conn, &table, &people)?;
        let id = if usage == Use::Page { "+p.id" } else { "p.id" };
        Ok(format!("{id} IN (SELECT id FROM temp.{table})"))
    }
}
