//! Counts and sums for the event report: each one query, grouped in the
//! database, so a report on 180,000 people reads a few thousand rows at
//! most (the per-application facts and the birth dates the norms need).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::count_star;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text};

use super::schema::{applications, duplicate_matches, inspections, member_decisions, members};
use super::DbConnection;
use crate::domain::application::{ApplicationStatus, Channel};
use crate::domain::distribution::{ListStatus, RowStatus};
use crate::domain::duplicates::MatchStatus;
use crate::domain::review::{InspectionOutcome, MemberOutcome, RefusalReason};

pub type FactRow = (
    NaiveDateTime,
    Channel,
    ApplicationStatus,
    NaiveDate,
    Option<NaiveDate>,
);

/// `(registered_at, channel, status, answer_due_on, decided_on)` of every
/// application of the event.
pub fn application_facts(conn: &mut DbConnection, event_id: i64) -> QueryResult<Vec<FactRow>> {
    applications::table
        .filter(applications::event_id.eq(event_id))
        .select((
            applications::registered_at,
            applications::channel,
            applications::status,
            applications::answer_due_on,
            applications::decided_on,
        ))
        .load(conn)
}

/// Recorded inspections per outcome; `None` counts those still scheduled.
pub fn inspections_by_outcome(
    conn: &mut DbConnection,
    event_id: i64,
) -> QueryResult<Vec<(Option<InspectionOutcome>, i64)>> {
    inspections::table
        .filter(inspections::event_id.eq(event_id))
        .group_by(inspections::outcome)
        .select((inspections::outcome, count_star()))
        .load(conn)
}

/// People named in the event's applications, withdrawn ones aside.
pub fn persons_listed(conn: &mut DbConnection, event_id: i64) -> QueryResult<i64> {
    members::table
        .inner_join(applications::table.on(applications::id.eq(members::application_id)))
        .filter(members::event_id.eq(event_id))
        .filter(applications::status.ne(ApplicationStatus::Withdrawn))
        .count()
        .get_result(conn)
}

/// Decisions per outcome and refusal reason.
pub fn decisions_by_reason(
    conn: &mut DbConnection,
    event_id: i64,
) -> QueryResult<Vec<(MemberOutcome, Option<RefusalReason>, i64)>> {
    member_decisions::table
        .filter(member_decisions::event_id.eq(event_id))
        .group_by((member_decisions::outcome, member_decisions::reason))
        .select((
            member_decisions::outcome,
            member_decisions::reason,
            count_star(),
        ))
        .load(conn)
}

pub fn duplicates_by_status(
    conn: &mut DbConnection,
    event_id: i64,
) -> QueryResult<Vec<(MatchStatus, i64)>> {
    duplicate_matches::table
        .filter(duplicate_matches::event_id.eq(event_id))
        .group_by(duplicate_matches::status)
        .select((duplicate_matches::status, count_star()))
        .load(conn)
}

/// Birth dates of the recognised, which decide each person's norm.
pub fn recognized_birth_dates(
    conn: &mut DbConnection,
    event_id: i64,
) -> QueryResult<Vec<NaiveDate>> {
    member_decisions::table
        .inner_join(members::table.on(members::id.eq(member_decisions::member_id)))
        .filter(member_decisions::event_id.eq(event_id))
        .filter(member_decisions::outcome.eq(MemberOutcome::Recognized))
        .select(members::birth_date)
        .load(conn)
}

#[derive(Debug, Clone, QueryableByName)]
pub struct ItemSum {
    #[diesel(sql_type = BigInt)]
    pub item_id: i64,
    #[diesel(sql_type = Text)]
    pub kind: String,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub grams: Option<i64>,
}

#[derive(Debug, Clone, QueryableByName)]
pub struct RowStatusSum {
    #[diesel(sql_type = BigInt)]
    pub item_id: i64,
    #[diesel(sql_type = Text)]
    pub status: RowStatus,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub grams: Option<i64>,
}

