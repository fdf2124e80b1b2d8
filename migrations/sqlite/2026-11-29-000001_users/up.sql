-- Accounts of residents and staff. `login_key` is the case-folded login
-- (folded in Rust, since SQLite's lower() folds ASCII only).
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    login TEXT NOT NULL,
    login_key TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('resident', 'officer', 'warehouse', 'admin')),
    full_name TEXT NOT NULL,
    phone TEXT,
    disabled BOOLEAN NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    token_version INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL
);

-- One row per failed login, so the throttle holds across service instances.
CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY,
    login_key TEXT NOT NULL,
    failed_at TIMESTAMP NOT NULL
);
CREATE INDEX login_failures_by_key ON login_failures (login_key, failed_at);
