use std::sync::OnceLock;

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::Argon2;

use crate::error::AppError;

/// Argon2id v19 with the crate's default (OWASP-recommended) parameters.
pub fn hash(password: &str) -> Result<String, AppError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(AppError::internal)
}

/// False for a wrong password and for a stored hash that cannot be parsed:
/// either way the caller must refuse.
pub fn verify(password: &str, stored_hash: &str) -> bool {
    match PasswordHash::new(stored_hash) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// Spends the same time as a real check when the login does not exist, so
/// the response time does not tell which logins are registered.
pub fn verify_against_nothing(password: &str) {
    static DUMMY: OnceLock<Option<String>> = OnceLock::new();
    if let Some(dummy) = DUMMY.get_or_init(|| hash("relief-timing-equaliser").ok()) {
        let _ = verify(password, dummy);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_with_argon2id_and_verifies() {
        let stored = hash("правильный-пароль").unwrap();
        assert!(stored.starts_with("$argon2id$v=19$"));
        assert!(verify("правильный-пароль", &stored));
        assert!(!verify("неправильный-пароль", &stored));
        assert!(!verify("anything", "not a hash"));
    }
}
