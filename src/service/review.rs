//! The commission's work on an application: requesting documents, on-site
//! inspections and the per-member decision.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::Connection;
use serde_json::json;

use std::collections::HashSet;

use super::applications::{get, invalid_state, load, load_many, transition, Application};
use super::audit::Actor;
use crate::auth::CurrentUser;
use crate::db::decisions::{self, NewDecision};
use crate::db::events::EventRow;
use crate::db::inspections::{self, InspectionResult, InspectionRow, NewInspection};
use crate::db::members::MemberRow;
use crate::db::{applications, events, write_transaction, DbConnection};
use crate::domain::application::{ApplicationStatus, LossExtent, Transition};
use crate::domain::event::{local_date, parse_utc_offset_minutes};
use crate::domain::review::{
    check_decision, recognition_key, ApplicationOutcome, DecisionFacts, DocumentId,
    InspectionOutcome, MemberDecision, MemberOutcome, RecognitionRules, RefusalReason,
};
use crate::domain::FieldError;
use crate::error::{AppError, FieldErrors};

pub fn request_documents(
    conn: &mut DbConnection,
    user: &CurrentUser,
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

fn outcome_of(row: &InspectionRow) -> Result<Option<InspectionOutcome>, AppError> {
    row.outcome
        .as_deref()
        .map(|o| {
            InspectionOutcome::from_stored(o)
                .ok_or_else(|| AppError::internal(format!("unknown inspection outcome {o}")))
        })
        .transpose()
}

/// Schedules the first inspection, or a new one after an inspection that
/// could not take place.
pub fn schedule_inspection(
    conn: &mut DbConnection,
    user: &CurrentUser,
    id: i64,
    scheduled_on: NaiveDate,
    inspectors: &[String],
    now: NaiveDateTime,
) -> Result<Application, AppError> {
    write_transaction(conn, |conn| {
        let application = get(conn, user, id, now)?;
        if let Some(latest) = latest_inspection(&application) {
            if outcome_of(latest)?.is_none() {
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
    pub lost_area_m2: Option<i64>,
    pub present_persons: Option<String>,
    pub notes: Option<String>,
    /// Required when the inspection was not possible.
    pub rescheduled_on: Option<NaiveDate>,
}

pub fn record_inspection(
    conn: &mut DbConnection,
    user: &CurrentUser,
    inspection_id: i64,
    act: &InspectionAct,
    now: NaiveDateTime,
) -> Result<Application, AppError> {
    write_transaction(conn, |conn| {
        let inspection = inspections::find(conn, inspection_id)?.ok_or(AppError::NotFound)?;
        let application = get(conn, user, inspection.application_id, now)?;
        let status = application.status()?;
        if status != ApplicationStatus::InspectionScheduled {
            return Err(invalid_state(status));
        }
        let result = InspectionResult {
            act_number: Some(act.act_number.clone()),
            inspected_on: Some(act.inspected_on),
            outcome: Some(act.outcome.as_str().to_owned()),
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
            return Err(AppError::conflict(
                "inspection_recorded",
                "Результат этого обследования уже внесён",
            ));
        }
        let actor = Actor::user(user.id, now);
        let details = json!({
            "inspection_id": { "before": null, "after": inspection_id },
            "act_number": { "before": null, "after": act.act_number },
            "outcome": { "before": null, "after": act.outcome.as_str() },
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

pub struct Decision {
    pub protocol_number: String,
    pub decided_on: NaiveDate,
    pub members: Vec<MemberDecision>,
}

fn rules_of(event: &EventRow) -> RecognitionRules {
    RecognitionRules {
        require_registration: event.require_registration,
        require_full_loss: event.require_full_loss,
    }
}

/// The identity a recognition is unique by (see `recognition_key`).
fn member_key(member: &MemberRow) -> String {
    let document = match (&member.document_series, &member.document_number) {
        (Some(series), Some(number)) => Some(DocumentId {
            kind: &member.document_type,
            series,
            number,
        }),
        _ => None,
    };
    recognition_key(
        member.snils.as_deref(),
        document,
        &member.match_key,
        member.birth_date,
    )
}

/// The outcome of the latest inspection that has one.
fn inspection_outcome(application: &Application) -> Result<InspectionOutcome, AppError> {
    application
        .inspections
        .iter()
        .rev()
        .find_map(|row| outcome_of(row).transpose())
        .transpose()?
        .ok_or_else(|| {
            AppError::conflict(
                "inspection_required",
                "Решение принимается после обследования участка",
            )
        })
}

/// Decides on every member at once. The database's unique recognition key
/// keeps one person from being recognised in two applications, even when
/// both are decided at the same moment.
pub fn decide(
    conn: &mut DbConnection,
    user: &CurrentUser,
    id: i64,
    decision: &Decision,
    now: NaiveDateTime,
) -> Result<Application, AppError> {
    write_transaction(conn, |conn| {
        let application = get(conn, user, id, now)?;
        let event = events::find(conn, application.row.event_id)?.ok_or(AppError::NotFound)?;
        apply_decision(
            conn,
            Actor::user(user.id, now),
            &application,
            rules_of(&event),
            decision,
            Clash::NameTheOther,
        )?;
        load(conn, id, now)
    })
}

/// What to do when a recognition clashes with one made elsewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Clash {
    /// Find and name the other application (costs a savepoint per row).
    NameTheOther,
    /// Just fail; the bulk decision has checked the keys beforehand.
    Fail,
}

/// Checks and writes one application's decision inside the caller's
/// transaction; shared by the single and the bulk decision.
fn apply_decision(
    conn: &mut DbConnection,
    actor: Actor,
    application: &Application,
    rules: RecognitionRules,
    decision: &Decision,
    clash: Clash,
) -> Result<ApplicationOutcome, AppError> {
    let status = application.status()?;
    if status != ApplicationStatus::Inspected {
        return Err(invalid_state(status));
    }
    let inspection = inspection_outcome(application)?;
    let loss_extent = LossExtent::from_stored(&application.row.loss_extent)
        .ok_or_else(|| AppError::internal("unknown loss extent stored"))?;

    // Every member exactly once.
    let mut covered: Vec<i64> = decision.members.iter().map(|d| d.member_id).collect();
    covered.sort_unstable();
    let mut expected: Vec<i64> = application.members.iter().map(|m| m.id).collect();
    expected.sort_unstable();
    if covered != expected {
        return Err(AppError::invalid_field(
            &["members"],
            FieldError::new(
                "members_not_covered",
                "Решение должно касаться каждого члена семьи ровно один раз",
            ),
        ));
    }
    let member_of = |id: i64| {
        application
            .members
            .iter()
            .find(|m| m.id == id)
            .ok_or(AppError::NotFound)
    };
    let mut errors = FieldErrors::new();
    for (index, member_decision) in decision.members.iter().enumerate() {
        let facts = DecisionFacts {
            inspection,
            loss_extent,
            registered_at_property: member_of(member_decision.member_id)?.registered_at_property,
        };
        if let Err(error) = check_decision(member_decision, facts, rules) {
            errors.add(&["members", &index.to_string()], error);
        }
    }
    if !errors.is_empty() {
        return Err(AppError::invalid(errors));
    }

    let (id, event_id) = (application.row.id, application.row.event_id);
    let mut outcomes = Vec::with_capacity(decision.members.len());
    for (index, member_decision) in decision.members.iter().enumerate() {
        let member = member_of(member_decision.member_id)?;
        let key = match member_decision.outcome {
            MemberOutcome::Recognized => Some(member_key(member)),
            MemberOutcome::Refused => None,
        };
        let row = NewDecision {
            member_id: member.id,
            application_id: id,
            event_id,
            outcome: member_decision.outcome.as_str(),
            reason: member_decision.reason.map(|r| r.as_str()),
            comment: member_decision.comment.as_deref(),
            recognition_key: key.as_deref(),
            protocol_number: &decision.protocol_number,
            decided_on: decision.decided_on,
            created_at: actor.at,
        };
        let inserted = match clash {
            // A savepoint, so that a clash leaves the transaction usable to
            // find out which application already has this person.
            Clash::NameTheOther => conn.transaction(|conn| decisions::insert(conn, &row)),
            Clash::Fail => decisions::insert(conn, &row),
        };
        if let Err(error) = inserted {
            return Err(match (AppError::from(error), key, clash) {
                (AppError::Conflict { .. }, Some(key), Clash::NameTheOther) => {
                    let other = decisions::recognized_in(conn, event_id, &key)?.unwrap_or_default();
                    already_recognized(index, &other)
                }
                (AppError::Conflict { .. }, Some(_), Clash::Fail) => already_recognized(index, "—"),
                (other, _, _) => other,
            });
        }
        outcomes.push(member_decision.outcome);
    }
    let outcome = ApplicationOutcome::derive(&outcomes);
    decisions::set_application_outcome(
        conn,
        id,
        outcome.as_str(),
        &decision.protocol_number,
        decision.decided_on,
    )?;
    let details = json!({
        "outcome": { "before": null, "after": outcome.as_str() },
        "protocol_number": { "before": null, "after": decision.protocol_number },
        "members": { "before": null, "after": decision.members.iter().map(|d| json!({
            "member_id": d.member_id,
            "outcome": d.outcome.as_str(),
            "reason": d.reason.map(|r| r.as_str()),
            "comment": d.comment,
        })).collect::<Vec<_>>() },
    });
    transition(
        conn,
        actor,
        application,
        Transition::Decide,
        "application.decided",
        details,
    )?;
    Ok(outcome)
}

/// What happened to one application of a bulk decision.
#[derive(Debug)]
pub struct BulkResult {
    pub application_id: i64,
    pub result: Result<ApplicationOutcome, AppError>,
}

/// Applications decided per transaction: few enough to keep each short,
/// many enough that 10,000 applications need only 50 commits.
const BULK_CHUNK: usize = 200;

/// Decides many inspected applications of an event: each member who passes
/// the event's rules is recognised, the others refused with the rule's
/// reason (a person already recognised elsewhere: `duplicate`). Each
/// application is decided in its own savepoint, so one that fails leaves
/// the others decided.
pub fn decide_bulk(
    conn: &mut DbConnection,
    user: &CurrentUser,
    event_id: i64,
    protocol_number: &str,
    decided_on: NaiveDate,
    application_ids: &[i64],
    now: NaiveDateTime,
) -> Result<Vec<BulkResult>, AppError> {
    let event = events::find(conn, event_id)?.ok_or(AppError::NotFound)?;
    let rules = rules_of(&event);
    let actor = Actor::user(user.id, now);
    let offset = parse_utc_offset_minutes(event.utc_offset_minutes).map_err(AppError::internal)?;
    let today = local_date(now, offset);
    let mut results = Vec::with_capacity(application_ids.len());
    for chunk in application_ids.chunks(BULK_CHUNK) {
        let chunk_results = write_transaction(conn, |conn| {
            // The chunk's applications, and who of their people is already
            // recognised, in a few queries rather than several per application.
            let loaded = load_many(conn, chunk, today)?;
            let keys: Vec<String> = loaded
                .iter()
                .flat_map(|a| a.members.iter().map(member_key))
                .collect();
            let mut recognized: HashSet<String> =
                decisions::recognized_keys(conn, event_id, &keys)?
                    .into_iter()
                    .collect();
            let mut chunk_results = Vec::with_capacity(chunk.len());
            for &id in chunk {
                let result = match loaded
                    .iter()
                    .find(|a| a.row.id == id && a.row.event_id == event_id)
                {
                    None => Err(AppError::NotFound),
                    Some(application) => conn.transaction(|conn| {
                        decide_by_rules(
                            conn,
                            actor,
                            application,
                            rules,
                            &recognized,
                            protocol_number,
                            decided_on,
                        )
                    }),
                };
                let result = result.map(|(outcome, keys)| {
                    recognized.extend(keys);
                    outcome
                });
                chunk_results.push(BulkResult {
                    application_id: id,
                    result,
                });
            }
            Ok::<_, AppError>(chunk_results)
        })?;
        results.extend(chunk_results);
    }
    Ok(results)
}

/// What the rules decide for each member of `application`, given who is
/// already recognised.
fn rule_decisions(
    application: &Application,
    rules: RecognitionRules,
    recognized: &HashSet<String>,
) -> Result<Vec<MemberDecision>, AppError> {
    let loss_extent = LossExtent::from_stored(&application.row.loss_extent)
        .ok_or_else(|| AppError::internal("unknown loss extent stored"))?;
    Ok(application
        .members
        .iter()
        .map(|member| {
            let refusal = if rules.require_registration && !member.registered_at_property {
                Some(RefusalReason::NotRegisteredAtProperty)
            } else if rules.require_full_loss && loss_extent == LossExtent::Partial {
                Some(RefusalReason::HarvestNotFullyLost)
            } else if recognized.contains(&member_key(member)) {
                Some(RefusalReason::Duplicate)
            } else {
                None
            };
            MemberDecision {
                member_id: member.id,
                outcome: match refusal {
                    Some(_) => MemberOutcome::Refused,
                    None => MemberOutcome::Recognized,
                },
                reason: refusal,
                comment: None,
            }
        })
        .collect())
}

fn decide_by_rules(
    conn: &mut DbConnection,
    actor: Actor,
    application: &Application,
    rules: RecognitionRules,
    recognized: &HashSet<String>,
    protocol_number: &str,
    decided_on: NaiveDate,
) -> Result<(ApplicationOutcome, Vec<String>), AppError> {
    if application.status()? == ApplicationStatus::Inspected
        && inspection_outcome(application)? != InspectionOutcome::LossConfirmed
    {
        return Err(AppError::conflict(
            "inspection_not_confirmed",
            "Обследование не подтвердило утрату урожая: решите заявление отдельно",
        ));
    }
    let decision = Decision {
        protocol_number: protocol_number.to_owned(),
        decided_on,
        members: rule_decisions(application, rules, recognized)?,
    };
    let outcome = apply_decision(conn, actor, application, rules, &decision, Clash::Fail)?;
    let keys = application
        .members
        .iter()
        .zip(&decision.members)
        .filter(|(_, d)| d.outcome == MemberOutcome::Recognized)
        .map(|(member, _)| member_key(member))
        .collect();
    Ok((outcome, keys))
}

fn already_recognized(index: usize, other_registration_number: &str) -> AppError {
    let message =
        format!("Этот человек уже признан пострадавшим по заявлению {other_registration_number}");
    AppError::Conflict {
        code: "already_recognized",
        message: message.clone(),
        fields: FieldErrors::single(
            &["members", &index.to_string()],
            FieldError::new("already_recognized", message),
        ),
    }
}
