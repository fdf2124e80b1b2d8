//! Yearly figures: what the system counts for a year's events, and what an
//! administrator entered for the years (or subjects) it does not hold.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Text, Timestamp};

use super::schema::{annual_figures, applications, events, inspections, member_decisions};
use super::DbConnection;
use crate::domain::review::MemberOutcome;

pub fn entered(conn: &mut DbConnection, years: &[i32]) -> QueryResult<Vec<(i32, String, i64)>> {
    annual_figures::table
        .filter(annual_figures::year.eq_any(years))
        .select((
            annual_figures::year,
            annual_figures::metric,
            annual_figures::value,
        ))
        .load(conn)
}

pub fn set_entered(
    conn: &mut DbConnection,
    year: i32,
    metric: &str,
    value: i64,
    user_id: i64,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    let sql = "INSERT INTO annual_figures (year, metric, value, entered_by, entered_at)
               VALUES ($1, $2, $3, $4, $5)
               ON CONFLICT (year, metric) DO UPDATE
               SET value = excluded.value, entered_by = excluded.entered_by, entered_at = excluded.entered_at";
    diesel::sql_query(conn.sql(sql))
        .bind::<Integer, _>(year)
        .bind::<Text, _>(metric)
        .bind::<BigInt, _>(value)
        .bind::<BigInt, _>(user_id)
        .bind::<Timestamp, _>(at)
        .execute(conn)
}

/// Ids of the events declared in `year`.
pub fn events_of_year(conn: &mut DbConnection, year: i32) -> QueryResult<Vec<i64>> {
    let (Some(first), Some(last)) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) else {
        return Ok(Vec::new());
    };
    events::table
        .filter(events::emergency_declared_on.between(first, last))
        .select(events::id)
        .load(conn)
}

pub fn appeals(conn: &mut DbConnection, event_ids: &[i64]) -> QueryResult<i64> {
    applications::table
        .filter(applications::event_id.eq_any(event_ids))
        .count()
        .get_result(conn)
}

/// Applications whose plot the commission visited (an act was written).
pub fn examined_on_site(conn: &mut DbConnection, event_ids: &[i64]) -> QueryResult<i64> {
    inspections::table
        .filter(inspections::event_id.eq_any(event_ids))
        .filter(inspections::outcome.eq_any(["loss_confirmed", "loss_not_confirmed"]))
        .select(diesel::dsl::count(inspections::application_id).aggregate_distinct())
        .get_result(conn)
}

pub fn recognized(conn: &mut DbConnection, event_ids: &[i64]) -> QueryResult<i64> {
    member_decisions::table
        .filter(member_decisions::event_id.eq_any(event_ids))
        .filter(member_decisions::outcome.eq(MemberOutcome::Recognized))
        .count()
        .get_result(conn)
}
