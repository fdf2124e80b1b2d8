//! Plain-Rust domain: no HTTP and no SQL live here, so the rules can be read,
//! tested and reused by the API, the CLI and the importer alike.

pub mod application;
pub mod cadastral;
pub mod clock;
pub mod deadline;
pub mod document;
pub mod event;
pub mod field_error;
pub mod household;
pub mod login;
pub mod password;
pub mod person_name;
pub mod phone;
pub mod quantity;
pub mod role;
pub mod snils;
pub mod text;
pub mod throttle;
pub mod user_name;

pub use field_error::{FieldError, FieldErrors};
