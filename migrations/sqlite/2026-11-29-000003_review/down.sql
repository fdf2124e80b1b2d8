DROP TABLE member_decisions;
DROP TABLE inspections;
ALTER TABLE applications DROP COLUMN status_note;
ALTER TABLE applications DROP COLUMN decided_on;
ALTER TABLE applications DROP COLUMN protocol_number;
ALTER TABLE applications DROP COLUMN outcome;
ALTER TABLE events DROP COLUMN require_full_loss;
ALTER TABLE events DROP COLUMN require_registration;
