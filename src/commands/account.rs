use crate::domain::role::Role;
use serde::Deserialize;
use utoipa::ToSchema;
use validator::Validate;

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
