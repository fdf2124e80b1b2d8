//! Web sessions: the same signed, revocable token as the API's bearer token,
//! carried in an `HttpOnly` cookie, and the CSRF token every form posts back.

use std::marker::PhantomData;

use actix_web::cookie::{time, Cookie, SameSite};
use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;

use super::error::WebError;
use super::form::FormData;
use crate::auth::policy::{AnyRole, Policy};
use crate::auth::{authenticate, Principal};
use crate::domain::FieldError;
use crate::error::{AppError, FieldErrors};
use crate::state::AppState;

pub const SESSION_COOKIE: &str = "relief_session";
/// A random value set before sign-in, so the sign-in and registration forms
/// carry a CSRF token too.
pub const SEED_COOKIE: &str = "relief_seed";
/// The name of the hidden field holding the CSRF token.
pub const CSRF_FIELD: &str = "_csrf";

const SESSION_PURPOSE: &str = "session";
const ANONYMOUS_PURPOSE: &str = "anonymous";

/// A cookie the browser keeps from script and never sends from another
/// site's page; `Secure` whenever the request came over HTTPS, including
/// behind a proxy that says so.
pub fn cookie<'c>(req: &HttpRequest, name: &'c str, value: String) -> Cookie<'c> {
    let mut cookie = Cookie::build(name, value)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .finish();
    if req.connection_info().scheme() == "https" {
        cookie.set_secure(true);
    }
    cookie
}

/// The cookie that ends a session: empty and already expired.
pub fn removal<'c>(req: &HttpRequest, name: &'c str) -> Cookie<'c> {
    let mut cookie = cookie(req, name, String::new());
    cookie.set_max_age(time::Duration::ZERO);
    cookie
}

pub fn session_cookie(req: &HttpRequest, token: String, ttl: chrono::Duration) -> Cookie<'static> {
    let mut cookie = cookie(req, SESSION_COOKIE, token);
    cookie.set_max_age(time::Duration::seconds(ttl.num_seconds()));
    cookie
}

/// A signed-in user whose role `P` allows, with the CSRF token for the
/// forms on the page. No session sends the browser to the sign-in form; a
/// role that may not see the page gets 403.
pub struct Page<P: Policy = AnyRole> {
    pub user: Principal,
    pub csrf: String,
    policy: PhantomData<P>,
}

impl<P: Policy> std::ops::Deref for Page<P> {
    type Target = Principal;

    fn deref(&self) -> &Principal {
        &self.user
    }
}

fn state_of(req: &HttpRequest) -> Result<web::Data<AppState>, WebError> {
    req.app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| AppError::internal("application state missing").into())
}

impl<P: Policy + 'static> FromRequest for Page<P> {
    type Error = WebError;
    type Future = LocalBoxFuture<'static, Result<Self, WebError>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let state = state_of(req);
        let token = req.cookie(SESSION_COOKIE).map(|c| c.value().to_owned());
        Box::pin(async move {
            let state = state?;
            let token = token.filter(|t| !t.is_empty()).ok_or(WebError::SignIn)?;
            let user = authenticate(&state, &token).await?;
            if !P::allows(user.role) {
                return Err(AppError::Forbidden.into());
            }
            Ok(Page {
                csrf: state.tokens.csrf().token(SESSION_PURPOSE, &token),
                user,
                policy: PhantomData,
            })
        })
    }
}

/// The token for forms shown before sign-in, and the seed cookie to set
/// when the browser has none yet.
pub fn anonymous_csrf(req: &HttpRequest, state: &AppState) -> (String, Option<Cookie<'static>>) {
    match req.cookie(SEED_COOKIE).filter(|c| !c.value().is_empty()) {
        Some(seed) => (
            state.tokens.csrf().token(ANONYMOUS_PURPOSE, seed.value()),
            None,
        ),
        None => {
            let seed = hex::encode(rand::random::<[u8; 32]>());
            let token = state.tokens.csrf().token(ANONYMOUS_PURPOSE, &seed);
            (token, Some(cookie(req, SEED_COOKIE, seed)))
        }
    }
}

/// A posted form whose CSRF token matches this browser's session. Anything
/// else is refused with 403 before the handler runs.
pub struct Posted(pub FormData);

/// A posted sign-in or registration form, whose token matches the seed
/// cookie. Kept apart from [`Posted`]: a seed and its token that an attacker
/// fetched for themselves must never pass for a signed-in user's form.
pub struct PostedAnonymously(pub FormData);

/// Reads the form and checks its token against the cookie `cookie_name`
/// under `purpose`.
fn checked_form(
    req: &HttpRequest,
    payload: &mut Payload,
    purpose: &'static str,
    cookie_name: &str,
) -> LocalBoxFuture<'static, Result<FormData, WebError>> {
    let state = state_of(req);
    let binding = req
        .cookie(cookie_name)
        .map(|c| c.value().to_owned())
        .filter(|v| !v.is_empty());
    let form = web::Form::<Vec<(String, String)>>::from_request(req, payload);
    Box::pin(async move {
        let state = state?;
        let pairs = form
            .await
            .map_err(|_| {
                AppError::bad_request(FieldErrors::single(
                    &["body"],
                    FieldError::new("malformed_form", "Форму не удалось прочитать"),
                ))
            })?
            .into_inner();
        let form = FormData::posted(pairs)
            .map_err(|refusal| AppError::refused(&["body"], refusal.field_error()))?;
        let token = form.raw(CSRF_FIELD);
        match binding {
            Some(value) if state.tokens.csrf().verify(purpose, &value, token) => Ok(form),
            _ => {
                tracing::warn!(purpose, "form refused: CSRF token missing or wrong");
                Err(WebError::Csrf)
            }
        }
    })
}

impl FromRequest for Posted {
    type Error = WebError;
    type Future = LocalBoxFuture<'static, Result<Self, WebError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let form = checked_form(req, payload, SESSION_PURPOSE, SESSION_COOKIE);
        Box::pin(async move { form.await.map(Posted) })
    }
}

impl FromRequest for PostedAnonymously {
    type Error = WebError;
    type Future = LocalBoxFuture<'static, Result<Self, WebError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let form = checked_form(req, payload, ANONYMOUS_PURPOSE, SEED_COOKIE);
        Box::pin(async move { form.await.map(PostedAnonymously) })
    }
}
