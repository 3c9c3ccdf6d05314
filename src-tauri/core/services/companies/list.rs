//! The companies list: filters, sort orders and keyset pages.

use rusqlite::types::Value;
use rusqlite::Row;

use crate::domain::{CompaniesQuery, CompanyRow, CompanySort, Entity, Page};
use crate::error::AppResult;
use crate::services::records::{json_col, parse_opt_enum};
use crate::services::{search, tags};
use crate::store::fts::Index;
use crate::store::keyset::{ListQuery, TEXT_LAST};
use crate::store::Store;

pub fn list(store: &Store, q: &CompaniesQuery) -> AppResult<Page<CompanyRow>> {
    let columns = format!(
        "c.id, c.name, c.domain, c.industry, c.size, c.city, c.country, c.owner, {},
         (SELECT COUNT(*) FROM people p WHERE p.company_id = c.id AND p.deleted_at IS NULL),
         (SELECT COUNT(*) FROM deals d WHERE d.company_id = c.id AND d.deleted_at IS NULL AND d.status = 'open'),
         c.created_at, c.updated_at",
        tags::json_expr(Entity::Company, "c.id")
    );
    let (tag, key) = match q.sort {
        CompanySort::Name => ("name", "c.sort_name".to_string()),
        CompanySort::Industry => {
            ("industry", format!("COALESCE(lower(c.industry), {TEXT_LAST}) || char(2) || c.sort_name"))
        }
        CompanySort::CreatedAt => ("created_at", "c.created_at".to_string()),
        CompanySort::UpdatedAt => ("updated_at", "c.updated_at".to_string()),
    };
    let mut lq = ListQuery::new(&columns, "companies c", "c.id").sort(tag, &key, q.desc);
    lq.filter("c.deleted_at IS NULL", []);
    search::filter(&mut lq, Index::Companies, "c.id", q.search.as_deref());
    if let Some(tag) = q.tag.as_deref().filter(|t| !t.trim().is_empty()) {
        let (sql, param) = tags::filter(Entity::Company, "c.id", tag);
        lq.filter(&sql, [param]);
    }
    if let Some(owner) = q.owner.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
        lq.filter("c.owner = ?", [Value::Text(owner.to_string())]);
    }
    if let Some(industry) = q.industry.as_deref().map(str::trim).filter(|i| !i.is_empty()) {
        lq.filter("lower(c.industry) = lower(?)", [Value::Text(industry.to_string())]);
    }
    store.read(|conn| lq.fetch(conn, q.limit, q.cursor.as_deref(), row))
}

fn row(r: &Row) -> rusqlite::Result<CompanyRow> {
    Ok(CompanyRow {
        id: r.get(0)?,
        name: r.get(1)?,
        domain: r.get(2)?,
        industry: r.get(3)?,
        size: parse_opt_enum(r.get(4)?)?,
        city: r.get(5)?,
        country: r.get(6)?,
        owner: r.get(7)?,
        tags: json_col(&r.get::<_, String>(8)?)?,
        people_count: r.get(9)?,
        open_deals_count: r.get(10)?,
        created_at: r.get(11)?,
        updated_at: r.get(12)?,
    })
}
