//! Aid applications: filing, reading, amending, withdrawing, extending the
//! deadline and the audit history.

use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;
use validator::Validate;

use super::extract::ValidJson;
use super::idempotency::request_key;
use super::pagination::{PageQuery, Paginated};
use crate::actions::filing::filing;
use crate::auth::policy::{FilersAndStaff, StaffOnly};
use crate::auth::{Authed, Principal};
use crate::commands::application::ExtendRequest;
use crate::commands::application::WithdrawRequest;
use crate::commands::application::{ApplicationInput, ApplicationPatchInput, MemberInput};
use crate::domain::application::{ApplicationStatus, Channel};
use crate::domain::clock;
use crate::error::{AppError, ErrorBody};
use crate::service::applications::{self, ListQuery};
use crate::state::AppState;
use crate::views::application::{ApplicationView, Detail, HistoryEntry};

/// What a request about application `id` asks, parsed. A body refused by
/// its rules is answered 404 instead when the caller may not see the
/// application, so a resident learns nothing of someone else's from a
/// validation error; a body that parses costs no extra read.
async fn parse_about<T, C>(
    state: &AppState,
    user: &Principal,
    id: i64,
    body: ValidJson<T>,
    parse: impl FnOnce(T) -> Result<C, AppError>,
) -> Result<C, AppError> {
    match body.into_inner().and_then(parse) {
        Ok(command) => Ok(command),
        Err(refused) => {
            let user = user.clone();
            state
                .db(move |conn| applications::check_visible(conn, &user, id))
                .await?;
            Err(refused)
        }
    }
}

fn full_view(application: applications::Application) -> Result<ApplicationView, AppError> {
    ApplicationView::build(application, Detail::Full)
}

