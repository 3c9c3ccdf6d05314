//! Products: SKU, name, list price per currency, cost price and VAT category.

use std::sync::LazyLock;

use rusqlite::{params, Connection, OptionalExtension, Row, Statement, ToSql};

use super::totals::MAX_MINOR;
use crate::domain::{Id, Product, ProductInput, ProductPrice, VatCategory};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::records::{enum_str, parse_enum};
use crate::services::settings;
use crate::services::upsell::ProductRef;
use crate::services::validate::{self as v, NAME_MAX, SHORT_MAX, TEXT_MAX};
use crate::store::{many, Store};

const COLUMNS: &str =
    "id, sku, name, description, category, unit, cost_minor, cost_currency, vat_category, created_at, updated_at";

pub fn add(store: &Store, input: ProductInput) -> AppResult<Product> {
    let now = store.clock().now_ms();
    store.write(|tx| {
        let id = insert(tx, input, now)?;
        load(tx, id)
    })
}

pub fn get(store: &Store, id: Id) -> AppResult<Product> {
    store.read(|conn| load(conn, id))
}

/// The product with this SKU (matched trimmed and case-insensitively).
pub fn get_by_sku(store: &Store, sku: &str) -> AppResult<Product> {
    store.read(|conn| match id_by_sku(conn, sku)? {
        Some(id) => load(conn, id),
        None => Err(AppError::field(ErrorCode::NotFound, "sku", format!("there is no product with SKU \"{sku}\""))),
    })
}

/// Every live product, by SKU.
pub fn list(store: &Store) -> AppResult<Vec<Product>> {
    store.read(|conn| {
        let sql = format!("SELECT {COLUMNS} FROM products WHERE deleted_at IS NULL ORDER BY sku_key");
        let mut products: Vec<Product> =
            conn.prepare_cached(&sql)?.query_map([], from_row)?.collect::<rusqlite::Result<_>>()?;
        for p in &mut products {
            p.prices = prices(conn, p.id)?;
        }
        Ok(products)
    })
}

/// The most products one search returns.
pub const SEARCH_MAX: u32 = 50;

