use std::sync::Arc;

use actix_web::web;

use crate::auth::TokenKeys;
use crate::db::{DbConnection, DbPool};
use crate::domain::throttle::LoginThrottle;
use crate::error::AppError;

/// What every request handler shares. Nothing here counts or must be unique:
/// that lives in the database, so many instances can share one PostgreSQL.
#[derive(Clone)]
pub struct AppState {
    pub pool: DbPool,
    pub tokens: Arc<TokenKeys>,
    pub throttle: LoginThrottle,
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
}
