-- A client that lost the answer to a stock receipt, an adjustment or an
-- issue sends it again under the same Idempotency-Key: the key is taken in
-- the transaction that does the write, so the retry is answered with the
-- present state instead of moving stock a second time.
CREATE TABLE request_keys (
    user_id BIGINT NOT NULL REFERENCES users (id),
    idempotency_key TEXT NOT NULL,
    operation TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, idempotency_key)
);
CREATE INDEX request_keys_by_age ON request_keys (created_at);
