//! `relata products add|list` and `relata orders add|list|get|from-deal`.

use clap::{Args, Subcommand};

use super::output::{self, enum_arg, opt};
use relata_core::domain::money::{self, Amount};
use relata_core::domain::{Id, OrderInput, OrderKind, OrderLineInput, ProductInput, ProductPrice, VatCategory};
use relata_core::error::{AppError, AppResult, ErrorCode};
use relata_core::services::orders::{self, products, Filter};
use relata_core::services::{records, settings, validate};
use relata_core::store::Store;

#[derive(Debug, Subcommand)]
pub enum ProductsCmd {
    /// Add a product and print it as JSON.
    Add(Box<AddProduct>),
    /// List products by SKU (a table, or JSON with --json).
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct AddProduct {
    #[arg(long)]
    sku: String,
    #[arg(long)]
    name: String,
    #[arg(long)]
    description: Option<String>,
    #[arg(long)]
    category: Option<String>,
    /// The unit it is sold in (default: piece).
    #[arg(long)]
    unit: Option<String>,
    /// A list price as CUR=AMOUNT, e.g. EUR=12.50; repeat for more currencies.
    #[arg(long = "price", value_name = "CUR=AMOUNT")]
    prices: Vec<String>,
    /// The cost price, in the app's default currency unless --cost-currency.
    #[arg(long, value_parser = money::parse_amount)]
    cost: Option<Amount>,
    #[arg(long)]
    cost_currency: Option<String>,
    #[arg(long, default_value = "standard", value_parser = enum_arg::<VatCategory>(
        &["standard", "reduced", "reduced2", "super_reduced", "zero", "exempt"]))]
    vat: VatCategory,
}

#[derive(Debug, Subcommand)]
pub enum OrdersCmd {
    /// Add an order (or a credit note) and print it as JSON with its lines and totals.
    Add(Box<AddOrder>),
    /// List orders, newest first (a table, or JSON with --json).
    List(ListOrders),
    /// Print one order with its lines as JSON.
    Get { id: Id },
    /// Turn a deal into an order (one line with the deal's title and value) and print it as JSON.
    FromDeal { deal: Id },
}

#[derive(Debug, Args)]
pub struct AddOrder {
    /// The order number (generated when left out).
    #[arg(long)]
    number: Option<String>,
    #[arg(long, value_name = "ID")]
    person: Option<Id>,
    #[arg(long, value_name = "ID")]
    company: Option<Id>,
    /// YYYY-MM-DD, "YYYY-MM-DD HH:MM" (local time) or RFC 3339 (default: now).
    #[arg(long)]
    date: Option<String>,
    #[arg(long)]
    currency: Option<String>,
    /// The customer's country for VAT (default: the app's region).
    #[arg(long)]
    country: Option<String>,
    /// A product line: SKU=QUANTITY, or SKU=QUANTITY@UNIT_PRICE; a negative quantity is a return.
    #[arg(long = "line", value_name = "SKU=QTY[@PRICE]")]
    lines: Vec<String>,
    /// A free-text line: TEXT=QUANTITY@UNIT_PRICE (VAT at the country's standard rate).
    #[arg(long = "item", value_name = "TEXT=QTY@PRICE")]
    items: Vec<String>,
    /// A credit note (its quantities are negative), optionally reversing this order.
    #[arg(long)]
    credit_note: bool,
    #[arg(long, value_name = "ORDER_ID", requires = "credit_note")]
    original: Option<Id>,
    #[arg(long)]
    note: Option<String>,
}

#[derive(Debug, Args)]
pub struct ListOrders {
    #[arg(long, value_name = "ID")]
    person: Option<Id>,
    #[arg(long, value_name = "ID")]
    company: Option<Id>,
    #[arg(long)]
    json: bool,
}

pub fn run_products(store: &Store, cmd: ProductsCmd) -> AppResult<()> {
    match cmd {
        ProductsCmd::Add(a) => {
            let a = *a;
            let prices = a.prices.iter().enumerate().map(|(i, p)| price(i, p)).collect::<AppResult<Vec<_>>>()?;
            let cost_currency = match a.cost_currency.as_deref() {
                Some(c) => validate::currency("cost_currency", c)?,
                None => settings::get(store)?.default_currency,
            };
            let cost_minor = a.cost.map(|c| c.to_minor(money::exponent(&cost_currency), "cost")).transpose()?;
            let input = ProductInput {
                sku: a.sku,
                name: a.name,
                description: a.description,
                category: a.category,
                unit: a.unit.unwrap_or_default(),
                cost_minor,
                cost_currency: Some(cost_currency),
                vat_category: a.vat,
                prices,
            };
            output::json(&products::add(store, input)?)
        }
        ProductsCmd::List { json } => {
            let rows = products::list(store)?;
            let total = rows.len() as i64;
            output::list(json, rows, total, &["ID", "SKU", "NAME", "VAT", "PRICES"], |p| {
                let prices: Vec<String> =
                    p.prices.iter().map(|q| money::format_minor(q.price_minor, &q.currency)).collect();
                vec![p.id.to_string(), p.sku, p.name, records::enum_str(&p.vat_category), prices.join(" ")]
            })
        }
    }
}

