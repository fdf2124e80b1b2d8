//! How a page answers when something goes wrong: an HTML page in Russian
//! with the same status the API would give, or a trip to the sign-in form.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use maud::html;

use super::layout;
use crate::error::AppError;

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error(transparent)]
    App(#[from] AppError),
    /// No session, or one that expired or was revoked.
    #[error("sign-in required")]
    SignIn,
    /// A form posted without a token this browser was given.
    #[error("csrf check failed")]
    Csrf,
}

impl From<actix_web::error::BlockingError> for WebError {
    fn from(error: actix_web::error::BlockingError) -> Self {
        WebError::App(error.into())
    }
}

impl ResponseError for WebError {
    fn status_code(&self) -> StatusCode {
        match self {
            WebError::App(AppError::Unauthorized(_)) | WebError::SignIn => StatusCode::SEE_OTHER,
            WebError::App(error) => error.status_code(),
            WebError::Csrf => StatusCode::FORBIDDEN,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let (title, text) = match self {
            WebError::App(AppError::Unauthorized(_)) | WebError::SignIn => {
                return HttpResponse::SeeOther()
                    .insert_header((header::LOCATION, "/login"))
                    .finish();
            }
            WebError::Csrf => (
                "Форма устарела",
                "Страница была открыта слишком давно или не из этой системы. Вернитесь назад, \
                 обновите страницу и отправьте форму ещё раз."
                    .to_owned(),
            ),
            WebError::App(AppError::NotFound) => (
                "Страница не найдена",
                "Такой страницы нет или у вас нет к ней доступа.".to_owned(),
            ),
            WebError::App(AppError::Forbidden) => (
                "Нет доступа",
                "Этот раздел недоступен для вашей роли.".to_owned(),
            ),
            WebError::App(error) => {
                // The cause of a 500 goes to the log, never to the page.
                error.log();
                ("Не удалось выполнить действие", error.message())
            }
        };
        let page = layout::bare(
            title,
            html! {
                h1 { (title) }
                p.notice.error role="alert" { (text) }
                p { a href="/" { "На главную" } }
            },
        );
        HttpResponse::build(self.status_code())
            .content_type("text/html; charset=utf-8")
            .body(page.into_string())
    }
}

/// Messages per field path, as a form shows them; `""` holds the ones that
/// belong to no field.
pub type FormErrors = std::collections::BTreeMap<String, Vec<String>>;

/// What a form shows for a refused submission. Errors about the input are
/// shown on the form; the rest (not found, no access, a failure) become the
/// error page.
pub fn on_form(error: AppError) -> Result<FormErrors, WebError> {
    let general = |message: String| FormErrors::from([(String::new(), vec![message])]);
    match error {
        AppError::Validation { ref fields, .. } | AppError::Conflict { ref fields, .. } => {
            let mut messages = fields.messages();
            if messages.is_empty() {
                messages = general(error.message());
            }
            Ok(messages)
        }
        AppError::InvalidState { .. }
        | AppError::BadCredentials
        | AppError::TooManyRequests { .. } => Ok(general(error.message())),
        AppError::Unauthorized(_)
        | AppError::Forbidden
        | AppError::NotFound
        | AppError::MethodNotAllowed
        | AppError::Unavailable(_)
        | AppError::Internal(_) => Err(error.into()),
    }
}
