//! Sign-in, registration and sign-out.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use validator::Validate;

use crate::api::auth::{register_resident, sign_in, LoginRequest, RegisterRequest};
use crate::error::{AppError, FieldErrors};
use crate::service::accounts;
use crate::state::AppState;
use crate::ui::error::{on_form, FormErrors, WebError};
use crate::ui::form::FormData;
use crate::ui::layout;
use crate::ui::respond::see_other;
use crate::ui::session::{self, anonymous_csrf, Page, Posted, SESSION_COOKIE};
use crate::ui::widgets::{csrf_field, Filled};

/// The start page: the user's first menu entry, or the sign-in form.
pub async fn index(page: Result<Page, WebError>) -> HttpResponse {
    match page {
        Ok(page) => see_other(layout::home(page.role)),
        Err(_) => see_other("/login"),
    }
}

fn anonymous_page(
    req: &HttpRequest,
    state: &AppState,
    status: actix_web::http::StatusCode,
    render: impl FnOnce(&str) -> Markup,
) -> HttpResponse {
    let (csrf, seed) = anonymous_csrf(req, state);
    let mut response = HttpResponse::build(status);
    if let Some(seed) = seed {
        response.cookie(seed);
    }
    response
        .content_type("text/html; charset=utf-8")
        .body(render(&csrf).into_string())
}

fn login_form(csrf: &str, form: &Filled) -> Markup {
    layout::bare(
        "Вход",
        html! {
            h1 { "Вход в систему" }
            form.card method="post" action="/login" novalidate {
                (csrf_field(csrf))
                (form.summary(&["login", "password"]))
                (form.input("Логин", "login", "text", true))
                (form.input_with("Пароль", "password", "password", true, "", ""))
                div.actions { button type="submit" { "Войти" } }
            }
            p { "Нет учётной записи? " a href="/register" { "Зарегистрируйтесь" } ", чтобы подать заявление." }
        },
    )
}

pub async fn login_page(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let (data, errors) = (FormData::empty(), FormErrors::new());
    anonymous_page(&req, &state, actix_web::http::StatusCode::OK, |csrf| {
        login_form(
            csrf,
            &Filled {
                data: &data,
                errors: &errors,
            },
        )
    })
}

/// Validates a body the way `ValidJson` does for the API.
pub fn validated<T: Validate>(input: T) -> Result<T, AppError> {
    input
        .validate()
        .map_err(|e| AppError::invalid(FieldErrors::from(e)))?;
    Ok(input)
}

pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    Posted(data): Posted,
) -> Result<HttpResponse, WebError> {
    let attempt = async {
        let request: LoginRequest = data.input().map_err(AppError::invalid)?;
        sign_in(&state, validated(request)?).await
    };
    match attempt.await {
        Ok((_, role, issued)) => {
            let cookie = session::session_cookie(&req, issued.token, state.tokens.ttl());
            Ok(HttpResponse::SeeOther()
                .cookie(cookie)
                .insert_header((header::LOCATION, layout::home(role)))
                .finish())
        }
        Err(error) => {
            let errors = on_form(error)?;
            Ok(anonymous_page(
                &req,
                &state,
                actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
                |csrf| {
                    login_form(
                        csrf,
                        &Filled {
                            data: &data,
                            errors: &errors,
                        },
                    )
                },
            ))
        }
    }
}

fn register_form(csrf: &str, form: &Filled) -> Markup {
    layout::bare(
        "Регистрация",
        html! {
            h1 { "Регистрация заявителя" }
            form.card method="post" action="/register" novalidate {
                (csrf_field(csrf))
                (form.summary(&["login", "password", "full_name", "phone"]))
                (form.input("Фамилия, имя, отчество", "full_name", "text", true))
                (form.input("Телефон", "phone", "tel", true))
                (form.input("Логин", "login", "text", true))
                (form.input_with("Пароль (не короче 10 символов)", "password", "password", true, "", ""))
                div.actions { button type="submit" { "Зарегистрироваться" } }
            }
            p { "Уже зарегистрированы? " a href="/login" { "Войдите" } "." }
        },
    )
}

pub async fn register_page(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let (data, errors) = (FormData::empty(), FormErrors::new());
    anonymous_page(&req, &state, actix_web::http::StatusCode::OK, |csrf| {
        register_form(
            csrf,
            &Filled {
                data: &data,
                errors: &errors,
            },
        )
    })
}

pub async fn register(
    req: HttpRequest,
    state: web::Data<AppState>,
    Posted(data): Posted,
) -> Result<HttpResponse, WebError> {
    let attempt = async {
        let request: RegisterRequest = validated(data.input().map_err(AppError::invalid)?)?;
        let sign_in_request = LoginRequest {
            login: request.login.clone(),
            password: request.password.clone(),
        };
        register_resident(&state, request).await?;
        sign_in(&state, sign_in_request).await
    };
    match attempt.await {
        Ok((_, _, issued)) => {
            let cookie = session::session_cookie(&req, issued.token, state.tokens.ttl());
            Ok(HttpResponse::SeeOther()
                .cookie(cookie)
                .insert_header((header::LOCATION, "/applications/new"))
                .finish())
        }
        Err(error) => {
            let errors = on_form(error)?;
            Ok(anonymous_page(
                &req,
                &state,
                actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
                |csrf| {
                    register_form(
                        csrf,
                        &Filled {
                            data: &data,
                            errors: &errors,
                        },
                    )
                },
            ))
        }
    }
}

/// Ends every session of the user, as the API's logout does, and drops the
/// cookie.
pub async fn logout(
    req: HttpRequest,
    state: web::Data<AppState>,
    page: Page,
    _form: Posted,
) -> Result<HttpResponse, WebError> {
    let user_id = page.id;
    state
        .db(move |conn| accounts::revoke_tokens(conn, user_id))
        .await?;
    Ok(HttpResponse::SeeOther()
        .cookie(session::removal(&req, SESSION_COOKIE))
        .insert_header((header::LOCATION, "/login"))
        .finish())
}

pub async fn stylesheet() -> HttpResponse {
    asset("text/css; charset=utf-8", layout::STYLESHEET)
}

pub async fn script() -> HttpResponse {
    asset("text/javascript; charset=utf-8", layout::SCRIPT)
}

fn asset(content_type: &str, body: &'static str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(body)
}
