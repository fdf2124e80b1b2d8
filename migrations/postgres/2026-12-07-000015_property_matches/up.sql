-- One plot, one application. `property_key` is the folded property address
-- (domain::property::address_key), written by the service so that both
-- backends fold alike. Older rows get theirs when the service starts.
-- Both keys are looked up within an event.
ALTER TABLE applications ADD COLUMN property_key TEXT;
CREATE INDEX applications_by_property_key ON applications (event_id, property_key);
CREATE INDEX applications_by_cadastral_number ON applications (event_id, cadastral_number);

-- A second application for the same plot is a match of kind `property`
-- between the two applicants; a pair of applicants may now hold a person
-- match and a property match at once.
ALTER TABLE duplicate_matches DROP CONSTRAINT duplicate_matches_kind_check;
ALTER TABLE duplicate_matches ADD CONSTRAINT duplicate_matches_kind_check
    CHECK (kind IN ('snils', 'document', 'name_birth', 'fuzzy', 'property'));
ALTER TABLE duplicate_matches DROP CONSTRAINT duplicate_matches_member_id_other_member_id_key;
ALTER TABLE duplicate_matches ADD CONSTRAINT duplicate_matches_member_id_other_member_id_kind_key
    UNIQUE (member_id, other_member_id, kind);
