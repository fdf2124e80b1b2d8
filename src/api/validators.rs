//! `validator` custom functions. Each only calls the domain rule, so a rule
//! is written once whether it is checked here, in the CLI or in an import.

use validator::ValidationError;

use crate::domain::login::Login;
use crate::domain::password::check_new_password;
use crate::domain::phone::Phone;
use crate::domain::role::Role;
use crate::domain::user_name::parse_user_full_name;

pub fn login(value: &str) -> Result<(), ValidationError> {
    Login::parse(value)
        .map(drop)
        .map_err(|e| e.into_validation_error())
}

pub fn new_password(value: &str) -> Result<(), ValidationError> {
    check_new_password(value).map_err(|e| e.into_validation_error())
}

pub fn phone(value: &str) -> Result<(), ValidationError> {
    Phone::parse(value)
        .map(drop)
        .map_err(|e| e.into_validation_error())
}

pub fn full_name(value: &str) -> Result<(), ValidationError> {
    parse_user_full_name(value)
        .map(drop)
        .map_err(|e| e.into_validation_error())
}

pub fn role(value: &str) -> Result<(), ValidationError> {
    Role::parse(value)
        .map(drop)
        .map_err(|e| e.into_validation_error())
}
