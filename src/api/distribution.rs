//! Distribution lists (ведомости) and issuing aid against them.

use crate::text_schema;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::extract::ValidJson;
use super::idempotency::request_key;
use crate::auth::policy::{AdminOnly, AidStaff, StaffOnly, WarehouseStaff};
use crate::auth::Authed;
use crate::domain::distribution::ListStatus;
use crate::domain::role::Role;
use crate::domain::{clock, text, FieldError, FieldErrors};
use crate::error::{AppError, ErrorBody};
use crate::service::audit::Actor;
use crate::service::distribution::{self, IssueRequest, NewList};
use crate::service::repeat_safe;
use crate::state::AppState;
use crate::views::distribution::{ListSummary, ListView, RowView};

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct CreateListRequest {
    pub event_id: i64,
    pub warehouse_id: i64,
    pub pickup_from: NaiveDate,
    pub pickup_until: NaiveDate,
    /// Without it: every application with recognised people not on a list.
    pub application_ids: Option<Vec<i64>>,
    /// At most this many rows (default 500).
    #[schema(minimum = 1, maximum = 10_000)]
    pub max_rows: Option<usize>,
}

const DEFAULT_MAX_ROWS: usize = 500;
/// A printed sheet of 10,000 rows is some 250 pages: more is never one
/// day's distribution at one warehouse.
const MAX_LIST_ROWS: usize = 10_000;

impl CreateListRequest {
    pub fn into_new_list(self) -> Result<NewList, AppError> {
        if self.pickup_until < self.pickup_from {
            return Err(AppError::invalid_field(
                &["pickup_until"],
                FieldError::new(
                    "window_inverted",
                    "Выдача не может закончиться раньше, чем начнётся",
                ),
            ));
        }
        let max_rows = self.max_rows.unwrap_or(DEFAULT_MAX_ROWS);
        if !(1..=MAX_LIST_ROWS).contains(&max_rows) {
            return Err(AppError::invalid_field(
                &["max_rows"],
                FieldError::new("invalid_count", "От 1 до 10 000 строк"),
            ));
        }
        if self
            .application_ids
            .as_ref()
            .is_some_and(|ids| ids.len() > MAX_LIST_ROWS)
        {
            return Err(AppError::invalid_field(
                &["application_ids"],
                FieldError::new("too_many", "Не более 10 000 заявлений в одной ведомости"),
            ));
        }
        Ok(NewList {
            event_id: self.event_id,
            warehouse_id: self.warehouse_id,
            pickup_from: self.pickup_from,
            pickup_until: self.pickup_until,
            application_ids: self.application_ids,
            max_rows,
        })
    }
}

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

#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
pub struct IssueInput {
    /// `recipient` or `proxy`.
    #[schema(example = "proxy")]
    pub received_by: String,
    /// Required for a proxy, as are the document and the power of attorney.
    #[schema(schema_with = text_schema::present::<300>)]
    pub proxy_full_name: Option<String>,
    #[schema(schema_with = text_schema::present::<300>)]
    pub proxy_document: Option<String>,
    #[schema(schema_with = text_schema::present::<300>)]
    pub power_of_attorney_number: Option<String>,
    /// The server's clock by default. Only an administrator may give an
    /// earlier moment (a paper issue entered later), with `backdate_reason`.
    pub issued_at: Option<DateTime<Utc>>,
    #[schema(schema_with = text_schema::present::<1000>)]
    pub backdate_reason: Option<String>,
}

/// The issue as asked; `role` decides whether a given `issued_at` is
/// allowed, since a keeper's own clock must not date the ledger.
pub fn parse_issue(body: IssueInput, role: Role) -> Result<IssueRequest, AppError> {
    let mut errors = FieldErrors::new();
    let now = clock::now();
    let backdated = match (body.issued_at, role) {
        (None, _) => None,
        (Some(_), Role::Warehouse | Role::Officer | Role::Resident) => {
            errors.add(
                &["issued_at"],
                FieldError::new(
                    "not_allowed",
                    "Время выдачи ставит сервер; задним числом — только администратор",
                ),
            );
            None
        }
        (Some(at), Role::Admin) => {
            let at = clock::truncate(at).naive_utc();
            if at > now {
                errors.add(
                    &["issued_at"],
                    FieldError::new("in_future", "Время выдачи не может быть в будущем"),
                );
            }
            match body
                .backdate_reason
                .as_deref()
                .map(|r| text::required(r, 1000))
            {
                Some(Ok(reason)) => Some((at, reason)),
                Some(Err(e)) => {
                    errors.add(&["backdate_reason"], e);
                    None
                }
                None => {
                    errors.add(
                        &["backdate_reason"],
                        FieldError::new(
                            "required",
                            "Укажите, почему выдача вносится задним числом",
                        ),
                    );
                    None
                }
            }
        }
    };
    let proxy = match body.received_by.as_str() {
        "recipient" => false,
        "proxy" => true,
        _ => {
            errors.add(
                &["received_by"],
                FieldError::new("invalid_choice", "recipient или proxy"),
            );
            false
        }
    };
    let mut field = |name: &'static str, value: Option<&str>| -> Option<String> {
        match (proxy, value.map(str::trim).filter(|v| !v.is_empty())) {
            (true, None) => {
                errors.add(
                    &[name],
                    FieldError::new("required", "Обязательно при выдаче доверенному лицу"),
                );
                None
            }
            (_, Some(v)) => errors.take(&[name], text::required(v, 300)),
            (false, None) => None,
        }
    };
    let proxy_full_name = field("proxy_full_name", body.proxy_full_name.as_deref());
    let proxy_document = field("proxy_document", body.proxy_document.as_deref());
    let power_of_attorney_number = field(
        "power_of_attorney_number",
        body.power_of_attorney_number.as_deref(),
    );
    if !errors.is_empty() {
        return Err(AppError::invalid(errors));
    }
    let (issued_at, backdate_reason) = match backdated {
        Some((at, reason)) => (at, Some(reason)),
        None => (now, None),
    };
    Ok(IssueRequest {
        backdate_reason,
        received_by: body.received_by,
        proxy_full_name: proxy.then_some(proxy_full_name).flatten(),
        proxy_document: proxy.then_some(proxy_document).flatten(),
        power_of_attorney_number: proxy.then_some(power_of_attorney_number).flatten(),
        issued_at,
    })
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

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct UndoIssueInput {
    #[schema(schema_with = text_schema::required::<1000>)]
    pub reason: String,
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
