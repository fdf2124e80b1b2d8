//! Distribution lists, their rows and the people on them.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{
    distribution_lists, distribution_row_items, distribution_rows, list_memberships,
};
use super::DbConnection;
use crate::domain::distribution::{ListAction, ListStatus, RowAction, RowStatus};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = distribution_lists)]
pub struct ListRow {
    pub id: i64,
    pub event_id: i64,
    pub warehouse_id: i64,
    pub number: i64,
    pub status: ListStatus,
    pub pickup_from: NaiveDate,
    pub pickup_until: NaiveDate,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
    pub approved_at: Option<NaiveDateTime>,
    pub closed_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = distribution_rows)]
pub struct RowRow {
    pub id: i64,
    pub list_id: i64,
    pub application_id: i64,
    pub recipient_full_name: String,
    pub address: String,
    pub persons: i32,
    pub status: RowStatus,
    pub issued_at: Option<NaiveDateTime>,
    pub issued_by: Option<i64>,
    pub received_by: Option<String>,
    pub proxy_full_name: Option<String>,
    pub proxy_document: Option<String>,
    pub power_of_attorney_number: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = distribution_row_items)]
pub struct RowItem {
    pub row_id: i64,
    pub item_id: i64,
    pub grams: i64,
}

#[allow(clippy::too_many_arguments)]
pub fn insert_list(
    conn: &mut DbConnection,
    event_id: i64,
    warehouse_id: i64,
    number: i64,
    pickup_from: NaiveDate,
    pickup_until: NaiveDate,
    created_by: i64,
    at: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(distribution_lists::table)
        .values((
            distribution_lists::event_id.eq(event_id),
            distribution_lists::warehouse_id.eq(warehouse_id),
            distribution_lists::number.eq(number),
            distribution_lists::status.eq(ListStatus::Draft),
            distribution_lists::pickup_from.eq(pickup_from),
            distribution_lists::pickup_until.eq(pickup_until),
            distribution_lists::created_by.eq(created_by),
            distribution_lists::created_at.eq(at),
        ))
        .returning(distribution_lists::id)
        .get_result(conn)
}

pub fn insert_row(
    conn: &mut DbConnection,
    list_id: i64,
    application_id: i64,
    recipient_full_name: &str,
    address: &str,
    persons: i32,
) -> QueryResult<i64> {
    diesel::insert_into(distribution_rows::table)
        .values((
            distribution_rows::list_id.eq(list_id),
            distribution_rows::application_id.eq(application_id),
            distribution_rows::recipient_full_name.eq(recipient_full_name),
            distribution_rows::address.eq(address),
            distribution_rows::persons.eq(persons),
            distribution_rows::status.eq(RowStatus::Pending),
        ))
        .returning(distribution_rows::id)
        .get_result(conn)
}

pub fn insert_row_item(
    conn: &mut DbConnection,
    row_id: i64,
    item_id: i64,
    grams: i64,
) -> QueryResult<()> {
    diesel::insert_into(distribution_row_items::table)
        .values((
            distribution_row_items::row_id.eq(row_id),
            distribution_row_items::item_id.eq(item_id),
            distribution_row_items::grams.eq(grams),
        ))
        .execute(conn)
        .map(drop)
}

pub fn insert_membership(
    conn: &mut DbConnection,
    member_id: i64,
    list_id: i64,
    row_id: i64,
) -> QueryResult<()> {
    diesel::insert_into(list_memberships::table)
        .values((
            list_memberships::member_id.eq(member_id),
            list_memberships::list_id.eq(list_id),
            list_memberships::row_id.eq(row_id),
        ))
        .execute(conn)
        .map(drop)
}

/// Members already on a list (open, or issued) among `member_ids`.
pub fn listed_members(conn: &mut DbConnection, member_ids: &[i64]) -> QueryResult<Vec<i64>> {
    list_memberships::table
        .filter(list_memberships::member_id.eq_any(member_ids))
        .select(list_memberships::member_id)
        .load(conn)
}

pub fn free_members_of_rows(conn: &mut DbConnection, row_ids: &[i64]) -> QueryResult<usize> {
    diesel::delete(list_memberships::table.filter(list_memberships::row_id.eq_any(row_ids)))
        .execute(conn)
}

