//! The answers of the whole app, for the JSON API and the pages alike:
//! what actix would otherwise give with an empty or plain-text body
//! (unknown route, wrong method, an unreadable path or query) in the
//! service's error shape, as a page for a browser and as JSON otherwise.
//! It sits above both front-ends, so neither imports the other.

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::ServiceResponse;
use actix_web::http::{header, StatusCode};
use actix_web::middleware::{ErrorHandlerResponse, ErrorHandlers};
use actix_web::ResponseError;

use actix_web::web;

use crate::api::extract::JSON_LIMIT;
use crate::domain::FieldError;
use crate::error::{AppError, FieldErrors, Refusal};

pub async fn unknown_route(req: actix_web::HttpRequest) -> actix_web::HttpResponse {
    answer(&req, AppError::NotFound)
}

/// The error as a page for a browser asking for one, as JSON otherwise.
pub fn answer(req: &actix_web::HttpRequest, error: AppError) -> actix_web::HttpResponse {
    if crate::ui::wants_page(req) {
        crate::ui::error::WebError::App(error).error_response()
    } else {
        error.error_response()
    }
}

impl actix_web::Responder for AppError {
    type Body = BoxBody;

    fn respond_to(self, _req: &actix_web::HttpRequest) -> actix_web::HttpResponse {
        self.error_response()
    }
}

fn error_for(status: StatusCode) -> AppError {
    match status {
        StatusCode::NOT_FOUND => AppError::NotFound,
        StatusCode::METHOD_NOT_ALLOWED => AppError::MethodNotAllowed,
        StatusCode::UNAUTHORIZED => AppError::Unauthorized("rejected by the framework"),
        status if status.is_server_error() => {
            AppError::internal(format!("framework answered {status} without a body"))
        }
        status => AppError::Validation {
            refusal: match status {
                StatusCode::PAYLOAD_TOO_LARGE => Refusal::TooLarge,
                StatusCode::UNSUPPORTED_MEDIA_TYPE => Refusal::UnsupportedFormat,
                _ => Refusal::Unreadable,
            },
            message: "Запрос не может быть обработан".into(),
            fields: FieldErrors::single(
                &["body"],
                FieldError::new("bad_request", status.canonical_reason().unwrap_or("")),
            ),
        },
    }
}

pub fn json_errors<B: MessageBody + 'static>() -> ErrorHandlers<B> {
    ErrorHandlers::new().default_handler(|res: ServiceResponse<B>| {
        // JSON errors and the web pages' own HTML error pages pass as they are.
        let has_body = res
            .response()
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|value| {
                value.as_bytes().starts_with(b"application/json")
                    || value.as_bytes().starts_with(b"text/html")
            });
        if has_body {
            return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
        }
        let error = error_for(res.status());
        // A refusal of the input keeps the framework's own status (414, 431
        // and the like), with the service's body.
        let keeps_status = matches!(error, AppError::Validation { .. });
        let mut response = answer(res.request(), error);
        if keeps_status {
            *response.status_mut() = res.status();
        }
        if res.status() == StatusCode::METHOD_NOT_ALLOWED {
            let allow = res
                .request()
                .match_pattern()
                .and_then(|pattern| crate::api::allowed_methods(&pattern));
            if let Some(allow) = allow {
                response
                    .headers_mut()
                    .insert(header::ALLOW, header::HeaderValue::from_static(allow));
            }
        }
        let (req, _) = res.into_parts();
        let res: ServiceResponse<EitherBody<B>> =
            ServiceResponse::new(req, response).map_into_right_body();
        Ok(ErrorHandlerResponse::Response(res))
    })
}

/// Path and query errors in the same shape as body errors.
pub fn configure_extractors(cfg: &mut web::ServiceConfig) {
    cfg.app_data(web::PathConfig::default().error_handler(|error, req| {
        let response = answer(req, AppError::NotFound);
        actix_web::error::InternalError::from_response(error, response).into()
    }))
    .app_data(web::QueryConfig::default().error_handler(|err, _| {
        AppError::invalid(FieldErrors::single(
            &["query"],
            FieldError::new(
                "invalid_query",
                format!("Неверные параметры запроса: {err}"),
            ),
        ))
        .into()
    }))
    .app_data(web::PayloadConfig::new(JSON_LIMIT))
    .app_data(
        web::JsonConfig::default()
            .limit(JSON_LIMIT)
            .error_handler(|err, _| {
                AppError::bad_request(FieldErrors::single(
                    &["body"],
                    FieldError::new(
                        "malformed_json",
                        format!("Тело запроса не прочитано: {err}"),
                    ),
                ))
                .into()
            }),
    );
}
