//! Storage on either embedded SQLite or PostgreSQL, behind one connection
//! type, so every query is written once.

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
pub mod inspections;
pub mod login_failures;
pub mod members;
pub mod migrations;
pub mod pool;
pub mod reports;
pub mod schema;
pub mod stock;
pub mod transaction;
pub mod users;
pub mod victims;

pub use connection::{Backend, DbConnection};
pub use pool::{DbPool, PoolOptions};
pub use transaction::write_transaction;
