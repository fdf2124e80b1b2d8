DROP TABLE stock_ledger;
DROP FUNCTION stock_ledger_append_only();
ALTER TABLE users DROP COLUMN warehouse_id;
DROP TABLE warehouses;
ALTER TABLE events DROP COLUMN child_age_limit;
DROP TABLE norms;
DROP TABLE items;
