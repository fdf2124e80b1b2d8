//! Operations that combine domain rules with storage, each run with one
//! connection on the blocking pool and called by thin handlers.

pub mod accounts;
pub mod application_file;
pub mod applications;
pub mod audit;
pub mod catalogue;
pub mod decision;
pub mod distribution;
pub mod documents;
pub mod duplicates;
pub mod events;
pub mod plots;
pub mod recognitions;
pub mod registrar;
pub mod registration;
pub mod repeat_safe;
pub mod reports;
pub mod review;
pub mod stock;
pub mod today;
pub mod victims;

/// The connection a use case runs on; callers hold it only to pass it in.
pub use crate::db::DbConnection as Connection;
