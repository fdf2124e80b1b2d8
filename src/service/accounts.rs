use chrono::NaiveDateTime;

use crate::db::{login_attempts, stock, users, write_transaction, DbConnection};
use crate::domain::login::Login;
use crate::domain::role::Role;
use crate::domain::throttle::LoginThrottle;
use crate::domain::FieldError;
use crate::error::{AppError, FieldErrors};

pub use crate::db::users::UserRow;

/// A new account, already parsed; the password is already hashed, because
/// hashing is slow and must not hold a database connection.
pub struct NewAccount {
    pub login: Login,
    pub password_hash: String,
    pub role: Role,
    pub full_name: String,
    pub phone: Option<String>,
    /// The one warehouse a `warehouse` user works at.
    pub warehouse_id: Option<i64>,
}

pub fn create(
    conn: &mut DbConnection,
    account: &NewAccount,
    now: NaiveDateTime,
) -> Result<UserRow, AppError> {
    let new = users::NewUser {
        login: account.login.as_str(),
        login_key: account.login.key(),
        password_hash: &account.password_hash,
        role: account.role.as_str(),
        full_name: &account.full_name,
        phone: account.phone.as_deref(),
        disabled: false,
        token_version: 0,
        created_at: now,
        warehouse_id: account.warehouse_id,
    };
    write_transaction(conn, |conn| {
        check_warehouse(conn, account)?;
        let id = users::insert(conn, &new).map_err(|error| match AppError::from(error) {
            AppError::Conflict { .. } => login_taken(),
            other => other,
        })?;
        users::find(conn, id)?.ok_or(AppError::NotFound)
    })
}

/// A warehouse user works at exactly one existing warehouse; nobody else
/// is tied to one.
fn check_warehouse(conn: &mut DbConnection, account: &NewAccount) -> Result<(), AppError> {
    let invalid = |code: &'static str, message: &'static str| {
        AppError::invalid_field(&["warehouse_id"], FieldError::new(code, message))
    };
    match (account.role, account.warehouse_id) {
        (Role::Warehouse, None) => Err(invalid("required", "Для сотрудника склада укажите склад")),
        (Role::Warehouse, Some(id)) => match stock::find_warehouse(conn, id)? {
            Some(_) => Ok(()),
            None => Err(invalid("unknown_warehouse", "Такого склада нет")),
        },
        (Role::Resident | Role::Officer | Role::Admin, Some(_)) => Err(invalid(
            "not_allowed",
            "Склад указывается только для сотрудника склада",
        )),
        (Role::Resident | Role::Officer | Role::Admin, None) => Ok(()),
    }
}

fn login_taken() -> AppError {
    AppError::Conflict {
        code: "conflict",
        message: "Этот логин уже занят".into(),
        fields: FieldErrors::single(
            &["login"],
            FieldError::new("login_taken", "Этот логин уже занят"),
        ),
    }
}

/// A login already taken, told before anyone hashes a password for it.
/// The unique index still decides a race between two registrations.
pub fn check_login_free(conn: &mut DbConnection, login_key: &str) -> Result<(), AppError> {
    match users::find_by_login_key(conn, login_key)? {
        Some(_) => Err(login_taken()),
        None => Ok(()),
    }
}

/// A sign-in under way: the attempt is counted and the account read; the
/// caller checks the password with no connection held, then reports back
/// through [`sign_in_succeeded`].
pub struct SignInAttempt {
    pub login_key: String,
    pub source: String,
    pub user: Option<UserRow>,
}

impl SignInAttempt {
    /// The hash to check the password against: none for an unknown login or
    /// a disabled account, which are refused alike.
    pub fn stored_hash(&self) -> Option<String> {
        self.user
            .as_ref()
            .filter(|user| !user.disabled)
            .map(|user| user.password_hash.clone())
    }
}

/// Counts the attempt of `login_key` from `source` first, in one statement,
/// and refuses it once the window's allowance is used up: parallel guesses
/// cannot all slip through, and the password is not even looked at.
pub fn begin_sign_in(
    conn: &mut DbConnection,
    throttle: &LoginThrottle,
    login_key: &str,
    source: &str,
    now: NaiveDateTime,
) -> Result<SignInAttempt, AppError> {
    let cutoff = throttle.window_cutoff(now);
    let counted = write_transaction(conn, |conn| {
        login_attempts::purge(conn, cutoff)?;
        login_attempts::count_one(conn, login_key, source, now, cutoff)
    })?;
    if let Some(retry_after_secs) =
        throttle.retry_after(counted.window_started_at, counted.attempts, now)
    {
        return Err(AppError::TooManyRequests { retry_after_secs });
    }
    Ok(SignInAttempt {
        login_key: login_key.to_owned(),
        source: source.to_owned(),
        user: users::find_by_login_key(conn, login_key)?,
    })
}

/// The right password forgets the source's attempts; a wrong one stays
/// counted, as it was counted before the check.
pub fn sign_in_succeeded(conn: &mut DbConnection, attempt: &SignInAttempt) -> Result<(), AppError> {
    login_attempts::clear(conn, &attempt.login_key, &attempt.source)?;
    Ok(())
}

/// Storing a new password bumps `token_version`: every token issued before,
/// including the one used for this call, stops working.
pub fn set_password(
    conn: &mut DbConnection,
    user_id: i64,
    new_password_hash: &str,
) -> Result<UserRow, AppError> {
    write_transaction(conn, |conn| {
        users::set_password(conn, user_id, new_password_hash)?;
        users::find(conn, user_id)?.ok_or(AppError::NotFound)
    })
}

/// The login of account `user_id`, to count a password change's check of
/// the current password as a sign-in attempt.
pub fn login_key_of(conn: &mut DbConnection, user_id: i64) -> Result<String, AppError> {
    let user = users::find(conn, user_id)?.ok_or(AppError::NotFound)?;
    Ok(Login::key_of(&user.login))
}

pub fn revoke_tokens(conn: &mut DbConnection, user_id: i64) -> Result<(), AppError> {
    match users::revoke_tokens(conn, user_id)? {
        0 => Err(AppError::NotFound),
        _ => Ok(()),
    }
}

pub fn disable(conn: &mut DbConnection, actor_id: i64, user_id: i64) -> Result<UserRow, AppError> {
    if actor_id == user_id {
        return Err(AppError::conflict(
            "cannot_disable_self",
            "Нельзя заблокировать собственную учётную запись",
        ));
    }
    write_transaction(conn, |conn| {
        if users::disable(conn, user_id)? == 0 {
            return Err(AppError::NotFound);
        }
        users::find(conn, user_id)?.ok_or(AppError::NotFound)
    })
}

pub fn page(
    conn: &mut DbConnection,
    offset: i64,
    limit: i64,
) -> Result<(Vec<UserRow>, i64), AppError> {
    let total = users::count(conn)?;
    let rows = users::page(conn, offset, limit)?;
    Ok((rows, total))
}

impl UserRow {
    /// A role the database CHECK constraint let in but this build does not
    /// know is a deployment error, not the caller's.
    pub fn role(&self) -> Result<Role, AppError> {
        Role::parse(&self.role).map_err(AppError::internal)
    }
}

/// How many accounts there are; the demo loads only where there are none.
pub fn count(conn: &mut DbConnection) -> Result<i64, AppError> {
    Ok(users::count(conn)?)
}

/// The account a token names, disabled or not; the caller decides.
pub fn find(conn: &mut DbConnection, id: i64) -> Result<Option<UserRow>, AppError> {
    Ok(users::find(conn, id)?)
}
