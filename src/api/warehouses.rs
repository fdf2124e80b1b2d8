//! Warehouses and their stock ledger.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};

use super::extract::ValidJson;
use super::idempotency::request_key;
use crate::actions::warehouses::add_warehouse;
use crate::auth::policy::{AdminOnly, WarehouseStaff};
use crate::auth::{Authed, Principal};
use crate::commands::warehouse::AdjustmentRequest;
use crate::commands::warehouse::CreateWarehouseRequest;
use crate::commands::warehouse::ReceiptRequest;
use crate::domain::quantity::{at_most, KILOGRAMS, MAX_MOVEMENT_GRAMS};
use crate::domain::{clock, text, FieldError, FieldErrors};
use crate::error::{AppError, ErrorBody};
use crate::service::audit::Actor;
use crate::service::repeat_safe::{self, RequestKey};
use crate::service::stock::{self, Totals};
use crate::service::{catalogue, Connection};
use crate::state::AppState;
use crate::views::warehouse::{stock_view, StockView, WarehouseView};

#[utoipa::path(
    post, path = "/api/v1/warehouses", tag = "aid",
    request_body = CreateWarehouseRequest,
    responses(
        (status = 201, body = WarehouseView),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn create_warehouse(
    state: web::Data<AppState>,
    admin: Authed<AdminOnly>,
    body: ValidJson<CreateWarehouseRequest>,
) -> Result<HttpResponse, AppError> {
    let warehouse = add_warehouse(&state, admin.id, body.into_inner()?).await?;
    Ok(HttpResponse::Created().json(warehouse))
}

#[utoipa::path(
    get, path = "/api/v1/warehouses", tag = "aid",
    responses(
        (status = 200, description = "All for an administrator, their own for warehouse staff", body = Vec<WarehouseView>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn list_warehouses(
    state: web::Data<AppState>,
    user: Authed<WarehouseStaff>,
) -> Result<web::Json<Vec<WarehouseView>>, AppError> {
    let user = user.user;
    let rows = state.db(move |conn| stock::warehouses(conn, &user)).await?;
    Ok(web::Json(
        rows.into_iter().map(WarehouseView::from).collect(),
    ))
}

/// Runs a stock operation and answers the warehouse's balances.
async fn respond_with_stock<F>(state: &AppState, work: F) -> Result<web::Json<StockView>, AppError>
where
    F: FnOnce(&mut Connection) -> Result<Vec<Totals>, AppError> + Send + 'static,
{
    let (totals, catalogue) = state
        .db(move |conn| {
            let totals = work(conn)?;
            Ok((totals, catalogue::items(conn)?))
        })
        .await?;
    Ok(web::Json(stock_view(totals, &catalogue)))
}

/// Runs a stock write once per `Idempotency-Key` and answers the
/// warehouse's balances: 201 when it moved stock, 200 when the request
/// repeated one already done.
async fn respond_to_stock_write<F>(
    state: &AppState,
    req: &HttpRequest,
    user: Principal,
    warehouse_id: i64,
    key: Option<RequestKey>,
    write: F,
) -> Result<HttpResponse, AppError>
where
    F: FnOnce(&mut Connection, &Principal) -> Result<Vec<Totals>, AppError> + Send + 'static,
{
    let operation = format!("{} {}", req.method(), req.path());
    let now = clock::now();
    let (done, catalogue) = state
        .db(move |conn| {
            let done = repeat_safe::once(
                conn,
                user.id,
                &operation,
                key.as_ref(),
                now,
                |conn| write(conn, &user),
                |conn| stock::balances(conn, &user, warehouse_id),
            )?;
            Ok((done, catalogue::items(conn)?))
        })
        .await?;
    let status = if done.is_repeat() {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok(HttpResponse::build(status).json(stock_view(done.into_inner(), &catalogue)))
}

#[utoipa::path(
    get, path = "/api/v1/warehouses/{id}/stock", tag = "aid",
    params(("id" = i64, Path, description = "Warehouse id")),
    responses(
        (status = 200, body = StockView),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, description = "Unknown, or another warehouse's", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn get_stock(
    state: web::Data<AppState>,
    user: Authed<WarehouseStaff>,
    path: web::Path<i64>,
) -> Result<web::Json<StockView>, AppError> {
    let (id, user) = (path.into_inner(), user.user);
    respond_with_stock(&state, move |conn| stock::balances(conn, &user, id)).await
}

#[utoipa::path(
    post, path = "/api/v1/warehouses/{id}/receipts", tag = "aid",
    params(("id" = i64, Path, description = "Warehouse id"), ("Idempotency-Key" = Option<String>, Header, description = "Repeat-safe: the same key and body again move no stock and answer the present balances with 200")),
    request_body = ReceiptRequest,
    responses(
        (status = 201, body = StockView),
        (status = 200, description = "The same Idempotency-Key and body again: nothing moved", body = StockView),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "idempotency_key_reused: the Idempotency-Key was given to another request", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn receive(
    state: web::Data<AppState>,
    user: Authed<WarehouseStaff>,
    req: HttpRequest,
    path: web::Path<i64>,
    body: ValidJson<ReceiptRequest>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner()?;
    let key = request_key(&req, &body)?;
    let receipt = body.into_receipt()?;
    let (id, actor) = (path.into_inner(), Actor::user(user.id, clock::now()));
    respond_to_stock_write(&state, &req, user.user, id, key, move |conn, user| {
        stock::receive(conn, user, id, &receipt, actor)
    })
    .await
}

#[utoipa::path(
    post, path = "/api/v1/warehouses/{id}/adjustments", tag = "aid",
    params(("id" = i64, Path, description = "Warehouse id"), ("Idempotency-Key" = Option<String>, Header, description = "Repeat-safe: the same key and body again move no stock and answer the present balances with 200")),
    request_body = AdjustmentRequest,
    responses(
        (status = 201, body = StockView),
        (status = 200, description = "The same Idempotency-Key and body again: nothing moved", body = StockView),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "insufficient_stock, or the Idempotency-Key reused for another request", body = ErrorBody), (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn adjust(
    state: web::Data<AppState>,
    user: Authed<WarehouseStaff>,
    req: HttpRequest,
    path: web::Path<i64>,
    body: ValidJson<AdjustmentRequest>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner()?;
    let key = request_key(&req, &body)?;
    let mut errors = FieldErrors::new();
    let grams = errors.take(
        &["quantity_kg"],
        KILOGRAMS
            .to_minor(body.quantity_kg)
            .and_then(|g| at_most(KILOGRAMS, g, MAX_MOVEMENT_GRAMS))
            .and_then(|g| {
                if g == 0 {
                    Err(FieldError::new("zero", "Количество не может быть нулевым"))
                } else {
                    Ok(g)
                }
            }),
    );
    let reason = errors.take(&["reason"], text::required(&body.reason, 1000));
    let (Some(grams), Some(reason)) = (grams, reason) else {
        return Err(AppError::invalid(errors));
    };
    let (id, item_id, actor) = (
        path.into_inner(),
        body.item_id,
        Actor::user(user.id, clock::now()),
    );
    respond_to_stock_write(&state, &req, user.user, id, key, move |conn, user| {
        stock::adjust(conn, user, id, item_id, grams, &reason, actor)
    })
    .await
}
