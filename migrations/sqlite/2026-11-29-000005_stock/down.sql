DROP TRIGGER stock_ledger_no_delete;
DROP TRIGGER stock_ledger_no_update;
DROP TABLE stock_ledger;
ALTER TABLE users DROP COLUMN warehouse_id;
DROP TABLE warehouses;
ALTER TABLE events DROP COLUMN child_age_limit;
DROP TABLE norms;
DROP TABLE items;
