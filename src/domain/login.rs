use super::FieldError;

/// A login as the person typed it, plus the key that makes it unique.
///
/// Logins are compared case-insensitively (people type `Ivanova` and
/// `ivanova` for the same account), but shown as first written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Login {
    display: String,
    key: String,
}

impl Login {
    pub const MIN_LEN: usize = 3;
    pub const MAX_LEN: usize = 64;

    pub fn parse(raw: &str) -> Result<Login, FieldError> {
        let display = raw.trim();
        let len = display.chars().count();
        // The length first, for its own message; then the published shape.
        if !(Self::MIN_LEN..=Self::MAX_LEN).contains(&len) {
            return Err(FieldError::new(
                "invalid_login",
                "Логин должен содержать от 3 до 64 символов",
            ));
        }
        if !super::patterns::LOGIN.matches(raw) {
            return Err(FieldError::new(
                "invalid_login",
                "Логин может содержать только буквы, цифры и знаки . _ - @",
            ));
        }
        Ok(Login {
            display: display.to_owned(),
            key: Self::key_of(display),
        })
    }

    /// The lookup key for any login text, valid or not, so that a login
    /// attempt with odd input still finds (or throttles) the same account.
    pub fn key_of(raw: &str) -> String {
        raw.trim().to_lowercase()
    }

    pub fn as_str(&self) -> &str {
        &self.display
    }

    pub fn key(&self) -> &str {
        &self.key
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_folds_case_including_cyrillic() {
        let login = Login::parse(" Иванова.Anna ").unwrap();
        assert_eq!(login.as_str(), "Иванова.Anna");
        assert_eq!(login.key(), "иванова.anna");
    }

    #[test]
    fn rejects_short_long_and_odd_logins() {
        assert!(Login::parse("ab").is_err());
        assert!(Login::parse(&"a".repeat(65)).is_err());
        assert!(Login::parse("with space").is_err());
        assert!(Login::parse("semi;colon").is_err());
    }
}
