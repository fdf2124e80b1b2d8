-- The append-only tables refuse TRUNCATE too, which row triggers never see.
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER stock_ledger_no_truncate BEFORE TRUNCATE ON stock_ledger
    FOR EACH STATEMENT EXECUTE FUNCTION stock_ledger_append_only();
-- A warehouse user works at exactly one warehouse, and nobody else at one.
ALTER TABLE users ADD CONSTRAINT users_warehouse_of_keepers_only
    CHECK ((role = 'warehouse') = (warehouse_id IS NOT NULL));
