//! Storage on either embedded SQLite or PostgreSQL, behind one connection
//! type, so every query is written once.

/// Runs `$body` with `$c` bound to the backend's own connection, for the few
/// statements diesel cannot build through the `MultiConnection` enum, such
/// as a union of selects (`insert_rows!` does the same for inserts).
macro_rules! on_backend {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::db::DbConnection::Pg($c) => $body,
            $crate::db::DbConnection::Sqlite($c) => $body,
        }
    };
}

/// Inserts `rows` into `$table`, each row one statement on SQLite and all in
/// one on PostgreSQL, and evaluates to the `QueryResult` of `$id` of each
/// row, in order (`$id` omitted: of the count). PostgreSQL is a round trip
/// away, so one multi-row statement saves all but one. SQLite runs in
/// process and keeps a single-row statement prepared; a multi-row one of a
/// thousand binds was parsed afresh for every group, at more cost than the
/// steps it saved.
macro_rules! insert_rows {
    ($conn:expr, $table:path, $rows:expr, $id:path) => {
        match $conn {
            $crate::db::DbConnection::Pg(c) => diesel::insert_into($table)
                .values($rows)
                .returning($id)
                .get_results(c)
                .map($crate::db::in_insertion_order),
            $crate::db::DbConnection::Sqlite(c) => $rows
                .iter()
                .map(|row| {
                    diesel::insert_into($table)
                        .values(row)
                        .returning($id)
                        .get_result(c)
                })
                .collect::<QueryResult<Vec<i64>>>(),
        }
    };
    ($conn:expr, $table:path, $rows:expr) => {
        match $conn {
            $crate::db::DbConnection::Pg(c) => diesel::insert_into($table).values($rows).execute(c),
            $crate::db::DbConnection::Sqlite(c) => $rows
                .iter()
                .map(|row| diesel::insert_into($table).values(row).execute(c))
                .sum::<QueryResult<usize>>(),
        }
    };
}

pub mod annual;
pub mod applications;
pub mod audit;
pub mod catalogue;
pub mod connection;
pub mod decisions;
pub mod distribution;
pub mod duplicates;
pub mod events;
pub mod idempotency;
pub mod identifiers;
pub mod inspections;
pub mod login_attempts;
pub mod members;
pub mod migrations;
pub mod pool;
pub mod reports;
pub mod request_keys;
pub mod schema;
pub mod stock;
mod stored;
pub mod transaction;
pub mod users;
pub mod victims;

pub use connection::{Backend, DbConnection};

/// The ids a multi-row insert returned, in the order of its rows.
/// PostgreSQL does not promise an order for `RETURNING`, but hands out new
/// keys in increasing order as it processes the statement's rows, which it
/// does in the order written.
fn in_insertion_order(mut ids: Vec<i64>) -> Vec<i64> {
    ids.sort_unstable();
    ids
}
pub use pool::{DbPool, PoolOptions};
pub use transaction::write_transaction;

/// The cheapest question the database can answer, for readiness.
pub fn ping(conn: &mut DbConnection) -> diesel::QueryResult<()> {
    use diesel::connection::SimpleConnection;
    conn.batch_execute("SELECT 1")
}
