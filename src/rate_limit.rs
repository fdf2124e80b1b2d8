//! Limits per client address on what an anonymous caller can repeat: signing
//! in, registering, and a resident's filing. A caller over the limit gets
//! 429 with `Retry-After` before the request reaches a handler.
//!
//! The counts are this instance's, in memory: behind a load balancer of N
//! instances a client may make up to N times as many. That is the point of
//! them, to keep one client from flooding an instance; the limits that
//! must hold exactly (failed sign-ins per login) live in the database.

use std::num::NonZeroU32;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::web;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::auth::client::ClientAddr;
use crate::domain::role::Role;
use crate::error::AppError;
use crate::state::AppState;

/// What a client may repeat only so often.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Limited {
    SignIn,
    Registration,
    Filing,
}

impl Limited {
    /// The limited action a request is, if any: the API's and the pages'.
    pub fn of(method: &Method, path: &str) -> Option<Self> {
        if method != Method::POST {
            return None;
        }
        match path {
            "/api/v1/auth/login" | "/login" => Some(Self::SignIn),
            "/api/v1/auth/register" | "/register" => Some(Self::Registration),
            "/api/v1/applications" | "/applications/new" => Some(Self::Filing),
            _ => None,
        }
    }
}

/// Requests per client address, each a burst and then a steady rate.
#[derive(Debug, Clone, Copy)]
pub struct RateLimits {
    /// A whole office behind one address signs in at the start of a shift.
    pub sign_ins_per_minute: u32,
    /// A reception desk may register residents one after another.
    pub registrations_per_hour: u32,
    /// A household files once; staff registering paper claims are not
    /// limited, since they are signed in and accountable.
    pub filings_per_hour: u32,
}

impl Default for RateLimits {
    fn default() -> Self {
        Self {
            sign_ins_per_minute: 30,
            registrations_per_hour: 30,
            filings_per_hour: 30,
        }
    }
}

/// Past this many tracked addresses, the ones back to a full allowance are
/// forgotten, so a flood of addresses cannot grow memory without end.
const FORGET_ABOVE: usize = 50_000;

pub struct RateLimiters {
    sign_in: DefaultKeyedRateLimiter<ClientAddr>,
    registration: DefaultKeyedRateLimiter<ClientAddr>,
    filing: DefaultKeyedRateLimiter<ClientAddr>,
}

fn quota(count: u32, per: std::time::Duration) -> Quota {
    let count = NonZeroU32::new(count.max(1)).unwrap_or(NonZeroU32::MIN);
    Quota::with_period(per / count.get())
        .unwrap_or_else(|| Quota::per_second(count))
        .allow_burst(count)
}

impl RateLimiters {
    pub fn new(limits: RateLimits) -> Self {
        let minute = std::time::Duration::from_secs(60);
        let hour = std::time::Duration::from_secs(3600);
        Self {
            sign_in: RateLimiter::keyed(quota(limits.sign_ins_per_minute, minute)),
            registration: RateLimiter::keyed(quota(limits.registrations_per_hour, hour)),
            filing: RateLimiter::keyed(quota(limits.filings_per_hour, hour)),
        }
    }

    /// Counts one request of `action` from `client`; the whole seconds to
    /// wait when it is over the limit.
    pub fn check(&self, action: Limited, client: &ClientAddr) -> Result<(), u64> {
        let limiter = match action {
            Limited::SignIn => &self.sign_in,
            Limited::Registration => &self.registration,
            Limited::Filing => &self.filing,
        };
        if limiter.len() > FORGET_ABOVE {
            limiter.retain_recent();
        }
        limiter.check_key(client).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
        })
    }
}

/// A staff member's filing is not limited; the role is read from the
/// token's signed claims alone, since a forged or revoked one is refused by
/// the handler anyway.
fn is_staff_filing(req: &ServiceRequest, state: &AppState) -> bool {
    let bearer = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim().to_owned());
    let token = bearer.or_else(|| {
        req.cookie(crate::ui::session::SESSION_COOKIE)
            .map(|c| c.value().to_owned())
    });
    token
        .and_then(|t| state.tokens.verify(&t).ok())
        .is_some_and(|claims| matches!(claims.role, Role::Officer | Role::Admin))
}

/// Middleware: refuses a limited request over its client's allowance.
pub async fn apply(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let action = Limited::of(req.method(), req.path());
    let state = req.app_data::<web::Data<AppState>>().cloned();
    if let (Some(action), Some(state)) = (action, state) {
        let exempt = action == Limited::Filing && is_staff_filing(&req, &state);
        let client = ClientAddr::of_request(req.request(), &state.proxies);
        if !exempt {
            if let Err(retry_after_secs) = state.limits.check(action, &client) {
                tracing::info!(?action, "rate limit reached");
                let response = crate::fallback::answer(
                    req.request(),
                    AppError::TooManyRequests { retry_after_secs },
                );
                return Ok(req.into_response(response).map_into_right_body());
            }
        }
    }
    Ok(next.call(req).await?.map_into_left_body())
}
