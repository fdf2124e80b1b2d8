use crate::auth::client::ClientAddr;
use crate::auth::token::IssuedToken;
use crate::commands::account::CreateUserRequest;
use crate::commands::account::LoginRequest;
use crate::commands::account::RegisterRequest;
use crate::domain::clock;
use crate::domain::login::Login;
use crate::domain::password::check_new_password;
use crate::domain::phone::Phone;
use crate::domain::role::Role;
use crate::domain::user_name::parse_user_full_name;
use crate::domain::FieldError;
use crate::error::AppError;
use crate::error::FieldErrors;
use crate::service::accounts;
use crate::service::accounts::NewAccount;
use crate::service::accounts::UserRow;
use crate::state::AppState;
use chrono::Utc;

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

/// The account behind `login_key` if `password` is its password. The
/// attempt is counted per login and `source` first; the password is checked
/// with no database connection held, in a turn of the bounded password work.
pub async fn check_password(
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
