//! Repeat-safe writes: a client that lost the answer to a stock receipt, an
//! adjustment or an issue may send it again under the same
//! `Idempotency-Key`, and the stock moves once.
//!
//! The key is inserted first, in the transaction that then does the write:
//! it is stored exactly when the write is, and a second request with the
//! same key either sees it (SQLite's writers take turns) or waits on it and
//! fails on the primary key (PostgreSQL), in which case it starts over and
//! then sees the committed key. A write that was refused stores no key, so
//! the corrected retry goes through.

use chrono::{Duration, NaiveDateTime};

use crate::db::{request_keys, write_transaction, DbConnection};
use crate::error::AppError;

/// How long a key is remembered: far longer than any client's retries.
const KEPT_FOR_DAYS: i64 = 7;

/// The client's key and the hash of what it asked, to tell a retry from a
/// different request under a reused key.
#[derive(Debug, Clone)]
pub struct RequestKey {
    pub key: String,
    pub request_hash: String,
}

/// Whether this request did the write, or repeated one already done.
#[derive(Debug)]
pub enum Done<T> {
    First(T),
    Repeat(T),
}

impl<T> Done<T> {
    pub fn is_repeat(&self) -> bool {
        matches!(self, Done::Repeat(_))
    }

    pub fn into_inner(self) -> T {
        match self {
            Done::First(value) | Done::Repeat(value) => value,
        }
    }
}

/// Why one attempt did not finish: another request holding the same key
/// committed first, or the write itself failed.
enum Attempt {
    Raced,
    Failed(AppError),
}

impl From<AppError> for Attempt {
    fn from(error: AppError) -> Self {
        Attempt::Failed(error)
    }
}

impl From<diesel::result::Error> for Attempt {
    fn from(error: diesel::result::Error) -> Self {
        Attempt::Failed(error.into())
    }
}

/// Runs `write` once per key: without a key, plainly; with a key seen
/// before for the same `operation` and body, `present` answers instead;
/// with a key seen for anything else, 409 `idempotency_key_reused`.
pub fn once<T>(
    conn: &mut DbConnection,
    user_id: i64,
    operation: &str,
    key: Option<&RequestKey>,
    now: NaiveDateTime,
    write: impl FnOnce(&mut DbConnection) -> Result<T, AppError>,
    present: impl Fn(&mut DbConnection) -> Result<T, AppError>,
) -> Result<Done<T>, AppError> {
    let Some(key) = key else {
        return write(conn).map(Done::First);
    };
    let mut write = Some(write);
    // Only the first attempt can lose the race: the second finds the key.
    for _ in 0..2 {
        let attempt = write_transaction(conn, |conn| {
            if let Some(first) = request_keys::find(conn, user_id, &key.key)? {
                if first.operation != operation || first.request_hash != key.request_hash {
                    return Err(Attempt::Failed(AppError::conflict(
                        "idempotency_key_reused",
                        "Этот Idempotency-Key уже использован для другого запроса",
                    )));
                }
                return Ok(Done::Repeat(present(conn)?));
            }
            request_keys::purge(conn, now - Duration::days(KEPT_FOR_DAYS))?;
            match request_keys::insert(conn, user_id, &key.key, operation, &key.request_hash, now) {
                Err(diesel::result::Error::DatabaseError(
                    diesel::result::DatabaseErrorKind::UniqueViolation,
                    _,
                )) => return Err(Attempt::Raced),
                other => other?,
            }
            let write = write.take().ok_or(Attempt::Raced)?;
            Ok(Done::First(write(conn)?))
        });
        match attempt {
            Ok(done) => return Ok(done),
            Err(Attempt::Failed(error)) => return Err(error),
            Err(Attempt::Raced) => continue,
        }
    }
    Err(AppError::Unavailable(
        "the same Idempotency-Key is in use by another request".into(),
    ))
}
