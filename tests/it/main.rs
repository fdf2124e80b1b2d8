//! One integration-test binary: every module drives the HTTP API of an
//! in-process app on a fresh database, SQLite by default and PostgreSQL
//! when `TEST_DATABASE_URL` is set.

mod support;

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
mod imports;
mod migrations;
mod operations;
mod pdf;
mod printing;
mod registrar;
mod replay;
mod reports;
mod review;
mod stock;
mod throttle;
mod tokens;
mod users;
mod validation;
mod web_pages;
