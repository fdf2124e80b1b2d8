//! Argon2 costs tens of milliseconds of a core and about 19 MiB per hash,
//! and an anonymous caller can ask for one with every sign-in. The hashes
//! run here, a few at a time (one fewer than the cores, so that a core is
//! always left for every other request) on the blocking pool and never with
//! a database connection held; a request that cannot get a
//! turn soon is told to retry instead of queueing without end.

use std::time::Duration;

use actix_web::web;
use tokio::sync::Semaphore;

use super::password;
use crate::error::AppError;

pub struct PasswordWork {
    turns: Semaphore,
    wait: Duration,
}

/// How long a request waits for a turn before it is answered 429.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(2);

impl PasswordWork {
    pub fn new(at_once: usize, wait: Duration) -> Self {
        Self {
            turns: Semaphore::new(at_once.max(1)),
            wait,
        }
    }

    /// One hash at a time per core of this machine but one, and at least one.
    pub fn per_core() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Self::new(cores.saturating_sub(1), DEFAULT_WAIT)
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, AppError> {
        let busy = || AppError::TooManyRequests {
            retry_after_secs: 1,
        };
        let _turn = tokio::time::timeout(self.wait, self.turns.acquire())
            .await
            .map_err(|_| busy())?
            .map_err(|_| busy())?;
        Ok(web::block(work).await?)
    }

    pub async fn hash(&self, password: String) -> Result<String, AppError> {
        self.run(move || password::hash(&password)).await?
    }

    /// Checks `password` against `stored`; with no stored hash (an unknown
    /// login) it spends the same time, so timing does not tell.
    pub async fn verify(&self, password: String, stored: Option<String>) -> Result<bool, AppError> {
        self.run(move || match stored {
            Some(hash) => password::verify(&password, &hash),
            None => {
                password::verify_against_nothing(&password);
                false
            }
        })
        .await
    }
}
