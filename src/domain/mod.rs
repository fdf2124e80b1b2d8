//! Plain-Rust domain: no HTTP and no SQL live here, so the rules can be read,
//! tested and reused by the API, the CLI and the importer alike.

/// Text forms stored in the database, one place for each enum.
macro_rules! stored_names {
    ($ty:ty { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            pub const ALL: &'static [$ty] = &[$(<$ty>::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(<$ty>::$variant => $name),+
                }
            }

            pub fn from_stored(value: &str) -> Option<$ty> {
                match value {
                    $($name => Some(<$ty>::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

pub mod aid;
pub mod application;
pub mod cadastral;
pub mod clock;
pub mod deadline;
pub mod distribution;
pub mod document;
pub mod duplicates;
pub mod event;
pub mod event_report;
pub mod field_error;
pub mod history;
pub mod household;
pub mod identity;
pub mod labels;
pub mod login;
pub mod password;
pub mod patterns;
pub mod person_name;
pub mod phone;
pub mod principal;
pub mod property;
pub mod quantity;
pub mod report;
pub mod review;
pub mod role;
pub mod snils;
pub mod stock;
pub mod text;
pub mod throttle;
pub mod user_name;
pub mod wording;

pub use field_error::{FieldError, FieldErrors};
