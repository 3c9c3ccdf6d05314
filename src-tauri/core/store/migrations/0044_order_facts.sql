-- Revenue, churn and retention read every counted order of their range (services::analytics::orders::scan).
-- Stepping SQLite through 1M entries of `orders_counted` cost 400-500 ms a call, so the counted orders are also
-- kept packed, one row per month: `data` holds the rows the scan hands over (customer, day, return, currency,
-- net, cost) in exactly the order the index gives them (services::analytics::facts). A month is the first seven
-- characters of `ordered_on`, as `substr` counts them.
--
-- Derived and local: nothing but `orders` decides what a month holds. The triggers below name every month
-- whose counted orders may have changed in `order_facts_dirty`, in the same transaction as the change, whoever
-- writes (services, imports and their undo, team sync, the bench generator, raw SQL); a reader takes a dirty
-- month from the index, and the next analytics call packs it again. A month that is neither kept nor dirty
-- has no counted orders.
-- A rowid table: its rows are large (a month of 28,000 orders packs to about 250 kB of overflow pages).
CREATE TABLE order_facts (
    month TEXT PRIMARY KEY,
    -- The number of orders packed, for a look from the shell; the reader trusts only `data`.
    orders INTEGER NOT NULL,
    data BLOB NOT NULL
);

CREATE TABLE order_facts_dirty (
    month TEXT PRIMARY KEY
) WITHOUT ROWID;

-- Only counted rows (live, confirmed or paid) are packed: a change to a row that was not counted before and is
-- not after changes no month. A month already marked is not inserted again; `NOT EXISTS` rather than
-- `INSERT OR IGNORE`, because the statement that fires a trigger overrides its conflict policy (a foreign key's
-- ON DELETE SET NULL on `person_id` would fail the deletion of the person).
CREATE TRIGGER order_facts_insert AFTER INSERT ON orders
WHEN NEW.deleted_at IS NULL AND NEW.status IN ('confirmed', 'paid') BEGIN
  INSERT INTO order_facts_dirty (month) SELECT substr(NEW.ordered_on, 1, 7)
    WHERE NOT EXISTS (SELECT 1 FROM order_facts_dirty WHERE month = substr(NEW.ordered_on, 1, 7));
END;
CREATE TRIGGER order_facts_delete AFTER DELETE ON orders
WHEN OLD.deleted_at IS NULL AND OLD.status IN ('confirmed', 'paid') BEGIN
  INSERT INTO order_facts_dirty (month) SELECT substr(OLD.ordered_on, 1, 7)
    WHERE NOT EXISTS (SELECT 1 FROM order_facts_dirty WHERE month = substr(OLD.ordered_on, 1, 7));
END;
CREATE TRIGGER order_facts_update AFTER UPDATE OF ordered_on, person_id, company_id, kind, currency, net_minor,
    cost_minor, status, deleted_at ON orders
WHEN (OLD.deleted_at IS NULL AND OLD.status IN ('confirmed', 'paid'))
  OR (NEW.deleted_at IS NULL AND NEW.status IN ('confirmed', 'paid')) BEGIN
  INSERT INTO order_facts_dirty (month) SELECT substr(OLD.ordered_on, 1, 7)
    WHERE OLD.deleted_at IS NULL AND OLD.status IN ('confirmed', 'paid')
      AND NOT EXISTS (SELECT 1 FROM order_facts_dirty WHERE month = substr(OLD.ordered_on, 1, 7));
  INSERT INTO order_facts_dirty (month) SELECT substr(NEW.ordered_on, 1, 7)
    WHERE NEW.deleted_at IS NULL AND NEW.status IN ('confirmed', 'paid')
      AND NOT EXISTS (SELECT 1 FROM order_facts_dirty WHERE month = substr(NEW.ordered_on, 1, 7));
END;

-- Every month that has counted orders is packed by the first analytics call after this migration.
INSERT INTO order_facts_dirty (month)
  SELECT DISTINCT substr(ordered_on, 1, 7) FROM orders WHERE deleted_at IS NULL AND status IN ('confirmed', 'paid');
