//! The response layer's view of `AppError`: which status each kind is
//! answered with, and the JSON body. The API's handlers and the web pages'
//! error pages both answer through here, so a kind has one status
//! everywhere, and nothing below the handlers knows HTTP.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};

use crate::error::{AppError, ErrorBody, ErrorDetail, Refusal};
use crate::request_id;

/// When a 503 tells the client to try again: long enough for a busy
/// database or a full queue to drain, short enough for a person waiting.
pub const UNAVAILABLE_RETRY_AFTER_SECS: u64 = 5;

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::Validation { refusal, .. } => match refusal {
                Refusal::Unreadable => StatusCode::BAD_REQUEST,
                Refusal::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
                Refusal::UnsupportedFormat => StatusCode::UNSUPPORTED_MEDIA_TYPE,
                Refusal::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
            },
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
                    AppError::InvalidState { current, .. } => Some((*current).to_owned()),
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

/// A blocking task that panicked or was cancelled: the pool thread is the
/// framework's, so its failure is told here.
impl From<actix_web::error::BlockingError> for AppError {
    fn from(error: actix_web::error::BlockingError) -> Self {
        AppError::internal(error)
    }
}
