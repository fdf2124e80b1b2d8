use std::sync::Arc;

use actix_web::web;

use crate::auth::client::TrustedProxies;
use crate::auth::hashing::PasswordWork;
use crate::auth::{CurrentUser, TokenKeys};
use crate::db::{DbConnection, DbPool};
use crate::domain::throttle::LoginThrottle;
use crate::error::AppError;
use crate::rate_limit::RateLimiters;
use crate::service::applications::{Application, Filing};
use crate::service::registrar::Registrar;
use crate::service::registration::Registration;

/// What every request handler shares. Nothing here counts or must be unique:
/// that lives in the database, so many instances can share one PostgreSQL.
#[derive(Clone)]
pub struct AppState {
    pub pool: DbPool,
    pub tokens: Arc<TokenKeys>,
    pub throttle: LoginThrottle,
    /// Commits concurrent filings together; holds only the filings waiting.
    pub registrar: Arc<Registrar>,
    /// Bounds the password hashes running at once in this process: a limit
    /// on this machine's cores and memory, not a count to share.
    pub passwords: Arc<PasswordWork>,
    /// Requests per client address on sign-in, registration and filing.
    pub limits: Arc<RateLimiters>,
    /// Whose `X-Forwarded-For` names the client.
    pub proxies: TrustedProxies,
}

impl AppState {
    /// Runs `work` with a pooled connection on actix's blocking pool, so no
    /// diesel call ever blocks an async worker.
    pub async fn db<T, F>(&self, work: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        web::block(move || {
            let mut conn = pool.get()?;
            work(&mut conn)
        })
        .await?
    }

    /// Files an application as the API and the web form both do: through
    /// the registrar, which writes it with the others waiting beside it.
    pub async fn file(
        &self,
        user: CurrentUser,
        filing: Filing,
        now: chrono::NaiveDateTime,
    ) -> Result<Application, AppError> {
        self.registrar
            .register(Registration { user, filing, now })
            .await
    }
}
