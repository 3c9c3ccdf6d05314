-- Products, orders and their lines (issue 17): the purchase history that analytics (revenue, churn,
-- retention, profit per customer) and upsell suggestions read. Money is in minor units of the row's currency,
-- quantities in thousandths (`quantity_milli`, so 1.5 kg is 1500), rates in basis points (21 % = 2100).
-- Line and order totals are computed by the core (services::orders) with its rounding rule and stored, so
-- that analytics over millions of lines sum stored integers. Returns and credit notes are orders of kind
-- `credit_note` whose lines have negative quantities, linked to the original order when it is known.
CREATE TABLE products (
    id INTEGER PRIMARY KEY,
    sku TEXT NOT NULL,
    -- The SKU folded for matching (trimmed, lower case): one product per SKU.
    sku_key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT,
    category TEXT,
    unit TEXT NOT NULL DEFAULT 'piece',
    -- Cost price for margins, in minor units of cost_currency.
    cost_minor INTEGER,
    cost_currency TEXT,
    -- The VAT rate category the product falls in: standard, reduced, reduced2, super_reduced, zero, exempt.
    vat_category TEXT NOT NULL DEFAULT 'standard'
        CHECK (vat_category IN ('standard', 'reduced', 'reduced2', 'super_reduced', 'zero', 'exempt')),
    active INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted_at INTEGER
);
CREATE INDEX products_category ON products (category) WHERE deleted_at IS NULL;

-- A product's list price, one per currency.
CREATE TABLE product_prices (
    product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    currency TEXT NOT NULL,
    price_minor INTEGER NOT NULL,
    PRIMARY KEY (product_id, currency)
) WITHOUT ROWID;

CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    -- The order or invoice number as the shop or ERP wrote it; unique.
    number TEXT NOT NULL,
    number_key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL DEFAULT 'order' CHECK (kind IN ('order', 'invoice', 'credit_note')),
    status TEXT NOT NULL DEFAULT 'confirmed'
        CHECK (status IN ('draft', 'confirmed', 'paid', 'cancelled')),
    -- The customer: a person and/or a company; both NULL for an anonymous sale (counted in revenue only).
    person_id INTEGER REFERENCES people (id) ON DELETE SET NULL,
    company_id INTEGER REFERENCES companies (id) ON DELETE SET NULL,
    -- A return or credit note points at the order it reverses, when known.
    original_order_id INTEGER REFERENCES orders (id) ON DELETE SET NULL,
    deal_id INTEGER REFERENCES deals (id) ON DELETE SET NULL,
    -- When it was ordered (unix seconds) and the local calendar date of that moment (YYYY-MM-DD), which
    -- monthly figures and cohorts group by.
    ordered_at INTEGER NOT NULL,
    ordered_on TEXT NOT NULL,
    currency TEXT NOT NULL,
    -- The customer's country (ISO 3166-1 alpha-2) for VAT, when known.
    country TEXT,
    net_minor INTEGER NOT NULL DEFAULT 0,
    vat_minor INTEGER NOT NULL DEFAULT 0,
    gross_minor INTEGER NOT NULL DEFAULT 0,
    -- Cost of goods of the lines that have a cost (same currency), for margins.
    cost_minor INTEGER NOT NULL DEFAULT 0,
    note TEXT,
    source TEXT NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'import', 'deal')),
    import_id INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted_at INTEGER
);
CREATE INDEX orders_person ON orders (person_id, ordered_at) WHERE deleted_at IS NULL;
CREATE INDEX orders_company ON orders (company_id, ordered_at) WHERE deleted_at IS NULL;
CREATE INDEX orders_time ON orders (ordered_at) WHERE deleted_at IS NULL;
CREATE INDEX orders_import ON orders (import_id) WHERE import_id IS NOT NULL;

CREATE TABLE order_lines (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    -- The product, or NULL for a free-text line.
    product_id INTEGER REFERENCES products (id) ON DELETE SET NULL,
    description TEXT NOT NULL,
    quantity_milli INTEGER NOT NULL,
    unit_price_minor INTEGER NOT NULL,
    discount_bp INTEGER NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN 0 AND 10000),
    vat_rate_bp INTEGER NOT NULL DEFAULT 0 CHECK (vat_rate_bp BETWEEN 0 AND 10000),
    net_minor INTEGER NOT NULL,
    vat_minor INTEGER NOT NULL,
    gross_minor INTEGER NOT NULL,
    cost_minor INTEGER
);
CREATE INDEX order_lines_order ON order_lines (order_id, position);
CREATE INDEX order_lines_product ON order_lines (product_id) WHERE product_id IS NOT NULL;
