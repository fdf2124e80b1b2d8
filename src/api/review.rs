//! The commission's endpoints: documents requested, inspections and their
//! acts, and the per-member decision. Officers and administrators only.

use crate::text_schema;
use actix_web::web;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use super::extract::ValidJson;
use crate::auth::policy::StaffOnly;
use crate::auth::{Authed, Principal};
use crate::domain::quantity::SOTKI;
use crate::domain::review::{
    found_loss, ApplicationOutcome, FoundLoss, InspectionOutcome, MemberDecision, MemberOutcome,
    RefusalReason,
};
use crate::domain::{clock, text, FieldError, FieldErrors};
use crate::error::{AppError, ErrorBody};
use crate::service::decision::{self, Decision};
use crate::service::review::{self, InspectionAct};
use crate::state::AppState;
use crate::views::application::{ApplicationView, Detail};

fn respond(
    application: crate::service::applications::Application,
) -> Result<web::Json<ApplicationView>, AppError> {
    Ok(web::Json(ApplicationView::build(
        application,
        Detail::Full,
    )?))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct RequestDocumentsInput {
    /// What is missing, for the filer.
    #[schema(schema_with = text_schema::required::<2000>)]
    pub note: String,
}

#[utoipa::path(
    post, path = "/api/v1/applications/{id}/request-documents", tag = "review",
    params(("id" = i64, Path, description = "Application id")),
    request_body = RequestDocumentsInput,
    responses(
        (status = 200, description = "Now `incomplete`; the filer's next change resubmits it", body = ApplicationView),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "invalid_state", body = ErrorBody), (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn request_documents(
    state: web::Data<AppState>,
    officer: Authed<StaffOnly>,
    path: web::Path<i64>,
    body: ValidJson<RequestDocumentsInput>,
) -> Result<web::Json<ApplicationView>, AppError> {
    let note = text::required(&body.into_inner()?.note, 2000)
        .map_err(|e| AppError::invalid_field(&["note"], e))?;
    let (id, user) = (path.into_inner(), officer.user);
    let application = state
        .db(move |conn| review::request_documents(conn, &user, id, &note, clock::now()))
        .await?;
    respond(application)
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct ScheduleInspectionInput {
    pub scheduled_on: NaiveDate,
    /// The commission: usually two people.
    #[schema(schema_with = text_schema::required_items::<200, 1, 10>)]
    pub inspectors: Vec<String>,
}

impl ScheduleInspectionInput {
    /// The commission's names, each checked, or every broken one at its index.
    pub fn inspectors(&self) -> Result<Vec<String>, AppError> {
        if self.inspectors.is_empty() || self.inspectors.len() > 10 {
            return Err(AppError::invalid_field(
                &["inspectors"],
                FieldError::new("inspector_count", "Укажите от 1 до 10 членов комиссии"),
            ));
        }
        let mut errors = FieldErrors::new();
        let inspectors: Vec<String> = self
            .inspectors
            .iter()
            .enumerate()
            .filter_map(|(i, name)| {
                errors.take(&["inspectors", &i.to_string()], text::required(name, 200))
            })
            .collect();
        if errors.is_empty() {
            Ok(inspectors)
        } else {
            Err(AppError::invalid(errors))
        }
    }
}

#[utoipa::path(
    post, path = "/api/v1/applications/{id}/inspections", tag = "review",
    params(("id" = i64, Path, description = "Application id")),
    request_body = ScheduleInspectionInput,
    responses(
        (status = 200, description = "Now `inspection_scheduled`", body = ApplicationView),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "invalid_state, or an inspection is still pending", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn schedule_inspection(
    state: web::Data<AppState>,
    officer: Authed<StaffOnly>,
    path: web::Path<i64>,
    body: ValidJson<ScheduleInspectionInput>,
) -> Result<web::Json<ApplicationView>, AppError> {
    let body = body.into_inner()?;
    let inspectors = body.inspectors()?;
    let (id, user, scheduled_on) = (path.into_inner(), officer.user, body.scheduled_on);
    let application = state
        .db(move |conn| {
            review::schedule_inspection(conn, &user, id, scheduled_on, &inspectors, clock::now())
        })
        .await?;
    respond(application)
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct InspectionResultInput {
    /// Unique within the event.
    #[schema(schema_with = text_schema::required::<50>)]
    pub act_number: String,
    pub inspected_on: NaiveDate,
    pub outcome: InspectionOutcome,
    /// What the commission found lost: `full` or `partial`, required when
    /// the loss is confirmed; `none` (the default) when it is not; absent
    /// when the inspection was not possible. `require_full_loss` reads
    /// this, not the extent the applicant declared.
    pub loss_extent_found: Option<FoundLoss>,
    #[schema(value_type = Option<String>, example = "6.5")]
    pub lost_area_sotka: Option<Decimal>,
    #[schema(schema_with = text_schema::optional::<1000>)]
    pub present_persons: Option<String>,
    #[schema(schema_with = text_schema::optional::<4000>)]
    pub notes: Option<String>,
    /// The new date, required when the outcome is `not_possible`.
    pub rescheduled_on: Option<NaiveDate>,
}

impl InspectionResultInput {
    pub fn into_act(self) -> Result<InspectionAct, AppError> {
        let mut errors = FieldErrors::new();
        let act_number = errors.take(&["act_number"], text::required(&self.act_number, 50));
        let lost_area_m2 = match self.lost_area_sotka {
            Some(area) if area.is_sign_negative() => {
                errors.add(
                    &["lost_area_sotka"],
                    FieldError::new("negative_area", "Площадь не может быть отрицательной"),
                );
                None
            }
            Some(area) => errors.take(&["lost_area_sotka"], SOTKI.to_minor(area)),
            None => None,
        };
        let present_persons = errors.take(
            &["present_persons"],
            text::optional(self.present_persons.as_deref(), 1000),
        );
        let notes = errors.take(&["notes"], text::optional(self.notes.as_deref(), 4000));
        let loss_extent_found = errors.take(
            &["loss_extent_found"],
            found_loss(self.outcome, self.loss_extent_found),
        );
        let (Some(act_number), Some(present_persons), Some(notes), Some(loss_extent_found), true) = (
            act_number,
            present_persons,
            notes,
            loss_extent_found,
            errors.is_empty(),
        ) else {
            return Err(AppError::invalid(errors));
        };
        Ok(InspectionAct {
            act_number,
            inspected_on: self.inspected_on,
            outcome: self.outcome,
            loss_extent_found,
            lost_area_m2,
            present_persons,
            notes,
            rescheduled_on: self.rescheduled_on,
        })
    }
}

#[utoipa::path(
    post, path = "/api/v1/inspections/{id}/result", tag = "review",
    params(("id" = i64, Path, description = "Inspection id")),
    request_body = InspectionResultInput,
    responses(
        (status = 200, description = "`inspected`, or still `inspection_scheduled` with a new date", body = ApplicationView),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "invalid_state, result already recorded, or act number taken", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn record_inspection(
    state: web::Data<AppState>,
    officer: Authed<StaffOnly>,
    path: web::Path<i64>,
    body: ValidJson<InspectionResultInput>,
) -> Result<web::Json<ApplicationView>, AppError> {
    let act = body.into_inner()?.into_act()?;
    let (id, user) = (path.into_inner(), officer.user);
    let application = state
        .db(move |conn| review::record_inspection(conn, &user, id, &act, clock::now()))
        .await?;
    respond(application)
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct MemberDecisionInput {
    pub member_id: i64,
    pub outcome: MemberOutcome,
    /// Required when refused.
    pub reason: Option<RefusalReason>,
    /// Required with reason `other`.
    #[schema(schema_with = text_schema::optional::<2000>)]
    pub comment: Option<String>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct DecisionInput {
    #[schema(schema_with = text_schema::required::<50>)]
    pub protocol_number: String,
    pub decided_on: NaiveDate,
    /// One entry for every member of the application.
    pub members: Vec<MemberDecisionInput>,
}

impl DecisionInput {
    pub fn into_decision(self) -> Result<Decision, AppError> {
        let mut errors = FieldErrors::new();
        let protocol_number = errors.take(
            &["protocol_number"],
            text::required(&self.protocol_number, 50),
        );
        let members: Vec<MemberDecision> = self
            .members
            .iter()
            .enumerate()
            .map(|(i, m)| MemberDecision {
                member_id: m.member_id,
                outcome: m.outcome,
                reason: m.reason,
                comment: errors
                    .take(
                        &["members", &i.to_string(), "comment"],
                        text::optional(m.comment.as_deref(), 2000),
                    )
                    .flatten(),
            })
            .collect();
        let Some(protocol_number) = protocol_number.filter(|_| errors.is_empty()) else {
            return Err(AppError::invalid(errors));
        };
        Ok(Decision {
            protocol_number,
            decided_on: self.decided_on,
            members,
        })
    }
}

#[utoipa::path(
    post, path = "/api/v1/applications/{id}/decision", tag = "review",
    params(("id" = i64, Path, description = "Application id")),
    request_body = DecisionInput,
    responses(
        (status = 200, description = "`decided`, with the derived outcome", body = ApplicationView),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "invalid_state (e.g. decided already); already_recognized: the person (by SNILS, document or a confirmed match) is recognised in another application, or a confirmed property match gave the plot to another application (identifier plot), named in fields.members.<i> with the identifier's kind; open_duplicates: an open duplicate match (a property match holds every member of both applications) holds a member, listed in fields.members.<i>.matches", body = ErrorBody),
        (status = 422, description = "A rule broken; the code names it (e.g. require_registration)", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn decide(
    state: web::Data<AppState>,
    officer: Authed<StaffOnly>,
    path: web::Path<i64>,
    body: ValidJson<DecisionInput>,
) -> Result<web::Json<ApplicationView>, AppError> {
    let decision = body.into_inner()?.into_decision()?;
    let (id, user) = (path.into_inner(), officer.user);
    let application = state
        .db(move |conn| decision::decide(conn, &user, id, &decision, clock::now()))
        .await?;
    respond(application)
}

/// The most applications one bulk call takes: 10,000 ids, even of 20
/// characters each, fit in the JSON body limit, so a list the schema
/// allows is never refused as too large.
const MAX_BULK: usize = 10_000;

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct BulkDecisionInput {
    #[schema(schema_with = text_schema::required::<50>)]
    pub protocol_number: String,
    pub decided_on: NaiveDate,
    /// Inspected applications of this event with a confirmed loss.
    #[schema(min_items = 1, max_items = 10_000)]
    pub application_ids: Vec<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BulkError {
    pub code: String,
    pub message: String,
    /// As in an error body: on `open_duplicates`, per member, the matches
    /// that hold it; on `already_recognized`, the other application.
    #[schema(value_type = Object)]
    pub fields: serde_json::Value,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BulkItem {
    pub application_id: i64,
    /// Set when the application was decided.
    pub outcome: Option<ApplicationOutcome>,
    /// Set when it was not; the others are decided all the same.
    pub error: Option<BulkError>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BulkDecisionView {
    pub decided: usize,
    pub failed: usize,
    pub results: Vec<BulkItem>,
}

#[utoipa::path(
    post, path = "/api/v1/events/{id}/decisions/bulk", tag = "review",
    params(("id" = i64, Path, description = "Event id")),
    request_body = BulkDecisionInput,
    responses(
        (status = 200, description = "Per-application results; an application with a member held by an open duplicate match fails with open_duplicates and the matches in error.fields", body = BulkDecisionView),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn decide_bulk(
    state: web::Data<AppState>,
    officer: Authed<StaffOnly>,
    path: web::Path<i64>,
    body: ValidJson<BulkDecisionInput>,
) -> Result<web::Json<BulkDecisionView>, AppError> {
    let view = run_bulk(&state, officer.user, path.into_inner(), body.into_inner()?).await?;
    Ok(web::Json(view))
}

/// Decides the listed applications of an event, each on its own: the API
/// and the web page both answer with this summary.
pub async fn run_bulk(
    state: &AppState,
    user: Principal,
    event_id: i64,
    body: BulkDecisionInput,
) -> Result<BulkDecisionView, AppError> {
    let protocol_number = text::required(&body.protocol_number, 50)
        .map_err(|e| AppError::invalid_field(&["protocol_number"], e))?;
    if body.application_ids.is_empty() || body.application_ids.len() > MAX_BULK {
        return Err(AppError::invalid_field(
            &["application_ids"],
            FieldError::new("invalid_count", "От 1 до 10 000 заявлений за один раз"),
        ));
    }
    let mut ids = body.application_ids;
    ids.sort_unstable();
    ids.dedup();
    let decided_on = body.decided_on;
    let results = state
        .db(move |conn| {
            decision::decide_bulk(
                conn,
                &user,
                event_id,
                &protocol_number,
                decided_on,
                &ids,
                clock::now(),
            )
        })
        .await?;
    let results: Vec<BulkItem> = results
        .into_iter()
        .map(|r| match r.result {
            Ok(outcome) => BulkItem {
                application_id: r.application_id,
                outcome: Some(outcome),
                error: None,
            },
            Err(error) => BulkItem {
                application_id: r.application_id,
                outcome: None,
                error: Some(BulkError {
                    code: error.code().to_owned(),
                    message: error.message(),
                    fields: error.fields(),
                }),
            },
        })
        .collect();
    let decided = results.iter().filter(|r| r.outcome.is_some()).count();
    Ok(BulkDecisionView {
        decided,
        failed: results.len() - decided,
        results,
    })
}
