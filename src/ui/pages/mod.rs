//! One module per area of the interface.

pub mod admin;
pub mod amend;
pub mod application_form;
pub mod applications;
pub mod auth;
pub mod lists;
pub mod report;
pub mod review;
pub mod stock;
pub mod today;
