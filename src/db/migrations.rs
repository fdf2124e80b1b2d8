use diesel::connection::SimpleConnection;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use super::DbConnection;

/// One set per backend: a single portable set cannot express an
/// auto-increment key on both.
const SQLITE: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Arbitrary, fixed key of the advisory lock that lets only one of several
/// instances starting together run the migrations.
const MIGRATION_LOCK: i64 = 0x7265_6c69_6566;

/// Applies pending migrations and returns the versions applied.
pub fn run(conn: &mut DbConnection) -> Result<Vec<String>, String> {
    let applied = match conn {
        DbConnection::Sqlite(inner) => inner
            .run_pending_migrations(SQLITE)
            .map(|versions| versions.iter().map(ToString::to_string).collect()),
        DbConnection::Pg(inner) => {
            inner
                .batch_execute(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK})"))
                .map_err(|e| e.to_string())?;
            let result = inner
                .run_pending_migrations(POSTGRES)
                .map(|versions| versions.iter().map(ToString::to_string).collect());
            inner
                .batch_execute(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})"))
                .map_err(|e| e.to_string())?;
            result
        }
    };
    applied.map_err(|e| format!("migration failed: {e}"))
}
