DROP INDEX members_by_birth_date;
CREATE INDEX members_by_birth_date ON members (event_id, birth_date);
CREATE INDEX members_by_match_key ON members (event_id, match_key, birth_date);
