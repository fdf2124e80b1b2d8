use std::sync::Arc;

use actix_web::web;

use crate::auth::client::TrustedProxies;
use crate::auth::hashing::PasswordWork;
use crate::auth::{Principal, TokenKeys};
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
    /// Turns at the database for work anyone may ask for without signing in
    /// (the sign-in's own look-up and count): at most half the pool, so a
    /// flood of made-up sign-ins always leaves connections for everyone else.
    pub anonymous: Arc<tokio::sync::Semaphore>,
}

impl AppState {
    /// The `anonymous` turns for a pool: half its connections, at least one.
    pub fn anonymous_turns(pool: &DbPool) -> Arc<tokio::sync::Semaphore> {
        let half = usize::try_from(pool.max_size() / 2).unwrap_or(1);
        Arc::new(tokio::sync::Semaphore::new(half.max(1)))
    }

    /// As `db`, for work an anonymous caller can ask for: it waits its turn
    /// among the `anonymous` ones before it takes a connection.
    pub async fn db_anonymous<T, F>(&self, work: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        let _turn = self
            .anonymous
            .acquire()
            .await
            .map_err(|_| AppError::Unavailable("the sign-in turns are closed".into()))?;
        self.db(work).await
    }

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

    /// Whether the database answers within two seconds: a load balancer
    /// polls this, and its probes must not pile up waiting for a connection.
    pub async fn database_answers(&self) -> Result<(), AppError> {
        let pool = self.pool.clone();
        web::block(move || {
            let mut conn = pool
                .get_timeout(std::time::Duration::from_secs(2))
                .map_err(|e| AppError::Unavailable(e.to_string()))?;
            crate::db::ping(&mut conn).map_err(|e| AppError::Unavailable(e.to_string()))
        })
        .await?
    }

    /// Files an application as the API and the web form both do: through
    /// the registrar, which writes it with the others waiting beside it.
    pub async fn file(
        &self,
        user: Principal,
        filing: Filing,
        now: chrono::NaiveDateTime,
    ) -> Result<Application, AppError> {
        self.registrar
            .register(Registration { user, filing, now })
            .await
    }
}
