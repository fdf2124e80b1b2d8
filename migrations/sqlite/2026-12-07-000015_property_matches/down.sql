DELETE FROM duplicate_matches WHERE kind = 'property';
CREATE TABLE duplicate_matches_rebuilt (
    id INTEGER PRIMARY KEY,
    event_id BIGINT NOT NULL REFERENCES events (id),
    kind TEXT NOT NULL CHECK (kind IN ('snils', 'document', 'name_birth', 'fuzzy')),
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
    UNIQUE (member_id, other_member_id)
);
INSERT INTO duplicate_matches_rebuilt SELECT * FROM duplicate_matches;
DROP TABLE duplicate_matches;
ALTER TABLE duplicate_matches_rebuilt RENAME TO duplicate_matches;
CREATE INDEX duplicate_matches_by_event ON duplicate_matches (event_id, status, id);
CREATE INDEX duplicate_matches_by_application ON duplicate_matches (application_id, status);
CREATE INDEX duplicate_matches_by_other_application ON duplicate_matches (other_application_id, status);
CREATE INDEX duplicate_matches_by_other_member ON duplicate_matches (other_member_id);
DROP INDEX applications_by_cadastral_number;
DROP INDEX applications_by_property_key;
ALTER TABLE applications DROP COLUMN property_key;
