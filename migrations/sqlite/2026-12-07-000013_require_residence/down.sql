ALTER TABLE events DROP COLUMN require_residence;
