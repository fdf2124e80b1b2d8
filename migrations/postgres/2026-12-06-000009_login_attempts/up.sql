-- Failed sign-ins are counted per login and source address in one row,
-- incremented atomically before the password is checked: parallel guesses
-- cannot all slip past the limit, and failures from one address never
-- stop the right password from another.
CREATE TABLE login_attempts (
    login_key TEXT NOT NULL,
    source TEXT NOT NULL,
    window_started_at TIMESTAMP NOT NULL,
    attempts BIGINT NOT NULL,
    PRIMARY KEY (login_key, source)
);
CREATE INDEX login_attempts_by_start ON login_attempts (window_started_at);
DROP TABLE login_failures;
