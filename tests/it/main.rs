//! One integration-test binary: every module drives the HTTP API of an
//! in-process app on a fresh database, SQLite by default and PostgreSQL
//! when `TEST_DATABASE_URL` is set.

// Test helpers, like the tests, stop at the first surprise.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;
#[macro_use]
mod web_support;

mod amending;
mod audit;
mod auth;
mod authorization;
mod browser;
mod bulk;
mod cli;
mod concurrency;
mod demo;
mod distribution;
mod documents;
mod duplicates;
mod errors;
mod events;
mod filing;
mod headers;
mod identity;
mod imports;
mod layering;
mod migrations;
mod openapi_truth;
mod operations;
mod pdf;
mod plots;
mod printing;
mod registrar;
mod repeat_safe;
mod replay;
mod reports;
mod review;
mod stock;
mod stored_names;
mod throttle;
mod tokens;
mod users;
mod validation;
mod web_amend;
mod web_pages;
mod web_today;
