DROP TABLE idempotency_keys;
DROP TABLE audit_log;
DROP FUNCTION audit_log_append_only();
DROP TABLE members;
DROP TABLE applications;
DROP TABLE counters;
DROP TABLE events;
