use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text, Timestamp};

use super::schema::login_attempts;
use super::DbConnection;

/// One login's attempts from one source inside the current window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, QueryableByName)]
pub struct Attempts {
    #[diesel(sql_type = Timestamp)]
    pub window_started_at: NaiveDateTime,
    #[diesel(sql_type = BigInt)]
    pub attempts: i64,
}

/// Counts one more attempt and returns the count, in one statement: the
/// row lock (PostgreSQL) or the write lock (SQLite) makes parallel attempts
/// count one after another. A window that ended before `window_cutoff`
/// starts over at `now`.
pub fn count_one(
    conn: &mut DbConnection,
    login_key: &str,
    source: &str,
    now: NaiveDateTime,
    window_cutoff: NaiveDateTime,
) -> QueryResult<Attempts> {
    let sql = conn.sql(
        "INSERT INTO login_attempts (login_key, source, window_started_at, attempts) \
         VALUES ($1, $2, $3, 1) \
         ON CONFLICT (login_key, source) DO UPDATE SET \
           attempts = CASE WHEN login_attempts.window_started_at <= $4 THEN 1 \
                      ELSE login_attempts.attempts + 1 END, \
           window_started_at = CASE WHEN login_attempts.window_started_at <= $5 \
                      THEN excluded.window_started_at \
                      ELSE login_attempts.window_started_at END \
         RETURNING window_started_at, attempts",
    );
    diesel::sql_query(sql)
        .bind::<Text, _>(login_key)
        .bind::<Text, _>(source)
        .bind::<Timestamp, _>(now)
        .bind::<Timestamp, _>(window_cutoff)
        .bind::<Timestamp, _>(window_cutoff)
        .get_result(conn)
}

/// Forgets every window that ended before `window_cutoff`, whoever's, so
/// the table stays as small as the attempts of one window.
pub fn purge(conn: &mut DbConnection, window_cutoff: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(
        login_attempts::table.filter(login_attempts::window_started_at.le(window_cutoff)),
    )
    .execute(conn)
}

/// A successful sign-in forgets its source's attempts.
pub fn clear(conn: &mut DbConnection, login_key: &str, source: &str) -> QueryResult<()> {
    diesel::delete(
        login_attempts::table
            .filter(login_attempts::login_key.eq(login_key))
            .filter(login_attempts::source.eq(source)),
    )
    .execute(conn)
    .map(drop)
}
