use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::members;
use super::DbConnection;
use crate::domain::application::Relationship;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = members)]
pub struct MemberRow {
    pub id: i64,
    pub application_id: i64,
    pub event_id: i64,
    pub last_name: String,
    pub first_name: String,
    pub patronymic: Option<String>,
    pub match_key: String,
    pub search_key: String,
    pub birth_date: NaiveDate,
    pub relationship: Relationship,
    pub document_type: String,
    pub document_series: Option<String>,
    pub document_number: Option<String>,
    pub document_issued_on: Option<NaiveDate>,
    pub document_issued_by: Option<String>,
    pub document_subdivision_code: Option<String>,
    pub document_description: Option<String>,
    pub snils: Option<String>,
    pub registered_at_property: bool,
    pub lives_at_property: bool,
    pub created_at: NaiveDateTime,
}

/// `None` is written as NULL (the columns have no default), so the insert
/// is the same statement whatever is missing and stays prepared.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = members, treat_none_as_default_value = false)]
pub struct NewMemberRow {
    pub application_id: i64,
    pub event_id: i64,
    pub last_name: String,
    pub first_name: String,
    pub patronymic: Option<String>,
    pub match_key: String,
    pub search_key: String,
    pub birth_date: NaiveDate,
    pub relationship: Relationship,
    pub document_type: String,
    pub document_series: Option<String>,
    pub document_number: Option<String>,
    pub document_issued_on: Option<NaiveDate>,
    pub document_issued_by: Option<String>,
    pub document_subdivision_code: Option<String>,
    pub document_description: Option<String>,
    pub snils: Option<String>,
    pub registered_at_property: bool,
    pub lives_at_property: bool,
    pub created_at: NaiveDateTime,
}

impl NewMemberRow {
    /// The row as stored under `id`.
    pub fn stored(self, id: i64) -> MemberRow {
        MemberRow {
            id,
            application_id: self.application_id,
            event_id: self.event_id,
            last_name: self.last_name,
            first_name: self.first_name,
            patronymic: self.patronymic,
            match_key: self.match_key,
            search_key: self.search_key,
            birth_date: self.birth_date,
            relationship: self.relationship,
            document_type: self.document_type,
            document_series: self.document_series,
            document_number: self.document_number,
            document_issued_on: self.document_issued_on,
            document_issued_by: self.document_issued_by,
            document_subdivision_code: self.document_subdivision_code,
            document_description: self.document_description,
            snils: self.snils,
            registered_at_property: self.registered_at_property,
            lives_at_property: self.lives_at_property,
            created_at: self.created_at,
        }
    }
}

/// One row at a time: `MultiConnection` cannot batch-insert a `Vec`; the
/// caller's transaction makes the household one write.
pub fn insert(conn: &mut DbConnection, row: &NewMemberRow) -> QueryResult<i64> {
    diesel::insert_into(members::table)
        .values(row)
        .returning(members::id)
        .get_result(conn)
}

/// Many rows at once; their ids in the order of `rows`.
pub fn insert_many(conn: &mut DbConnection, rows: &[NewMemberRow]) -> QueryResult<Vec<i64>> {
    insert_rows!(conn, members::table, rows, members::id)
}

pub fn for_application(
    conn: &mut DbConnection,
    application_id: i64,
) -> QueryResult<Vec<MemberRow>> {
    members::table
        .filter(members::application_id.eq(application_id))
        .order(members::id.asc())
        .select(MemberRow::as_select())
        .load(conn)
}

/// Members of many applications in one query, for list pages.
pub fn for_applications(
    conn: &mut DbConnection,
    application_ids: &[i64],
) -> QueryResult<Vec<MemberRow>> {
    members::table
        .filter(members::application_id.eq_any(application_ids))
        .order((members::application_id.asc(), members::id.asc()))
        .select(MemberRow::as_select())
        .load(conn)
}

/// The SNILS of those of `member_ids` that have one.
pub fn snils_of(conn: &mut DbConnection, member_ids: &[i64]) -> QueryResult<Vec<(i64, String)>> {
    members::table
        .filter(members::id.eq_any(member_ids))
        .filter(members::snils.is_not_null())
        .select((members::id, members::snils.assume_not_null()))
        .load(conn)
}

pub fn delete(conn: &mut DbConnection, application_id: i64, member_id: i64) -> QueryResult<usize> {
    diesel::delete(
        members::table
            .filter(members::id.eq(member_id))
            .filter(members::application_id.eq(application_id)),
    )
    .execute(conn)
}
