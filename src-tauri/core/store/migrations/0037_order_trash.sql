-- Orders join the trash and the audit trail (issue 17): the Trash page lists deleted orders, and the audit
-- triggers (reinstalled after this migration) now cover the orders table too.
CREATE INDEX orders_trash ON orders (deleted_at) WHERE deleted_at IS NOT NULL;
