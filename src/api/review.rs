//! The commission's endpoints: documents requested, inspections and their
//! acts, and the per-member decision. Officers and administrators only.

use actix_web::web;

use super::extract::ValidJson;
use crate::actions::review::run_bulk;
use crate::auth::policy::StaffOnly;
use crate::auth::Authed;
use crate::commands::review::BulkDecisionInput;
use crate::commands::review::DecisionInput;
use crate::commands::review::InspectionResultInput;
use crate::commands::review::RequestDocumentsInput;
use crate::commands::review::ScheduleInspectionInput;
use crate::domain::clock;
use crate::error::{AppError, ErrorBody};
use crate::service::decision::{self};
use crate::service::review::{self};
use crate::state::AppState;
use crate::views::application::{ApplicationView, Detail};
use crate::views::bulk::BulkDecisionView;

fn respond(
    application: crate::service::applications::Application,
) -> Result<web::Json<ApplicationView>, AppError> {
    Ok(web::Json(ApplicationView::build(
        application,
        Detail::Full,
    )?))
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
    let note = body.into_inner()?.parse()?;
    let (id, user) = (path.into_inner(), officer.user);
    let application = state
        .db(move |conn| review::request_documents(conn, &user, id, &note, clock::now()))
        .await?;
    respond(application)
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
