use std::time::Duration;

use diesel::connection::{SimpleConnection, TransactionManager};
use diesel::r2d2::{self, ManageConnection, Pool};
use diesel::Connection;

use super::connection::{establish, Backend, DbConnection};

pub type DbPool = Pool<Manager>;
pub type PooledConnection = r2d2::PooledConnection<Manager>;

/// Opens connections with our own backend choice and per-connection setup
/// (diesel's generic `ConnectionManager` would go through the enum's
/// `establish`, which hides the real error).
#[derive(Debug, Clone)]
pub struct Manager {
    url: String,
}

impl Manager {
    pub fn new(url: impl Into<String>) -> Self {
        Self { url: url.into() }
    }
}

impl ManageConnection for Manager {
    type Connection = DbConnection;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<DbConnection, Self::Error> {
        establish(&self.url).map_err(diesel::r2d2::Error::ConnectionError)
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), Self::Error> {
        conn.batch_execute("SELECT 1")
            .map_err(diesel::r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        <DbConnection as Connection>::TransactionManager::is_broken_transaction_manager(conn)
    }
}

#[derive(Debug, Clone, Copy)]
pub struct PoolOptions {
    pub max_size: u32,
    /// Idle connections r2d2 keeps ready, opening them on its own threads.
    /// A command that exits when done wants none: a connection still being
    /// opened in the background when the process exits crashed it inside
    /// libpq's TLS library (seen here, one exit in three on PostgreSQL).
    pub min_idle: u32,
    pub connection_timeout: Duration,
}

impl PoolOptions {
    pub fn for_backend(backend: Backend) -> Self {
        Self {
            // SQLite has one writer anyway; more connections only queue.
            max_size: match backend {
                Backend::Sqlite => 8,
                Backend::Postgres => 16,
            },
            min_idle: 1,
            connection_timeout: Duration::from_secs(10),
        }
    }
}

/// Builds the pool lazily (`min_idle` at most 1) and checks one connection, so a
/// wrong URL fails at start-up with the database's own message.
pub fn build(url: &str, options: PoolOptions) -> Result<DbPool, String> {
    super::connection::prepare_sqlite_file(url)?;
    // Surface the real connection error before r2d2 wraps it in a timeout.
    establish(url).map_err(|e| format!("cannot connect to the database: {e}"))?;
    Pool::builder()
        .max_size(options.max_size)
        .min_idle(Some(options.min_idle))
        .connection_timeout(options.connection_timeout)
        .test_on_check_out(false)
        .build(Manager::new(url))
        .map_err(|e| format!("cannot build the connection pool: {e}"))
}
