//! Idempotency keys of stock writes: which operation a key was first used
//! for, and with which body.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::request_keys;
use super::DbConnection;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = request_keys)]
pub struct RequestKeyRow {
    pub operation: String,
    pub request_hash: String,
}

pub fn find(
    conn: &mut DbConnection,
    user_id: i64,
    key: &str,
) -> QueryResult<Option<RequestKeyRow>> {
    request_keys::table
        .find((user_id, key))
        .select(RequestKeyRow::as_select())
        .first(conn)
        .optional()
}

/// A plain insert: on PostgreSQL a concurrent request with the same key
/// waits here for the first one's transaction and then fails on the key.
pub fn insert(
    conn: &mut DbConnection,
    user_id: i64,
    key: &str,
    operation: &str,
    request_hash: &str,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(request_keys::table)
        .values((
            request_keys::user_id.eq(user_id),
            request_keys::idempotency_key.eq(key),
            request_keys::operation.eq(operation),
            request_keys::request_hash.eq(request_hash),
            request_keys::created_at.eq(at),
        ))
        .execute(conn)
        .map(drop)
}

pub fn purge(conn: &mut DbConnection, older_than: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(request_keys::table.filter(request_keys::created_at.lt(older_than)))
        .execute(conn)
}
