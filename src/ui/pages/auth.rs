//! Sign-in, registration and sign-out.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use validator::Validate;

use crate::actions::accounts::{issue_token, register_resident, sign_in};
use crate::auth::client::ClientAddr;
use crate::auth::token::IssuedToken;
use crate::commands::account::{LoginRequest, RegisterRequest};
use crate::domain::role::Role;
use crate::error::{AppError, FieldErrors};
use crate::service::accounts;
use crate::state::AppState;
use crate::ui::error::{on_form, FormErrors, WebError};
use crate::ui::form::FormData;
use crate::ui::layout;
use crate::ui::respond::see_other;
use crate::ui::session::{self, anonymous_csrf, Page, Posted, PostedAnonymously, SESSION_COOKIE};
use crate::ui::widgets::{csrf_field, Filled};

/// The start page: the user's first menu entry, or the sign-in form.
pub async fn index(page: Result<Page, WebError>) -> HttpResponse {
    match page {
        Ok(page) => see_other(layout::home(page.role)),
        Err(_) => see_other("/login"),
    }
}

/// A form shown before sign-in: it needs the seed cookie for its CSRF
/// token, set here when the browser has none yet. 422 when it shows errors.
fn anonymous_page(
    req: &HttpRequest,
    state: &AppState,
    render: fn(&str, &Filled) -> Markup,
    data: &FormData,
    errors: &FormErrors,
) -> HttpResponse {
    let (csrf, seed) = anonymous_csrf(req, state);
    let status = if errors.is_empty() {
        actix_web::http::StatusCode::OK
    } else {
        actix_web::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut response = HttpResponse::build(status);
    if let Some(seed) = seed {
        response.cookie(seed);
    }
    response
        .content_type("text/html; charset=utf-8")
        .body(render(&csrf, &Filled { data, errors }).into_string())
}

/// After the sign-in or registration form: the session cookie and the
/// user's first page, or the form again with what was wrong.
fn signed_in(
    req: &HttpRequest,
    state: &AppState,
    attempt: Result<(Role, IssuedToken), AppError>,
    render: fn(&str, &Filled) -> Markup,
    data: &FormData,
    landing: fn(Role) -> &'static str,
) -> Result<HttpResponse, WebError> {
    match attempt {
        Ok((role, issued)) => {
            let cookie = session::session_cookie(req, issued.token, state.tokens.ttl());
            Ok(HttpResponse::SeeOther()
                .cookie(cookie)
                .insert_header((header::LOCATION, landing(role)))
                .finish())
        }
        Err(error) => {
            let errors = on_form(error)?;
            Ok(anonymous_page(req, state, render, data, &errors))
        }
    }
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
    anonymous_page(
        &req,
        &state,
        login_form,
        &FormData::empty(),
        &FormErrors::new(),
    )
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
    PostedAnonymously(data): PostedAnonymously,
) -> Result<HttpResponse, WebError> {
    let attempt = async {
        let request: LoginRequest = data.input().map_err(AppError::invalid)?;
        let source = ClientAddr::of_request(&req, &state.proxies);
        let (_, role, issued) = sign_in(&state, &source, validated(request)?).await?;
        Ok((role, issued))
    }
    .await;
    signed_in(&req, &state, attempt, login_form, &data, layout::home)
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
    anonymous_page(
        &req,
        &state,
        register_form,
        &FormData::empty(),
        &FormErrors::new(),
    )
}

/// A new resident is signed in at once and lands on the application form.
pub async fn register(
    req: HttpRequest,
    state: web::Data<AppState>,
    PostedAnonymously(data): PostedAnonymously,
) -> Result<HttpResponse, WebError> {
    let attempt = async {
        let request: RegisterRequest = validated(data.input().map_err(AppError::invalid)?)?;
        let row = register_resident(&state, request).await?;
        issue_token(&state, &row)
    }
    .await;
    signed_in(&req, &state, attempt, register_form, &data, |_| {
        "/applications/new"
    })
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

/// The tab's icon, drawn as SVG. Browsers ask for `/favicon.ico` where a
/// response names no icon (a PDF, a JSON error), so the pages name the same
/// address and one answer serves both.
pub async fn favicon() -> HttpResponse {
    asset("image/svg+xml", layout::FAVICON)
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
