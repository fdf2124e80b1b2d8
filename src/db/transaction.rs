use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::result::Error;
use diesel::Connection;

use super::DbConnection;

/// Runs `f` in one write transaction.
///
/// On SQLite the transaction begins IMMEDIATE: a deferred one takes the write
/// lock only at its first write and then fails at once with SQLITE_BUSY
/// instead of waiting its turn behind another writer. Called inside
/// another write transaction, it becomes a savepoint of that one.
pub fn write_transaction<T, E, F>(conn: &mut DbConnection, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<Error>,
{
    match conn {
        DbConnection::Pg(_) => conn.transaction(f),
        DbConnection::Sqlite(inner) => {
            // Inside a write transaction already: a savepoint of it.
            if AnsiTransactionManager::transaction_manager_status_mut(inner)
                .transaction_depth()?
                .is_some()
            {
                return conn.transaction(f);
            }
            AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE")?;
            // The enum's transaction manager delegates to the inner
            // connection's, so commit and rollback see the depth set above.
            type Manager = <DbConnection as Connection>::TransactionManager;
            match f(conn) {
                Ok(value) => {
                    Manager::commit_transaction(conn)?;
                    Ok(value)
                }
                Err(error) => match Manager::rollback_transaction(conn) {
                    Ok(()) | Err(Error::BrokenTransactionManager) => Err(error),
                    Err(rollback_error) => Err(rollback_error.into()),
                },
            }
        }
    }
}
