use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::inspections;
use super::DbConnection;
use crate::domain::review::{FoundLoss, InspectionOutcome};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = inspections)]
pub struct InspectionRow {
    pub id: i64,
    pub application_id: i64,
    pub event_id: i64,
    pub scheduled_on: NaiveDate,
    pub inspectors: String,
    pub act_number: Option<String>,
    pub inspected_on: Option<NaiveDate>,
    pub outcome: Option<InspectionOutcome>,
    pub lost_area_m2: Option<i64>,
    pub present_persons: Option<String>,
    pub notes: Option<String>,
    pub created_at: NaiveDateTime,
    pub recorded_at: Option<NaiveDateTime>,
    pub loss_extent_found: Option<FoundLoss>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = inspections)]
pub struct NewInspection<'a> {
    pub application_id: i64,
    pub event_id: i64,
    pub scheduled_on: NaiveDate,
    pub inspectors: &'a str,
    pub created_at: NaiveDateTime,
}

/// The act written on site.
#[derive(Debug, AsChangeset)]
#[diesel(table_name = inspections)]
pub struct InspectionResult {
    pub act_number: Option<String>,
    pub inspected_on: Option<NaiveDate>,
    pub outcome: Option<InspectionOutcome>,
    pub lost_area_m2: Option<i64>,
    pub present_persons: Option<String>,
    pub notes: Option<String>,
    pub recorded_at: Option<NaiveDateTime>,
    pub loss_extent_found: Option<FoundLoss>,
}

pub fn insert(conn: &mut DbConnection, row: &NewInspection<'_>) -> QueryResult<i64> {
    diesel::insert_into(inspections::table)
        .values(row)
        .returning(inspections::id)
        .get_result(conn)
}

pub fn find(conn: &mut DbConnection, id: i64) -> QueryResult<Option<InspectionRow>> {
    inspections::table
        .find(id)
        .select(InspectionRow::as_select())
        .first(conn)
        .optional()
}

pub fn for_application(
    conn: &mut DbConnection,
    application_id: i64,
) -> QueryResult<Vec<InspectionRow>> {
    inspections::table
        .filter(inspections::application_id.eq(application_id))
        .order(inspections::id.asc())
        .select(InspectionRow::as_select())
        .load(conn)
}

pub fn for_applications(
    conn: &mut DbConnection,
    application_ids: &[i64],
) -> QueryResult<Vec<InspectionRow>> {
    inspections::table
        .filter(inspections::application_id.eq_any(application_ids))
        .order(inspections::id.asc())
        .select(InspectionRow::as_select())
        .load(conn)
}

/// Records the result only on an inspection that has none yet.
pub fn record_result(
    conn: &mut DbConnection,
    id: i64,
    result: &InspectionResult,
) -> QueryResult<usize> {
    diesel::update(
        inspections::table
            .filter(inspections::id.eq(id))
            .filter(inspections::outcome.is_null()),
    )
    .set(result)
    .execute(conn)
}
