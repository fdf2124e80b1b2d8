//! `relief`: a flood-relief claims service. The library builds the whole
//! actix application, so the binary and the tests run the same code.

pub mod actions;
pub mod api;
pub mod auth;
pub mod cli;
pub mod commands;
pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod error;
pub mod fallback;
pub mod http_error;
pub mod import;
pub mod print;
pub mod rate_limit;
#[cfg(feature = "replay")]
pub mod replay;
pub mod request_id;
pub mod security_headers;
pub mod service;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod text_schema;
pub mod ui;
pub mod views;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::from_fn;
use actix_web::{web, App};
use tracing_actix_web::TracingLogger;

pub use state::AppState;

/// The application with its routes and middleware. The request id layer
/// sits inside the tracing layer (which creates the id) and outside the
/// error-shape layer (whose 500 bodies quote the id); the security headers
/// sit outside the error shape too, so error pages and bodies carry them.
pub fn build_app(
    state: AppState,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new()
        .app_data(web::Data::new(state))
        .configure(fallback::configure_extractors)
        .configure(api::routes)
        .configure(ui::routes)
        .default_service(web::to(fallback::unknown_route))
        .wrap(from_fn(rate_limit::apply))
        .wrap(fallback::json_errors())
        .wrap(from_fn(security_headers::apply))
        .wrap(from_fn(request_id::propagate))
        .wrap(TracingLogger::<telemetry::RouteOnly>::new())
}
