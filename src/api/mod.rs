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
pub mod health;
pub mod idempotency;
pub mod imports;
pub mod openapi;
pub mod openapi_rules;
pub mod pagination;
pub mod reports;
pub mod review;
pub mod route_table;
pub mod users;
pub mod victims;
pub mod warehouses;

use actix_web::web;

use route_table::RouteTable;

/// The whole API; see `route_table` for why it is a table.
pub fn table() -> RouteTable {
    RouteTable::default()
        .at("/health", |r| r.get(health::health))
        .at("/ready", |r| r.get(health::ready))
        .at("/api/v1/openapi.json", |r| r.get(openapi::openapi_json))
        .at("/api/v1/auth/register", |r| r.post(auth::register))
        .at("/api/v1/auth/login", |r| r.post(auth::login))
        .at("/api/v1/auth/me", |r| r.get(auth::me))
        .at("/api/v1/auth/password", |r| r.post(auth::change_password))
        .at("/api/v1/auth/logout", |r| r.post(auth::logout))
        .at("/api/v1/users", |r| {
            r.get(users::list_users).post(users::create_user)
        })
        .at("/api/v1/users/{id}/disable", |r| {
            r.post(users::disable_user)
        })
        .at("/api/v1/events", |r| {
            r.get(events::list_events).post(events::create_event)
        })
        .at("/api/v1/events/{id}", |r| {
            r.get(events::get_event).patch(events::update_event)
        })
        .at("/api/v1/applications", |r| {
            r.get(applications::list_applications)
                .post(applications::create_application)
        })
        .at("/api/v1/applications/{id}", |r| {
            r.get(applications::get_application)
                .patch(applications::update_application)
        })
        .at("/api/v1/applications/{id}/members", |r| {
            r.post(applications::add_member)
        })
        .at("/api/v1/applications/{id}/members/{member_id}", |r| {
            r.delete(applications::remove_member)
        })
        .at("/api/v1/applications/{id}/withdraw", |r| {
            r.post(applications::withdraw_application)
        })
        .at("/api/v1/applications/{id}/extend", |r| {
            r.post(applications::extend_application)
        })
        .at("/api/v1/applications/{id}/history", |r| {
            r.get(applications::application_history)
        })
        .at("/api/v1/applications/{id}/request-documents", |r| {
            r.post(review::request_documents)
        })
        .at("/api/v1/applications/{id}/inspections", |r| {
            r.post(review::schedule_inspection)
        })
        .at("/api/v1/inspections/{id}/result", |r| {
            r.post(review::record_inspection)
        })
        .at("/api/v1/applications/{id}/decision", |r| {
            r.post(review::decide)
        })
        .at("/api/v1/items", |r| {
            r.get(catalogue::list_items).post(catalogue::create_item)
        })
        .at("/api/v1/events/{id}/norms", |r| {
            r.get(catalogue::get_norms).put(catalogue::set_norms)
        })
        .at("/api/v1/warehouses", |r| {
            r.get(warehouses::list_warehouses)
                .post(warehouses::create_warehouse)
        })
        .at("/api/v1/warehouses/{id}/stock", |r| {
            r.get(warehouses::get_stock)
        })
        .at("/api/v1/warehouses/{id}/receipts", |r| {
            r.post(warehouses::receive)
        })
        .at("/api/v1/warehouses/{id}/adjustments", |r| {
            r.post(warehouses::adjust)
        })
        .at("/api/v1/distribution-lists", |r| {
            r.get(distribution::list_lists)
                .post(distribution::create_list)
        })
        .at("/api/v1/distribution-lists/{id}", |r| {
            r.get(distribution::get_list)
        })
        .at("/api/v1/distribution-lists/{id}/approve", |r| {
            r.post(distribution::approve_list)
        })
        .at("/api/v1/distribution-lists/{id}/close", |r| {
            r.post(distribution::close_list)
        })
        .at("/api/v1/distribution-lists/{id}/rows/{row_id}/issue", |r| {
            r.post(distribution::issue_row)
        })
        .at(
            "/api/v1/distribution-lists/{id}/rows/{row_id}/undo-issue",
            |r| r.post(distribution::undo_issue),
        )
        .at("/api/v1/events/{id}/victims", |r| {
            r.get(victims::list_victims)
        })
        .at("/api/v1/events/{id}/victims.pdf", |r| {
            r.get(documents::victims)
        })
        .at("/api/v1/events/{id}/report", |r| {
            r.get(reports::event_report)
        })
        .at("/api/v1/reports/annual", |r| r.get(reports::annual_report))
        .at("/api/v1/events/{id}/imports", |r| {
            r.post(imports::import_applications)
        })
        .at("/api/v1/reports/annual/{year}", |r| {
            r.put(reports::enter_annual_figures)
        })
        .at("/api/v1/events/{id}/report.pdf", |r| {
            r.get(reports::event_report_pdf)
        })
        .at("/api/v1/applications/{id}/receipt.pdf", |r| {
            r.get(documents::receipt)
        })
        .at("/api/v1/applications/{id}/decision.pdf", |r| {
            r.get(documents::decision)
        })
        .at("/api/v1/distribution-lists/{id}/sheet.pdf", |r| {
            r.get(documents::sheet)
        })
        .at("/api/v1/events/{id}/decisions/bulk", |r| {
            r.post(review::decide_bulk)
        })
        .at("/api/v1/events/{id}/duplicates", |r| {
            r.get(duplicates::list_duplicates)
        })
        .at("/api/v1/duplicates/{id}/resolve", |r| {
            r.post(duplicates::resolve_duplicate)
        })
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    table().register(cfg);
}

/// The methods served at a route pattern, for the `Allow` header of a 405.
pub fn allowed_methods(pattern: &str) -> Option<&'static str> {
    static ALLOWED: std::sync::OnceLock<Vec<(&'static str, String)>> = std::sync::OnceLock::new();
    ALLOWED
        .get_or_init(|| table().allow_headers())
        .iter()
        .find(|(path, _)| *path == pattern)
        .map(|(_, allow)| allow.as_str())
}
