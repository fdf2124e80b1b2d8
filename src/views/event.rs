//! An emergency event as the API and the pages show it, times in UTC.

use crate::db::events::EventRow;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct EventView {
    pub id: i64,
    #[schema(example = "BLG2020")]
    pub code: String,
    pub title: String,
    pub municipality: String,
    pub emergency_declared_on: NaiveDate,
    pub intake_opens_on: NaiveDate,
    pub intake_closes_on: NaiveDate,
    /// The municipality's offset from UTC; dates above are on its calendar.
    pub utc_offset_minutes: i32,
    /// Recognise only members registered at the flooded address.
    pub require_registration: bool,
    /// Recognise only members who permanently live at the flooded address.
    pub require_residence: bool,
    /// Recognise only when the harvest was lost in full.
    pub require_full_loss: bool,
    /// Under this age on the emergency date, the child norm applies.
    pub child_age_limit: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<EventRow> for EventView {
    fn from(row: EventRow) -> Self {
        Self {
            id: row.id,
            code: row.code,
            title: row.title,
            municipality: row.municipality,
            emergency_declared_on: row.emergency_declared_on,
            intake_opens_on: row.intake_opens_on,
            intake_closes_on: row.intake_closes_on,
            utc_offset_minutes: row.utc_offset_minutes,
            require_registration: row.require_registration,
            require_residence: row.require_residence,
            require_full_loss: row.require_full_loss,
            child_age_limit: row.child_age_limit,
            created_at: row.created_at.and_utc(),
            updated_at: row.updated_at.and_utc(),
        }
    }
}
