use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{applications, member_decisions};
use super::DbConnection;
use crate::domain::review::{MemberOutcome, RefusalReason};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = member_decisions)]
pub struct DecisionRow {
    pub member_id: i64,
    pub application_id: i64,
    pub outcome: MemberOutcome,
    pub reason: Option<RefusalReason>,
    pub comment: Option<String>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = member_decisions)]
pub struct NewDecision<'a> {
    pub member_id: i64,
    pub application_id: i64,
    pub event_id: i64,
    pub outcome: MemberOutcome,
    pub reason: Option<RefusalReason>,
    pub comment: Option<&'a str>,
    pub protocol_number: &'a str,
    pub decided_on: NaiveDate,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, row: &NewDecision<'_>) -> QueryResult<()> {
    diesel::insert_into(member_decisions::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

pub fn for_applications(
    conn: &mut DbConnection,
    application_ids: &[i64],
) -> QueryResult<Vec<DecisionRow>> {
    member_decisions::table
        .filter(member_decisions::application_id.eq_any(application_ids))
        .select(DecisionRow::as_select())
        .load(conn)
}

/// Which of `member_ids` are recognised, as `(member id, application id)`.
/// The first recognised member of each of `application_ids` that has one,
/// as `(member id, application id)`, by application.
pub fn first_recognized_in(
    conn: &mut DbConnection,
    application_ids: &[i64],
) -> QueryResult<Vec<(i64, i64)>> {
    let mut rows: Vec<(i64, i64)> = member_decisions::table
        .filter(member_decisions::application_id.eq_any(application_ids))
        .filter(member_decisions::outcome.eq(MemberOutcome::Recognized))
        .order((
            member_decisions::application_id.asc(),
            member_decisions::member_id.asc(),
        ))
        .select((
            member_decisions::member_id,
            member_decisions::application_id,
        ))
        .load(conn)?;
    rows.dedup_by_key(|(_, application_id)| *application_id);
    Ok(rows)
}

pub fn recognized_among(
    conn: &mut DbConnection,
    member_ids: &[i64],
) -> QueryResult<Vec<(i64, i64)>> {
    member_decisions::table
        .filter(member_decisions::member_id.eq_any(member_ids))
        .filter(member_decisions::outcome.eq(MemberOutcome::Recognized))
        .order(member_decisions::member_id.asc())
        .select((
            member_decisions::member_id,
            member_decisions::application_id,
        ))
        .load(conn)
}

/// Every recognised member of every event, with their application's
/// registration number, in event and registration order.
pub fn all_recognized(
    conn: &mut DbConnection,
) -> QueryResult<Vec<(super::members::MemberRow, String)>> {
    use super::members::MemberRow;
    use super::schema::members;
    member_decisions::table
        .inner_join(members::table.on(members::id.eq(member_decisions::member_id)))
        .inner_join(applications::table.on(applications::id.eq(member_decisions::application_id)))
        .filter(member_decisions::outcome.eq(MemberOutcome::Recognized))
        .order((
            member_decisions::event_id.asc(),
            applications::seq.asc(),
            members::id.asc(),
        ))
        .select((MemberRow::as_select(), applications::registration_number))
        .load(conn)
}

pub fn set_application_outcome(
    conn: &mut DbConnection,
    application_id: i64,
    outcome: &str,
    protocol_number: &str,
    decided_on: NaiveDate,
) -> QueryResult<usize> {
    diesel::update(applications::table.find(application_id))
        .set((
            applications::outcome.eq(Some(outcome)),
            applications::protocol_number.eq(Some(protocol_number)),
            applications::decided_on.eq(Some(decided_on)),
        ))
        .execute(conn)
}

/// Recognised members of the event who are on no list yet, in
/// registration order; narrowed to `application_ids` when given.
pub fn recognized_unlisted(
    conn: &mut DbConnection,
    event_id: i64,
    application_ids: Option<&[i64]>,
) -> QueryResult<Vec<super::members::MemberRow>> {
    use super::members::MemberRow;
    use super::schema::{list_memberships, members};
    let mut query = member_decisions::table
        .inner_join(members::table.on(members::id.eq(member_decisions::member_id)))
        .inner_join(applications::table.on(applications::id.eq(member_decisions::application_id)))
        .filter(member_decisions::event_id.eq(event_id))
        .filter(member_decisions::outcome.eq(MemberOutcome::Recognized))
        .filter(diesel::dsl::not(members::id.eq_any(
            list_memberships::table.select(list_memberships::member_id),
        )))
        .into_boxed();
    if let Some(ids) = application_ids {
        query = query.filter(member_decisions::application_id.eq_any(ids.to_vec()));
    }
    query
        .order((applications::seq.asc(), members::id.asc()))
        .select(MemberRow::as_select())
        .load(conn)
}
