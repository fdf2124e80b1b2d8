-- The member indexes the filing of every household writes to, and the
-- duplicate check reads.
-- No query looks members up by their folded name alone: the check goes by
-- SNILS, document and birth date, the search by `search_key`. That index
-- only cost every filing three more B-tree inserts.
DROP INDEX members_by_match_key;
-- The check's look-up by birth date reads only what the index now holds:
-- the name to compare and the application to tell households apart, not
-- the whole row of every member born that day.
DROP INDEX members_by_birth_date;
CREATE INDEX members_by_birth_date ON members (event_id, birth_date, match_key, application_id);
