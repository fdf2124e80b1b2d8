//! `POST /api/v1/events/{id}/imports`: an officer uploads a register (CSV,
//! multipart field `file`) and gets the import's summary.

use actix_multipart::Multipart;
use actix_web::{web, HttpResponse};
use futures_util::StreamExt;

use crate::auth::policy::StaffOnly;
use crate::auth::Authed;
use crate::domain::FieldError;
use crate::error::{AppError, ErrorBody};
use crate::import::csv_rows;
use crate::import::run::{self, Summary};
use crate::state::AppState;

/// A register of 180,000 people is about 40 MB; larger files are refused
/// before they fill memory.
const MAX_BYTES: usize = 64 * 1024 * 1024;

fn invalid_file(message: String) -> AppError {
    AppError::invalid_field(&["file"], FieldError::new("invalid_file", message))
}

async fn read_file(mut payload: Multipart) -> Result<Vec<u8>, AppError> {
    while let Some(field) = payload.next().await {
        let mut field = field.map_err(|e| invalid_file(format!("Неверная форма: {e}")))?;
        if field.name() != Some("file") {
            continue;
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|e| invalid_file(format!("Файл не получен: {e}")))?;
            if bytes.len() + chunk.len() > MAX_BYTES {
                return Err(invalid_file("Файл больше 64 МБ".to_owned()));
            }
            bytes.extend_from_slice(&chunk);
        }
        return Ok(bytes);
    }
    Err(AppError::invalid_field(
        &["file"],
        FieldError::new("required", "Приложите файл CSV в поле file"),
    ))
}

#[utoipa::path(
    post, path = "/api/v1/events/{id}/imports", tag = "applications",
    params(("id" = i64, Path, description = "Event id")),
    request_body(content_type = "multipart/form-data", description = "Field `file`: the register as CSV, one row per member"),
    responses(
        (status = 200, description = "What was imported and what was rejected, with lines and reasons", body = Summary),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, description = "No file, or not a readable register", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn import_applications(
    state: web::Data<AppState>,
    officer: Authed<StaffOnly>,
    path: web::Path<i64>,
    payload: Multipart,
) -> Result<HttpResponse, AppError> {
    let event_id = path.into_inner();
    let bytes = read_file(payload).await?;
    let register = csv_rows::read(&bytes).map_err(invalid_file)?;
    let user = officer.user;
    let summary = state
        .db(move |conn| {
            crate::service::events::get(conn, event_id)?;
            run::import(conn, &user, event_id, &register, || {})
        })
        .await?;
    Ok(HttpResponse::Ok().json(summary))
}
