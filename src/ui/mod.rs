//! The web interface in Russian: server-rendered pages over the same
//! services as the JSON API. Pages add no rules of their own: each form
//! posts the API's request body and goes through the same parsing.

pub mod error;
pub mod form;
pub mod layout;
pub mod notice;
pub mod options;
pub mod pages;
pub mod respond;
pub mod session;
pub mod widgets;

use actix_web::web::{self, get, post, resource};

use pages::{
    admin, amend, application_form, applications, auth, lists, report, review, stock, today,
};

/// Whether a request comes from a browser for a page rather than from a
/// program for the API: not under `/api/`, and HTML accepted.
pub fn wants_page(req: &actix_web::HttpRequest) -> bool {
    !req.path().starts_with("/api/")
        && req
            .headers()
            .get(actix_web::http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.app_data(web::FormConfig::default().limit(form::MAX_BODY))
        .service(resource("/").route(get().to(auth::index)))
        .service(resource("/static/app.css").route(get().to(auth::stylesheet)))
        .service(resource("/static/app.js").route(get().to(auth::script)))
        .service(resource("/favicon.ico").route(get().to(auth::favicon)))
        .service(
            resource("/login")
                .route(get().to(auth::login_page))
                .route(post().to(auth::login)),
        )
        .service(
            resource("/register")
                .route(get().to(auth::register_page))
                .route(post().to(auth::register)),
        )
        .service(resource("/logout").route(post().to(auth::logout)))
        .service(resource("/today").route(get().to(today::show)))
        .service(resource("/applications").route(get().to(applications::list)))
        .service(
            resource("/applications/new")
                .route(get().to(application_form::new_page))
                .route(post().to(application_form::file)),
        )
        .service(resource("/applications/{id}").route(get().to(applications::show)))
        .service(resource("/applications/{id}/receipt.pdf").route(get().to(applications::receipt)))
        .service(
            resource("/applications/{id}/decision.pdf").route(get().to(applications::decision)),
        )
        .service(
            resource("/applications/{id}/edit")
                .route(get().to(amend::edit_page))
                .route(post().to(amend::save)),
        )
        .service(resource("/applications/{id}/members").route(post().to(amend::add_member)))
        .service(
            resource("/applications/{id}/members/{member_id}/remove")
                .route(post().to(amend::remove_member)),
        )
        .service(resource("/applications/{id}/withdraw").route(post().to(amend::withdraw)))
        .service(
            resource("/applications/{id}/request-documents")
                .route(post().to(review::request_documents)),
        )
        .service(resource("/applications/{id}/extend").route(post().to(review::extend)))
        .service(resource("/applications/{id}/inspections").route(post().to(review::schedule)))
        .service(
            resource("/applications/{id}/inspections/{inspection_id}/result")
                .route(post().to(review::record)),
        )
        .service(resource("/applications/{id}/decision").route(post().to(review::decide)))
        .service(
            resource("/applications/{id}/duplicates/{match_id}/resolve")
                .route(post().to(applications::resolve_duplicate)),
        )
        .service(
            resource("/decisions/bulk")
                .route(get().to(review::bulk_form))
                .route(post().to(review::bulk)),
        )
        .service(
            resource("/lists")
                .route(get().to(lists::index))
                .route(post().to(lists::create)),
        )
        .service(resource("/lists/{id}").route(get().to(lists::show)))
        .service(resource("/lists/{id}/approve").route(post().to(lists::approve)))
        .service(resource("/lists/{id}/sheet.pdf").route(get().to(lists::sheet)))
        .service(resource("/lists/{id}/rows/{row_id}/issue").route(post().to(lists::issue)))
        .service(resource("/stock").route(get().to(stock::index)))
        .service(resource("/stock/{id}/receipts").route(post().to(stock::receive)))
        .service(resource("/report").route(get().to(report::show)))
        .service(resource("/report.pdf").route(get().to(report::pdf)))
        .service(
            resource("/admin/events")
                .route(get().to(admin::events_page))
                .route(post().to(admin::create_event)),
        )
        .service(resource("/admin/events/{id}/norms").route(post().to(admin::set_norms)))
        .service(
            resource("/admin/items")
                .route(get().to(admin::items_page))
                .route(post().to(admin::create_item)),
        )
        .service(resource("/admin/warehouses").route(post().to(admin::create_warehouse)))
        .service(
            resource("/admin/users")
                .route(get().to(admin::users_page))
                .route(post().to(admin::create_user)),
        );
}
