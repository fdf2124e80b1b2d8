//! Warehouses and their append-only stock ledger.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable};

use super::schema::{stock_ledger, warehouses};
use super::DbConnection;
use crate::domain::stock::MovementKind;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = warehouses)]
pub struct WarehouseRow {
    pub id: i64,
    pub name: String,
    pub address: String,
    pub opening_hours: String,
    pub created_at: NaiveDateTime,
}

pub fn insert_warehouse(
    conn: &mut DbConnection,
    name: &str,
    address: &str,
    opening_hours: &str,
    at: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(warehouses::table)
        .values((
            warehouses::name.eq(name),
            warehouses::address.eq(address),
            warehouses::opening_hours.eq(opening_hours),
            warehouses::created_at.eq(at),
        ))
        .returning(warehouses::id)
        .get_result(conn)
}

pub fn find_warehouse(conn: &mut DbConnection, id: i64) -> QueryResult<Option<WarehouseRow>> {
    warehouses::table
        .find(id)
        .select(WarehouseRow::as_select())
        .first(conn)
        .optional()
}

pub fn all_warehouses(conn: &mut DbConnection) -> QueryResult<Vec<WarehouseRow>> {
    warehouses::table
        .order(warehouses::id.asc())
        .select(WarehouseRow::as_select())
        .load(conn)
}

/// Takes the warehouse's stock lock for the rest of the transaction: the
/// update locks the row on PostgreSQL; SQLite's write lock already is one.
pub fn lock(conn: &mut DbConnection, warehouse_id: i64) -> QueryResult<usize> {
    diesel::update(warehouses::table.find(warehouse_id))
        .set(warehouses::lock_version.eq(warehouses::lock_version + 1))
        .execute(conn)
}

#[derive(Debug, Insertable)]
#[diesel(table_name = stock_ledger)]
pub struct NewMovement<'a> {
    pub warehouse_id: i64,
    pub item_id: i64,
    pub kind: MovementKind,
    pub on_hand_grams: i64,
    pub reserved_grams: i64,
    pub received_on: Option<NaiveDate>,
    pub supplier: Option<&'a str>,
    pub document_number: Option<&'a str>,
    pub unit_price_kopecks: Option<i64>,
    pub reason: Option<&'a str>,
    pub actor_id: Option<i64>,
    pub created_at: NaiveDateTime,
}

pub fn append(conn: &mut DbConnection, movement: &NewMovement<'_>) -> QueryResult<()> {
    diesel::insert_into(stock_ledger::table)
        .values(movement)
        .execute(conn)
        .map(drop)
}

/// Sums of the ledger for one item of one warehouse, in grams.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, QueryableByName)]
pub struct Totals {
    #[diesel(sql_type = BigInt)]
    pub item_id: i64,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub received: Option<i64>,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub issued: Option<i64>,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub on_hand: Option<i64>,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub reserved: Option<i64>,
}

/// Balances per item, summed from the ledger (BIGINT sums cast explicitly:
/// PostgreSQL would answer NUMERIC, which the `MultiConnection` cannot read).
pub fn totals(conn: &mut DbConnection, warehouse_id: i64) -> QueryResult<Vec<Totals>> {
    diesel::sql_query(conn.sql(TOTALS_SQL))
        .bind::<BigInt, _>(warehouse_id)
        .load(conn)
}

const TOTALS_SQL: &str = "SELECT item_id,
    CAST(SUM(CASE WHEN kind IN ('receipt', 'adjustment') THEN on_hand_grams ELSE 0 END) AS BIGINT) AS received,
    CAST(SUM(CASE WHEN kind IN ('issue', 'undo_issue') THEN -on_hand_grams ELSE 0 END) AS BIGINT) AS issued,
    CAST(SUM(on_hand_grams) AS BIGINT) AS on_hand,
    CAST(SUM(reserved_grams) AS BIGINT) AS reserved
  FROM stock_ledger WHERE warehouse_id = $1 GROUP BY item_id ORDER BY item_id";
