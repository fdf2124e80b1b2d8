ALTER TABLE users DROP CONSTRAINT users_warehouse_of_keepers_only;
DROP TRIGGER stock_ledger_no_truncate ON stock_ledger;
DROP TRIGGER audit_log_no_truncate ON audit_log;