/// Live products whose SKU or name contains `text` (ignoring case; empty: any), by SKU, at most `limit`.
pub fn search(store: &Store, text: &str, limit: u32) -> AppResult<Vec<ProductRef>> {
    let pattern = format!("%{}%", crate::services::tasks::escape_like(&text.trim().to_lowercase()));
    store.read(|conn| {
        let mut stmt = conn.prepare_cached(
            "SELECT id, sku, name FROM products WHERE deleted_at IS NULL
             AND (sku_key LIKE ?1 ESCAPE '\\' OR name LIKE ?1 ESCAPE '\\') ORDER BY sku_key LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![pattern, limit.clamp(1, SEARCH_MAX)], |r| {
            Ok(ProductRef { product_id: r.get(0)?, sku: r.get(1)?, name: r.get(2)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })
}

pub fn sku_key(sku: &str) -> String {
    sku.trim().to_lowercase()
}

pub(crate) fn id_by_sku(conn: &Connection, sku: &str) -> AppResult<Option<Id>> {
    Ok(conn
        .prepare_cached("SELECT id FROM products WHERE sku_key = ?1 AND deleted_at IS NULL")?
        .query_row([sku_key(sku)], |r| r.get(0))
        .optional()?)
}

/// Checks and writes a new product; a SKU already taken is a `Duplicate` on `sku`.
pub(crate) fn insert(tx: &Connection, p: ProductInput, now: i64) -> AppResult<Id> {
    let p = check(tx, p)?;
    let mut st = tx.prepare_cached(&INSERT_ONE)?;
    bind(&mut st, 1, None, &p, now)?;
    st.raw_execute()?;
    // No RETURNING (a temporary b-tree per statement): the id is the connection's last insert rowid.
    let id: Id = tx.last_insert_rowid();
    put_prices(tx, id, &p.prices)?;
    Ok(id)
}

/// A new product's values checked and made canonical (SKU and texts trimmed, the unit and the cost's
/// currency filled in); a SKU already taken is a `Duplicate` on `sku`.
pub(crate) fn check(tx: &Connection, p: ProductInput) -> AppResult<ProductInput> {
    let sku = v::required("sku", &p.sku, SHORT_MAX)?;
    let name = v::required("name", &p.name, NAME_MAX)?;
    let description = v::optional("description", p.description.as_deref(), TEXT_MAX)?;
    let category = v::optional("category", p.category.as_deref(), SHORT_MAX)?;
    let unit = match p.unit.trim() {
        "" => "piece".to_string(),
        u => v::text("unit", u, 50)?,
    };
    if let Some(c) = p.cost_minor {
        v::range("cost_minor", c, 0, MAX_MINOR)?;
    }
    let cost_currency = match (p.cost_minor, p.cost_currency.as_deref().map(str::trim)) {
        (None, _) => None,
        (Some(_), None | Some("")) => Some(settings::load(tx)?.default_currency),
        (Some(_), Some(c)) => Some(v::currency("cost_currency", c)?),
    };
    let mut prices: Vec<ProductPrice> = Vec::with_capacity(p.prices.len());
    for (i, price) in p.prices.iter().enumerate() {
        let currency = v::currency(&format!("prices.{i}.currency"), &price.currency)?;
        v::range(&format!("prices.{i}.price_minor"), price.price_minor, 0, MAX_MINOR)?;
        if prices.iter().any(|q| q.currency == currency) {
            return Err(AppError::field(
                ErrorCode::Duplicate,
                format!("prices.{i}.currency"),
                format!("the product already has a price in {currency}"),
            ));
        }
        prices.push(ProductPrice { currency, price_minor: price.price_minor });
    }
    if id_by_sku(tx, &sku)?.is_some() {
        return Err(AppError::field(ErrorCode::Duplicate, "sku", format!("a product with SKU \"{sku}\" exists")));
    }
    Ok(ProductInput { sku, name, description, category, unit, cost_currency, prices, ..p })
}

/// The parameters of one product row, as [`bind`] binds them.
pub(super) const PARAMS: usize = 12;

/// One product: built once, not per call.
static INSERT_ONE: LazyLock<String> = LazyLock::new(|| insert_sql(1));

/// `INSERT INTO products … VALUES` for `rows` checked products.
pub(super) fn insert_sql(rows: usize) -> String {
    let columns = "id, sku, sku_key, name, description, category, unit, cost_minor, cost_currency, vat_category, \
                   created_at, updated_at";
    many::insert_sql("products", columns, PARAMS, rows)
}

/// Binds a checked product's row from parameter `at` on (1-based); `id` `None` lets SQLite choose it.
pub(super) fn bind(st: &mut Statement, at: usize, id: Option<Id>, p: &ProductInput, now: i64) -> AppResult<()> {
    let values: [&dyn ToSql; PARAMS] = [
        &id,
        &p.sku,
        &sku_key(&p.sku),
        &p.name,
        &p.description,
        &p.category,
        &p.unit,
        &p.cost_minor,
        &p.cost_currency,
        &enum_str(&p.vat_category),
        &now,
        &now,
    ];
    many::bind(st, at, &values)
}

/// A new product's list prices.
pub(super) fn put_prices(tx: &Connection, id: Id, prices: &[ProductPrice]) -> AppResult<()> {
    let mut put =
        tx.prepare_cached("INSERT INTO product_prices (product_id, currency, price_minor) VALUES (?1, ?2, ?3)")?;
    for price in prices {
        put.execute(params![id, price.currency, price.price_minor])?;
    }
    Ok(())
}

pub(crate) fn load(conn: &Connection, id: Id) -> AppResult<Product> {
    let sql = format!("SELECT {COLUMNS} FROM products WHERE id = ?1 AND deleted_at IS NULL");
    let product = conn.prepare_cached(&sql)?.query_row([id], from_row).optional()?;
    let mut product = product.ok_or_else(|| AppError::not_found("product", id))?;
    product.prices = prices(conn, id)?;
    Ok(product)
}

fn prices(conn: &Connection, id: Id) -> AppResult<Vec<ProductPrice>> {
    let mut stmt = conn
        .prepare_cached("SELECT currency, price_minor FROM product_prices WHERE product_id = ?1 ORDER BY currency")?;
    let rows = stmt.query_map([id], |r| Ok(ProductPrice { currency: r.get(0)?, price_minor: r.get(1)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What an order line takes from its product: (name, VAT category, list price in `currency`,
/// unit cost when its cost is in `currency`).
pub(crate) struct LineDefaults {
    pub name: String,
    pub vat_category: VatCategory,
    pub price_minor: Option<i64>,
    pub cost_minor: Option<i64>,
}

pub(crate) fn line_defaults(conn: &Connection, id: Id, currency: &str) -> AppResult<Option<LineDefaults>> {
    Ok(conn
        .prepare_cached(
            "SELECT p.name, p.vat_category, pp.price_minor,
                    CASE WHEN p.cost_currency = ?2 THEN p.cost_minor END
             FROM products p LEFT JOIN product_prices pp ON pp.product_id = p.id AND pp.currency = ?2
             WHERE p.id = ?1 AND p.deleted_at IS NULL",
        )?
        .query_row(params![id, currency], |r| {
            Ok(LineDefaults {
                name: r.get(0)?,
                vat_category: parse_enum(&r.get::<_, String>(1)?)?,
                price_minor: r.get(2)?,
                cost_minor: r.get(3)?,
            })
        })
        .optional()?)
}

fn from_row(r: &Row) -> rusqlite::Result<Product> {
    Ok(Product {
        id: r.get(0)?,
        sku: r.get(1)?,
        name: r.get(2)?,
        description: r.get(3)?,
        category: r.get(4)?,
        unit: r.get(5)?,
        cost_minor: r.get(6)?,
        cost_currency: r.get(7)?,
        vat_category: parse_enum(&r.get::<_, String>(8)?)?,
        prices: Vec::new(),
        created_at: r.get(9)?,
        updated_at: r.get(10)?,
    })
}
