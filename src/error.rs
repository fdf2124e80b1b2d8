//! One error type for the whole service and its one JSON shape:
//! `{"error": {"code", "message", "fields"}}`.

use serde::Serialize;
use serde_json::{Map, Value};

pub use crate::domain::field_error::FieldErrors;
use utoipa::ToSchema;

use crate::domain::FieldError;

/// Why input was refused. The kinds say what went wrong, not how a
/// protocol answers it: `http_error` maps them to statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The input cannot be read at all (malformed, wrong encoding).
    Unreadable,
    /// Larger than the service takes.
    TooLarge,
    /// In a format the service does not read.
    UnsupportedFormat,
    /// Read, but it breaks a rule.
    Invalid,
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("validation failed")]
    Validation {
        refusal: Refusal,
        message: String,
        fields: FieldErrors,
    },
    #[error("unauthorized: {0}")]
    Unauthorized(&'static str),
    #[error("bad credentials")]
    BadCredentials,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("conflict: {code}")]
    Conflict {
        code: &'static str,
        message: String,
        fields: FieldErrors,
    },
    /// An action the application's current status does not allow.
    #[error("invalid state: {current}")]
    InvalidState {
        /// The application's number, which the message names.
        number: String,
        current: &'static str,
        /// The status as a person reads it.
        wording: &'static str,
    },
    #[error("too many requests")]
    TooManyRequests { retry_after_secs: u64 },
    #[error("service unavailable: {0}")]
    Unavailable(String),
    /// The cause goes to the log only; the client sees a request id.
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    pub fn invalid(fields: FieldErrors) -> Self {
        AppError::Validation {
            refusal: Refusal::Invalid,
            message: "Проверьте заполнение полей".into(),
            fields,
        }
    }

    pub fn invalid_field(path: &[&str], error: FieldError) -> Self {
        Self::invalid(FieldErrors::single(path, error))
    }

    pub fn bad_request(fields: FieldErrors) -> Self {
        AppError::Validation {
            refusal: Refusal::Unreadable,
            message: "Запрос не удалось прочитать".into(),
            fields,
        }
    }

    /// A request refused whole for one reason, told as the message too, so a
    /// page that shows only the message still says what was wrong.
    pub fn refused(field: &[&str], error: FieldError) -> Self {
        AppError::Validation {
            refusal: Refusal::Unreadable,
            message: error.message.to_string(),
            fields: FieldErrors::single(field, error),
        }
    }

    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        AppError::Conflict {
            code,
            message: message.into(),
            fields: FieldErrors::new(),
        }
    }

    pub fn internal(cause: impl std::fmt::Display) -> Self {
        AppError::Internal(cause.to_string())
    }

    pub fn code(&self) -> &'static str {
        match self {
            AppError::Validation { .. } => "validation_failed",
            AppError::Unauthorized(_) | AppError::BadCredentials => "unauthorized",
            AppError::Forbidden => "forbidden",
            AppError::NotFound => "not_found",
            AppError::MethodNotAllowed => "method_not_allowed",
            AppError::Conflict { code, .. } => code,
            AppError::TooManyRequests { .. } => "too_many_requests",
            AppError::InvalidState { .. } => "invalid_state",
            AppError::Unavailable(_) => "unavailable",
            AppError::Internal(_) => "internal",
        }
    }

    /// Writes the causes a client never sees to the log: the API's JSON
    /// errors and the web pages' error pages both call this.
    pub fn log(&self) {
        match self {
            AppError::Internal(cause) => tracing::error!(%cause, "internal error"),
            AppError::Unavailable(cause) => tracing::warn!(%cause, "service unavailable"),
            AppError::Unauthorized(reason) => tracing::info!(reason, "request not authenticated"),
            _ => {}
        }
    }

    /// The per-field errors, nested like the request body (empty for most
    /// kinds).
    pub fn fields(&self) -> Value {
        match self {
            AppError::Validation { fields, .. } | AppError::Conflict { fields, .. } => {
                fields.clone().into_value()
            }
            _ => Value::Object(Map::new()),
        }
    }

    pub fn message(&self) -> String {
        match self {
            AppError::Validation { message, .. } | AppError::Conflict { message, .. } => {
                message.clone()
            }
            AppError::Unauthorized(_) => "Требуется вход в систему".into(),
            AppError::BadCredentials => "Неверный логин или пароль".into(),
            AppError::Forbidden => "Недостаточно прав для этого действия".into(),
            AppError::NotFound => "Не найдено".into(),
            AppError::MethodNotAllowed => "Метод не поддерживается для этого адреса".into(),
            AppError::TooManyRequests { .. } => "Слишком много попыток, повторите позже".into(),
            AppError::InvalidState {
                number, wording, ..
            } => {
                format!("Действие недоступно: заявление № {number} {wording}")
            }
            AppError::Unavailable(_) => "Сервис временно недоступен".into(),
            AppError::Internal(_) => "Внутренняя ошибка сервера".into(),
        }
    }
}

/// The error body as the OpenAPI document describes it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable snake_case code for programs.
    #[schema(example = "validation_failed")]
    pub code: String,
    /// Russian text for people.
    pub message: String,
    /// Per-field errors, nested like the request body.
    #[schema(value_type = Object)]
    pub fields: Value,
    /// On `invalid_state`: the status the record has now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_status: Option<String>,
    /// Present on internal errors, to find the cause in the log.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

impl From<diesel::result::Error> for AppError {
    fn from(error: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match error {
            Error::NotFound => AppError::NotFound,
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                AppError::conflict("conflict", "Такая запись уже существует")
            }
            // SQLite's busy timeout ran out: the database is overloaded, not
            // broken, and the client may retry.
            Error::DatabaseError(_, info) if info.message().contains("database is locked") => {
                AppError::Unavailable(info.message().to_owned())
            }
            other => AppError::internal(other),
        }
    }
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(error: diesel::r2d2::PoolError) -> Self {
        AppError::Unavailable(error.to_string())
    }
}

impl From<validator::ValidationErrors> for AppError {
    fn from(errors: validator::ValidationErrors) -> Self {
        AppError::invalid(errors.into())
    }
}

/// A paper or an export that cannot be written is the service's fault,
/// never the caller's. Converted here, so the papers know no errors of the
/// layers above them.
impl From<crate::print::PrintError> for AppError {
    fn from(error: crate::print::PrintError) -> Self {
        AppError::internal(error)
    }
}

impl From<crate::print::csv::CsvError> for AppError {
    fn from(error: crate::print::csv::CsvError) -> Self {
        AppError::internal(error)
    }
}