#[utoipa::path(
    post, path = "/api/v1/applications", tag = "applications",
    request_body = ApplicationInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Repeat-safe filing: the same key and body return the first result")),
    responses(
        (status = 201, description = "Registered", body = ApplicationView),
        (status = 200, description = "The same key and body again: the first result", body = ApplicationView),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, description = "intake_closed, or the key reused with another body", body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 429, description = "Too many filings from this address; see Retry-After", body = ErrorBody),
        (status = 503, description = "The filing queue is full; nothing was filed, retry after Retry-After", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn create_application(
    state: web::Data<AppState>,
    user: Authed<FilersAndStaff>,
    req: HttpRequest,
    body: ValidJson<ApplicationInput>,
) -> Result<HttpResponse, AppError> {
    let input = body.into_inner()?;
    let now = clock::now();
    let idempotency = request_key(&req, &input)?.map(|k| (k.key, k.request_hash));
    let filing = filing(&input, now.date(), idempotency)?;
    let user = user.user;
    let application = state.file(user, filing, now).await?;
    // A repeat returns the application registered earlier.
    let status = if application.row.registered_at == now {
        actix_web::http::StatusCode::CREATED
    } else {
        actix_web::http::StatusCode::OK
    };
    Ok(HttpResponse::build(status).json(full_view(application)?))
}

#[utoipa::path(
    get, path = "/api/v1/applications/{id}", tag = "applications",
    params(("id" = i64, Path, description = "Application id")),
    responses(
        (status = 200, body = ApplicationView),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, description = "Unknown, or another resident's", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn get_application(
    state: web::Data<AppState>,
    user: Authed<FilersAndStaff>,
    path: web::Path<i64>,
) -> Result<web::Json<ApplicationView>, AppError> {
    let (id, user) = (path.into_inner(), user.user);
    let application = state
        .db(move |conn| applications::get(conn, &user, id, clock::now()))
        .await?;
    Ok(web::Json(full_view(application)?))
}

#[derive(Debug, Clone, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ApplicationListQuery {
    pub event_id: Option<i64>,
    pub status: Option<ApplicationStatus>,
    pub channel: Option<Channel>,
    /// Past the answer date and not yet answered.
    pub overdue: Option<bool>,
    /// A registration number or part of any member's name.
    #[validate(length(max = 200, message = "Не более 200 символов"))]
    pub q: Option<String>,
    /// Only applications with (true) or without (false) an open duplicate.
    pub has_open_duplicates: Option<bool>,
    /// Only applications whose pending inspection is scheduled before this date.
    pub inspection_due_before: Option<chrono::NaiveDate>,
    #[param(minimum = 1)]
    pub page: Option<i64>,
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<i64>,
}

#[utoipa::path(
    get, path = "/api/v1/applications", tag = "applications",
    params(ApplicationListQuery),
    responses(
        (status = 200, description = "Sorted by registration number; members without documents", body = Paginated<ApplicationView>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn list_applications(
    state: web::Data<AppState>,
    user: Authed<FilersAndStaff>,
    query: web::Query<ApplicationListQuery>,
) -> Result<web::Json<Paginated<ApplicationView>>, AppError> {
    let query = query.into_inner();
    query.validate()?;
    let page = PageQuery {
        page: query.page,
        per_page: query.per_page,
    }
    .resolve()?;
    let list = ListQuery {
        event_id: query.event_id,
        status: query.status,
        channel: query.channel,
        overdue: query.overdue.unwrap_or(false),
        q: query.q,
        has_open_duplicates: query.has_open_duplicates,
        inspection_due_before: query.inspection_due_before,
        awaiting_by_due: false,
    };
    let user = user.user;
    let (items, total) = state
        .db(move |conn| {
            applications::list(
                conn,
                &user,
                &list,
                page.offset(),
                page.per_page,
                clock::now(),
            )
        })
        .await?;
    let items = items
        .into_iter()
        .map(|a| ApplicationView::build(a, Detail::List))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(web::Json(page.wrap(items, total)))
}

#[utoipa::path(
    patch, path = "/api/v1/applications/{id}", tag = "applications",
    params(("id" = i64, Path, description = "Application id")),
    request_body = ApplicationPatchInput,
    responses(
        (status = 200, body = ApplicationView),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "invalid_state: no longer `submitted`", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn update_application(
    state: web::Data<AppState>,
    user: Authed<FilersAndStaff>,
    path: web::Path<i64>,
    body: ValidJson<ApplicationPatchInput>,
) -> Result<web::Json<ApplicationView>, AppError> {
    let (id, user) = (path.into_inner(), user.user);
    let changes = parse_about(&state, &user, id, body, |b| {
        b.parse().map_err(AppError::invalid)
    })
    .await?;
    let application = state
        .db(move |conn| applications::amend(conn, &user, id, changes, clock::now()))
        .await?;
    Ok(web::Json(full_view(application)?))
}

#[utoipa::path(
    post, path = "/api/v1/applications/{id}/members", tag = "applications",
    params(("id" = i64, Path, description = "Application id")),
    request_body = MemberInput,
    responses(
        (status = 201, body = ApplicationView),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn add_member(
    state: web::Data<AppState>,
    user: Authed<FilersAndStaff>,
    path: web::Path<i64>,
    body: ValidJson<MemberInput>,
) -> Result<HttpResponse, AppError> {
    let now = clock::now();
    let (id, user) = (path.into_inner(), user.user);
    let member = parse_about(&state, &user, id, body, |b| {
        b.parse_alone(now.date()).map_err(AppError::invalid)
    })
    .await?;
    let application = state
        .db(move |conn| applications::add_member(conn, &user, id, &member, now))
        .await?;
    Ok(HttpResponse::Created().json(full_view(application)?))
}

#[utoipa::path(
    delete, path = "/api/v1/applications/{id}/members/{member_id}", tag = "applications",
    params(("id" = i64, Path, description = "Application id"), ("member_id" = i64, Path, description = "Member id")),
    responses(
        (status = 200, body = ApplicationView),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "invalid_state, or the applicant", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn remove_member(
    state: web::Data<AppState>,
    user: Authed<FilersAndStaff>,
    path: web::Path<(i64, i64)>,
) -> Result<web::Json<ApplicationView>, AppError> {
    let ((id, member_id), user) = (path.into_inner(), user.user);
    let application = state
        .db(move |conn| applications::remove_member(conn, &user, id, member_id, clock::now()))
        .await?;
    Ok(web::Json(full_view(application)?))
}

#[utoipa::path(
    post, path = "/api/v1/applications/{id}/withdraw", tag = "applications",
    params(("id" = i64, Path, description = "Application id")),
    request_body = WithdrawRequest,
    responses(
        (status = 200, body = ApplicationView),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "invalid_state: already decided or withdrawn", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn withdraw_application(
    state: web::Data<AppState>,
    user: Authed<FilersAndStaff>,
    path: web::Path<i64>,
    body: ValidJson<WithdrawRequest>,
) -> Result<web::Json<ApplicationView>, AppError> {
    let (id, user) = (path.into_inner(), user.user);
    let reason = parse_about(&state, &user, id, body, WithdrawRequest::parse).await?;
    let application = state
        .db(move |conn| applications::withdraw(conn, &user, id, reason, clock::now()))
        .await?;
    Ok(web::Json(full_view(application)?))
}

#[utoipa::path(
    post, path = "/api/v1/applications/{id}/extend", tag = "applications",
    params(("id" = i64, Path, description = "Application id")),
    request_body = ExtendRequest,
    responses(
        (status = 200, body = ApplicationView),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "already_extended, or answered", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn extend_application(
    state: web::Data<AppState>,
    officer: Authed<StaffOnly>,
    path: web::Path<i64>,
    body: ValidJson<ExtendRequest>,
) -> Result<web::Json<ApplicationView>, AppError> {
    let (days, reason) = body.into_inner()?.parse()?;
    let (id, user) = (path.into_inner(), officer.user);
    let application = state
        .db(move |conn| applications::extend(conn, &user, id, days, &reason, clock::now()))
        .await?;
    Ok(web::Json(full_view(application)?))
}

#[utoipa::path(
    get, path = "/api/v1/applications/{id}/history", tag = "applications",
    params(("id" = i64, Path, description = "Application id")),
    responses(
        (status = 200, body = Vec<HistoryEntry>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn application_history(
    state: web::Data<AppState>,
    user: Authed<FilersAndStaff>,
    path: web::Path<i64>,
) -> Result<web::Json<Vec<HistoryEntry>>, AppError> {
    let (id, user) = (path.into_inner(), user.user);
    let rows = state
        .db(move |conn| applications::history(conn, &user, id, clock::now()))
        .await?;
    Ok(web::Json(
        rows.into_iter().map(HistoryEntry::from).collect(),
    ))
}
