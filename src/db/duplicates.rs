use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::members::MemberRow;
use super::schema::{duplicate_matches, members};
use super::DbConnection;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = duplicate_matches)]
pub struct MatchRow {
    pub id: i64,
    pub event_id: i64,
    pub kind: String,
    pub member_id: i64,
    pub application_id: i64,
    pub other_member_id: i64,
    pub other_application_id: i64,
    pub explanation: String,
    pub status: String,
    pub resolution_comment: Option<String>,
    pub resolved_by: Option<i64>,
    pub resolved_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = duplicate_matches)]
pub struct NewMatch<'a> {
    pub event_id: i64,
    pub kind: &'a str,
    pub member_id: i64,
    pub application_id: i64,
    pub other_member_id: i64,
    pub other_application_id: i64,
    pub explanation: &'a str,
    pub status: &'a str,
    pub created_at: NaiveDateTime,
}

/// The keys of the members being checked.
#[derive(Debug, Default)]
pub struct CandidateKeys {
    pub snils: Vec<String>,
    pub document_numbers: Vec<String>,
    pub birth_dates: Vec<NaiveDate>,
}

/// Members of other applications of the event that share a SNILS, a
/// document number or a birth date (swapped ones included by the caller)
/// with the members being checked. One query per key, each on its own index:
/// an `OR` of the three makes SQLite scan the whole event.
pub fn candidates(
    conn: &mut DbConnection,
    event_id: i64,
    exclude_application_id: i64,
    keys: &CandidateKeys,
) -> QueryResult<Vec<MemberRow>> {
    let others = || {
        members::table
            .filter(members::event_id.eq(event_id))
            .filter(members::application_id.ne(exclude_application_id))
            .select(MemberRow::as_select())
    };
    let mut found = Vec::new();
    if !keys.snils.is_empty() {
        found.extend(
            others()
                .filter(members::snils.eq_any(keys.snils.clone()))
                .load(conn)?,
        );
    }
    if !keys.document_numbers.is_empty() {
        found.extend(
            others()
                .filter(members::document_number.eq_any(keys.document_numbers.clone()))
                .load(conn)?,
        );
    }
    if !keys.birth_dates.is_empty() {
        found.extend(
            others()
                .filter(members::birth_date.eq_any(keys.birth_dates.clone()))
                .load(conn)?,
        );
    }
    found.sort_unstable_by_key(|m| m.id);
    found.dedup_by_key(|m| m.id);
    Ok(found)
}

pub fn insert(conn: &mut DbConnection, row: &NewMatch<'_>) -> QueryResult<()> {
    diesel::insert_into(duplicate_matches::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

/// A removed member's matches go with it.
pub fn delete_for_member(conn: &mut DbConnection, member_id: i64) -> QueryResult<usize> {
    diesel::delete(
        duplicate_matches::table.filter(
            duplicate_matches::member_id
                .eq(member_id)
                .or(duplicate_matches::other_member_id.eq(member_id)),
        ),
    )
    .execute(conn)
}

pub fn find(conn: &mut DbConnection, id: i64) -> QueryResult<Option<MatchRow>> {
    duplicate_matches::table
        .find(id)
        .select(MatchRow::as_select())
        .first(conn)
        .optional()
}

pub fn count_for_event(
    conn: &mut DbConnection,
    event_id: i64,
    status: Option<&str>,
) -> QueryResult<i64> {
    let mut query = duplicate_matches::table
        .filter(duplicate_matches::event_id.eq(event_id))
        .into_boxed();
    if let Some(status) = status {
        query = query.filter(duplicate_matches::status.eq(status.to_owned()));
    }
    query.count().get_result(conn)
}

pub fn page_for_event(
    conn: &mut DbConnection,
    event_id: i64,
    status: Option<&str>,
    offset: i64,
    limit: i64,
) -> QueryResult<Vec<MatchRow>> {
    let mut query = duplicate_matches::table
        .filter(duplicate_matches::event_id.eq(event_id))
        .into_boxed();
    if let Some(status) = status {
        query = query.filter(duplicate_matches::status.eq(status.to_owned()));
    }
    query
        .order(duplicate_matches::id.asc())
        .offset(offset)
        .limit(limit)
        .select(MatchRow::as_select())
        .load(conn)
}

/// Every match an application takes part in, from either side.
pub fn for_application(conn: &mut DbConnection, application_id: i64) -> QueryResult<Vec<MatchRow>> {
    duplicate_matches::table
        .filter(
            duplicate_matches::application_id
                .eq(application_id)
                .or(duplicate_matches::other_application_id.eq(application_id)),
        )
        .order(duplicate_matches::id.asc())
        .select(MatchRow::as_select())
        .load(conn)
}

/// Resolves an open match; 0 when it was not open any more.
pub fn resolve(
    conn: &mut DbConnection,
    id: i64,
    status: &str,
    comment: Option<&str>,
    user_id: i64,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        duplicate_matches::table
            .filter(duplicate_matches::id.eq(id))
            .filter(duplicate_matches::status.eq("open")),
    )
    .set((
        duplicate_matches::status.eq(status),
        duplicate_matches::resolution_comment.eq(comment),
        duplicate_matches::resolved_by.eq(Some(user_id)),
        duplicate_matches::resolved_at.eq(Some(at)),
    ))
    .execute(conn)
}

type OpenMatches = diesel::dsl::Filter<
    duplicate_matches::table,
    diesel::dsl::Eq<duplicate_matches::status, &'static str>,
>;
type ApplicationIds<C> = diesel::dsl::Select<OpenMatches, C>;

/// Applications with an open match, as the member checked and as the
/// member found: two subqueries for `eq_any`.
pub fn open_application_ids() -> (
    ApplicationIds<duplicate_matches::application_id>,
    ApplicationIds<duplicate_matches::other_application_id>,
) {
    let open = || duplicate_matches::table.filter(duplicate_matches::status.eq("open"));
    (
        open().select(duplicate_matches::application_id),
        open().select(duplicate_matches::other_application_id),
    )
}
