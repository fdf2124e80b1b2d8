use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::users;
use super::DbConnection;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: i64,
    pub login: String,
    pub password_hash: String,
    pub role: String,
    pub full_name: String,
    pub phone: Option<String>,
    pub disabled: bool,
    pub token_version: i32,
    pub created_at: NaiveDateTime,
    pub warehouse_id: Option<i64>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub login: &'a str,
    pub login_key: &'a str,
    pub password_hash: &'a str,
    pub role: &'a str,
    pub full_name: &'a str,
    pub phone: Option<&'a str>,
    pub disabled: bool,
    pub token_version: i32,
    pub created_at: NaiveDateTime,
    pub warehouse_id: Option<i64>,
}

pub fn insert(conn: &mut DbConnection, user: &NewUser<'_>) -> QueryResult<i64> {
    diesel::insert_into(users::table)
        .values(user)
        .returning(users::id)
        .get_result(conn)
}

pub fn find(conn: &mut DbConnection, id: i64) -> QueryResult<Option<UserRow>> {
    users::table
        .find(id)
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_login_key(conn: &mut DbConnection, key: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .filter(users::login_key.eq(key))
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

pub fn page(conn: &mut DbConnection, offset: i64, limit: i64) -> QueryResult<Vec<UserRow>> {
    users::table
        .order(users::id.asc())
        .offset(offset)
        .limit(limit)
        .select(UserRow::as_select())
        .load(conn)
}

pub fn count(conn: &mut DbConnection) -> QueryResult<i64> {
    users::table.count().get_result(conn)
}

/// A new password invalidates every token issued before it.
pub fn set_password(conn: &mut DbConnection, id: i64, password_hash: &str) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((
            users::password_hash.eq(password_hash),
            users::token_version.eq(users::token_version + 1),
        ))
        .execute(conn)
}

pub fn revoke_tokens(conn: &mut DbConnection, id: i64) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set(users::token_version.eq(users::token_version + 1))
        .execute(conn)
}

pub fn disable(conn: &mut DbConnection, id: i64) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((
            users::disabled.eq(true),
            users::token_version.eq(users::token_version + 1),
        ))
        .execute(conn)
}

impl UserRow {
    /// The principal a stored account acts as, once its role is parsed.
    pub fn into_principal(
        self,
        role: crate::domain::role::Role,
    ) -> crate::domain::principal::Principal {
        crate::domain::principal::Principal {
            id: self.id,
            login: self.login,
            role,
            full_name: self.full_name,
            phone: self.phone,
            warehouse_id: self.warehouse_id,
        }
    }
}
