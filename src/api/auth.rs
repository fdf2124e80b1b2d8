use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::extract::ValidJson;

use crate::actions::accounts::check_password;
use crate::actions::accounts::register_resident;
use crate::actions::accounts::sign_in;
use crate::auth::client::ClientAddr;
use crate::auth::{Authed, Principal};
use crate::commands::account::ChangePasswordRequest;
use crate::commands::account::LoginRequest;
use crate::commands::account::RegisterRequest;
use crate::domain::password::check_new_password;
use crate::domain::role::Role;
use crate::domain::FieldError;
use crate::error::{AppError, ErrorBody};
use crate::service::accounts::{self};
use crate::state::AppState;

/// The signed-in user, as `GET /auth/me` answers.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeView {
    pub id: i64,
    pub login: String,
    pub role: Role,
    pub full_name: String,
    pub phone: Option<String>,
}

impl From<Principal> for MeView {
    fn from(user: Principal) -> Self {
        Self {
            id: user.id,
            login: user.login,
            role: user.role,
            full_name: user.full_name,
            phone: user.phone,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenUser {
    pub id: i64,
    pub login: String,
    pub role: Role,
    pub full_name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LoginResponse {
    pub token: String,
    #[schema(example = "Bearer")]
    pub token_type: &'static str,
    pub expires_at: DateTime<Utc>,
    pub user: TokenUser,
}

#[utoipa::path(
    post, path = "/api/v1/auth/register", tag = "auth",
    request_body = RegisterRequest,
    responses(
        (status = 201, description = "Resident account created", body = MeView),
        (status = 400, body = ErrorBody),
        (status = 409, description = "Login taken", body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
pub async fn register(
    state: web::Data<AppState>,
    body: ValidJson<RegisterRequest>,
) -> Result<HttpResponse, AppError> {
    let row = register_resident(&state, body.into_inner()?).await?;
    let view = MeView {
        role: row.role()?,
        id: row.id,
        login: row.login,
        full_name: row.full_name,
        phone: row.phone,
    };
    Ok(HttpResponse::Created().json(view))
}

#[utoipa::path(
    post, path = "/api/v1/auth/login", tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, body = LoginResponse),
        (status = 401, description = "Unknown login, wrong password or disabled account", body = ErrorBody),
        (status = 422, body = ErrorBody),
        (status = 429, description = "Too many failures for this login; see Retry-After", body = ErrorBody),
    )
)]
pub async fn login(
    state: web::Data<AppState>,
    source: ClientAddr,
    body: ValidJson<LoginRequest>,
) -> Result<web::Json<LoginResponse>, AppError> {
    let (row, role, issued) = sign_in(&state, &source, body.into_inner()?).await?;
    Ok(web::Json(LoginResponse {
        token: issued.token,
        token_type: "Bearer",
        expires_at: issued.expires_at,
        user: TokenUser {
            id: row.id,
            login: row.login,
            role,
            full_name: row.full_name,
        },
    }))
}

#[utoipa::path(
    get, path = "/api/v1/auth/me", tag = "auth",
    responses((status = 200, body = MeView), (status = 401, body = ErrorBody)),
    security(("bearer" = []))
)]
pub async fn me(user: Authed) -> web::Json<MeView> {
    web::Json(user.user.into())
}

#[utoipa::path(
    post, path = "/api/v1/auth/password", tag = "auth",
    request_body = ChangePasswordRequest,
    responses(
        (status = 204, description = "Password changed; every earlier token is revoked"),
        (status = 401, body = ErrorBody),
        (status = 422, description = "Wrong current password or weak new one", body = ErrorBody),
        (status = 429, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn change_password(
    state: web::Data<AppState>,
    user: Authed,
    source: ClientAddr,
    body: ValidJson<ChangePasswordRequest>,
) -> Result<HttpResponse, AppError> {
    let ChangePasswordRequest {
        current_password,
        new_password,
    } = body.into_inner()?;
    check_new_password(&new_password).map_err(|e| AppError::invalid_field(&["new_password"], e))?;
    let user_id = user.id;
    let key = state
        .db(move |conn| accounts::login_key_of(conn, user_id))
        .await?;
    if check_password(&state, key, &source, current_password)
        .await?
        .is_none()
    {
        return Err(AppError::invalid_field(
            &["current_password"],
            FieldError::new("wrong_password", "Текущий пароль указан неверно"),
        ));
    }
    let new_hash = state.passwords.hash(new_password).await?;
    state
        .db(move |conn| accounts::set_password(conn, user_id, &new_hash))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[utoipa::path(
    post, path = "/api/v1/auth/logout", tag = "auth",
    responses(
        (status = 204, description = "Every token of this user is revoked"),
        (status = 401, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn logout(state: web::Data<AppState>, user: Authed) -> Result<HttpResponse, AppError> {
    let user_id = user.id;
    state
        .db(move |conn| accounts::revoke_tokens(conn, user_id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
