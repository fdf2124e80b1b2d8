use actix_web::{web, HttpResponse};

use super::extract::ValidJson;
use super::pagination::{PageQuery, Paginated};
use crate::actions::accounts::create_account;
use crate::auth::policy::AdminOnly;
use crate::auth::Authed;
use crate::commands::account::CreateUserRequest;
use crate::error::{AppError, ErrorBody};
use crate::service::accounts::{self};
use crate::state::AppState;
use crate::views::user::UserView;

#[utoipa::path(
    post, path = "/api/v1/users", tag = "users",
    request_body = CreateUserRequest,
    responses(
        (status = 201, description = "User created", body = UserView),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, description = "Login taken", body = ErrorBody),
        (status = 422, body = ErrorBody),
        (status = 429, description = "Too many password hashes at once; see Retry-After", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn create_user(
    state: web::Data<AppState>,
    _admin: Authed<AdminOnly>,
    body: ValidJson<CreateUserRequest>,
) -> Result<HttpResponse, AppError> {
    let row = create_account(&state, body.into_inner()?).await?;
    Ok(HttpResponse::Created().json(UserView::from_row(row)?))
}

#[utoipa::path(
    get, path = "/api/v1/users", tag = "users",
    params(PageQuery),
    responses(
        (status = 200, body = Paginated<UserView>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn list_users(
    state: web::Data<AppState>,
    _admin: Authed<AdminOnly>,
    query: web::Query<PageQuery>,
) -> Result<web::Json<Paginated<UserView>>, AppError> {
    let page = query.into_inner().resolve()?;
    let (rows, total) = state
        .db(move |conn| accounts::page(conn, page.offset(), page.per_page))
        .await?;
    let items = rows
        .into_iter()
        .map(UserView::from_row)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(web::Json(page.wrap(items, total)))
}

#[utoipa::path(
    post, path = "/api/v1/users/{id}/disable", tag = "users",
    params(("id" = i64, Path, description = "User id")),
    responses(
        (status = 200, description = "User disabled; their tokens stop working", body = UserView),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "An administrator cannot disable themselves", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn disable_user(
    state: web::Data<AppState>,
    admin: Authed<AdminOnly>,
    path: web::Path<i64>,
) -> Result<web::Json<UserView>, AppError> {
    let (actor, target) = (admin.id, path.into_inner());
    let row = state
        .db(move |conn| accounts::disable(conn, actor, target))
        .await?;
    Ok(web::Json(UserView::from_row(row)?))
}
