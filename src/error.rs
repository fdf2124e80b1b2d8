//! One error type for the whole service and its one JSON shape:
//! `{"error": {"code", "message", "fields"}}`.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use serde_json::{Map, Value};

pub use crate::domain::field_error::FieldErrors;
use utoipa::ToSchema;

use crate::domain::FieldError;
use crate::request_id;

/// When a 503 tells the client to try again: long enough for a busy
/// database or a full queue to drain, short enough for a person waiting.
pub const UNAVAILABLE_RETRY_AFTER_SECS: u64 = 5;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// 400 when the body cannot be read at all, 422 when it was read but
    /// breaks a rule.
    #[error("validation failed")]
    Validation {
        status: StatusCode,
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
    InvalidState { current: &'static str },
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
            status: StatusCode::UNPROCESSABLE_ENTITY,
            message: "Проверьте заполнение полей".into(),
            fields,
        }
    }

    pub fn invalid_field(path: &[&str], error: FieldError) -> Self {
        Self::invalid(FieldErrors::single(path, error))
    }

    pub fn bad_request(fields: FieldErrors) -> Self {
        AppError::Validation {
            status: StatusCode::BAD_REQUEST,
            message: "Запрос не удалось прочитать".into(),
            fields,
        }
    }

    /// A request refused whole for one reason, told as the message too, so a
    /// page that shows only the message still says what was wrong.
    pub fn refused(field: &[&str], error: FieldError) -> Self {
        AppError::Validation {
            status: StatusCode::BAD_REQUEST,
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
            AppError::InvalidState { current } => {
                format!("Действие недоступно в текущем статусе заявления ({current})")
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

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::Validation { status, .. } => *status,
            AppError::Unauthorized(_) | AppError::BadCredentials => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            AppError::Conflict { .. } => StatusCode::CONFLICT,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::InvalidState { .. } => StatusCode::CONFLICT,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        self.log();
        let request_id = match self {
            AppError::Internal(_) => request_id::current(),
            _ => None,
        };
        let fields = self.fields();
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code().to_owned(),
                message: self.message(),
                fields,
                current_status: match self {
                    AppError::InvalidState { current } => Some((*current).to_owned()),
                    _ => None,
                },
                request_id,
            },
        };
        let mut response = HttpResponse::build(self.status_code());
        match self {
            AppError::TooManyRequests { retry_after_secs } => {
                response.insert_header((header::RETRY_AFTER, retry_after_secs.to_string()));
            }
            // Overload and outages pass: a client told when to come back
            // does not hammer a service that is catching up.
            AppError::Unavailable(_) => {
                response.insert_header((
                    header::RETRY_AFTER,
                    UNAVAILABLE_RETRY_AFTER_SECS.to_string(),
                ));
            }
            AppError::Unauthorized(_) | AppError::BadCredentials => {
                response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
            }
            _ => {}
        }
        response.json(body)
    }
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

impl From<actix_web::error::BlockingError> for AppError {
    fn from(error: actix_web::error::BlockingError) -> Self {
        AppError::internal(error)
    }
}

impl From<validator::ValidationErrors> for AppError {
    fn from(errors: validator::ValidationErrors) -> Self {
        AppError::invalid(errors.into())
    }
}
