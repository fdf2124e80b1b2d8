//! The document against the service: every answer the service gives to
//! ordinary bad requests is declared for that operation.

use actix_web::http::header;
use actix_web::test::TestRequest;

use crate::support::spawn_app;
use relief::domain::role::Role;

/// A request of a method named as OpenAPI names it.
pub fn request(method: &str, uri: &str) -> TestRequest {
    match method {
        "get" => TestRequest::get(),
        "patch" => TestRequest::patch(),
        "delete" => TestRequest::delete(),
        "put" => TestRequest::put(),
        _ => TestRequest::post(),
    }
    .uri(uri)
}

#[actix_web::test]
async fn every_status_the_service_answers_a_bad_request_with_is_declared() {
    let app = spawn_app().await;
    let (_, admin) = app.user_with_token("auditor-admin", Role::Admin).await;
    let (_, resident) = app
        .user_with_token("auditor-resident", Role::Resident)
        .await;
    let doc = app.get("/api/v1/openapi.json", None).await.body;
    let mut undeclared = Vec::new();
    let mut probes = 0;
    // Logout would revoke the token the later probes carry, so it goes last.
    let mut routes = relief::api::table().served();
    routes.sort_by_key(|(_, path)| path.ends_with("/logout"));
    for (method, path) in &routes {
        let declared = &doc["paths"][*path][method.as_str()]["responses"];
        let uri = path
            .replace("{year}", "1800")
            .replace("{id}", "999999")
            .replace("{member_id}", "999999")
            .replace("{row_id}", "999999");
        let malformed = [
            ("no token", request(method, &uri)),
            (
                "a resident",
                request(method, &uri)
                    .insert_header((header::AUTHORIZATION, format!("Bearer {resident}"))),
            ),
            (
                "broken JSON",
                request(method, &uri)
                    .insert_header((header::AUTHORIZATION, format!("Bearer {admin}")))
                    .insert_header((header::CONTENT_TYPE, "application/json"))
                    .set_payload("{\"a\":"),
            ),
            (
                "an empty object",
                request(method, &uri)
                    .insert_header((header::AUTHORIZATION, format!("Bearer {admin}")))
                    .insert_header((header::CONTENT_TYPE, "application/json"))
                    .set_payload("{}"),
            ),
            (
                "plain text",
                request(method, &uri)
                    .insert_header((header::AUTHORIZATION, format!("Bearer {admin}")))
                    .insert_header((header::CONTENT_TYPE, "text/plain"))
                    .set_payload("hello"),
            ),
            (
                "a bad query",
                request(method, &format!("{uri}?page=0&per_page=100000&year=x"))
                    .insert_header((header::AUTHORIZATION, format!("Bearer {admin}"))),
            ),
        ];
        for (what, probe) in malformed {
            let response = app.send(probe).await;
            probes += 1;
            let status = response.status.as_u16().to_string();
            if !declared[status.as_str()].is_object() {
                undeclared.push(format!("{method} {path} with {what}: {status}"));
            }
        }
    }
    assert!(probes > 300, "only {probes} probes");
    assert!(
        undeclared.is_empty(),
        "undeclared:\n{}",
        undeclared.join("\n")
    );
}

/// The bounds the document gives are the ones the service keeps: the last
/// value inside is answered, the first outside refused.
#[actix_web::test]
async fn documented_ranges_are_the_enforced_ones() {
    let app = spawn_app().await;
    let (_, admin) = app.user_with_token("range-admin", Role::Admin).await;
    let doc = app.get("/api/v1/openapi.json", None).await.body;
    let bound = |path: &str, name: &str, which: &str| -> Option<i64> {
        doc["paths"][path]["get"]["parameters"]
            .as_array()
            .and_then(|ps| ps.iter().find(|p| p["name"] == name))
            .and_then(|p| p["schema"][which].as_i64())
    };
    assert_eq!(bound("/api/v1/users", "per_page", "maximum"), Some(200));
    for (path, name) in [
        ("/api/v1/users", "per_page"),
        ("/api/v1/users", "page"),
        ("/api/v1/reports/annual", "year"),
        ("/api/v1/applications", "per_page"),
        ("/api/v1/events/1/duplicates", "page"),
    ] {
        let documented = path.replace("/1/", "/{id}/");
        let minimum = bound(&documented, name, "minimum");
        assert!(minimum.is_some(), "{path} {name} has no minimum");
        let maximum = bound(&documented, name, "maximum");
        let edges = [minimum.map(|m| (m, m - 1)), maximum.map(|m| (m, m + 1))];
        for (inside, outside) in edges.into_iter().flatten() {
            let answer = app
                .get(&format!("{path}?{name}={inside}"), Some(&admin))
                .await;
            assert_eq!(
                answer.status.as_u16(),
                200,
                "{path} {name}={inside}: {}",
                answer.body
            );
            app.get(&format!("{path}?{name}={outside}"), Some(&admin))
                .await
                .assert_error(422, "validation_failed");
        }
    }
}

/// A free text's documented bound and characters are the ones the service
/// keeps: the last length inside is taken, the first outside refused, and
/// what the pattern bars (a control character, nothing but spaces) too.
#[actix_web::test]
async fn documented_text_rules_are_the_enforced_ones() {
    let app = spawn_app().await;
    let (_, admin) = app.user_with_token("admin", Role::Admin).await;
    let doc = app.get("/api/v1/openapi.json", None).await.body;
    let name = &doc["components"]["schemas"]["CreateWarehouseRequest"]["properties"]["name"];
    assert_eq!(name["minLength"], 1, "{name}");
    assert_eq!(
        name["pattern"],
        relief::domain::text::REQUIRED_PATTERN,
        "{name}"
    );
    let max = name["maxLength"].as_u64().unwrap() as usize;
    let body = |name: String| serde_json::json!({"name": name, "address": "ул. Ленина, 1", "opening_hours": "9-18"});
    let inside = app
        .post("/api/v1/warehouses", &body("Б".repeat(max)), Some(&admin))
        .await;
    assert_eq!(inside.status.as_u16(), 201, "{}", inside.body);
    for (refused, code) in [
        ("Б".repeat(max + 1), "too_long"),
        (format!("{} ", "Б".repeat(max)), "too_long"),
        ("\tСклад".to_owned(), "invalid_text"),
        ("Склад\r2".to_owned(), "invalid_text"),
        ("   ".to_owned(), "required"),
    ] {
        let response = app
            .post("/api/v1/warehouses", &body(refused.clone()), Some(&admin))
            .await;
        response.assert_error(422, "validation_failed");
        assert_eq!(
            response.body["error"]["fields"]["name"][0]["code"], code,
            "{refused:?}: {}",
            response.body
        );
    }
}