pub fn find_list(conn: &mut DbConnection, id: i64) -> QueryResult<Option<ListRow>> {
    distribution_lists::table
        .find(id)
        .select(ListRow::as_select())
        .first(conn)
        .optional()
}

pub fn lists(
    conn: &mut DbConnection,
    event_id: Option<i64>,
    warehouse_id: Option<i64>,
    status: Option<ListStatus>,
) -> QueryResult<Vec<ListRow>> {
    let mut query = distribution_lists::table.into_boxed();
    if let Some(event_id) = event_id {
        query = query.filter(distribution_lists::event_id.eq(event_id));
    }
    if let Some(warehouse_id) = warehouse_id {
        query = query.filter(distribution_lists::warehouse_id.eq(warehouse_id));
    }
    if let Some(status) = status {
        query = query.filter(distribution_lists::status.eq(status));
    }
    query
        .order((
            distribution_lists::event_id.asc(),
            distribution_lists::number.asc(),
        ))
        .select(ListRow::as_select())
        .load(conn)
}

pub fn rows_of(conn: &mut DbConnection, list_id: i64) -> QueryResult<Vec<RowRow>> {
    distribution_rows::table
        .filter(distribution_rows::list_id.eq(list_id))
        .order(distribution_rows::id.asc())
        .select(RowRow::as_select())
        .load(conn)
}

pub fn find_row(conn: &mut DbConnection, list_id: i64, row_id: i64) -> QueryResult<Option<RowRow>> {
    distribution_rows::table
        .filter(distribution_rows::id.eq(row_id))
        .filter(distribution_rows::list_id.eq(list_id))
        .select(RowRow::as_select())
        .first(conn)
        .optional()
}

pub fn items_of_row(conn: &mut DbConnection, row_id: i64) -> QueryResult<Vec<RowItem>> {
    distribution_row_items::table
        .filter(distribution_row_items::row_id.eq(row_id))
        .order(distribution_row_items::item_id.asc())
        .select(RowItem::as_select())
        .load(conn)
}

pub fn items_of(conn: &mut DbConnection, list_id: i64) -> QueryResult<Vec<RowItem>> {
    distribution_row_items::table
        .inner_join(
            distribution_rows::table.on(distribution_rows::id.eq(distribution_row_items::row_id)),
        )
        .filter(distribution_rows::list_id.eq(list_id))
        .order((
            distribution_row_items::row_id.asc(),
            distribution_row_items::item_id.asc(),
        ))
        .select(RowItem::as_select())
        .load(conn)
}

/// The list's row lock shared, for issuing and undoing one row: issues of
/// one list run side by side (the warehouse's lock orders their stock
/// movements, the row's compare-and-set their rows), yet none runs while
/// the list is approved or closed under [`lock_list`], and a close waits
/// for the issues under way. On SQLite the write lock already orders
/// everything.
pub fn share_list(conn: &mut DbConnection, id: i64) -> QueryResult<()> {
    match conn {
        DbConnection::Pg(pg) => distribution_lists::table
            .filter(distribution_lists::id.eq(id))
            .select(distribution_lists::id)
            .for_share()
            .load::<i64>(pg)
            .map(drop),
        DbConnection::Sqlite(_) => Ok(()),
    }
}

/// Moves a list from `expected` to `next`; 0 when it was not in `expected`.
/// Takes the list's row lock for the rest of the transaction, before its
/// state is read: approving, issuing a row and closing then run one after
/// another on a list, never on a state another has just changed. The update
/// locks the row on PostgreSQL; SQLite's write lock already is one.
pub fn lock_list(conn: &mut DbConnection, id: i64) -> QueryResult<usize> {
    diesel::update(distribution_lists::table.filter(distribution_lists::id.eq(id)))
        .set(distribution_lists::status.eq(distribution_lists::status))
        .execute(conn)
}

