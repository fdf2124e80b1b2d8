use std::borrow::Cow;

/// A rule broken by one input value: a stable English `code` for programs
/// and a Russian `message` for the person who typed the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub code: Cow<'static, str>,
    pub message: Cow<'static, str>,
}

impl FieldError {
    pub fn new(code: impl Into<Cow<'static, str>>, message: impl Into<Cow<'static, str>>) -> Self {
        Self {
            code: code.into(),
            message: message.into(),
        }
    }

    /// Bridges domain parsing into `validator`'s custom-function hook, so the
    /// rule itself is written once, in the domain.
    pub fn into_validation_error(self) -> validator::ValidationError {
        let mut error = validator::ValidationError::new("invalid").with_message(self.message);
        error.code = self.code;
        error
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for FieldError {}
