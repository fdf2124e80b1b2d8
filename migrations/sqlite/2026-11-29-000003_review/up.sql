-- Event rules for recognising a member (both on by default).
ALTER TABLE events ADD COLUMN require_registration BOOLEAN NOT NULL DEFAULT 1;
ALTER TABLE events ADD COLUMN require_full_loss BOOLEAN NOT NULL DEFAULT 1;

-- The decision on the application as a whole; `outcome` is derived from
-- the members' decisions and stored when they are.
ALTER TABLE applications ADD COLUMN outcome TEXT;
ALTER TABLE applications ADD COLUMN protocol_number TEXT;
ALTER TABLE applications ADD COLUMN decided_on DATE;
-- What the officer asked for when documents were requested.
ALTER TABLE applications ADD COLUMN status_note TEXT;

-- On-site inspections; a result is recorded once. A rescheduled inspection
-- is a new row.
CREATE TABLE inspections (
    id INTEGER PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES applications (id),
    event_id BIGINT NOT NULL REFERENCES events (id),
    scheduled_on DATE NOT NULL,
    inspectors TEXT NOT NULL,
    act_number TEXT,
    inspected_on DATE,
    outcome TEXT CHECK (outcome IN ('loss_confirmed', 'loss_not_confirmed', 'not_possible')),
    lost_area_m2 BIGINT,
    present_persons TEXT,
    notes TEXT,
    created_at TIMESTAMP NOT NULL,
    recorded_at TIMESTAMP,
    UNIQUE (event_id, act_number)
);
CREATE INDEX inspections_by_application ON inspections (application_id, id);

-- One decision per member. `recognition_key` is set only for recognised
-- members, and unique per event: a person is recognised at most once,
-- whatever the concurrency (NULLs do not collide on either backend).
CREATE TABLE member_decisions (
    member_id BIGINT PRIMARY KEY REFERENCES members (id),
    application_id BIGINT NOT NULL REFERENCES applications (id),
    event_id BIGINT NOT NULL REFERENCES events (id),
    outcome TEXT NOT NULL CHECK (outcome IN ('recognized', 'refused')),
    reason TEXT,
    comment TEXT,
    recognition_key TEXT,
    protocol_number TEXT NOT NULL,
    decided_on DATE NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX member_decisions_recognized_once ON member_decisions (event_id, recognition_key);
CREATE INDEX member_decisions_by_application ON member_decisions (application_id);
