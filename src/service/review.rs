//! The commission's work on an application before its decision: requesting
//! documents and on-site inspections (the decision is in `decision`).

use chrono::{NaiveDate, NaiveDateTime};
use serde_json::json;

use super::applications::{get, invalid_state, load, transition, Application};
use super::audit::Actor;
use crate::db::inspections::{self, InspectionResult, InspectionRow, NewInspection};
use crate::db::{applications, write_transaction, DbConnection};
use crate::domain::application::{ApplicationStatus, Transition};
use crate::domain::principal::Principal;
use crate::domain::review::{FoundLoss, InspectionOutcome, InspectionStatus};
use crate::domain::FieldError;
use crate::error::{AppError, FieldErrors};

pub fn request_documents(
    conn: &mut DbConnection,
    user: &Principal,
    id: i64,
    note: &str,
    now: NaiveDateTime,
) -> Result<Application, AppError> {
    write_transaction(conn, |conn| {
        let application = get(conn, user, id, now)?;
        let details = json!({ "note": { "before": null, "after": note } });
        transition(
            conn,
            Actor::user(user.id, now),
            &application,
            Transition::RequestDocuments,
            "application.documents_requested",
            details,
        )?;
        applications::set_status_note(conn, id, Some(note))?;
        load(conn, id, now)
    })
}

fn latest_inspection(application: &Application) -> Option<&InspectionRow> {
    application.inspections.last()
}

/// Schedules the first inspection, or a new one after an inspection that
/// could not take place.
pub fn schedule_inspection(
    conn: &mut DbConnection,
    user: &Principal,
    id: i64,
    scheduled_on: NaiveDate,
    inspectors: &[String],
    now: NaiveDateTime,
) -> Result<Application, AppError> {
    write_transaction(conn, |conn| {
        let application = get(conn, user, id, now)?;
        if let Some(latest) = latest_inspection(&application) {
            if latest.outcome.is_none() {
                return Err(AppError::conflict(
                    "inspection_pending",
                    "Предыдущее обследование ещё не проведено",
                ));
            }
        }
        let inspectors_json = serde_json::to_string(inspectors).map_err(AppError::internal)?;
        let inspection_id = inspections::insert(
            conn,
            &NewInspection {
                application_id: id,
                event_id: application.row.event_id,
                scheduled_on,
                inspectors: &inspectors_json,
                created_at: now,
            },
        )?;
        let details = json!({
            "inspection_id": { "before": null, "after": inspection_id },
            "scheduled_on": { "before": null, "after": scheduled_on },
        });
        transition(
            conn,
            Actor::user(user.id, now),
            &application,
            Transition::ScheduleInspection,
            "inspection.scheduled",
            details,
        )?;
        load(conn, id, now)
    })
}

/// The act written on site.
#[derive(Debug, Clone)]
pub struct InspectionAct {
    pub act_number: String,
    pub inspected_on: NaiveDate,
    pub outcome: InspectionOutcome,
    /// Checked against the outcome by `review::found_loss`.
    pub loss_extent_found: Option<FoundLoss>,
    pub lost_area_m2: Option<i64>,
    pub present_persons: Option<String>,
    pub notes: Option<String>,
    /// Required when the inspection was not possible.
    pub rescheduled_on: Option<NaiveDate>,
}

pub fn record_inspection(
    conn: &mut DbConnection,
    user: &Principal,
    inspection_id: i64,
    act: &InspectionAct,
    now: NaiveDateTime,
) -> Result<Application, AppError> {
    write_transaction(conn, |conn| {
        let inspection = inspections::find(conn, inspection_id)?.ok_or(AppError::NotFound)?;
        let application = get(conn, user, inspection.application_id, now)?;
        let status = application.status();
        if status != ApplicationStatus::InspectionScheduled {
            return Err(invalid_state(&application.row));
        }
        let already = || {
            AppError::conflict(
                "inspection_recorded",
                "Результат этого обследования уже внесён",
            )
        };
        InspectionStatus::of(inspection.outcome)
            .record()
            .ok_or_else(already)?;
        let result = InspectionResult {
            act_number: Some(act.act_number.clone()),
            inspected_on: Some(act.inspected_on),
            outcome: Some(act.outcome),
            loss_extent_found: act.loss_extent_found,
            lost_area_m2: act.lost_area_m2,
            present_persons: act.present_persons.clone(),
            notes: act.notes.clone(),
            recorded_at: Some(now),
        };
        let updated = inspections::record_result(conn, inspection_id, &result).map_err(|e| {
            match AppError::from(e) {
                AppError::Conflict { .. } => AppError::Conflict {
                    code: "conflict",
                    message: "Акт с таким номером уже есть в этом событии".into(),
                    fields: FieldErrors::single(
                        &["act_number"],
                        FieldError::new(
                            "act_number_taken",
                            "Акт с таким номером уже есть в этом событии",
                        ),
                    ),
                },
                other => other,
            }
        })?;
        if updated == 0 {
            return Err(already());
        }
        let actor = Actor::user(user.id, now);
        let details = json!({
            "inspection_id": { "before": null, "after": inspection_id },
            "act_number": { "before": null, "after": act.act_number },
            "outcome": { "before": null, "after": act.outcome.as_str() },
            "loss_extent_found": { "before": null, "after": act.loss_extent_found.map(|l| l.as_str()) },
        });
        match (act.outcome, act.rescheduled_on) {
            (InspectionOutcome::NotPossible, Some(new_date)) => {
                let inspectors_json = inspection.inspectors.clone();
                let next_id = inspections::insert(
                    conn,
                    &NewInspection {
                        application_id: application.row.id,
                        event_id: application.row.event_id,
                        scheduled_on: new_date,
                        inspectors: &inspectors_json,
                        created_at: now,
                    },
                )?;
                let mut details = details;
                details["next_inspection_id"] = json!({ "before": null, "after": next_id });
                details["scheduled_on"] =
                    json!({ "before": inspection.scheduled_on, "after": new_date });
                transition(
                    conn,
                    actor,
                    &application,
                    Transition::ScheduleInspection,
                    "inspection.not_possible",
                    details,
                )?;
            }
            (InspectionOutcome::NotPossible, None) => {
                return Err(AppError::invalid_field(
                    &["rescheduled_on"],
                    FieldError::new("required", "Обследование не состоялось: укажите новую дату"),
                ));
            }
            (InspectionOutcome::LossConfirmed | InspectionOutcome::LossNotConfirmed, _) => {
                transition(
                    conn,
                    actor,
                    &application,
                    Transition::RecordInspection,
                    "inspection.recorded",
                    details,
                )?;
            }
        }
        load(conn, application.row.id, now)
    })
}

/// `record_inspection`, for an inspection reached through an application's
/// page: it must belong to that application, checked before anything is
/// written.
pub fn record_inspection_of(
    conn: &mut DbConnection,
    user: &Principal,
    application_id: i64,
    inspection_id: i64,
    act: &InspectionAct,
    now: NaiveDateTime,
) -> Result<Application, AppError> {
    let inspection = inspections::find(conn, inspection_id)?;
    if inspection.is_none_or(|i| i.application_id != application_id) {
        return Err(AppError::NotFound);
    }
    record_inspection(conn, user, inspection_id, act, now)
}
