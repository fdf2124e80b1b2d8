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
        openapi_json,
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
    modifiers(&BearerAuth, &CommonErrors),
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

#[utoipa::path(
    get, path = "/api/v1/openapi.json", tag = "operations",
    responses((status = 200, description = "This document (OpenAPI 3.1)", content_type = "application/json")),
)]
pub async fn openapi_json() -> actix_web::HttpResponse {
    actix_web::HttpResponse::Ok()
        .content_type("application/json")
        .body(served_document().clone())
}

/// The document as served: generated, refined by `openapi_rules`, and
/// written out once, since it cannot change while the process runs.
pub fn served_document() -> &'static web::Bytes {
    static DOCUMENT: std::sync::OnceLock<web::Bytes> = std::sync::OnceLock::new();
    DOCUMENT.get_or_init(|| {
        let mut document = serde_json::to_value(ApiDoc::openapi()).unwrap_or_default();
        super::openapi_rules::refine(&mut document);
        web::Bytes::from(serde_json::to_vec(&document).unwrap_or_default())
    })
}

/// The answers any operation of a kind can give, whatever its handler:
/// malformed input (400), no or a bad token (401), the wrong role (403), an
/// unknown id in the path (404), a body too large, of the wrong type or
/// failing its rules (413, 415, 422), and the database out of reach or the
/// service overloaded (503). Declared here once, so that no operation's
/// document forgets one of them.
struct CommonErrors;

impl Modify for CommonErrors {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
        let error = |description: &str| {
            ResponseBuilder::new()
                .description(description)
                .content(
                    "application/json",
                    ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("ErrorBody")))
                        .build(),
                )
                .build()
        };
        for (path, item) in openapi.paths.paths.iter_mut() {
            let operations = [
                item.get.as_mut(),
                item.post.as_mut(),
                item.put.as_mut(),
                item.patch.as_mut(),
                item.delete.as_mut(),
            ];
            for operation in operations.into_iter().flatten() {
                let secured = operation.security.as_ref().is_some_and(|s| !s.is_empty());
                let has_body = operation.request_body.is_some();
                let has_query = operation.parameters.as_ref().is_some_and(|parameters| {
                    parameters.iter().any(|p| {
                        matches!(p.parameter_in, utoipa::openapi::path::ParameterIn::Query)
                    })
                });
                let mut common = vec![(
                    "400",
                    "Malformed request: the body, the query or a path segment cannot be read",
                )];
                if secured {
                    common.push(("401", "No token, or an expired, revoked or malformed one"));
                    common.push(("403", "The caller's role may not do this"));
                }
                if path.contains('{') {
                    common.push(("404", "No such record, or another's"));
                }
                if has_body {
                    common.push(("413", "The body is larger than allowed"));
                    common.push(("415", "The body is not of the declared content type"));
                }
                if has_body || has_query || path.contains('{') {
                    common.push(("422", "A value breaks a rule; `fields` says which"));
                }
                if path != "/health" && path != "/api/v1/openapi.json" {
                    common.push(("503", "The database cannot be reached or the service is overloaded; see Retry-After"));
                }
                for (status, description) in common {
                    operation
                        .responses
                        .responses
                        .entry(status.to_string())
                        .or_insert_with(|| error(description).into());
                }
            }
        }
    }
}
