//! The printed documents as PDF downloads. The data is read on the pool's
//! connection, then drawn on actix's blocking pool without holding one.

use actix_web::{web, HttpResponse};

use crate::actions::papers::decision_pdf;
use crate::actions::papers::pdf;
use crate::actions::papers::receipt_pdf;
use crate::actions::papers::sheet_pdf;
use crate::auth::policy::{AidStaff, FilersAndStaff, StaffOnly};
use crate::auth::Authed;
use crate::error::{AppError, ErrorBody};
use crate::service::documents::{self};
use crate::state::AppState;

#[utoipa::path(
    get, path = "/api/v1/applications/{id}/receipt.pdf", tag = "documents",
    params(("id" = i64, Path, description = "Application id")),
    responses(
        (status = 200, description = "Acknowledgment receipt (расписка), PDF", content_type = "application/pdf"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, description = "Unknown, or another resident's", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn receipt(
    state: web::Data<AppState>,
    user: Authed<FilersAndStaff>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    receipt_pdf(&state, user.user, path.into_inner()).await
}

#[utoipa::path(
    get, path = "/api/v1/applications/{id}/decision.pdf", tag = "documents",
    params(("id" = i64, Path, description = "Application id")),
    responses(
        (status = 200, description = "Decision notice (уведомление), PDF", content_type = "application/pdf"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, description = "Unknown, or another resident's", body = ErrorBody),
        (status = 409, description = "invalid_state: not decided yet", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn decision(
    state: web::Data<AppState>,
    user: Authed<FilersAndStaff>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    decision_pdf(&state, user.user, path.into_inner()).await
}

#[utoipa::path(
    get, path = "/api/v1/distribution-lists/{id}/sheet.pdf", tag = "documents",
    params(("id" = i64, Path, description = "List id")),
    responses(
        (status = 200, description = "Distribution sheet (ведомость выдачи), landscape PDF", content_type = "application/pdf"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, description = "Unknown, or another warehouse's", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn sheet(
    state: web::Data<AppState>,
    user: Authed<AidStaff>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    sheet_pdf(&state, user.user, path.into_inner()).await
}

#[utoipa::path(
    get, path = "/api/v1/events/{id}/victims.pdf", tag = "documents",
    params(("id" = i64, Path, description = "Event id")),
    responses(
        (status = 200, description = "List of recognised victims for the head's approval, PDF", content_type = "application/pdf"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn victims(
    state: web::Data<AppState>,
    _officer: Authed<StaffOnly>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let list = state.db(move |conn| documents::victims(conn, id)).await?;
    pdf(list, |l| l.render()).await
}
