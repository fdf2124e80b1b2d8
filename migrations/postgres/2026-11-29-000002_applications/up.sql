-- An emergency: every other record belongs to one, so one installation
-- serves many emergencies and years. Dates are the municipality's calendar,
-- whose offset from UTC is `utc_offset_minutes`.
CREATE TABLE events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    municipality TEXT NOT NULL,
    emergency_declared_on DATE NOT NULL,
    intake_opens_on DATE NOT NULL,
    intake_closes_on DATE NOT NULL,
    utc_offset_minutes INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (intake_closes_on >= intake_opens_on)
);

-- Gapless numbers per event and kind: incremented in the transaction that
-- uses the number, so a rollback gives the number back.
CREATE TABLE counters (
    event_id BIGINT NOT NULL REFERENCES events (id),
    kind TEXT NOT NULL,
    last_value BIGINT NOT NULL,
    PRIMARY KEY (event_id, kind)
);

CREATE TABLE applications (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id BIGINT NOT NULL REFERENCES events (id),
    seq BIGINT NOT NULL,
    registration_number TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL CHECK (status IN ('submitted', 'incomplete', 'inspection_scheduled', 'inspected', 'decided', 'withdrawn')),
    channel TEXT NOT NULL,
    filed_by BIGINT NOT NULL REFERENCES users (id),
    registered_at TIMESTAMP NOT NULL,
    answer_due_on DATE NOT NULL,
    extended_days INTEGER,
    extension_reason TEXT,
    extended_at TIMESTAMP,
    late_reason TEXT,
    applicant_phone TEXT NOT NULL,
    applicant_email TEXT,
    postal_address TEXT NOT NULL,
    property_address TEXT NOT NULL,
    cadastral_number TEXT,
    plot_area_m2 BIGINT NOT NULL CHECK (plot_area_m2 >= 0),
    crops_lost TEXT NOT NULL,
    loss_extent TEXT NOT NULL CHECK (loss_extent IN ('full', 'partial')),
    description TEXT NOT NULL,
    consent_personal_data BOOLEAN NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
-- `registration_number` (event code + seq, codes unique and fixed) keeps
-- seq unique per event.
CREATE INDEX applications_by_number ON applications (event_id, seq);
CREATE INDEX applications_by_filer ON applications (filed_by, event_id, seq);
CREATE INDEX applications_by_status ON applications (event_id, status, answer_due_on);

-- Household members. `match_key` and `search_key` are folded in Rust
-- (case, ё/е, spaces, hyphens) the same way on both backends.
CREATE TABLE members (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES applications (id),
    event_id BIGINT NOT NULL REFERENCES events (id),
    last_name TEXT NOT NULL,
    first_name TEXT NOT NULL,
    patronymic TEXT,
    match_key TEXT NOT NULL,
    search_key TEXT NOT NULL,
    birth_date DATE NOT NULL,
    relationship TEXT NOT NULL,
    document_type TEXT NOT NULL CHECK (document_type IN ('passport_rf', 'birth_certificate', 'other')),
    document_series TEXT,
    document_number TEXT,
    document_issued_on DATE,
    document_issued_by TEXT,
    document_subdivision_code TEXT,
    document_description TEXT,
    snils TEXT,
    registered_at_property BOOLEAN NOT NULL,
    lives_at_property BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX members_by_application ON members (application_id);
CREATE INDEX members_by_match_key ON members (event_id, match_key, birth_date);

-- Append-only: who did what to which record, with the changed fields before
-- and after (documents and SNILS masked). Triggers refuse UPDATE and DELETE.
CREATE TABLE audit_log (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at TIMESTAMP NOT NULL,
    actor_id BIGINT REFERENCES users (id),
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    application_id BIGINT REFERENCES applications (id),
    changes TEXT NOT NULL
);
CREATE INDEX audit_log_by_application ON audit_log (application_id, id);

-- A client's retry of the same filing returns the first result.
CREATE TABLE idempotency_keys (
    user_id BIGINT NOT NULL REFERENCES users (id),
    idempotency_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    application_id BIGINT NOT NULL REFERENCES applications (id),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, idempotency_key)
);

CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
