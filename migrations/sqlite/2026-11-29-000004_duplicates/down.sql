DROP INDEX members_by_birth_date;
DROP INDEX members_by_document;
DROP INDEX members_by_snils;
DROP TABLE duplicate_matches;
