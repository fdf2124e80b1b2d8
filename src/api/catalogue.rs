//! The aid catalogue and the norms of each event.

use actix_web::{web, HttpResponse};

use super::extract::ValidJson;
use crate::actions::catalogue::add_item;
use crate::actions::catalogue::replace_norms;
use crate::auth::policy::{AdminOnly, AnyRole};
use crate::auth::Authed;
use crate::commands::catalogue::CreateItemRequest;
use crate::commands::catalogue::NormInput;
use crate::error::{AppError, ErrorBody};
use crate::service::catalogue;
use crate::state::AppState;
use crate::views::catalogue::{ItemView, NormView};

#[utoipa::path(
    post, path = "/api/v1/items", tag = "aid",
    request_body = CreateItemRequest,
    responses(
        (status = 201, body = ItemView),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn create_item(
    state: web::Data<AppState>,
    admin: Authed<AdminOnly>,
    body: ValidJson<CreateItemRequest>,
) -> Result<HttpResponse, AppError> {
    let item = add_item(&state, admin.id, body.into_inner()?).await?;
    Ok(HttpResponse::Created().json(item))
}

#[utoipa::path(
    get, path = "/api/v1/items", tag = "aid",
    responses((status = 200, body = Vec<ItemView>), (status = 401, body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn list_items(
    state: web::Data<AppState>,
    _user: Authed<AnyRole>,
) -> Result<web::Json<Vec<ItemView>>, AppError> {
    let rows = state.db(catalogue::items).await?;
    Ok(web::Json(rows.into_iter().map(ItemView::from).collect()))
}

#[utoipa::path(
    put, path = "/api/v1/events/{id}/norms", tag = "aid",
    params(("id" = i64, Path, description = "Event id")),
    request_body = Vec<NormInput>,
    responses(
        (status = 200, body = Vec<NormView>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "norms_locked: a list of the event is approved", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn set_norms(
    state: web::Data<AppState>,
    admin: Authed<AdminOnly>,
    path: web::Path<i64>,
    body: ValidJson<Vec<NormInput>>,
) -> Result<web::Json<Vec<NormView>>, AppError> {
    let saved = replace_norms(&state, admin.id, path.into_inner(), body.into_inner()?).await?;
    Ok(web::Json(saved))
}

#[utoipa::path(
    get, path = "/api/v1/events/{id}/norms", tag = "aid",
    params(("id" = i64, Path, description = "Event id")),
    responses((status = 200, body = Vec<NormView>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn get_norms(
    state: web::Data<AppState>,
    _user: Authed<AnyRole>,
    path: web::Path<i64>,
) -> Result<web::Json<Vec<NormView>>, AppError> {
    let event_id = path.into_inner();
    let rows = state
        .db(move |conn| catalogue::norms(conn, event_id))
        .await?;
    Ok(web::Json(rows.into_iter().map(NormView::from).collect()))
}
