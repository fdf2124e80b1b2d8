//! How a page answers: HTML, 422 when it shows a refused form, a redirect
//! after a form that went through.

use std::future::Future;

use actix_web::http::{header, StatusCode};
use actix_web::HttpResponse;
use maud::Markup;

use super::error::{on_form, FormErrors, WebError};
use crate::error::AppError;

pub fn html(markup: Markup) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(markup.into_string())
}

/// A page that shows a form: 422 when it carries the errors of a refused
/// submission, so a script or a test can tell without reading it.
pub fn form_page(markup: Markup, errors: &FormErrors) -> HttpResponse {
    let mut response = html(markup);
    if !errors.is_empty() {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    response
}

pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}

/// The end of every form handler: on success, a redirect to the address
/// `done` names (so a reload does not post twice); when the input was
/// refused, the page again from `again` with the errors beside the fields.
pub async fn settle<T, Again, Fut>(
    result: Result<T, AppError>,
    done: impl FnOnce(T) -> String,
    again: Again,
) -> Result<HttpResponse, WebError>
where
    Again: FnOnce(FormErrors) -> Fut,
    Fut: Future<Output = Result<HttpResponse, WebError>>,
{
    match result {
        Ok(value) => Ok(see_other(&done(value))),
        Err(error) => again(on_form(error)?).await,
    }
}
