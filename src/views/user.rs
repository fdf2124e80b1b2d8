//! An account as an administrator sees it; no hash, no token version.

use crate::domain::role::Role;
use crate::error::AppError;
use crate::service::accounts::UserRow;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

/// A user as an administrator sees them.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserView {
    pub id: i64,
    pub login: String,
    pub role: Role,
    pub full_name: String,
    pub phone: Option<String>,
    pub disabled: bool,
    pub created_at: DateTime<Utc>,
    pub warehouse_id: Option<i64>,
}

impl UserView {
    pub fn from_row(row: UserRow) -> Result<Self, AppError> {
        Ok(Self {
            role: row.role()?,
            id: row.id,
            login: row.login,
            full_name: row.full_name,
            phone: row.phone,
            disabled: row.disabled,
            created_at: row.created_at.and_utc(),
            warehouse_id: row.warehouse_id,
        })
    }
}