/// Grams on the event's list rows, per item and row status.
pub fn list_grams(conn: &mut DbConnection, event_id: i64) -> QueryResult<Vec<RowStatusSum>> {
    let sql = conn.sql(
        "SELECT i.item_id AS item_id, r.status AS status, CAST(SUM(i.grams) AS BIGINT) AS grams
           FROM distribution_row_items i
           JOIN distribution_rows r ON r.id = i.row_id
           JOIN distribution_lists l ON l.id = r.list_id
          WHERE l.event_id = $1
          GROUP BY i.item_id, r.status",
    );
    diesel::sql_query(sql)
        .bind::<BigInt, _>(event_id)
        .load(conn)
}

/// Per item, over every warehouse: `received` (receipts), `priced`
/// (receipts with a unit price) and `on_hand`. The value of the priced
/// receipts is [`priced_receipts`]'s: a product of grams and prices summed
/// in SQL could overflow BIGINT.
pub fn stock_sums(conn: &mut DbConnection) -> QueryResult<Vec<ItemSum>> {
    diesel::sql_query(
        "SELECT item_id, 'received' AS kind, CAST(SUM(on_hand_grams) AS BIGINT) AS grams
           FROM stock_ledger WHERE kind = 'receipt' GROUP BY item_id
         UNION ALL
         SELECT item_id, 'priced' AS kind, CAST(SUM(on_hand_grams) AS BIGINT) AS grams
           FROM stock_ledger WHERE kind = 'receipt' AND unit_price_kopecks IS NOT NULL GROUP BY item_id

         UNION ALL
         SELECT item_id, 'on_hand' AS kind, CAST(SUM(on_hand_grams) AS BIGINT) AS grams
           FROM stock_ledger GROUP BY item_id",
    )
    .load(conn)
}

#[derive(Debug, Clone, QueryableByName)]
pub struct PricedSum {
    #[diesel(sql_type = BigInt)]
    pub item_id: i64,
    #[diesel(sql_type = BigInt)]
    pub unit_price_kopecks: i64,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub grams: Option<i64>,
}

/// Grams received per item and unit price, for the value to be multiplied
/// out exactly in Rust.
pub fn priced_receipts(conn: &mut DbConnection) -> QueryResult<Vec<PricedSum>> {
    diesel::sql_query(
        "SELECT item_id, unit_price_kopecks, CAST(SUM(on_hand_grams) AS BIGINT) AS grams
           FROM stock_ledger WHERE kind = 'receipt' AND unit_price_kopecks IS NOT NULL
          GROUP BY item_id, unit_price_kopecks",
    )
    .load(conn)
}

#[derive(Debug, Clone, QueryableByName)]
pub struct ListRowCount {
    #[diesel(sql_type = BigInt)]
    pub list_id: i64,
    #[diesel(sql_type = BigInt)]
    pub number: i64,
    #[diesel(sql_type = BigInt)]
    pub warehouse_id: i64,
    #[diesel(sql_type = Text)]
    pub list_status: ListStatus,
    #[diesel(sql_type = Nullable<Text>)]
    pub row_status: Option<RowStatus>,
    #[diesel(sql_type = BigInt)]
    pub rows: i64,
}

/// Rows of each of the event's lists per row status.
pub fn list_rows(conn: &mut DbConnection, event_id: i64) -> QueryResult<Vec<ListRowCount>> {
    let sql = conn.sql(
        "SELECT l.id AS list_id, l.number AS number, l.warehouse_id AS warehouse_id,
                l.status AS list_status, r.status AS row_status, COUNT(r.id) AS rows
           FROM distribution_lists l
           LEFT JOIN distribution_rows r ON r.list_id = l.id
          WHERE l.event_id = $1
          GROUP BY l.id, l.number, l.warehouse_id, l.status, r.status
          ORDER BY l.number",
    );
    diesel::sql_query(sql)
        .bind::<BigInt, _>(event_id)
        .load(conn)
}
