use std::sync::Arc;

use actix_web::HttpServer;

use crate::auth::hashing::PasswordWork;
use crate::auth::TokenKeys;
use crate::config::Settings;
use crate::db::{self, migrations, DbPool};
use crate::domain::throttle::LoginThrottle;
use crate::rate_limit::RateLimiters;
use crate::service::registrar::Registrar;
use crate::state::AppState;

/// Connects, migrates and loads the signing key: everything `serve` needs
/// before it accepts a request. Tests build their app through this too.
pub fn prepare(settings: &Settings) -> Result<AppState, String> {
    let ttl = settings.token_ttl()?;
    let secret = settings.resolve_jwt_secret()?;
    let pool = open_database(settings)?;
    let tokens = TokenKeys::new(secret.expose().as_bytes(), ttl)?;
    Ok(AppState {
        registrar: Arc::new(Registrar::start(
            pool.clone(),
            settings.backend(),
            usize::from(settings.filing_writers),
            usize::try_from(settings.filing_queue).unwrap_or(usize::MAX),
        )),
        anonymous: AppState::anonymous_turns(&pool),
        pool,
        tokens: Arc::new(tokens),
        throttle: LoginThrottle::default(),
        passwords: Arc::new(PasswordWork::per_core()),
        limits: Arc::new(RateLimiters::new(settings.rate_limits)),
        proxies: settings.trusted_proxies.clone(),
    })
}

/// The pool, with every pending migration applied.
pub fn open_database(settings: &Settings) -> Result<DbPool, String> {
    open_database_with(settings, settings.pool_options())
}

/// The same for a command that exits when it is done: no connection is
/// opened in the background, so none is half-open at exit.
pub fn open_database_once(settings: &Settings) -> Result<DbPool, String> {
    let mut options = settings.pool_options();
    options.min_idle = 0;
    open_database_with(settings, options)
}

fn open_database_with(settings: &Settings, options: db::PoolOptions) -> Result<DbPool, String> {
    let pool = db::pool::build(&settings.database_url, options)?;
    let mut conn = pool
        .get()
        .map_err(|e| format!("cannot connect to the database: {e}"))?;
    let applied = migrations::run(&mut conn)?;
    if !applied.is_empty() {
        tracing::info!(?applied, "applied database migrations");
    }
    let filled = crate::service::plots::fill_missing_keys(&mut conn)
        .map_err(|e| format!("cannot fill in property keys: {e}"))?;
    if filled > 0 {
        tracing::info!(filled, "filled in the property keys of older applications");
    }
    Ok(pool)
}

pub async fn serve(settings: Settings) -> Result<(), String> {
    let state = prepare(&settings)?;
    let users = {
        let mut conn = state.pool.get().map_err(|e| e.to_string())?;
        db::users::count(&mut conn).map_err(|e| e.to_string())?
    };
    if users == 0 {
        println!(
            "No users yet. Create the first administrator (the password is read from stdin \
             or RELIEF_PASSWORD):\n  cargo run --release -- user add --login admin --role admin \
             --full-name 'Администратор'"
        );
    }
    let app_state = state.clone();
    let server = HttpServer::new(move || crate::build_app(app_state.clone()))
        .bind(&settings.bind)
        .map_err(|e| format!("cannot listen on {}: {e}", settings.bind))?
        // On SIGTERM, finish the requests in flight before exiting.
        .shutdown_timeout(30)
        .run();
    tracing::info!(bind = %settings.bind, backend = ?settings.backend(), "relief is serving");
    println!("relief is serving on http://{}", settings.bind);
    server
        .await
        .map_err(|e| format!("server stopped with an error: {e}"))
}
