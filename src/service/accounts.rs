use chrono::NaiveDateTime;

use crate::auth::password;
use crate::db::{login_failures, stock, users, write_transaction, DbConnection};
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

/// Checks a password against the account behind `login_key`, counting
/// failures in the database. Throttled logins are refused before the
/// password is even looked at, so guessing stops paying off.
fn check_password(
    conn: &mut DbConnection,
    throttle: &LoginThrottle,
    login_key: &str,
    password: &str,
    now: NaiveDateTime,
) -> Result<Option<UserRow>, AppError> {
    let window_start = throttle.window_start(now);
    let failures = login_failures::since(conn, login_key, window_start)?;
    if let Some(retry_after_secs) = throttle.retry_after(&failures, now) {
        return Err(AppError::TooManyRequests { retry_after_secs });
    }
    let user = users::find_by_login_key(conn, login_key)?;
    let accepted = match &user {
        Some(user) => password::verify(password, &user.password_hash) && !user.disabled,
        None => {
            password::verify_against_nothing(password);
            false
        }
    };
    if accepted {
        login_failures::clear(conn, login_key)?;
        Ok(user)
    } else {
        write_transaction(conn, |conn| {
            login_failures::record(conn, login_key, now, window_start)
        })?;
        Ok(None)
    }
}

/// The same answer for an unknown login, a wrong password and a disabled
/// account, so the answer does not reveal which logins exist.
pub fn login(
    conn: &mut DbConnection,
    throttle: &LoginThrottle,
    login: &str,
    password: &str,
    now: NaiveDateTime,
) -> Result<UserRow, AppError> {
    check_password(conn, throttle, &Login::key_of(login), password, now)?
        .ok_or(AppError::BadCredentials)
}

/// Changing the password bumps `token_version`: every token issued before,
/// including the one used for this call, stops working.
pub fn change_password(
    conn: &mut DbConnection,
    throttle: &LoginThrottle,
    user_id: i64,
    current_password: &str,
    new_password_hash: &str,
    now: NaiveDateTime,
) -> Result<UserRow, AppError> {
    let user = users::find(conn, user_id)?.ok_or(AppError::NotFound)?;
    let key = Login::key_of(&user.login);
    if check_password(conn, throttle, &key, current_password, now)?.is_none() {
        return Err(AppError::invalid_field(
            &["current_password"],
            FieldError::new("wrong_password", "Текущий пароль указан неверно"),
        ));
    }
    write_transaction(conn, |conn| {
        users::set_password(conn, user_id, new_password_hash)?;
        users::find(conn, user_id)?.ok_or(AppError::NotFound)
    })
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
