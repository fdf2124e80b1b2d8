//! Items of aid and the per-event norms.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{items, norms};
use super::DbConnection;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = items)]
pub struct ItemRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub unit: String,
    pub created_at: NaiveDateTime,
}

pub fn insert_item(
    conn: &mut DbConnection,
    code: &str,
    name: &str,
    at: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(items::table)
        .values((
            items::code.eq(code),
            items::name.eq(name),
            items::unit.eq("kg"),
            items::created_at.eq(at),
        ))
        .returning(items::id)
        .get_result(conn)
}

pub fn all_items(conn: &mut DbConnection) -> QueryResult<Vec<ItemRow>> {
    items::table
        .order(items::id.asc())
        .select(ItemRow::as_select())
        .load(conn)
}

pub fn find_items(conn: &mut DbConnection, ids: &[i64]) -> QueryResult<Vec<ItemRow>> {
    items::table
        .filter(items::id.eq_any(ids))
        .select(ItemRow::as_select())
        .load(conn)
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = norms)]
pub struct NormRow {
    pub event_id: i64,
    pub item_id: i64,
    pub grams_per_person: i64,
    pub grams_per_child: Option<i64>,
}

pub fn norms_of(conn: &mut DbConnection, event_id: i64) -> QueryResult<Vec<NormRow>> {
    norms::table
        .filter(norms::event_id.eq(event_id))
        .order(norms::item_id.asc())
        .select(NormRow::as_select())
        .load(conn)
}

/// Replaces the event's norms with `rows`; one row at a time, since
/// `MultiConnection` cannot batch-insert.
pub fn replace_norms(conn: &mut DbConnection, event_id: i64, rows: &[NormRow]) -> QueryResult<()> {
    diesel::delete(norms::table.filter(norms::event_id.eq(event_id))).execute(conn)?;
    for row in rows {
        diesel::insert_into(norms::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(())
}