pub fn run_orders(store: &Store, cmd: OrdersCmd) -> AppResult<()> {
    match cmd {
        OrdersCmd::Add(a) => output::json(&orders::create(store, order_input(store, *a)?)?),
        OrdersCmd::Get { id } => output::json(&orders::get(store, id)?),
        OrdersCmd::FromDeal { deal } => output::json(&orders::from_deal(store, deal)?),
        OrdersCmd::List(l) => {
            let rows = orders::list(store, Filter { person_id: l.person, company_id: l.company })?;
            let total = rows.len() as i64;
            output::list(l.json, rows, total, &["ID", "NUMBER", "DATE", "KIND", "GROSS", "CUSTOMER"], |o| {
                vec![
                    o.id.to_string(),
                    o.number,
                    o.ordered_on,
                    records::enum_str(&o.kind),
                    money::format_minor(o.gross_minor, &o.currency),
                    opt(&o.person_name.or(o.company_name)),
                ]
            })
        }
    }
}

fn order_input(store: &Store, a: AddOrder) -> AppResult<OrderInput> {
    let currency = match a.currency.as_deref() {
        Some(c) => validate::currency("currency", c)?,
        None => settings::get(store)?.default_currency,
    };
    let exp = money::exponent(&currency);
    let mut lines = Vec::new();
    for (i, spec) in a.lines.iter().enumerate() {
        let (sku, qty, price) = split_line(spec, &format!("line.{i}"))?;
        let product =
            products::get_by_sku(store, sku).map_err(|e| AppError::field(e.code, format!("line.{i}"), e.message))?;
        let unit_price_minor = price.map(|p| p.to_minor(exp, &format!("line.{i}"))).transpose()?;
        lines.push(OrderLineInput {
            product_id: Some(product.id),
            quantity_milli: qty,
            unit_price_minor,
            ..Default::default()
        });
    }
    for (i, spec) in a.items.iter().enumerate() {
        let field = format!("item.{i}");
        let (text, qty, price) = split_line(spec, &field)?;
        let price =
            price.ok_or_else(|| AppError::field(ErrorCode::Required, &field, "write the item as TEXT=QTY@PRICE"))?;
        lines.push(OrderLineInput {
            description: Some(text.to_string()),
            quantity_milli: qty,
            unit_price_minor: Some(price.to_minor(exp, &field)?),
            ..Default::default()
        });
    }
    Ok(OrderInput {
        number: a.number.unwrap_or_default(),
        kind: if a.credit_note { OrderKind::CreditNote } else { OrderKind::Order },
        person_id: a.person,
        company_id: a.company,
        original_order_id: a.original,
        ordered_at: a.date,
        currency,
        country: a.country,
        note: a.note,
        lines,
        ..Default::default()
    })
}

/// "NAME=QTY[@PRICE]", split at the last `=`: (name, quantity in thousandths, price).
fn split_line<'a>(spec: &'a str, field: &str) -> AppResult<(&'a str, i64, Option<Amount>)> {
    let bad = |why: &str| AppError::field(ErrorCode::InvalidValue, field, format!("\"{spec}\": {why}"));
    let (name, rest) = spec.rsplit_once('=').ok_or_else(|| bad("expected NAME=QUANTITY[@PRICE]"))?;
    let (qty, price) = match rest.split_once('@') {
        Some((q, p)) => (q, Some(money::parse_amount(p).map_err(|e| bad(&e))?)),
        None => (rest, None),
    };
    let (negative, digits) = match qty.trim().strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, qty.trim()),
    };
    let milli = money::parse_amount(digits).map_err(|e| bad(&e))?.to_minor(3, field)?;
    Ok((name.trim(), if negative { -milli } else { milli }, price))
}

fn price(i: usize, spec: &str) -> AppResult<ProductPrice> {
    let field = format!("price.{i}");
    let (cur, amount) = spec
        .split_once('=')
        .ok_or_else(|| AppError::field(ErrorCode::InvalidValue, &field, format!("\"{spec}\": expected CUR=AMOUNT")))?;
    let currency = validate::currency(&field, cur)?;
    let amount = money::parse_amount(amount).map_err(|e| AppError::field(ErrorCode::InvalidValue, &field, e))?;
    Ok(ProductPrice { price_minor: amount.to_minor(money::exponent(&currency), &field)?, currency })
}
