use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{counters, events};
use super::DbConnection;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = events)]
pub struct EventRow {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub municipality: String,
    pub emergency_declared_on: NaiveDate,
    pub intake_opens_on: NaiveDate,
    pub intake_closes_on: NaiveDate,
    pub utc_offset_minutes: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub require_registration: bool,
    pub require_residence: bool,
    pub require_full_loss: bool,
    pub child_age_limit: i32,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = events)]
pub struct NewEvent<'a> {
    pub code: &'a str,
    pub title: &'a str,
    pub municipality: &'a str,
    pub emergency_declared_on: NaiveDate,
    pub intake_opens_on: NaiveDate,
    pub intake_closes_on: NaiveDate,
    pub utc_offset_minutes: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub require_registration: bool,
    pub require_residence: bool,
    pub require_full_loss: bool,
    pub child_age_limit: i32,
}

#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = events)]
pub struct EventChanges {
    pub title: Option<String>,
    pub municipality: Option<String>,
    pub emergency_declared_on: Option<NaiveDate>,
    pub intake_opens_on: Option<NaiveDate>,
    pub intake_closes_on: Option<NaiveDate>,
    pub utc_offset_minutes: Option<i32>,
    pub updated_at: Option<NaiveDateTime>,
    pub require_registration: Option<bool>,
    pub require_residence: Option<bool>,
    pub require_full_loss: Option<bool>,
    pub child_age_limit: Option<i32>,
}

pub fn insert(conn: &mut DbConnection, event: &NewEvent<'_>) -> QueryResult<i64> {
    diesel::insert_into(events::table)
        .values(event)
        .returning(events::id)
        .get_result(conn)
}

pub fn find(conn: &mut DbConnection, id: i64) -> QueryResult<Option<EventRow>> {
    events::table
        .find(id)
        .select(EventRow::as_select())
        .first(conn)
        .optional()
}

pub fn find_many(conn: &mut DbConnection, ids: &[i64]) -> QueryResult<Vec<EventRow>> {
    events::table
        .filter(events::id.eq_any(ids))
        .select(EventRow::as_select())
        .load(conn)
}

pub fn all(conn: &mut DbConnection) -> QueryResult<Vec<EventRow>> {
    events::table
        .order(events::emergency_declared_on.desc())
        .then_order_by(events::id.desc())
        .select(EventRow::as_select())
        .load(conn)
}

pub fn update(conn: &mut DbConnection, id: i64, changes: &EventChanges) -> QueryResult<usize> {
    diesel::update(events::table.find(id))
        .set(changes)
        .execute(conn)
}

/// The counter's value as this statement sees it, 0 before the first.
pub fn counter_value(conn: &mut DbConnection, event_id: i64, kind: &str) -> QueryResult<i64> {
    counters::table
        .find((event_id, kind))
        .select(counters::last_value)
        .first(conn)
        .optional()
        .map(|value| value.unwrap_or(0))
}

#[derive(QueryableByName)]
struct CounterValue {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    last_value: i64,
}

/// Next gapless number of `kind` for an event. Must run inside the write
/// transaction that uses the number: the row lock (PostgreSQL) or the
/// write lock (SQLite) serialises takers, and a rollback returns the number.
/// An upsert, because two first filings of an event may race to create the
/// counter row; diesel's `on_conflict` does not compile through the
/// `MultiConnection`, so it is written as SQL.
pub fn next_number(conn: &mut DbConnection, event_id: i64, kind: &str) -> QueryResult<i64> {
    take_numbers(conn, event_id, kind, 1)
}

/// Takes `count` (at least 1) consecutive numbers at once and returns the
/// last of them; the first is `last - count + 1`.
pub fn take_numbers(
    conn: &mut DbConnection,
    event_id: i64,
    kind: &str,
    count: i64,
) -> QueryResult<i64> {
    use diesel::sql_types::{BigInt, Text};
    let sql = conn.sql(
        "INSERT INTO counters (event_id, kind, last_value) VALUES ($1, $2, $3) \
         ON CONFLICT (event_id, kind) DO UPDATE SET last_value = counters.last_value + excluded.last_value \
         RETURNING last_value",
    );
    diesel::sql_query(sql)
        .bind::<BigInt, _>(event_id)
        .bind::<Text, _>(kind)
        .bind::<BigInt, _>(count)
        .get_result::<CounterValue>(conn)
        .map(|row| row.last_value)
}
