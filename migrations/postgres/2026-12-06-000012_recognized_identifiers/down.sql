DROP INDEX member_decisions_by_event_outcome;
CREATE UNIQUE INDEX member_decisions_recognized_once ON member_decisions (event_id, recognition_key);
DROP TABLE recognized_identifiers;
