//! The aid catalogue and the norms of each event.

use crate::text_schema;
use actix_web::{web, HttpResponse};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use super::extract::ValidJson;
use crate::auth::policy::{AdminOnly, AnyRole};
use crate::auth::Authed;
use crate::db::catalogue::{ItemRow, NormRow};
use crate::domain::quantity::{at_most, KILOGRAMS, MAX_MOVEMENT_GRAMS};
use crate::domain::{clock, text, FieldError, FieldErrors};
use crate::error::{AppError, ErrorBody};
use crate::service::audit::Actor;
use crate::service::catalogue;
use crate::state::AppState;
use crate::views::catalogue::{ItemView, NormView};

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct CreateItemRequest {
    /// `parse_item_code`'s rule.
    #[schema(example = "potatoes", pattern = r"^\s*[a-z0-9_]{2,32}\s*$")]
    pub code: String,
    #[schema(schema_with = text_schema::required::<100>)]
    pub name: String,
}

fn parse_item_code(raw: &str) -> Result<String, FieldError> {
    let code = raw.trim();
    let ok = (2..=32).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if ok {
        Ok(code.to_owned())
    } else {
        Err(FieldError::new(
            "invalid_item_code",
            "Код позиции: от 2 до 32 строчных латинских букв, цифр и «_»",
        ))
    }
}

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
    let row = add_item(&state, admin.id, body.into_inner()?).await?;
    Ok(HttpResponse::Created().json(ItemView::from(row)))
}

/// An item made by an administrator through the API or the web page.
pub async fn add_item(
    state: &AppState,
    admin_id: i64,
    body: CreateItemRequest,
) -> Result<ItemRow, AppError> {
    let mut errors = FieldErrors::new();
    let code = errors.take(&["code"], parse_item_code(&body.code));
    let name = errors.take(&["name"], text::required(&body.name, 100));
    let (Some(code), Some(name)) = (code, name) else {
        return Err(AppError::invalid(errors));
    };
    let actor = Actor::user(admin_id, clock::now());
    state
        .db(move |conn| catalogue::create_item(conn, actor, &code, &name))
        .await
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

#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
pub struct NormInput {
    pub item_id: i64,
    /// Kilograms per recognised person, at most 3 decimals.
    #[schema(value_type = String, example = "50.000")]
    pub kg_per_person: Decimal,
    /// Kilograms per child, if children get another amount.
    #[schema(value_type = Option<String>, example = "40.000")]
    pub kg_per_child: Option<Decimal>,
}

/// A positive quantity of kilograms in grams: the rule of every quantity
/// of aid.
pub fn positive_grams(kg: Decimal) -> Result<i64, FieldError> {
    let grams = at_most(KILOGRAMS, KILOGRAMS.to_minor(kg)?, MAX_MOVEMENT_GRAMS)?;
    if grams <= 0 {
        return Err(FieldError::new(
            "not_positive",
            "Количество должно быть больше нуля",
        ));
    }
    Ok(grams)
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
    Ok(web::Json(saved.into_iter().map(NormView::from).collect()))
}

/// Replaces an event's norms, from the API or the web page.
pub async fn replace_norms(
    state: &AppState,
    admin_id: i64,
    event_id: i64,
    norms: Vec<NormInput>,
) -> Result<Vec<NormRow>, AppError> {
    let mut errors = FieldErrors::new();
    let mut rows = Vec::new();
    for (index, norm) in norms.iter().enumerate() {
        let index = index.to_string();
        let per_person = errors.take(
            &[&index, "kg_per_person"],
            positive_grams(norm.kg_per_person),
        );
        let per_child = match norm.kg_per_child {
            None => Some(None),
            Some(kg) => errors
                .take(
                    &[&index, "kg_per_child"],
                    KILOGRAMS.to_minor(kg).and_then(|g| {
                        if g < 0 {
                            Err(FieldError::new(
                                "negative",
                                "Количество не может быть отрицательным",
                            ))
                        } else {
                            Ok(g)
                        }
                    }),
                )
                .map(Some),
        };
        if let (Some(grams_per_person), Some(grams_per_child)) = (per_person, per_child) {
            rows.push(NormRow {
                event_id,
                item_id: norm.item_id,
                grams_per_person,
                grams_per_child,
            });
        }
    }
    if !errors.is_empty() {
        return Err(AppError::invalid(errors));
    }
    let actor = Actor::user(admin_id, clock::now());
    state
        .db(move |conn| catalogue::set_norms(conn, actor, event_id, rows))
        .await
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
