//! Generated products and an order history (the 50k products, 1M orders and 3M lines per million
//! people): orders over three years, skewed to popular products and repeat customers, with returns, anonymous
//! sales, company-only customers and two currencies, so that every analytics figure has work to do. The
//! baskets have structure for the upsell model to find: each customer leans to one category (their
//! segment), products are drawn power-law within a category, and products come in bundle pairs that are
//! often bought together.

use rusqlite::{params, Connection};

use super::super::names::{COMPANY_WORDS, DEAL_WORDS};
use super::{days_ago, in_batches, Counts, Progress};
use relata_core::domain::Id;
use relata_core::error::AppResult;
use relata_core::rng::Rng;

/// Lines on every generated order (3M lines for 1M orders).
pub const LINES_PER_ORDER: u64 = 3;
const CATEGORIES: &[&str] = &["tools", "garden", "office", "kitchen", "lighting", "textiles", "toys", "paper"];

/// Writes the products with a EUR and a DKK list price each, and returns their EUR prices and costs.
pub fn products(conn: &mut Connection, seed: u64, counts: &Counts, progress: Progress) -> AppResult<Vec<(i64, i64)>> {
    let mut rng = Rng::stream(seed, 6);
    let mut priced = Vec::with_capacity(counts.products as usize);
    in_batches(conn, "products", counts.products, progress, |tx, i| {
        let id = i as i64 + 1;
        let sku = format!("SKU-{id:06}");
        let name = format!("{} {}", rng.pick(COMPANY_WORDS), rng.pick(DEAL_WORDS));
        let category = CATEGORIES[i as usize % CATEGORIES.len()];
        let price = rng.range(1, 200) * 50;
        let cost = price * rng.range(30, 80) / 100;
        tx.prepare_cached(
            "INSERT INTO products (id, sku, sku_key, name, category, cost_minor, cost_currency, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'EUR', 0, 0)",
        )?
        .execute(params![id, sku, sku.to_lowercase(), name, category, cost])?;
        let mut price_stmt =
            tx.prepare_cached("INSERT INTO product_prices (product_id, currency, price_minor) VALUES (?1, ?2, ?3)")?;
        price_stmt.execute(params![id, "EUR", price])?;
        price_stmt.execute(params![id, "DKK", price * 746 / 100])?;
        priced.push((price, cost));
        Ok(())
    })?;
    Ok(priced)
}

/// Writes the orders and their lines. Customers are drawn skewed (a few buy often, most once or twice); 3 %
/// of orders are anonymous, 7 % have only a company, 5 % are returns with negative lines.
pub fn orders(
    conn: &mut Connection,
    seed: u64,
    counts: &Counts,
    person_company: &[u32],
    products: &[(i64, i64)],
    progress: Progress,
) -> AppResult<()> {
    let mut rng = Rng::stream(seed, 7);
    let people = person_company.len() as u64;
    in_batches(conn, "orders", counts.orders, progress, |tx, i| {
        let id = i as i64 + 1;
        // Skewed towards low ids: the square of a uniform draw.
        let u = rng.unit();
        let person = ((u * u * people as f64) as u64).min(people - 1) as usize;
        let company = person_company[person];
        let (person_id, company_id): (Option<Id>, Option<Id>) = match rng.below(100) {
            0..=2 => (None, None),
            3..=9 if company > 0 => (None, Some(Id::from(company))),
            _ => (Some(person as Id + 1), (company > 0).then_some(Id::from(company))),
        };
        let returned = rng.chance(5);
        let sign = if returned { -1 } else { 1 };
        let (currency, rate) = if rng.chance(10) { ("DKK", 746) } else { ("EUR", 100) };
        let at_ms = days_ago(&mut rng, 3 * 365);
        let day = chrono::DateTime::from_timestamp_millis(at_ms).unwrap_or_default().format("%Y-%m-%d").to_string();
        let (mut net, mut cost) = (0i64, 0i64);
        let mut previous: Option<usize> = None;
        for position in 0..LINES_PER_ORDER {
            let product = basket_pick(&mut rng, person, previous, products.len());
            previous = Some(product);
            let (price, unit_cost) = products[product];
            let quantity = rng.range(1, 5) * sign;
            let (line_net, line_cost) = (quantity * price * rate / 100, quantity * unit_cost * rate / 100);
            let vat = line_net * 21 / 100;
            tx.prepare_cached(
                "INSERT INTO order_lines (order_id, position, product_id, description, quantity_milli, unit_price_minor,
                 vat_rate_bp, net_minor, vat_minor, gross_minor, cost_minor)
                 VALUES (?1, ?2, ?3, 'item', ?4, ?5, 2100, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                id,
                position as i64,
                product as i64 + 1,
                quantity * 1000,
                price * rate / 100,
                line_net,
                vat,
                line_net + vat,
                line_cost
            ])?;
            net += line_net;
            cost += line_cost;
        }
        let number = format!("{}{id:08}", if returned { "C" } else { "" });
        let vat = net * 21 / 100;
        tx.prepare_cached(
            "INSERT INTO orders (id, number, number_key, kind, status, person_id, company_id, ordered_at, ordered_on,
             currency, net_minor, vat_minor, gross_minor, cost_minor, source, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, 'paid', ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 'import', ?14, ?14)",
        )?
        .execute(params![
            id,
            number,
            number.to_lowercase(),
            if returned { "credit_note" } else { "order" },
            person_id,
            company_id,
            at_ms / 1000,
            day,
            currency,
            net,
            vat,
            net + vat,
            cost,
            at_ms
        ])?;
        Ok(())
    })
}

/// A product index for a line of `person`'s order: half the time after the first line, the bundle partner
/// of the previous line's product; else a power-law draw within the customer's segment category (three
/// times in four) or any category. Product `i` is in category `i % 8` (see `products`).
fn basket_pick(rng: &mut Rng, person: usize, previous: Option<usize>, n: usize) -> usize {
    let k = CATEGORIES.len();
    if let Some(p) = previous.filter(|_| rng.chance(50)) {
        let partner = p ^ k; // the neighbouring index within the same category
        return if partner < n { partner } else { p };
    }
    let segment = ((person as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 61) as usize % k;
    let category = if rng.chance(75) { segment } else { rng.below(k as u64) as usize };
    let in_category = n.div_ceil(k).max(1);
    let u = rng.unit();
    let idx = (u * u * u * in_category as f64) as usize;
    let product = idx * k + category;
    if product < n {
        product
    } else {
        (u * n as f64) as usize % n
    }
}
