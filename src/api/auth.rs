use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use super::extract::ValidJson;
use super::users::new_account;
use crate::auth::client::ClientAddr;
use crate::auth::token::IssuedToken;
use crate::auth::{Authed, Principal};
use crate::domain::login::Login;
use crate::domain::password::check_new_password;
use crate::domain::role::Role;
use crate::domain::{clock, FieldError};
use crate::error::{AppError, ErrorBody};
use crate::service::accounts::{self, UserRow};
use crate::state::AppState;

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct RegisterRequest {
    #[schema(example = "ivanova")]
    pub login: String,
    /// At least 10 characters.
    pub password: String,
    #[schema(example = "Иванова Мария Петровна")]
    pub full_name: String,
    /// Any common Russian notation; stored as `+7XXXXXXXXXX`.
    #[schema(example = "8 (914) 123-45-67")]
    pub phone: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct LoginRequest {
    #[validate(length(min = 1, max = 200, message = "Укажите логин"))]
    pub login: String,
    #[validate(length(min = 1, max = 1024, message = "Укажите пароль"))]
    pub password: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct ChangePasswordRequest {
    #[validate(length(min = 1, max = 1024, message = "Укажите текущий пароль"))]
    pub current_password: String,
    pub new_password: String,
}

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

/// Self-service always makes a resident; staff accounts come from an admin.
pub async fn register_resident(
    state: &AppState,
    body: RegisterRequest,
) -> Result<UserRow, AppError> {
    let account = new_account(
        state,
        &body.login,
        body.password,
        Ok(Role::Resident),
        &body.full_name,
        Some(&body.phone),
        None,
    )
    .await?;
    state
        .db(move |conn| accounts::create(conn, &account, clock::now()))
        .await
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

/// The account behind `login_key` if `password` is its password. The
/// attempt is counted per login and `source` first; the password is checked
/// with no database connection held, in a turn of the bounded password work.
async fn check_password(
    state: &AppState,
    login_key: String,
    source: &ClientAddr,
    password: String,
) -> Result<Option<UserRow>, AppError> {
    let (throttle, source) = (state.throttle, source.as_str().to_owned());
    let attempt = state
        .db_anonymous(move |conn| {
            accounts::begin_sign_in(conn, &throttle, &login_key, &source, clock::now())
        })
        .await?;
    if !state
        .passwords
        .verify(password, attempt.stored_hash())
        .await?
    {
        return Ok(None);
    }
    state
        .db(move |conn| {
            accounts::sign_in_succeeded(conn, &attempt)?;
            Ok(attempt.user)
        })
        .await
}

/// Checks the password (throttled per login and source) and issues a
/// token: the API's login and the web sign-in form both come here. An
/// unknown login, a wrong password and a disabled account get one answer.
pub async fn sign_in(
    state: &AppState,
    source: &ClientAddr,
    request: LoginRequest,
) -> Result<(UserRow, Role, IssuedToken), AppError> {
    let LoginRequest { login, password } = request;
    let row = check_password(state, Login::key_of(&login), source, password)
        .await?
        .ok_or(AppError::BadCredentials)?;
    let (role, issued) = issue_token(state, &row)?;
    Ok((row, role, issued))
}

/// A token for an account just signed in or just registered.
pub fn issue_token(state: &AppState, row: &UserRow) -> Result<(Role, IssuedToken), AppError> {
    let role = row.role()?;
    let issued =
        state
            .tokens
            .issue(row.id, role, row.token_version, clock::truncate(Utc::now()))?;
    Ok((role, issued))
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
