DROP TABLE idempotency_keys;
DROP TRIGGER audit_log_no_delete;
DROP TRIGGER audit_log_no_update;
DROP TABLE audit_log;
DROP TABLE members;
DROP TABLE applications;
DROP TABLE counters;
DROP TABLE events;
