//! The identifiers of recognised members, unique per event: the database's
//! half of "one person, one recognition" (see `domain::identity`).

use diesel::prelude::*;

use super::schema::{applications, recognized_identifiers};
use super::DbConnection;

#[derive(Debug, Insertable)]
#[diesel(table_name = recognized_identifiers)]
pub struct NewIdentifier<'a> {
    pub event_id: i64,
    pub identifier: &'a str,
    pub member_id: i64,
    pub application_id: i64,
}

/// A recognised member holding an identifier, with their application's
/// number to name it.
#[derive(Debug, Clone, Queryable)]
pub struct Holder {
    pub identifier: String,
    pub member_id: i64,
    pub application_id: i64,
    pub registration_number: String,
}

/// Fails with a unique violation when any of them is already held.
pub fn insert_many(conn: &mut DbConnection, rows: &[NewIdentifier<'_>]) -> QueryResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    insert_rows!(conn, recognized_identifiers::table, rows).map(drop)
}

/// Who in the event holds any of `identifiers`.
pub fn holders(
    conn: &mut DbConnection,
    event_id: i64,
    identifiers: &[String],
) -> QueryResult<Vec<Holder>> {
    if identifiers.is_empty() {
        return Ok(Vec::new());
    }
    recognized_identifiers::table
        .inner_join(
            applications::table.on(applications::id.eq(recognized_identifiers::application_id)),
        )
        .filter(recognized_identifiers::event_id.eq(event_id))
        .filter(recognized_identifiers::identifier.eq_any(identifiers))
        .select((
            recognized_identifiers::identifier,
            recognized_identifiers::member_id,
            recognized_identifiers::application_id,
            applications::registration_number,
        ))
        .load(conn)
}
