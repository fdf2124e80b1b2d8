DELETE FROM duplicate_matches WHERE kind = 'property';
ALTER TABLE duplicate_matches DROP CONSTRAINT duplicate_matches_member_id_other_member_id_kind_key;
ALTER TABLE duplicate_matches ADD CONSTRAINT duplicate_matches_member_id_other_member_id_key
    UNIQUE (member_id, other_member_id);
ALTER TABLE duplicate_matches DROP CONSTRAINT duplicate_matches_kind_check;
ALTER TABLE duplicate_matches ADD CONSTRAINT duplicate_matches_kind_check
    CHECK (kind IN ('snils', 'document', 'name_birth', 'fuzzy'));
DROP INDEX applications_by_cadastral_number;
DROP INDEX applications_by_property_key;
ALTER TABLE applications DROP COLUMN property_key;
