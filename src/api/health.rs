use actix_web::{web, HttpResponse};
use diesel::connection::SimpleConnection;
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::{AppError, ErrorBody};
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct HealthView {
    #[schema(example = "ok")]
    pub status: &'static str,
}

#[utoipa::path(
    get, path = "/health", tag = "operations",
    responses((status = 200, description = "The process is alive", body = HealthView))
)]
pub async fn health() -> web::Json<HealthView> {
    web::Json(HealthView { status: "ok" })
}

#[utoipa::path(
    get, path = "/ready", tag = "operations",
    responses(
        (status = 200, description = "The database answers", body = HealthView),
        (status = 503, description = "The database does not answer", body = ErrorBody),
    )
)]
pub async fn ready(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let pool = state.pool.clone();
    // A short wait: a load balancer polls this and must not pile up.
    web::block(move || -> Result<(), AppError> {
        let mut conn = pool
            .get_timeout(std::time::Duration::from_secs(2))
            .map_err(|e| AppError::Unavailable(e.to_string()))?;
        conn.batch_execute("SELECT 1")
            .map_err(|e| AppError::Unavailable(e.to_string()))
    })
    .await??;
    Ok(HttpResponse::Ok().json(HealthView { status: "ready" }))
}
