use chrono::NaiveDate;
use diesel::prelude::*;

use super::schema::{applications, member_decisions, members};
use super::DbConnection;
use crate::domain::review::MemberOutcome;

/// A recognised person as the list of victims shows them.
#[derive(Debug, Clone, Queryable)]
pub struct VictimRow {
    pub member_id: i64,
    pub last_name: String,
    pub first_name: String,
    pub patronymic: Option<String>,
    pub birth_date: NaiveDate,
    pub document_type: String,
    pub document_series: Option<String>,
    pub document_number: Option<String>,
    pub document_description: Option<String>,
    pub registration_number: String,
    pub property_address: String,
}

type Backend = <DbConnection as diesel::Connection>::Backend;

fn recognized(event_id: i64) -> member_decisions::BoxedQuery<'static, Backend> {
    member_decisions::table
        .filter(member_decisions::event_id.eq(event_id))
        .filter(member_decisions::outcome.eq(MemberOutcome::Recognized))
        .into_boxed()
}

pub fn count(conn: &mut DbConnection, event_id: i64) -> QueryResult<i64> {
    recognized(event_id).count().get_result(conn)
}

/// A page in registration-number order, then household order.
pub fn page(
    conn: &mut DbConnection,
    event_id: i64,
    offset: i64,
    limit: i64,
) -> QueryResult<Vec<VictimRow>> {
    member_decisions::table
        .inner_join(members::table.on(members::id.eq(member_decisions::member_id)))
        .inner_join(applications::table.on(applications::id.eq(member_decisions::application_id)))
        .filter(member_decisions::event_id.eq(event_id))
        .filter(member_decisions::outcome.eq(MemberOutcome::Recognized))
        .order((applications::seq.asc(), members::id.asc()))
        .offset(offset)
        .limit(limit)
        .select((
            members::id,
            members::last_name,
            members::first_name,
            members::patronymic,
            members::birth_date,
            members::document_type,
            members::document_series,
            members::document_number,
            members::document_description,
            applications::registration_number,
            applications::property_address,
        ))
        .load(conn)
}
