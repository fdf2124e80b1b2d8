use actix_web::web;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{
    applications, auth, catalogue, distribution, documents, duplicates, events, health, imports,
    reports, review, users, victims, warehouses,
};
use crate::error::ErrorBody;

/// The API as generated from the handlers' own annotations; a test checks
/// that every route the app serves is listed here.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "relief",
        description = "Flood-relief claims service: applications, review, in-kind aid and reports."
    ),
    paths(
        health::health,
        health::ready,
        auth::register,
        auth::login,
        auth::me,
        auth::change_password,
        auth::logout,
        users::create_user,
        users::list_users,
        users::disable_user,
        events::create_event,
        events::list_events,
        events::get_event,
        events::update_event,
        applications::create_application,
        applications::list_applications,
        applications::get_application,
        applications::update_application,
        applications::add_member,
        applications::remove_member,
        applications::withdraw_application,
        applications::extend_application,
        applications::application_history,
        review::request_documents,
        review::schedule_inspection,
        review::record_inspection,
        review::decide,
        review::decide_bulk,
        duplicates::list_duplicates,
        duplicates::resolve_duplicate,
        victims::list_victims,
        documents::receipt,
        documents::decision,
        documents::sheet,
        documents::victims,
        reports::event_report,
        reports::event_report_pdf,
        reports::annual_report,
        imports::import_applications,
        reports::enter_annual_figures,
        catalogue::create_item,
        catalogue::list_items,
        catalogue::set_norms,
        catalogue::get_norms,
        warehouses::create_warehouse,
        warehouses::list_warehouses,
        warehouses::get_stock,
        warehouses::receive,
        warehouses::adjust,
        distribution::create_list,
        distribution::list_lists,
        distribution::get_list,
        distribution::approve_list,
        distribution::close_list,
        distribution::issue_row,
        distribution::undo_issue,
    ),
    components(schemas(ErrorBody)),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Registration, login and tokens"),
        (name = "users", description = "Accounts, administered"),
        (name = "operations", description = "Liveness and readiness"),
        (name = "events", description = "Emergencies and their intake windows"),
        (name = "applications", description = "Aid applications with household members"),
        (name = "review", description = "Inspections and decisions by the commission"),
        (name = "aid", description = "Items, norms, warehouses and stock"),
        (name = "documents", description = "Printed documents (PDF, in Russian)"),
        (name = "reports", description = "Event and yearly reports"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

pub async fn openapi_json() -> web::Json<utoipa::openapi::OpenApi> {
    web::Json(ApiDoc::openapi())
}

/// The methods the document gives a route pattern, as an `Allow` header
/// value for a 405. The document is built from the handlers' own
/// annotations, so it names what the router serves.
pub fn allowed_methods(pattern: &str) -> Option<&'static str> {
    static ALLOWED: std::sync::OnceLock<std::collections::HashMap<String, String>> =
        std::sync::OnceLock::new();
    ALLOWED
        .get_or_init(|| {
            ApiDoc::openapi()
                .paths
                .paths
                .into_iter()
                .map(|(path, item)| {
                    let methods: Vec<&str> = [
                        ("GET", item.get.is_some()),
                        ("POST", item.post.is_some()),
                        ("PUT", item.put.is_some()),
                        ("PATCH", item.patch.is_some()),
                        ("DELETE", item.delete.is_some()),
                    ]
                    .into_iter()
                    .filter_map(|(method, served)| served.then_some(method))
                    .collect();
                    (path, methods.join(", "))
                })
                .collect()
        })
        .get(pattern)
        .map(String::as_str)
}
