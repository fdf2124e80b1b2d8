//! HTTP resources. Handlers parse, authorise, call a service on the blocking
//! pool and respond; none of them writes SQL.

pub mod auth;
pub mod extract;
pub mod fallback;
pub mod health;
pub mod openapi;
pub mod pagination;
pub mod users;
pub mod validators;

use actix_web::web::{self, get, post, resource};

/// Every path is a `resource`, so a known path with the wrong method
/// answers 405 rather than 404.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(resource("/health").route(get().to(health::health)))
        .service(resource("/ready").route(get().to(health::ready)))
        .service(
            web::scope("/api/v1")
                .service(resource("/openapi.json").route(get().to(openapi::openapi_json)))
                .service(resource("/auth/register").route(post().to(auth::register)))
                .service(resource("/auth/login").route(post().to(auth::login)))
                .service(resource("/auth/me").route(get().to(auth::me)))
                .service(resource("/auth/password").route(post().to(auth::change_password)))
                .service(resource("/auth/logout").route(post().to(auth::logout)))
                .service(
                    resource("/users")
                        .route(get().to(users::list_users))
                        .route(post().to(users::create_user)),
                )
                .service(resource("/users/{id}/disable").route(post().to(users::disable_user))),
        );
}
