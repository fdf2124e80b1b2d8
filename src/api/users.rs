use actix_web::{web, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;
use validator::Validate;

use super::extract::ValidJson;
use super::pagination::{PageQuery, Paginated};
use crate::auth::policy::AdminOnly;
use crate::auth::Authed;
use crate::domain::login::Login;
use crate::domain::password::check_new_password;
use crate::domain::phone::Phone;
use crate::domain::role::Role;
use crate::domain::user_name::parse_user_full_name;
use crate::domain::{clock, FieldError};
use crate::error::{AppError, ErrorBody, FieldErrors};
use crate::service::accounts::{self, NewAccount};
use crate::state::AppState;
use crate::views::user::UserView;

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct CreateUserRequest {
    pub login: String,
    pub password: String,
    #[schema(value_type = Role)]
    pub role: String,
    pub full_name: String,
    pub phone: Option<String>,
    /// Required for role `warehouse`, refused for the others.
    pub warehouse_id: Option<i64>,
}

/// Turns a body that passed validation into a new account. A login already
/// taken is refused before the password is hashed, so a flood of
/// registrations for one name costs no hashing; the hash takes a turn of
/// the bounded password work. Shared by self-registration and by the
/// administrator's form.
pub async fn new_account(
    state: &AppState,
    login: &str,
    password_text: String,
    role: Result<Role, FieldError>,
    full_name: &str,
    phone: Option<&str>,
    warehouse_id: Option<i64>,
) -> Result<NewAccount, AppError> {
    // Every field is parsed once, here, and every refusal is named at once.
    let mut errors = FieldErrors::new();
    let login = errors.take(&["login"], Login::parse(login));
    let password = errors.take(&["password"], check_new_password(&password_text));
    let role = errors.take(&["role"], role);
    let full_name = errors.take(&["full_name"], parse_user_full_name(full_name));
    let phone = errors.take(&["phone"], phone.map(Phone::parse).transpose());
    let (Some(login), Some(()), Some(role), Some(full_name), Some(phone), true) =
        (login, password, role, full_name, phone, errors.is_empty())
    else {
        return Err(AppError::invalid(errors));
    };
    let phone = phone.map(Phone::into_string);
    let key = login.key().to_owned();
    state
        .db_anonymous(move |conn| accounts::check_login_free(conn, &key))
        .await?;
    let password_hash = state.passwords.hash(password_text).await?;
    Ok(NewAccount {
        login,
        password_hash,
        role,
        full_name,
        phone,
        warehouse_id,
    })
}

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

/// An account of any role, made by an administrator through the API or the
/// web page.
pub async fn create_account(
    state: &AppState,
    body: CreateUserRequest,
) -> Result<accounts::UserRow, AppError> {
    let account = new_account(
        state,
        &body.login,
        body.password,
        Role::parse(&body.role),
        &body.full_name,
        body.phone.as_deref(),
        body.warehouse_id,
    )
    .await?;
    state
        .db(move |conn| accounts::create(conn, &account, clock::now()))
        .await
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
