//! What a reader sees of the services' records: the JSON bodies of the API
//! and the data of the pages, both drawn from here so the two front-ends show
//! one thing one way. A view is built from what a service returned; it knows
//! no HTTP and runs no query.

pub mod application;
pub mod bulk;
pub mod catalogue;
pub mod distribution;
pub mod duplicate;
pub mod event;
pub mod user;
pub mod victim;
pub mod warehouse;
