//! HTTP resources. Handlers parse, authorise, call a service on the blocking
//! pool and respond; none of them writes SQL.

pub mod applications;
pub mod auth;
pub mod catalogue;
pub mod csv;
pub mod distribution;
pub mod documents;
pub mod duplicates;
pub mod events;
pub mod extract;
pub mod fallback;
pub mod health;
pub mod idempotency;
pub mod imports;
pub mod openapi;
pub mod pagination;
pub mod reports;
pub mod review;
pub mod users;
pub mod validators;
pub mod victims;
pub mod warehouses;

use actix_web::web::{self, delete, get, patch, post, put, resource};

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
                .service(resource("/users/{id}/disable").route(post().to(users::disable_user)))
                .service(
                    resource("/events")
                        .route(get().to(events::list_events))
                        .route(post().to(events::create_event)),
                )
                .service(
                    resource("/events/{id}")
                        .route(get().to(events::get_event))
                        .route(patch().to(events::update_event)),
                )
                .service(
                    resource("/applications")
                        .route(get().to(applications::list_applications))
                        .route(post().to(applications::create_application)),
                )
                .service(
                    resource("/applications/{id}")
                        .route(get().to(applications::get_application))
                        .route(patch().to(applications::update_application)),
                )
                .service(
                    resource("/applications/{id}/members")
                        .route(post().to(applications::add_member)),
                )
                .service(
                    resource("/applications/{id}/members/{member_id}")
                        .route(delete().to(applications::remove_member)),
                )
                .service(
                    resource("/applications/{id}/withdraw")
                        .route(post().to(applications::withdraw_application)),
                )
                .service(
                    resource("/applications/{id}/extend")
                        .route(post().to(applications::extend_application)),
                )
                .service(
                    resource("/applications/{id}/history")
                        .route(get().to(applications::application_history)),
                )
                .service(
                    resource("/applications/{id}/request-documents")
                        .route(post().to(review::request_documents)),
                )
                .service(
                    resource("/applications/{id}/inspections")
                        .route(post().to(review::schedule_inspection)),
                )
                .service(
                    resource("/inspections/{id}/result")
                        .route(post().to(review::record_inspection)),
                )
                .service(resource("/applications/{id}/decision").route(post().to(review::decide)))
                .service(
                    resource("/items")
                        .route(get().to(catalogue::list_items))
                        .route(post().to(catalogue::create_item)),
                )
                .service(
                    resource("/events/{id}/norms")
                        .route(get().to(catalogue::get_norms))
                        .route(put().to(catalogue::set_norms)),
                )
                .service(
                    resource("/warehouses")
                        .route(get().to(warehouses::list_warehouses))
                        .route(post().to(warehouses::create_warehouse)),
                )
                .service(resource("/warehouses/{id}/stock").route(get().to(warehouses::get_stock)))
                .service(
                    resource("/warehouses/{id}/receipts").route(post().to(warehouses::receive)),
                )
                .service(
                    resource("/warehouses/{id}/adjustments").route(post().to(warehouses::adjust)),
                )
                .service(
                    resource("/distribution-lists")
                        .route(get().to(distribution::list_lists))
                        .route(post().to(distribution::create_list)),
                )
                .service(
                    resource("/distribution-lists/{id}").route(get().to(distribution::get_list)),
                )
                .service(
                    resource("/distribution-lists/{id}/approve")
                        .route(post().to(distribution::approve_list)),
                )
                .service(
                    resource("/distribution-lists/{id}/close")
                        .route(post().to(distribution::close_list)),
                )
                .service(
                    resource("/distribution-lists/{id}/rows/{row_id}/issue")
                        .route(post().to(distribution::issue_row)),
                )
                .service(
                    resource("/distribution-lists/{id}/rows/{row_id}/undo-issue")
                        .route(post().to(distribution::undo_issue)),
                )
                .service(resource("/events/{id}/victims").route(get().to(victims::list_victims)))
                .service(resource("/events/{id}/victims.pdf").route(get().to(documents::victims)))
                .service(resource("/events/{id}/report").route(get().to(reports::event_report)))
                .service(resource("/reports/annual").route(get().to(reports::annual_report)))
                .service(
                    resource("/events/{id}/imports").route(post().to(imports::import_applications)),
                )
                .service(
                    resource("/reports/annual/{year}")
                        .route(put().to(reports::enter_annual_figures)),
                )
                .service(
                    resource("/events/{id}/report.pdf").route(get().to(reports::event_report_pdf)),
                )
                .service(
                    resource("/applications/{id}/receipt.pdf").route(get().to(documents::receipt)),
                )
                .service(
                    resource("/applications/{id}/decision.pdf")
                        .route(get().to(documents::decision)),
                )
                .service(
                    resource("/distribution-lists/{id}/sheet.pdf")
                        .route(get().to(documents::sheet)),
                )
                .service(
                    resource("/events/{id}/decisions/bulk").route(post().to(review::decide_bulk)),
                )
                .service(
                    resource("/events/{id}/duplicates")
                        .route(get().to(duplicates::list_duplicates)),
                )
                .service(
                    resource("/duplicates/{id}/resolve")
                        .route(post().to(duplicates::resolve_duplicate)),
                ),
        );
}
