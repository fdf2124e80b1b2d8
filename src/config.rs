use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::Duration;

use crate::auth::client::TrustedProxies;
use crate::db::connection::{owner_only_new_file, sqlite_file};
use crate::db::{Backend, PoolOptions};
use crate::rate_limit::RateLimits;

/// Typed settings, filled from flags with environment fallbacks by the CLI.
#[derive(Debug, Clone)]
pub struct Settings {
    pub database_url: String,
    pub bind: String,
    /// Kept out of `Debug` output by `Secret`.
    pub jwt_secret: Option<Secret>,
    pub token_ttl_secs: u64,
    pub pool_size: Option<u32>,
    /// Filing writer threads on PostgreSQL (SQLite: always one).
    pub filing_writers: u16,
    /// Filings an instance lets wait for its writers before it answers 503.
    pub filing_queue: u32,
    pub trusted_proxies: TrustedProxies,
    pub rate_limits: RateLimits,
}

/// A string that never shows in logs or `Debug` output.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: String) -> Self {
        Self(value)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

pub const DEFAULT_DATABASE_URL: &str = "relief.sqlite";
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";
/// One working shift: an officer signs in once a day.
pub const DEFAULT_TOKEN_TTL_SECS: u64 = 8 * 60 * 60;
const MIN_TOKEN_TTL_SECS: u64 = 60;
const MAX_TOKEN_TTL_SECS: u64 = 30 * 24 * 60 * 60;
/// HS256 is only as strong as its key; 32 bytes is the hash's own size.
const MIN_SECRET_LEN: usize = 32;
/// Groups of one event are written one after another anyway (each holds
/// the event's counter row from its numbers to its commit); a second
/// writer only looks up its group meanwhile. Measured on a 2-core database
/// server, 1 writer filed 3,266 a second and 2 writers 2,542: they contend
/// for the CPU. See BENCHMARKS.md.
pub const DEFAULT_FILING_WRITERS: u16 = 1;

/// About a second of filings at the rates measured (`BENCHMARKS.md`): a
/// longer queue only makes every waiting request wait longer.
pub const DEFAULT_FILING_QUEUE: u32 = 4096;

impl Settings {
    pub fn new(database_url: impl Into<String>) -> Self {
        Self {
            database_url: database_url.into(),
            bind: DEFAULT_BIND.to_owned(),
            jwt_secret: None,
            token_ttl_secs: DEFAULT_TOKEN_TTL_SECS,
            pool_size: None,
            filing_writers: DEFAULT_FILING_WRITERS,
            filing_queue: DEFAULT_FILING_QUEUE,
            trusted_proxies: TrustedProxies::default(),
            rate_limits: RateLimits::default(),
        }
    }

    pub fn backend(&self) -> Backend {
        Backend::of_url(&self.database_url)
    }

    pub fn pool_options(&self) -> PoolOptions {
        let mut options = PoolOptions::for_backend(self.backend());
        if let Some(size) = self.pool_size {
            options.max_size = size.max(1);
        }
        options
    }

    pub fn token_ttl(&self) -> Result<Duration, String> {
        if !(MIN_TOKEN_TTL_SECS..=MAX_TOKEN_TTL_SECS).contains(&self.token_ttl_secs) {
            return Err(format!(
                "RELIEF_TOKEN_TTL must be between {MIN_TOKEN_TTL_SECS} and {MAX_TOKEN_TTL_SECS} seconds"
            ));
        }
        Ok(Duration::seconds(self.token_ttl_secs as i64))
    }

    /// The signing secret: the configured one; on the embedded default, one
    /// generated on first start and kept beside the database so restarts
    /// keep tokens valid. On PostgreSQL several instances must share one
    /// secret, so a missing one is a start-up error rather than a surprise.
    pub fn resolve_jwt_secret(&self) -> Result<Secret, String> {
        if let Some(secret) = &self.jwt_secret {
            if secret.expose().len() < MIN_SECRET_LEN {
                return Err(format!(
                    "RELIEF_JWT_SECRET must be at least {MIN_SECRET_LEN} characters long"
                ));
            }
            return Ok(secret.clone());
        }
        match self.backend() {
            Backend::Postgres => Err(
                "RELIEF_JWT_SECRET is required with a PostgreSQL DATABASE_URL: every instance \
                 behind the load balancer must sign tokens with the same secret"
                    .to_owned(),
            ),
            Backend::Sqlite => match sqlite_file(&self.database_url) {
                Some(db_file) => load_or_create_secret(&secret_file_for(&db_file)),
                // An in-memory database forgets everything on restart anyway.
                None => Ok(Secret::new(random_secret())),
            },
        }
    }
}

pub fn secret_file_for(db_file: &Path) -> PathBuf {
    let mut name = db_file.as_os_str().to_owned();
    name.push(".jwt-secret");
    PathBuf::from(name)
}

fn random_secret() -> String {
    let bytes: [u8; 32] = rand::random();
    hex::encode(bytes)
}

fn load_or_create_secret(path: &Path) -> Result<Secret, String> {
    let read = |path: &Path| {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the token secret {}: {e}", path.display()))?;
        let secret = text.trim();
        if secret.len() < MIN_SECRET_LEN {
            return Err(format!(
                "the token secret {} is shorter than {MIN_SECRET_LEN} characters: \
                 delete it to have a new one generated (signed-in users sign in again)",
                path.display()
            ));
        }
        Ok(Secret::new(secret.to_owned()))
    };
    if path.exists() {
        return read(path);
    }
    // Written whole into a file of its own, then linked into place: the
    // link fails if another process put one there first, and nobody ever
    // reads a half-written secret.
    let partial = {
        let mut name = path.as_os_str().to_owned();
        name.push(format!(".{}.partial", uuid::Uuid::new_v4().simple()));
        PathBuf::from(name)
    };
    let secret = random_secret();
    let written = owner_only_new_file(&partial).and_then(|mut file| {
        file.write_all(secret.as_bytes())?;
        file.sync_all()
    });
    let placed = written.and_then(|()| std::fs::hard_link(&partial, path));
    let _ = std::fs::remove_file(&partial);
    match placed {
        Ok(()) => {
            tracing::info!(path = %path.display(), "generated a new token secret");
            Ok(Secret::new(secret))
        }
        // Another process started at the same moment and placed it first.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => read(path),
        Err(e) => Err(format!(
            "cannot create the token secret {}: {e}",
            path.display()
        )),
    }
}
