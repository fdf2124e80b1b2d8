-- One plot, one application. `property_key` is the folded property address
-- (domain::property::address_key), written by the service: folding needs
-- Unicode case rules SQLite does not have. Older rows get theirs when the
-- service starts. Both keys are looked up within an event.
ALTER TABLE applications ADD COLUMN property_key TEXT;
CREATE INDEX applications_by_property_key ON applications (event_id, property_key);
CREATE INDEX applications_by_cadastral_number ON applications (event_id, cadastral_number);

-- A second application for the same plot is a match of kind `property`
-- between the two applicants. SQLite cannot alter a CHECK, so the table is
-- rebuilt; a pair of applicants may now hold a person match and a
-- property match at once.
CREATE TABLE duplicate_matches_rebuilt (
    id INTEGER PRIMARY KEY,
    event_id BIGINT NOT NULL REFERENCES events (id),
    kind TEXT NOT NULL CHECK (kind IN ('snils', 'document', 'name_birth', 'fuzzy', 'property')),
    member_id BIGINT NOT NULL REFERENCES members (id),
    application_id BIGINT NOT NULL REFERENCES applications (id),
    other_member_id BIGINT NOT NULL REFERENCES members (id),
    other_application_id BIGINT NOT NULL REFERENCES applications (id),
    explanation TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'confirmed', 'dismissed')),
    resolution_comment TEXT,
    resolved_by BIGINT REFERENCES users (id),
    resolved_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (member_id, other_member_id, kind)
);
INSERT INTO duplicate_matches_rebuilt
    (id, event_id, kind, member_id, application_id, other_member_id, other_application_id,
     explanation, status, resolution_comment, resolved_by, resolved_at, created_at)
SELECT id, event_id, kind, member_id, application_id, other_member_id, other_application_id,
     explanation, status, resolution_comment, resolved_by, resolved_at, created_at
FROM duplicate_matches;
DROP TABLE duplicate_matches;
ALTER TABLE duplicate_matches_rebuilt RENAME TO duplicate_matches;
CREATE INDEX duplicate_matches_by_event ON duplicate_matches (event_id, status, id);
CREATE INDEX duplicate_matches_by_application ON duplicate_matches (application_id, status);
CREATE INDEX duplicate_matches_by_other_application ON duplicate_matches (other_application_id, status);
CREATE INDEX duplicate_matches_by_other_member ON duplicate_matches (other_member_id);
