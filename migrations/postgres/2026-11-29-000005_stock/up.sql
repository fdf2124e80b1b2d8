-- The catalogue of in-kind aid.
CREATE TABLE items (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    unit TEXT NOT NULL CHECK (unit IN ('kg')),
    created_at TIMESTAMP NOT NULL
);

-- Aid per recognised person, per event and item, in grams; a child (under
-- the event's `child_age_limit` on the emergency date) may have its own norm.
CREATE TABLE norms (
    event_id BIGINT NOT NULL REFERENCES events (id),
    item_id BIGINT NOT NULL REFERENCES items (id),
    grams_per_person BIGINT NOT NULL CHECK (grams_per_person > 0),
    grams_per_child BIGINT CHECK (grams_per_child >= 0),
    PRIMARY KEY (event_id, item_id)
);
ALTER TABLE events ADD COLUMN child_age_limit INTEGER NOT NULL DEFAULT 18;

CREATE TABLE warehouses (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name TEXT NOT NULL,
    address TEXT NOT NULL,
    opening_hours TEXT NOT NULL,
    -- Bumped by every stock movement: on PostgreSQL the row lock it takes
    -- serialises movements of one warehouse, so stock is checked and moved
    -- atomically.
    lock_version BIGINT NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL
);
-- A warehouse user works at exactly one warehouse.
ALTER TABLE users ADD COLUMN warehouse_id BIGINT REFERENCES warehouses (id);

-- Every stock movement, never updated or deleted. `on_hand_grams` and
-- `reserved_grams` are the movement's signed effect on the two balances.
CREATE TABLE stock_ledger (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    warehouse_id BIGINT NOT NULL REFERENCES warehouses (id),
    item_id BIGINT NOT NULL REFERENCES items (id),
    kind TEXT NOT NULL CHECK (kind IN ('receipt', 'adjustment', 'reserve', 'release', 'issue', 'undo_issue')),
    on_hand_grams BIGINT NOT NULL,
    reserved_grams BIGINT NOT NULL,
    received_on DATE,
    supplier TEXT,
    document_number TEXT,
    unit_price_kopecks BIGINT,
    reason TEXT,
    actor_id BIGINT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX stock_ledger_by_warehouse_item ON stock_ledger (warehouse_id, item_id);

CREATE FUNCTION stock_ledger_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'stock_ledger is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER stock_ledger_no_change BEFORE UPDATE OR DELETE ON stock_ledger
    FOR EACH ROW EXECUTE FUNCTION stock_ledger_append_only();
