use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::login_failures;
use super::DbConnection;

/// Failure times for one login since `since`, oldest first.
pub fn since(
    conn: &mut DbConnection,
    login_key: &str,
    since: NaiveDateTime,
) -> QueryResult<Vec<NaiveDateTime>> {
    login_failures::table
        .filter(login_failures::login_key.eq(login_key))
        .filter(login_failures::failed_at.gt(since))
        .order(login_failures::failed_at.asc())
        .select(login_failures::failed_at)
        .load(conn)
}

/// Records a failure and forgets this login's failures that have left the
/// window, so the table stays as small as the window.
pub fn record(
    conn: &mut DbConnection,
    login_key: &str,
    at: NaiveDateTime,
    forget_before: NaiveDateTime,
) -> QueryResult<()> {
    diesel::delete(
        login_failures::table
            .filter(login_failures::login_key.eq(login_key))
            .filter(login_failures::failed_at.le(forget_before)),
    )
    .execute(conn)?;
    diesel::insert_into(login_failures::table)
        .values((
            login_failures::login_key.eq(login_key),
            login_failures::failed_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn clear(conn: &mut DbConnection, login_key: &str) -> QueryResult<()> {
    diesel::delete(login_failures::table.filter(login_failures::login_key.eq(login_key)))
        .execute(conn)
        .map(drop)
}
