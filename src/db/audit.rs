use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::audit_log;
use super::DbConnection;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_log)]
pub struct AuditRow {
    pub id: i64,
    pub at: NaiveDateTime,
    pub actor_id: Option<i64>,
    pub action: String,
    pub entity: String,
    pub entity_id: i64,
    pub application_id: Option<i64>,
    pub changes: String,
}

/// One entry of the audit trail. `changes` is `{field: {before, after}}`
/// with personal document numbers already masked. `None` is written as
/// NULL, so the insert is the same statement for every entry.
#[derive(Debug, Insertable)]
#[diesel(table_name = audit_log, treat_none_as_default_value = false)]
pub struct NewAuditEntry<'a> {
    pub at: NaiveDateTime,
    pub actor_id: Option<i64>,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: i64,
    pub application_id: Option<i64>,
    pub changes: String,
}

/// There is deliberately no update or delete here; the database refuses
/// them too.
pub fn append(conn: &mut DbConnection, entry: &NewAuditEntry<'_>) -> QueryResult<()> {
    diesel::insert_into(audit_log::table)
        .values(entry)
        .execute(conn)
        .map(drop)
}

/// Many entries at once, for a group of filings.
pub fn append_many(conn: &mut DbConnection, entries: &[NewAuditEntry<'_>]) -> QueryResult<()> {
    insert_rows!(conn, audit_log::table, entries).map(drop)
}

pub fn for_application(conn: &mut DbConnection, application_id: i64) -> QueryResult<Vec<AuditRow>> {
    audit_log::table
        .filter(audit_log::application_id.eq(application_id))
        .order(audit_log::id.asc())
        .select(AuditRow::as_select())
        .load(conn)
}
