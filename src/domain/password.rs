use super::FieldError;

/// Length bounds for a new password. The upper bound keeps a request from
/// making the server hash megabytes with argon2.
pub const MIN_PASSWORD_CHARS: usize = 10;
pub const MAX_PASSWORD_CHARS: usize = 256;

pub fn check_new_password(password: &str) -> Result<(), FieldError> {
    let len = password.chars().count();
    if len < MIN_PASSWORD_CHARS {
        return Err(FieldError::new(
            "password_too_short",
            "Пароль должен содержать не менее 10 символов",
        ));
    }
    if len > MAX_PASSWORD_CHARS {
        return Err(FieldError::new(
            "password_too_long",
            "Пароль должен содержать не более 256 символов",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_characters_not_bytes() {
        // Nine Cyrillic letters are 18 bytes but still too short.
        assert!(check_new_password("абвгдеёжз").is_err());
        assert!(check_new_password("абвгдеёжзи").is_ok());
        assert!(check_new_password(&"x".repeat(257)).is_err());
    }
}
