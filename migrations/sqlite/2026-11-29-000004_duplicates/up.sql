-- One person claimed in two applications of an event: each pair found is
-- kept, with the strongest kind of match and a human explanation, until an
-- officer confirms or dismisses it. `member_id` is the member checked,
-- `other_member_id` the one found in another application.
CREATE TABLE duplicate_matches (
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
CREATE INDEX duplicate_matches_by_event ON duplicate_matches (event_id, status, id);
CREATE INDEX duplicate_matches_by_application ON duplicate_matches (application_id, status);
CREATE INDEX duplicate_matches_by_other_application ON duplicate_matches (other_application_id, status);
CREATE INDEX duplicate_matches_by_other_member ON duplicate_matches (other_member_id);

-- The keys candidates are looked up by: never all pairs.
CREATE INDEX members_by_snils ON members (event_id, snils);
CREATE INDEX members_by_document ON members (event_id, document_number);
CREATE INDEX members_by_birth_date ON members (event_id, birth_date);
