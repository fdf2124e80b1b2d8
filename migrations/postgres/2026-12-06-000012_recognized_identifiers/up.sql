-- A person is every identifier their records carry: one row per SNILS,
-- per document (type, series, number) and per confirmed duplicate match of
-- every recognised member, unique per event. A recognition inserts all of
-- its member's rows in the decision's transaction, so a second recognition
-- of the same person under any identifier fails, however the two
-- decisions race.
CREATE TABLE recognized_identifiers (
    event_id BIGINT NOT NULL REFERENCES events (id),
    identifier TEXT NOT NULL,
    member_id BIGINT NOT NULL REFERENCES members (id),
    application_id BIGINT NOT NULL REFERENCES applications (id),
    PRIMARY KEY (event_id, identifier)
);
CREATE INDEX recognized_identifiers_by_member ON recognized_identifiers (member_id);

-- One key per record let the same person through under two keys; the
-- folded name and birth date are now a possible match, not an identity.
DROP INDEX member_decisions_recognized_once;
CREATE INDEX member_decisions_by_event_outcome ON member_decisions (event_id, outcome);

-- What is already recognised, the earliest decision first. A person
-- recognised twice before this change keeps the rows of the first
-- recognition; `relief check recognitions` lists them.
INSERT INTO recognized_identifiers (event_id, identifier, member_id, application_id)
SELECT d.event_id, 'snils:' || m.snils, m.id, d.application_id
FROM member_decisions d JOIN members m ON m.id = d.member_id
WHERE d.outcome = 'recognized' AND m.snils IS NOT NULL
ORDER BY d.created_at, d.member_id ON CONFLICT DO NOTHING;
INSERT INTO recognized_identifiers (event_id, identifier, member_id, application_id)
SELECT d.event_id, 'document:' || m.document_type || ':' || m.document_series || ':' || m.document_number, m.id, d.application_id
FROM member_decisions d JOIN members m ON m.id = d.member_id
WHERE d.outcome = 'recognized' AND m.document_series IS NOT NULL AND m.document_number IS NOT NULL
ORDER BY d.created_at, d.member_id ON CONFLICT DO NOTHING;
INSERT INTO recognized_identifiers (event_id, identifier, member_id, application_id)
SELECT d.event_id, 'match:' || x.id, d.member_id, d.application_id
FROM duplicate_matches x JOIN member_decisions d ON d.member_id IN (x.member_id, x.other_member_id)
WHERE x.status = 'confirmed' AND d.outcome = 'recognized'
ORDER BY d.created_at, d.member_id ON CONFLICT DO NOTHING;
