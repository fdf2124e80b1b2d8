DROP TABLE login_attempts;
CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY,
    login_key TEXT NOT NULL,
    failed_at TIMESTAMP NOT NULL
);
CREATE INDEX login_failures_by_key ON login_failures (login_key, failed_at);
