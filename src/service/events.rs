use chrono::NaiveDate;
use serde_json::json;

use super::audit::{self, Actor, Subject};
use crate::db::events::{self, EventChanges, EventRow, NewEvent};
use crate::db::{write_transaction, DbConnection};
use crate::domain::event::IntakeWindow;
use crate::domain::FieldError;
use crate::error::{AppError, FieldErrors};

#[derive(Debug, Clone)]
pub struct EventDraft {
    pub code: String,
    pub title: String,
    pub municipality: String,
    pub emergency_declared_on: NaiveDate,
    pub window: IntakeWindow,
    pub utc_offset_minutes: i32,
    pub require_registration: bool,
    pub require_residence: bool,
    pub require_full_loss: bool,
    pub child_age_limit: i32,
}

/// A partial change; the window is re-checked against the stored dates.
#[derive(Debug, Clone, Default)]
pub struct EventPatch {
    pub title: Option<String>,
    pub municipality: Option<String>,
    pub emergency_declared_on: Option<NaiveDate>,
    pub intake_opens_on: Option<NaiveDate>,
    pub intake_closes_on: Option<NaiveDate>,
    pub utc_offset_minutes: Option<i32>,
    pub require_registration: Option<bool>,
    pub require_residence: Option<bool>,
    pub require_full_loss: Option<bool>,
    pub child_age_limit: Option<i32>,
}

fn snapshot(row: &EventRow) -> serde_json::Value {
    json!({
        "code": row.code,
        "title": row.title,
        "municipality": row.municipality,
        "emergency_declared_on": row.emergency_declared_on,
        "intake_opens_on": row.intake_opens_on,
        "intake_closes_on": row.intake_closes_on,
        "utc_offset_minutes": row.utc_offset_minutes,
        "require_registration": row.require_registration,
        "require_residence": row.require_residence,
        "require_full_loss": row.require_full_loss,
        "child_age_limit": row.child_age_limit,
    })
}

fn subject(id: i64) -> Subject<'static> {
    Subject {
        entity: "event",
        entity_id: id,
        application_id: None,
    }
}

pub fn create(
    conn: &mut DbConnection,
    actor: Actor,
    draft: &EventDraft,
) -> Result<EventRow, AppError> {
    write_transaction(conn, |conn| {
        let id = events::insert(
            conn,
            &NewEvent {
                code: &draft.code,
                title: &draft.title,
                municipality: &draft.municipality,
                emergency_declared_on: draft.emergency_declared_on,
                intake_opens_on: draft.window.opens_on,
                intake_closes_on: draft.window.closes_on,
                utc_offset_minutes: draft.utc_offset_minutes,
                created_at: actor.at,
                updated_at: actor.at,
                require_registration: draft.require_registration,
                require_residence: draft.require_residence,
                require_full_loss: draft.require_full_loss,
                child_age_limit: draft.child_age_limit,
            },
        )
        .map_err(|e| match AppError::from(e) {
            AppError::Conflict { .. } => AppError::Conflict {
                code: "conflict",
                message: "Событие с таким кодом уже есть".into(),
                fields: FieldErrors::single(
                    &["code"],
                    FieldError::new("code_taken", "Событие с таким кодом уже есть"),
                ),
            },
            other => other,
        })?;
        let row = events::find(conn, id)?.ok_or(AppError::NotFound)?;
        audit::record(
            conn,
            actor,
            "event.created",
            subject(id),
            audit::diff(&json!({}), &snapshot(&row)),
        )?;
        Ok(row)
    })
}

/// The municipality's own date at `now` and the event's intake window:
/// residents may file only while the window holds that date.
pub fn intake_on(
    event: &EventRow,
    now: chrono::NaiveDateTime,
) -> Result<(NaiveDate, IntakeWindow), AppError> {
    let offset = crate::domain::event::parse_utc_offset_minutes(event.utc_offset_minutes)
        .map_err(AppError::internal)?;
    let today = crate::domain::event::local_date(now, offset);
    let window = IntakeWindow::new(event.intake_opens_on, event.intake_closes_on)
        .map_err(AppError::internal)?;
    Ok((today, window))
}

pub fn get(conn: &mut DbConnection, id: i64) -> Result<EventRow, AppError> {
    events::find(conn, id)?.ok_or(AppError::NotFound)
}

pub fn list(conn: &mut DbConnection) -> Result<Vec<EventRow>, AppError> {
    Ok(events::all(conn)?)
}

pub fn update(
    conn: &mut DbConnection,
    actor: Actor,
    id: i64,
    patch: EventPatch,
) -> Result<EventRow, AppError> {
    write_transaction(conn, |conn| {
        let before = events::find(conn, id)?.ok_or(AppError::NotFound)?;
        IntakeWindow::new(
            patch.intake_opens_on.unwrap_or(before.intake_opens_on),
            patch.intake_closes_on.unwrap_or(before.intake_closes_on),
        )
        .map_err(|e| AppError::invalid_field(&["intake_closes_on"], e))?;
        events::update(
            conn,
            id,
            &EventChanges {
                title: patch.title,
                municipality: patch.municipality,
                emergency_declared_on: patch.emergency_declared_on,
                intake_opens_on: patch.intake_opens_on,
                intake_closes_on: patch.intake_closes_on,
                utc_offset_minutes: patch.utc_offset_minutes,
                updated_at: Some(actor.at),
                require_registration: patch.require_registration,
                require_residence: patch.require_residence,
                require_full_loss: patch.require_full_loss,
                child_age_limit: patch.child_age_limit,
            },
        )?;
        let after = events::find(conn, id)?.ok_or(AppError::NotFound)?;
        audit::record(
            conn,
            actor,
            "event.updated",
            subject(id),
            audit::diff(&snapshot(&before), &snapshot(&after)),
        )?;
        Ok(after)
    })
}
