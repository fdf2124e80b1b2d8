//! Who is calling: password hashes, signed tokens, and the extractor that
//! turns a bearer token into a current user with a role.

pub mod client;
pub mod csrf;
pub mod extractor;
pub mod hashing;
pub mod password;
pub mod policy;
pub mod token;

pub use crate::domain::principal::Principal;
pub use extractor::{authenticate, Authed};
pub use token::TokenKeys;
