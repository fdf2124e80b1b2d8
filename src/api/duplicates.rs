//! People claimed twice in an event, for officers to confirm or dismiss.

use actix_web::web;
use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::ValidJson;
use super::pagination::{PageQuery, Paginated};
use crate::auth::policy::StaffOnly;
use crate::auth::Authed;
use crate::commands::duplicates::ResolveInput;
use crate::domain::clock;
use crate::domain::duplicates::MatchStatus;
use crate::error::{AppError, ErrorBody};
use crate::service::duplicates::{self};
use crate::state::AppState;
use crate::views::duplicate::DuplicateView;

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DuplicateListQuery {
    pub status: Option<MatchStatus>,
    #[param(minimum = 1)]
    pub page: Option<i64>,
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<i64>,
}

#[utoipa::path(
    get, path = "/api/v1/events/{id}/duplicates", tag = "review",
    params(("id" = i64, Path, description = "Event id"), DuplicateListQuery),
    responses(
        (status = 200, body = Paginated<DuplicateView>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn list_duplicates(
    state: web::Data<AppState>,
    _officer: Authed<StaffOnly>,
    path: web::Path<i64>,
    query: web::Query<DuplicateListQuery>,
) -> Result<web::Json<Paginated<DuplicateView>>, AppError> {
    let query = query.into_inner();
    let page = PageQuery {
        page: query.page,
        per_page: query.per_page,
    }
    .resolve()?;
    let (event_id, status) = (path.into_inner(), query.status);
    let (found, total) = state
        .db(move |conn| duplicates::list(conn, event_id, status, page.offset(), page.per_page))
        .await?;
    let items = found.into_iter().map(DuplicateView::from).collect();
    Ok(web::Json(page.wrap(items, total)))
}

#[utoipa::path(
    post, path = "/api/v1/duplicates/{id}/resolve", tag = "review",
    params(("id" = i64, Path, description = "Match id")),
    request_body = ResolveInput,
    responses(
        (status = 200, body = DuplicateView),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "already_resolved", body = ErrorBody), (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn resolve_duplicate(
    state: web::Data<AppState>,
    officer: Authed<StaffOnly>,
    path: web::Path<i64>,
    body: ValidJson<ResolveInput>,
) -> Result<web::Json<DuplicateView>, AppError> {
    let (resolution, comment) = body.into_inner()?.parse()?;
    let (id, user) = (path.into_inner(), officer.user);
    let found = state
        .db(move |conn| {
            duplicates::resolve(
                conn,
                &user,
                id,
                resolution,
                comment.as_deref(),
                clock::now(),
            )
        })
        .await?;
    Ok(web::Json(DuplicateView::from(found)))
}
