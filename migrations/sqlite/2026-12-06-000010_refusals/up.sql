-- A warehouse user works at exactly one warehouse, and nobody else at one.
-- SQLite cannot add a CHECK to a table, so triggers refuse it instead.
-- (SQLite has no TRUNCATE; its DELETE triggers already cover the ledgers.)
CREATE TRIGGER users_warehouse_of_keepers_only_insert BEFORE INSERT ON users
    WHEN (NEW.role = 'warehouse') <> (NEW.warehouse_id IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'a warehouse user needs exactly one warehouse');
END;
CREATE TRIGGER users_warehouse_of_keepers_only_update BEFORE UPDATE OF role, warehouse_id ON users
    WHEN (NEW.role = 'warehouse') <> (NEW.warehouse_id IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'a warehouse user needs exactly one warehouse');
END;
