use actix_web::{web, HttpResponse};

use super::extract::ValidJson;
use crate::actions::events::add_event;
use crate::auth::policy::{AdminOnly, AnyRole};
use crate::auth::Authed;
use crate::commands::event::parse_update;
use crate::commands::event::CreateEventRequest;
use crate::commands::event::UpdateEventRequest;
use crate::domain::clock;
use crate::error::{AppError, ErrorBody};
use crate::service::audit::Actor;
use crate::service::events::{self};
use crate::state::AppState;
use crate::views::event::EventView;

#[utoipa::path(
    post, path = "/api/v1/events", tag = "events",
    request_body = CreateEventRequest,
    responses(
        (status = 201, body = EventView),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, description = "Code taken", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn create_event(
    state: web::Data<AppState>,
    admin: Authed<AdminOnly>,
    body: ValidJson<CreateEventRequest>,
) -> Result<HttpResponse, AppError> {
    let event = add_event(&state, admin.id, body.into_inner()?).await?;
    Ok(HttpResponse::Created().json(event))
}

#[utoipa::path(
    get, path = "/api/v1/events", tag = "events",
    responses((status = 200, body = Vec<EventView>), (status = 401, body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn list_events(
    state: web::Data<AppState>,
    _user: Authed<AnyRole>,
) -> Result<web::Json<Vec<EventView>>, AppError> {
    let rows = state.db(events::list).await?;
    Ok(web::Json(rows.into_iter().map(EventView::from).collect()))
}

#[utoipa::path(
    get, path = "/api/v1/events/{id}", tag = "events",
    params(("id" = i64, Path, description = "Event id")),
    responses((status = 200, body = EventView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn get_event(
    state: web::Data<AppState>,
    _user: Authed<AnyRole>,
    path: web::Path<i64>,
) -> Result<web::Json<EventView>, AppError> {
    let id = path.into_inner();
    let row = state.db(move |conn| events::get(conn, id)).await?;
    Ok(web::Json(row.into()))
}

#[utoipa::path(
    patch, path = "/api/v1/events/{id}", tag = "events",
    params(("id" = i64, Path, description = "Event id")),
    request_body = UpdateEventRequest,
    responses(
        (status = 200, body = EventView),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn update_event(
    state: web::Data<AppState>,
    admin: Authed<AdminOnly>,
    path: web::Path<i64>,
    body: ValidJson<UpdateEventRequest>,
) -> Result<web::Json<EventView>, AppError> {
    let patch = parse_update(body.into_inner()?)?;
    let (id, actor) = (path.into_inner(), Actor::user(admin.id, clock::now()));
    let row = state
        .db(move |conn| events::update(conn, actor, id, patch))
        .await?;
    Ok(web::Json(row.into()))
}
