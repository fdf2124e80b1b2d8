use std::marker::PhantomData;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;

use super::policy::{AnyRole, Policy};
use crate::domain::principal::Principal;
use crate::domain::role::Role;
use crate::error::AppError;
use crate::service::accounts;
use crate::state::AppState;

/// A request from a user whose role `P` allows. No token, a bad token, a
/// revoked token or a disabled user is 401; a good user in the wrong role is
/// 403.
pub struct Authed<P: Policy = AnyRole> {
    pub user: Principal,
    policy: PhantomData<P>,
}

impl<P: Policy> std::ops::Deref for Authed<P> {
    type Target = Principal;

    fn deref(&self) -> &Principal {
        &self.user
    }
}

fn bearer_token(req: &HttpRequest) -> Result<String, AppError> {
    let value = req
        .headers()
        .get(header::AUTHORIZATION)
        .ok_or(AppError::Unauthorized("no token"))?
        .to_str()
        .map_err(|_| AppError::Unauthorized("malformed authorization header"))?;
    let (scheme, token) = value
        .trim()
        .split_once(' ')
        .ok_or(AppError::Unauthorized("malformed authorization header"))?;
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(AppError::Unauthorized("malformed authorization header"));
    }
    Ok(token.trim().to_owned())
}

impl<P: Policy + 'static> FromRequest for Authed<P> {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = bearer_token(req);
        Box::pin(async move {
            let state = state.ok_or_else(|| AppError::internal("application state missing"))?;
            let user = authenticate(&state, &token?).await?;
            if !P::allows(user.role) {
                return Err(AppError::Forbidden);
            }
            Ok(Authed {
                user,
                policy: PhantomData,
            })
        })
    }
}

/// The user a token stands for, checked against the database: the API's
/// bearer tokens and the web pages' session cookies both come through here.
pub async fn authenticate(state: &AppState, token: &str) -> Result<Principal, AppError> {
    let claims = state.tokens.verify(token)?;
    let user_id: i64 = claims
        .sub
        .parse()
        .map_err(|_| AppError::Unauthorized("malformed token subject"))?;
    // One primary-key read per request: the price of tokens that can
    // be revoked at once on every instance.
    let row = state
        .db(move |conn| accounts::find(conn, user_id))
        .await?
        .ok_or(AppError::Unauthorized("unknown user"))?;
    if row.disabled {
        return Err(AppError::Unauthorized("user disabled"));
    }
    if row.token_version != claims.ver {
        return Err(AppError::Unauthorized("token revoked"));
    }
    let role = Role::parse(&row.role).map_err(AppError::internal)?;
    if role != claims.role {
        return Err(AppError::Unauthorized(
            "role changed since the token was issued",
        ));
    }
    Ok(row.into_principal(role))
}
