-- Distribution sheets (ведомости): numbered without gaps per event,
-- draft → approved → closed.
CREATE TABLE distribution_lists (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id BIGINT NOT NULL REFERENCES events (id),
    warehouse_id BIGINT NOT NULL REFERENCES warehouses (id),
    number BIGINT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'approved', 'closed')),
    pickup_from DATE NOT NULL,
    pickup_until DATE NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    approved_at TIMESTAMP,
    closed_at TIMESTAMP,
    UNIQUE (event_id, number),
    CHECK (pickup_until >= pickup_from)
);
CREATE INDEX distribution_lists_by_event ON distribution_lists (event_id, status);

-- One row per application: who collects, for how many people, and what.
CREATE TABLE distribution_rows (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    list_id BIGINT NOT NULL REFERENCES distribution_lists (id),
    application_id BIGINT NOT NULL REFERENCES applications (id),
    recipient_full_name TEXT NOT NULL,
    address TEXT NOT NULL,
    persons INTEGER NOT NULL CHECK (persons > 0),
    status TEXT NOT NULL CHECK (status IN ('pending', 'issued', 'not_collected')),
    issued_at TIMESTAMP,
    issued_by BIGINT REFERENCES users (id),
    received_by TEXT CHECK (received_by IN ('recipient', 'proxy')),
    proxy_full_name TEXT,
    proxy_document TEXT,
    power_of_attorney_number TEXT,
    UNIQUE (list_id, application_id)
);

CREATE TABLE distribution_row_items (
    row_id BIGINT NOT NULL REFERENCES distribution_rows (id),
    item_id BIGINT NOT NULL REFERENCES items (id),
    grams BIGINT NOT NULL CHECK (grams >= 0),
    PRIMARY KEY (row_id, item_id)
);

-- A recognised person on a list. While the list is open, and for good once
-- their row is issued, the person can be on no other list: the primary key
-- is the guarantee. Rows closed as not collected free their people.
CREATE TABLE list_memberships (
    member_id BIGINT PRIMARY KEY REFERENCES members (id),
    list_id BIGINT NOT NULL REFERENCES distribution_lists (id),
    row_id BIGINT NOT NULL REFERENCES distribution_rows (id)
);
CREATE INDEX list_memberships_by_row ON list_memberships (row_id);
