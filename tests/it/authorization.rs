//! Authorization comes before the body: a caller without a route's role is
//! refused, and someone else's record is not found, whatever was posted.

use actix_web::http::{header, StatusCode};
use actix_web::test as actix_test;
use relief::domain::role::Role;

use crate::support::{application_body, spawn_app};

/// Write routes a resident may call on records of their own or none: the
/// only ones where the body is judged for a resident.
const RESIDENT_WRITES: &[(&str, &str)] = &[
    ("post", "/api/v1/auth/register"),
    ("post", "/api/v1/auth/login"),
    ("post", "/api/v1/auth/password"),
    ("post", "/api/v1/applications"),
];

/// Takes no body, and would end the session the sweep runs in.
const LOGOUT: (&str, &str) = ("post", "/api/v1/auth/logout");

/// Write routes a resident may call on an application of their own: on
/// someone else's they are "not found", whatever the body.
const RESIDENT_OWN_WRITES: &[(&str, &str)] = &[
    ("patch", "/api/v1/applications/{id}"),
    ("post", "/api/v1/applications/{id}/members"),
    ("delete", "/api/v1/applications/{id}/members/{member_id}"),
    ("post", "/api/v1/applications/{id}/withdraw"),
];

#[actix_web::test]
async fn a_resident_posting_an_empty_body_to_any_write_route_is_refused_before_validation() {
    let app = spawn_app().await;
    let (_, event_id) = app.open_event("BLG2020").await;
    let (_, owner) = app.user_with_token("owner", Role::Resident).await;
    let filed = app.file(&application_body(event_id), &owner).await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    let foreign = filed.body["id"].as_i64().expect("application id");
    let member = filed.body["members"][1]["id"].as_i64().expect("member id");
    let (_, stranger) = app.user_with_token("stranger", Role::Resident).await;

    let doc = app.get("/api/v1/openapi.json", None).await.body;
    let mut swept = 0;
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("path item").keys() {
            let request = || match method.as_str() {
                "post" => Some(actix_test::TestRequest::post()),
                "patch" => Some(actix_test::TestRequest::patch()),
                "put" => Some(actix_test::TestRequest::put()),
                "delete" => Some(actix_test::TestRequest::delete()),
                _ => None,
            };
            if request().is_none() || (method.as_str(), path.as_str()) == LOGOUT {
                continue;
            }
            let uri = path
                .replace("{id}", &foreign.to_string())
                .replace("{member_id}", &member.to_string())
                .replace("{row_id}", "1")
                .replace("{year}", "2020");
            for body in ["", "{}", "[]", "{\"x\":"] {
                let response = app
                    .send(
                        request()
                            .expect("a write method")
                            .uri(&uri)
                            .insert_header((header::CONTENT_TYPE, "application/json"))
                            .insert_header((header::AUTHORIZATION, format!("Bearer {stranger}")))
                            .set_payload(body),
                    )
                    .await;
                let route = (method.as_str(), path.as_str());
                if RESIDENT_WRITES.contains(&route) {
                    assert!(
                        response.status.is_client_error() && response.status != 401,
                        "{method} {path} {body:?}: {}",
                        response.status
                    );
                } else if RESIDENT_OWN_WRITES.contains(&route) {
                    response.assert_error(404, "not_found");
                } else {
                    assert!(
                        matches!(response.status.as_u16(), 403 | 404),
                        "{method} {path} with {body:?} answered {} {}",
                        response.status,
                        response.body
                    );
                }
                swept += 1;
            }
        }
    }
    assert!(swept > 100, "every write route was swept: {swept}");
    let mine = app
        .get(&format!("/api/v1/applications/{foreign}"), Some(&owner))
        .await;
    assert_eq!(
        mine.body["members"], filed.body["members"],
        "nothing the sweep posted reached the application"
    );
}