/// Moves a list by `action`; 0 when it no longer is in the status the
/// action starts from. Each status stamps its own moment.
pub fn set_list_status(
    conn: &mut DbConnection,
    id: i64,
    action: ListAction,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    let (expected, next) = action.from_to();
    let target = distribution_lists::table
        .filter(distribution_lists::id.eq(id))
        .filter(distribution_lists::status.eq(expected));
    match next {
        ListStatus::Draft => diesel::update(target)
            .set(distribution_lists::status.eq(next))
            .execute(conn),
        ListStatus::Approved => diesel::update(target)
            .set((
                distribution_lists::status.eq(next),
                distribution_lists::approved_at.eq(Some(at)),
            ))
            .execute(conn),
        ListStatus::Closed => diesel::update(target)
            .set((
                distribution_lists::status.eq(next),
                distribution_lists::closed_at.eq(Some(at)),
            ))
            .execute(conn),
    }
}

/// Whether any list of the event was ever approved (norms are fixed then).
pub fn any_approved(conn: &mut DbConnection, event_id: i64) -> QueryResult<bool> {
    let count: i64 = distribution_lists::table
        .filter(distribution_lists::event_id.eq(event_id))
        .filter(distribution_lists::status.ne(ListStatus::Draft))
        .count()
        .get_result(conn)?;
    Ok(count > 0)
}

pub struct Issue<'a> {
    pub at: NaiveDateTime,
    pub by: i64,
    pub received_by: &'a str,
    pub proxy_full_name: Option<&'a str>,
    pub proxy_document: Option<&'a str>,
    pub power_of_attorney_number: Option<&'a str>,
}

/// Marks a pending row issued; 0 when it was not pending. The condition in
/// the UPDATE is what makes a row issued at most once.
pub fn issue_row(conn: &mut DbConnection, row_id: i64, issue: &Issue<'_>) -> QueryResult<usize> {
    let (from, to) = RowAction::Issue.from_to();
    diesel::update(
        distribution_rows::table
            .filter(distribution_rows::id.eq(row_id))
            .filter(distribution_rows::status.eq(from)),
    )
    .set((
        distribution_rows::status.eq(to),
        distribution_rows::issued_at.eq(Some(issue.at)),
        distribution_rows::issued_by.eq(Some(issue.by)),
        distribution_rows::received_by.eq(Some(issue.received_by)),
        distribution_rows::proxy_full_name.eq(issue.proxy_full_name),
        distribution_rows::proxy_document.eq(issue.proxy_document),
        distribution_rows::power_of_attorney_number.eq(issue.power_of_attorney_number),
    ))
    .execute(conn)
}

pub fn unissue_row(conn: &mut DbConnection, row_id: i64) -> QueryResult<usize> {
    let (from, to) = RowAction::UndoIssue.from_to();
    diesel::update(
        distribution_rows::table
            .filter(distribution_rows::id.eq(row_id))
            .filter(distribution_rows::status.eq(from)),
    )
    .set((
        distribution_rows::status.eq(to),
        distribution_rows::issued_at.eq(None::<NaiveDateTime>),
        distribution_rows::issued_by.eq(None::<i64>),
        distribution_rows::received_by.eq(None::<String>),
        distribution_rows::proxy_full_name.eq(None::<String>),
        distribution_rows::proxy_document.eq(None::<String>),
        distribution_rows::power_of_attorney_number.eq(None::<String>),
    ))
    .execute(conn)
}

pub fn mark_not_collected(conn: &mut DbConnection, list_id: i64) -> QueryResult<usize> {
    let (from, to) = RowAction::CloseUncollected.from_to();
    diesel::update(
        distribution_rows::table
            .filter(distribution_rows::list_id.eq(list_id))
            .filter(distribution_rows::status.eq(from)),
    )
    .set(distribution_rows::status.eq(to))
    .execute(conn)
}

/// The application's latest row on a list that was approved (and may since
/// have closed): where its household collects, or collected, its aid.
pub fn row_of_application(
    conn: &mut DbConnection,
    application_id: i64,
) -> QueryResult<Option<(ListRow, RowRow)>> {
    distribution_rows::table
        .inner_join(
            distribution_lists::table.on(distribution_lists::id.eq(distribution_rows::list_id)),
        )
        .filter(distribution_rows::application_id.eq(application_id))
        .filter(distribution_lists::status.eq_any([ListStatus::Approved, ListStatus::Closed]))
        .order(distribution_lists::id.desc())
        .select((ListRow::as_select(), RowRow::as_select()))
        .first(conn)
        .optional()
}
