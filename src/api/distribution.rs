//! Distribution lists (ведомости) and issuing aid against them.

use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::ValidJson;
use super::idempotency::request_key;
use crate::auth::policy::{AdminOnly, AidStaff, StaffOnly, WarehouseStaff};
use crate::auth::Authed;
use crate::commands::distribution::parse_issue;
use crate::commands::distribution::CreateListRequest;
use crate::commands::distribution::IssueInput;
use crate::commands::distribution::UndoIssueInput;
use crate::domain::distribution::ListStatus;
use crate::domain::{clock, text};
use crate::error::{AppError, ErrorBody};
use crate::service::audit::Actor;
use crate::service::distribution::{self};
use crate::service::repeat_safe;
use crate::state::AppState;
use crate::views::distribution::{ListSummary, ListView, RowView};

#[utoipa::path(
    post, path = "/api/v1/distribution-lists", tag = "aid",
    request_body = CreateListRequest,
    responses(
        (status = 201, body = ListView),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, description = "no norms, nobody to list, or an application not listable", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn create_list(
    state: web::Data<AppState>,
    officer: Authed<StaffOnly>,
    body: ValidJson<CreateListRequest>,
) -> Result<HttpResponse, AppError> {
    let new = body.into_inner()?.into_new_list()?;
    let actor = Actor::user(officer.id, clock::now());
    let full = state
        .db(move |conn| distribution::create(conn, actor, &new))
        .await?;
    Ok(HttpResponse::Created().json(ListView::from(full)))
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    pub event_id: Option<i64>,
    pub warehouse_id: Option<i64>,
    pub status: Option<ListStatus>,
}

#[utoipa::path(
    get, path = "/api/v1/distribution-lists", tag = "aid",
    params(ListQuery),
    responses(
        (status = 200, description = "Warehouse staff see their warehouse's lists only", body = Vec<ListSummary>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn list_lists(
    state: web::Data<AppState>,
    user: Authed<AidStaff>,
    query: web::Query<ListQuery>,
) -> Result<web::Json<Vec<ListSummary>>, AppError> {
    let (query, user) = (query.into_inner(), user.user);
    let rows = state
        .db(move |conn| {
            distribution::list(
                conn,
                &user,
                query.event_id,
                query.warehouse_id,
                query.status,
            )
        })
        .await?;
    Ok(web::Json(rows.into_iter().map(ListSummary::from).collect()))
}

#[utoipa::path(
    get, path = "/api/v1/distribution-lists/{id}", tag = "aid",
    params(("id" = i64, Path, description = "List id")),
    responses(
        (status = 200, body = ListView),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, description = "Unknown, or another warehouse's", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn get_list(
    state: web::Data<AppState>,
    user: Authed<AidStaff>,
    path: web::Path<i64>,
) -> Result<web::Json<ListView>, AppError> {
    let (id, user) = (path.into_inner(), user.user);
    let full = state
        .db(move |conn| distribution::get(conn, &user, id))
        .await?;
    Ok(web::Json(full.into()))
}

#[utoipa::path(
    post, path = "/api/v1/distribution-lists/{id}/approve", tag = "aid",
    params(("id" = i64, Path, description = "List id")),
    responses(
        (status = 200, description = "Approved; the stock is reserved", body = ListView),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "insufficient_stock with the missing kilograms per item, or invalid_state", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn approve_list(
    state: web::Data<AppState>,
    officer: Authed<StaffOnly>,
    path: web::Path<i64>,
) -> Result<web::Json<ListView>, AppError> {
    let (id, actor) = (path.into_inner(), Actor::user(officer.id, clock::now()));
    let full = state
        .db(move |conn| distribution::approve(conn, actor, id))
        .await?;
    Ok(web::Json(full.into()))
}

#[utoipa::path(
    post, path = "/api/v1/distribution-lists/{id}/close", tag = "aid",
    params(("id" = i64, Path, description = "List id")),
    responses(
        (status = 200, description = "Closed; rows not issued are not_collected", body = ListView),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn close_list(
    state: web::Data<AppState>,
    officer: Authed<StaffOnly>,
    path: web::Path<i64>,
) -> Result<web::Json<ListView>, AppError> {
    let (id, actor) = (path.into_inner(), Actor::user(officer.id, clock::now()));
    let full = state
        .db(move |conn| distribution::close(conn, actor, id))
        .await?;
    Ok(web::Json(full.into()))
}

#[utoipa::path(
    post, path = "/api/v1/distribution-lists/{id}/rows/{row_id}/issue", tag = "aid",
    params(("id" = i64, Path, description = "List id"), ("row_id" = i64, Path, description = "Row id"), ("Idempotency-Key" = Option<String>, Header, description = "Repeat-safe: the same key and body again issue nothing and answer the row with 200")),
    request_body = IssueInput,
    responses(
        (status = 200, description = "The row, issued", body = RowView),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "already_issued (when and by whom), the list is not approved, or the Idempotency-Key reused for another request", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn issue_row(
    state: web::Data<AppState>,
    user: Authed<WarehouseStaff>,
    path: web::Path<(i64, i64)>,
    req: HttpRequest,
    body: ValidJson<IssueInput>,
) -> Result<web::Json<RowView>, AppError> {
    let body = body.into_inner()?;
    let key = request_key(&req, &body)?;
    let request = parse_issue(body, user.role)?;
    let operation = format!("{} {}", req.method(), req.path());
    let ((list_id, row_id), actor, user) = (
        path.into_inner(),
        Actor::user(user.id, clock::now()),
        user.user,
    );
    let done = state
        .db(move |conn| {
            repeat_safe::once(
                conn,
                user.id,
                &operation,
                key.as_ref(),
                actor.at,
                |conn| distribution::issue(conn, &user, actor, list_id, row_id, &request),
                |conn| distribution::row(conn, &user, list_id, row_id),
            )
        })
        .await?;
    Ok(web::Json(done.into_inner().into()))
}

#[utoipa::path(
    post, path = "/api/v1/distribution-lists/{id}/rows/{row_id}/undo-issue", tag = "aid",
    params(("id" = i64, Path, description = "List id"), ("row_id" = i64, Path, description = "Row id")),
    request_body = UndoIssueInput,
    responses(
        (status = 200, description = "The row, pending again", body = RowView),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn undo_issue(
    state: web::Data<AppState>,
    admin: Authed<AdminOnly>,
    path: web::Path<(i64, i64)>,
    body: ValidJson<UndoIssueInput>,
) -> Result<web::Json<RowView>, AppError> {
    let reason = text::required(&body.into_inner()?.reason, 1000)
        .map_err(|e| AppError::invalid_field(&["reason"], e))?;
    let ((list_id, row_id), actor) = (path.into_inner(), Actor::user(admin.id, clock::now()));
    let full = state
        .db(move |conn| distribution::undo_issue(conn, actor, list_id, row_id, &reason))
        .await?;
    Ok(web::Json(full.into()))
}
